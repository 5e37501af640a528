import type { Catalogue } from '../../core/i18n.ts'

/**
 * The pages of export and erasure on request (Decree 13/2023).
 * Vietnamese is the source: French and English follow these keys.
 */
export const privacyVi = {
  'privacy.my.link': 'Dữ liệu của tôi: tải về hoặc xoá',
  'privacy.my.title': 'Dữ liệu của tôi',
  'privacy.my.lead':
    'hocso lưu họ tên, số điện thoại, năm sinh, vai trò, sự đồng ý và kết quả học tập của bạn. Bạn có thể tải về toàn bộ, hoặc yêu cầu xoá (theo Nghị định 13/2023/NĐ-CP).',
  'privacy.export.link': 'Tải về dữ liệu của tôi (tệp JSON)',
  'privacy.export.short': 'Tải dữ liệu',
  'privacy.erase.short': 'Xoá dữ liệu',
  'privacy.actions': 'Thao tác',
  'privacy.erase.title': 'Xoá dữ liệu cá nhân',
  'privacy.erase.person': 'Người được xoá: {name}',
  'privacy.erase.removed_title': 'Sẽ bị xoá',
  'privacy.erase.removed.account': 'Họ tên, số điện thoại, năm sinh, tên đăng nhập và mật khẩu.',
  'privacy.erase.removed.access':
    'Mọi phiên đăng nhập và vai trò. Sau khi xoá, không thể đăng nhập bằng tài khoản này nữa.',
  'privacy.erase.removed.market': 'Tên, số điện thoại và tài khoản ngân hàng trong hồ sơ tiểu thương.',
  'privacy.erase.removed.events': 'Tên, số điện thoại, đơn vị và chức vụ trong các đăng ký sự kiện.',
  'privacy.erase.removed.certificates':
    'Các chứng nhận bị thu hồi. Trang kiểm tra chứng nhận chỉ còn báo “đã thu hồi”, không còn tên.',
  'privacy.erase.removed.studio': 'Các bản ghi âm chưa được duyệt trong phòng dịch.',
  'privacy.erase.kept_title': 'Vẫn được giữ, không gắn với tên ai',
  'privacy.erase.kept':
    'Các số đếm ẩn danh: bài đã học, lượt được hỗ trợ, lượt điểm danh. Các bảng số liệu của xã và tỉnh không thay đổi; chúng chỉ giữ một mã số, không còn tên hay số điện thoại.',
  'privacy.erase.final': 'Không thể hoàn tác việc xoá.',
  'privacy.erase.reason': 'Lý do (ví dụ: số đơn yêu cầu). Không ghi tên hay số điện thoại.',
  'privacy.erase.password': 'Nhập mật khẩu của bạn để xác nhận',
  'privacy.erase.submit': 'Xoá vĩnh viễn',
  'privacy.erased.title': 'Đã xoá dữ liệu cá nhân',
  'privacy.erased.leaderless': 'Người này là tổ trưởng một tổ công nghệ số: tổ cần một tổ trưởng mới.',
  'privacy.erased.follow_up': 'Làm ngay',
  'privacy.erased.lead': 'Tài khoản đã được xoá. Chỉ còn các số đếm ẩn danh.',
  'privacy.back_people': 'Quay lại danh sách người dùng',
} satisfies Catalogue
