import type { Catalogue } from '../../core/i18n.ts'

/**
 * Texts of the certificate pages, the verification page and the credentials themselves.
 * Vietnamese is the source: French and English follow these keys.
 */
export const certificatesVi = {
  'nav.certificates': 'Chứng chỉ của tôi',
  'nav.verify': 'Kiểm tra chứng chỉ',
  'nav.certificates_admin': 'Quản lý chứng chỉ',
  'certificates.issuer.name': 'Phong trào Bình dân học vụ số tỉnh Điện Biên',
  'certificates.issuer.title': 'Đơn vị cấp chứng chỉ',
  'certificates.issuer.lead':
    'hocso cấp chứng chỉ số theo chuẩn Open Badges 3.0, có chữ ký số Ed25519. Ai cũng kiểm tra được chứng chỉ, kể cả khi không có mạng, bằng công cụ chuẩn hoặc tại trang Kiểm tra chứng chỉ.',
  'certificates.issuer.did': 'Định danh của đơn vị cấp (DID)',
  'certificates.issuer.keys': 'Khóa ký',
  'certificates.issuer.key_active': 'đang dùng, tạo ngày {date}',
  'certificates.issuer.key_retired': 'ngừng cấp mới từ ngày {date}, vẫn dùng để kiểm tra',
  'certificates.issuer.status_lists': 'Danh sách thu hồi',
  'certificates.issuer.json': 'Hồ sơ đơn vị cấp dạng JSON-LD',
  'certificates.credential.course_description': 'Hoàn thành khoá học “{name}” trên hocso.',
  'certificates.credential.course_criteria': 'Học hết các bài và làm đạt các bài kiểm tra của khoá học.',
  'certificates.credential.event_description': 'Tham dự “{name}”.',
  'certificates.credential.event_criteria': 'Có mặt và được điểm danh tại sự kiện.',
  'certificates.kind.course': 'Khoá học',
  'certificates.kind.event': 'Sự kiện',
  'certificates.revoked_badge': 'Đã thu hồi',
  'certificates.my.title': 'Chứng chỉ của tôi',
  'certificates.my.empty': 'Bạn chưa có chứng chỉ nào. Học xong một khoá học để nhận chứng chỉ.',
  'certificates.my.issued_on': 'Cấp ngày {date}',
  'certificates.my.view': 'Xem và in',
  'certificates.my.download': 'Tải tệp chứng chỉ (JSON)',
  'certificates.my.wallet_hint':
    'Tệp JSON là chứng chỉ số có chữ ký: bạn có thể giữ lại, gửi cho nơi tuyển dụng hoặc thêm vào ví chứng chỉ trên điện thoại.',
  'certificates.print.heading': 'Giấy chứng nhận',
  'certificates.print.certifies': 'Chứng nhận',
  'certificates.print.completed': 'đã hoàn thành khoá học',
  'certificates.print.attended': 'đã tham dự',
  'certificates.print.date': 'Ngày {date}',
  'certificates.print.scan': 'Quét mã để kiểm tra',
  'certificates.print.id': 'Mã chứng chỉ',
  'certificates.print.hint':
    'Để in hoặc lưu thành PDF, dùng lệnh In của trình duyệt (Ctrl+P, hoặc menu ⋮ → In / Chia sẻ).',
  'certificates.print.back': 'Chứng chỉ của tôi',
  'certificates.print.revoked': 'Chứng chỉ này đã bị thu hồi ngày {date}. Lý do: {reason}',
  'certificates.qr_label': 'Mã QR dẫn tới trang kiểm tra chứng chỉ',
  'certificates.verify.title': 'Kiểm tra chứng chỉ',
  'certificates.verify.lead':
    'Quét mã QR trên chứng chỉ, hoặc dán hay tải lên tệp chứng chỉ (JSON). Không cần đăng nhập, và không có gì được lưu lại.',
  'certificates.verify.paste': 'Dán nội dung chứng chỉ (JSON)',
  'certificates.verify.file': 'Hoặc chọn tệp chứng chỉ',
  'certificates.verify.submit': 'Kiểm tra',
  'certificates.verify.again': 'Kiểm tra chứng chỉ khác',
  'certificates.verify.valid': 'Hợp lệ',
  'certificates.verify.valid_lead': 'Chứng chỉ này do {issuer} cấp và không bị sửa đổi.',
  'certificates.verify.revoked': 'Đã bị thu hồi',
  'certificates.verify.revoked_lead': 'Đơn vị cấp đã thu hồi chứng chỉ này ngày {date}.',
  'certificates.verify.revoked_lead_nodate': 'Đơn vị cấp đã thu hồi chứng chỉ này.',
  'certificates.verify.revoked_reason': 'Lý do: {reason}',
  'certificates.verify.expired': 'Đã hết hạn',
  'certificates.verify.expired_lead': 'Chứng chỉ này hết hiệu lực từ ngày {date}.',
  'certificates.verify.not_authentic': 'Không xác thực',
  'certificates.verify.reason.no_proof': 'Tệp không có chữ ký số, nên không biết ai đã cấp.',
  'certificates.verify.reason.unsupported_proof':
    'Chữ ký không phải loại hocso dùng (Data Integrity, eddsa-rdfc-2022).',
  'certificates.verify.reason.unknown_key': 'Chữ ký không phải của {issuer}: tệp được ký bằng một khóa khác.',
  'certificates.verify.reason.bad_signature':
    'Nội dung đã bị sửa sau khi ký (tên, khoá học, ngày hoặc đơn vị cấp), hoặc chữ ký bị hỏng.',
  'certificates.verify.reason.not_yet_valid': 'Ngày cấp ghi trên chứng chỉ nằm ở tương lai.',
  'certificates.verify.reason.status_unavailable':
    'Không đọc được danh sách thu hồi mà chứng chỉ chỉ tới, nên không thể xác nhận.',
  'certificates.verify.reason.invalid': 'Tệp không theo đúng quy tắc của chứng chỉ số.',
  'certificates.verify.claims': 'Nội dung ghi trên chứng chỉ',
  'certificates.verify.claims_warning': 'Đừng tin các thông tin dưới đây: chúng không được xác thực.',
  'certificates.verify.learner': 'Người nhận',
  'certificates.verify.achievement': 'Thành tích',
  'certificates.verify.issuer': 'Đơn vị cấp',
  'certificates.verify.issued': 'Ngày cấp',
  'certificates.verify.awarded': 'Ngày hoàn thành',
  'certificates.verify.language': 'Ngôn ngữ',
  'certificates.verify.detail': 'Chi tiết kỹ thuật',
  'certificates.verify.not_found':
    'Máy chủ này không có chứng chỉ mang mã {id}. Hãy kiểm tra lại đường dẫn, hoặc tải tệp chứng chỉ lên.',
  'certificates.verify.error.empty': 'Chưa có gì để kiểm tra: hãy dán nội dung chứng chỉ hoặc chọn tệp.',
  'certificates.verify.error.malformed':
    'Đây không phải nội dung JSON hợp lệ. Hãy dán toàn bộ tệp, từ dấu { đầu tiên đến dấu } cuối cùng.',
  'certificates.verify.error.too_large':
    'Tệp quá lớn (hơn {kb} KB). Một chứng chỉ hocso chỉ khoảng 3 KB: có thể bạn đã chọn nhầm tệp.',
  'certificates.verify.error.not_credential': 'Tệp này không phải là chứng chỉ số (Verifiable Credential).',
  'certificates.verify.error.unknown_context':
    'Chứng chỉ dùng một bộ từ vựng (@context) mà máy chủ không biết: {context}. hocso chỉ đọc các chuẩn W3C và Open Badges 3.0.',
  'certificates.admin.title': 'Quản lý chứng chỉ',
  'certificates.admin.empty': 'Chưa có chứng chỉ nào.',
  'certificates.admin.reason': 'Lý do thu hồi',
  'certificates.admin.revoke': 'Thu hồi',
  'certificates.admin.revoke_hint':
    'Không thể hoàn tác việc thu hồi. Người kiểm tra chứng chỉ sẽ thấy ngày và lý do thu hồi.',
  'certificates.admin.revoked_ok': 'Đã thu hồi chứng chỉ.',
  'certificates.share': 'Gửi đường dẫn kiểm tra chứng chỉ',
  'certificates.share.text': 'Kiểm tra chứng chỉ của tôi tại đây:',
} satisfies Catalogue
