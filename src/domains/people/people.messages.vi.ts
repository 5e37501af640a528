import type { Catalogue } from '../../core/i18n.ts'

/**
 * Messages of sign-in, sign-up and roles.
 * Vietnamese is the source: French and English follow these keys.
 */
export const peopleVi = {
  'people.grant.out_of_reach': 'người này ở {place}, ngoài địa bàn bạn quản lý',
  'people.grant.province_only': 'người này chưa có thôn, bản hay xã: chỉ quản trị tỉnh mới giao được vai trò',
  'people.password.personal':
    'quá dễ đoán: đó là (hoặc có chứa) số điện thoại, tên đăng nhập hay họ tên của bạn',
  'people.password.common': 'quá dễ đoán: đây là một trong những mật khẩu hay từ phổ biến nhất',
  'people.password.pattern': 'quá dễ đoán: dãy số, chữ lặp lại hoặc hàng phím như 12345678 hay aaaaaaaa',
  'people.password.guessable': 'quá dễ đoán: hãy dài hơn, ví dụ ba từ bạn dễ nhớ',
  'people.login.title': 'Đăng nhập',
  'people.login.login': 'Số điện thoại hoặc tên đăng nhập',
  'people.password': 'Mật khẩu',
  'people.password.hint': 'Ít nhất 8 ký tự.',
  'people.signup.link': 'Chưa có tài khoản? Tạo tài khoản',
  'people.signup.title': 'Tạo tài khoản',
  'people.signup.submit': 'Tạo tài khoản',
  'people.name': 'Họ và tên',
  'people.phone': 'Số điện thoại',
  'people.phone.hint': 'Ví dụ: 0912345678',
  'people.birth_year': 'Năm sinh (không bắt buộc)',
  'people.year': 'Năm sinh',
  'people.consent.short': 'Đồng ý',
  'people.place': 'Thôn, bản',
  'people.consent':
    'Tôi đồng ý để hocso lưu họ tên, năm sinh, số điện thoại và kết quả học tập của tôi, chỉ để phục vụ việc học (theo Nghị định 13/2023/NĐ-CP).',
  'people.grant.title': 'Giao vai trò',
  'people.grant.submit': 'Giao vai trò',
  'people.account_id': 'Người dùng',
  'people.role': 'Vai trò',
  'people.scope': 'Phạm vi (mã địa bàn)',
  'role.learner': 'Người học',
  'role.ambassador': 'Đại sứ số',
  'role.trainer': 'Giảng viên',
  'role.translator': 'Người dịch',
  'role.voice': 'Giọng đọc cộng đồng',
  'role.commune_officer': 'Cán bộ xã',
  'role.province_admin': 'Quản trị tỉnh',
  'role.content_editor': 'Biên tập nội dung',
  'people.err.phone': 'cần 10 chữ số, bắt đầu bằng số 0 (hoặc +84 và 9 chữ số)',
  'people.err.wrong_login': 'số điện thoại, tên đăng nhập hoặc mật khẩu không đúng',
  'people.err.locked': 'nhập sai quá nhiều lần; hãy đợi {minutes} phút rồi thử lại',
  'people.err.phone_taken': 'số {phone} đã có tài khoản: hãy đăng nhập',
} satisfies Catalogue
