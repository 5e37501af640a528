import type { Catalogue } from '../core/i18n.ts'

/**
 * Messages of the layout, errors and home page.
 * Vietnamese is the source: French and English follow these keys.
 */
export const coreVi = {
  'nav.home': 'Trang chủ',
  'nav.skip': 'Bỏ qua, đến nội dung chính',
  'nav.language': 'Ngôn ngữ',
  'nav.menu': 'Menu',
  'nav.login': 'Đăng nhập',
  'nav.logout': 'Đăng xuất',
  'nav.courses': 'Khóa học',
  'nav.my_learning': 'Học tập của tôi',
  'nav.places': 'Địa bàn',
  'nav.people': 'Người dùng',
  'footer.about': 'hocso · Bình dân học vụ số · tỉnh Điện Biên',
  'offline.banner': 'Bạn đang ngoại tuyến. Những gì bạn làm được lưu trên máy và sẽ gửi khi có mạng.',
  'error.title': 'Có lỗi',
  'error.validation': 'Thông tin chưa đúng',
  'error.malformed_json': 'Dữ liệu gửi lên không đọc được',
  'error.payload_too_large': 'Dữ liệu gửi lên quá lớn',
  'error.unauthenticated': 'Bạn cần đăng nhập',
  'error.forbidden': 'Bạn không có quyền xem trang này',
  'error.csrf': 'Biểu mẫu đã hết hạn',
  'error.not_found': 'Không tìm thấy trang',
  'error.conflict': 'Dữ liệu bị trùng',
  'error.rate_limited': 'Quá nhiều lần thử',
  'error.internal': 'Lỗi hệ thống',
  'home.title': 'Bình dân học vụ số',
  'home.lead': 'Học kỹ năng số miễn phí, bằng tiếng của bạn, cả khi không có mạng.',
  'home.browse': 'Xem các khóa học',
  'home.signup': 'Tạo tài khoản',
  'error.issue.required': 'cần điền',
  'error.issue.unknown_field': 'ô này không có trong biểu mẫu',
  'error.issue.min_chars': { other: 'cần ít nhất {count} ký tự' },
  'error.issue.max_chars': { other: 'tối đa {count} ký tự' },
  'error.issue.min': 'không được nhỏ hơn {min}',
  'error.issue.max': 'không được lớn hơn {max}',
  'error.issue.must_agree': 'bạn cần đánh dấu ô đồng ý',
  'error.issue.line': 'Dòng {line}',
} satisfies Catalogue
