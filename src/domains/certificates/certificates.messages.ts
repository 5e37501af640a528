import type { Messages } from '../../core/i18n.ts'

/** Texts of the certificate pages, the verification page and the credentials themselves. */
export const certificatesMessages: Messages = {
  vi: {
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
    'certificates.valid_badge': 'Hợp lệ',

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
    'certificates.print.issuer': 'Đơn vị cấp: {name}',
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
    'certificates.verify.reason.unknown_key':
      'Chữ ký không phải của {issuer}: tệp được ký bằng một khóa khác.',
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
    'certificates.admin.holder': 'Người nhận',
    'certificates.admin.achievement': 'Thành tích',
    'certificates.admin.issued': 'Ngày cấp',
    'certificates.admin.status': 'Tình trạng',
    'certificates.admin.reason': 'Lý do thu hồi',
    'certificates.admin.revoke': 'Thu hồi',
    'certificates.admin.revoke_hint':
      'Không thể hoàn tác việc thu hồi. Người kiểm tra chứng chỉ sẽ thấy ngày và lý do thu hồi.',
    'certificates.admin.revoked_ok': 'Đã thu hồi chứng chỉ.',
  },
  fr: {
    'nav.certificates': 'Mes certificats',
    'nav.verify': 'Vérifier un certificat',
    'nav.certificates_admin': 'Gestion des certificats',

    'certificates.issuer.name':
      'Mouvement « Éducation numérique pour tous » (Bình dân học vụ số), province de Điện Biên',
    'certificates.issuer.title': 'Émetteur des certificats',
    'certificates.issuer.lead':
      'hocso délivre des certificats numériques au format Open Badges 3.0, signés avec une clé Ed25519. Chacun peut les vérifier, même sans connexion, avec des outils standard ou sur la page Vérifier un certificat.',
    'certificates.issuer.did': 'Identifiant de l’émetteur (DID)',
    'certificates.issuer.keys': 'Clés de signature',
    'certificates.issuer.key_active': 'en service, créée le {date}',
    'certificates.issuer.key_retired': 'ne délivre plus depuis le {date}, sert encore à vérifier',
    'certificates.issuer.status_lists': 'Listes de révocation',
    'certificates.issuer.json': 'Profil de l’émetteur en JSON-LD',

    'certificates.credential.course_description': 'A suivi jusqu’au bout le cours « {name} » sur hocso.',
    'certificates.credential.course_criteria': 'Avoir suivi toutes les leçons et réussi les quiz du cours.',
    'certificates.credential.event_description': 'A participé à « {name} ».',
    'certificates.credential.event_criteria': 'Présence enregistrée à l’événement.',

    'certificates.kind.course': 'Cours',
    'certificates.kind.event': 'Événement',
    'certificates.revoked_badge': 'Révoqué',
    'certificates.valid_badge': 'Valide',

    'certificates.my.title': 'Mes certificats',
    'certificates.my.empty': 'Vous n’avez pas encore de certificat. Terminez un cours pour en recevoir un.',
    'certificates.my.issued_on': 'Délivré le {date}',
    'certificates.my.view': 'Voir et imprimer',
    'certificates.my.download': 'Télécharger le certificat (JSON)',
    'certificates.my.wallet_hint':
      'Le fichier JSON est le certificat numérique signé : gardez-le, envoyez-le à un employeur ou ajoutez-le à un portefeuille de certificats sur votre téléphone.',

    'certificates.print.heading': 'Certificat',
    'certificates.print.certifies': 'Ce certificat atteste que',
    'certificates.print.completed': 'a suivi jusqu’au bout le cours',
    'certificates.print.attended': 'a participé à',
    'certificates.print.date': 'Le {date}',
    'certificates.print.issuer': 'Délivré par : {name}',
    'certificates.print.scan': 'Scannez pour vérifier',
    'certificates.print.id': 'Numéro du certificat',
    'certificates.print.hint':
      'Pour imprimer ou enregistrer en PDF, utilisez la commande Imprimer du navigateur (Ctrl+P, ou menu ⋮ → Imprimer / Partager).',
    'certificates.print.back': 'Mes certificats',
    'certificates.print.revoked': 'Ce certificat a été révoqué le {date}. Motif : {reason}',
    'certificates.qr_label': 'Code QR menant à la page de vérification du certificat',

    'certificates.verify.title': 'Vérifier un certificat',
    'certificates.verify.lead':
      'Scannez le code QR du certificat, ou collez ou envoyez le fichier du certificat (JSON). Aucune connexion n’est nécessaire et rien n’est enregistré.',
    'certificates.verify.paste': 'Collez le contenu du certificat (JSON)',
    'certificates.verify.file': 'Ou choisissez le fichier du certificat',
    'certificates.verify.submit': 'Vérifier',
    'certificates.verify.again': 'Vérifier un autre certificat',
    'certificates.verify.valid': 'Valide',
    'certificates.verify.valid_lead': 'Ce certificat a été délivré par {issuer} et n’a pas été modifié.',
    'certificates.verify.revoked': 'Révoqué',
    'certificates.verify.revoked_lead': 'L’émetteur a révoqué ce certificat le {date}.',
    'certificates.verify.revoked_lead_nodate': 'L’émetteur a révoqué ce certificat.',
    'certificates.verify.revoked_reason': 'Motif : {reason}',
    'certificates.verify.expired': 'Expiré',
    'certificates.verify.expired_lead': 'Ce certificat n’est plus valable depuis le {date}.',
    'certificates.verify.not_authentic': 'Non authentique',
    'certificates.verify.reason.no_proof':
      'Le fichier ne porte aucune signature : on ne peut pas savoir qui l’a délivré.',
    'certificates.verify.reason.unsupported_proof':
      'La signature n’est pas du type qu’utilise hocso (Data Integrity, eddsa-rdfc-2022).',
    'certificates.verify.reason.unknown_key':
      'La signature n’est pas celle de {issuer} : le fichier a été signé avec une autre clé.',
    'certificates.verify.reason.bad_signature':
      'Le contenu a été modifié après la signature (nom, cours, date ou émetteur), ou la signature est abîmée.',
    'certificates.verify.reason.not_yet_valid': 'La date de délivrance inscrite est dans le futur.',
    'certificates.verify.reason.status_unavailable':
      'La liste de révocation indiquée par le certificat est illisible : impossible de le confirmer.',
    'certificates.verify.reason.invalid': 'Le fichier ne respecte pas les règles d’un certificat numérique.',
    'certificates.verify.claims': 'Ce que le certificat affirme',
    'certificates.verify.claims_warning':
      'Ne vous fiez pas à ces informations : elles ne sont pas authentifiées.',
    'certificates.verify.learner': 'Titulaire',
    'certificates.verify.achievement': 'Réussite',
    'certificates.verify.issuer': 'Émetteur',
    'certificates.verify.issued': 'Délivré le',
    'certificates.verify.awarded': 'Obtenu le',
    'certificates.verify.language': 'Langue',
    'certificates.verify.detail': 'Détails techniques',
    'certificates.verify.not_found':
      'Ce serveur ne détient aucun certificat numéro {id}. Vérifiez le lien, ou envoyez le fichier du certificat.',
    'certificates.verify.error.empty':
      'Rien à vérifier : collez le contenu du certificat ou choisissez son fichier.',
    'certificates.verify.error.malformed':
      'Ce n’est pas du JSON valide. Collez le fichier en entier, du premier { au dernier }.',
    'certificates.verify.error.too_large':
      'Fichier trop gros (plus de {kb} Ko). Un certificat hocso fait environ 3 Ko : ce n’est sans doute pas le bon fichier.',
    'certificates.verify.error.not_credential':
      'Ce fichier n’est pas un certificat numérique (Verifiable Credential).',
    'certificates.verify.error.unknown_context':
      'Le certificat utilise un vocabulaire (@context) que ce serveur ne connaît pas : {context}. hocso ne lit que les normes W3C et Open Badges 3.0.',

    'certificates.admin.title': 'Gestion des certificats',
    'certificates.admin.empty': 'Aucun certificat pour l’instant.',
    'certificates.admin.holder': 'Titulaire',
    'certificates.admin.achievement': 'Réussite',
    'certificates.admin.issued': 'Délivré le',
    'certificates.admin.status': 'État',
    'certificates.admin.reason': 'Motif de la révocation',
    'certificates.admin.revoke': 'Révoquer',
    'certificates.admin.revoke_hint':
      'Une révocation est définitive. Qui vérifie le certificat verra sa date et son motif.',
    'certificates.admin.revoked_ok': 'Certificat révoqué.',
  },
  en: {
    'nav.certificates': 'My certificates',
    'nav.verify': 'Check a certificate',
    'nav.certificates_admin': 'Manage certificates',

    'certificates.issuer.name': 'Digital Education for All (Bình dân học vụ số), Điện Biên province',
    'certificates.issuer.title': 'Certificate issuer',
    'certificates.issuer.lead':
      'hocso issues digital certificates as Open Badges 3.0, signed with an Ed25519 key. Anyone can check them, even offline, with standard tools or on the Check a certificate page.',
    'certificates.issuer.did': 'Issuer identifier (DID)',
    'certificates.issuer.keys': 'Signing keys',
    'certificates.issuer.key_active': 'in use, created on {date}',
    'certificates.issuer.key_retired': 'no longer issuing since {date}, still used to check',
    'certificates.issuer.status_lists': 'Revocation lists',
    'certificates.issuer.json': 'Issuer profile as JSON-LD',

    'certificates.credential.course_description': 'Completed the course “{name}” on hocso.',
    'certificates.credential.course_criteria': 'Completed every lesson and passed the quizzes of the course.',
    'certificates.credential.event_description': 'Attended “{name}”.',
    'certificates.credential.event_criteria': 'Was present and checked in at the event.',

    'certificates.kind.course': 'Course',
    'certificates.kind.event': 'Event',
    'certificates.revoked_badge': 'Revoked',
    'certificates.valid_badge': 'Valid',

    'certificates.my.title': 'My certificates',
    'certificates.my.empty': 'You have no certificate yet. Complete a course to receive one.',
    'certificates.my.issued_on': 'Issued on {date}',
    'certificates.my.view': 'View and print',
    'certificates.my.download': 'Download the credential (JSON)',
    'certificates.my.wallet_hint':
      'The JSON file is the signed digital certificate: keep it, send it to an employer, or add it to a credential wallet on your phone.',

    'certificates.print.heading': 'Certificate',
    'certificates.print.certifies': 'This certifies that',
    'certificates.print.completed': 'has completed the course',
    'certificates.print.attended': 'attended',
    'certificates.print.date': 'On {date}',
    'certificates.print.issuer': 'Issued by: {name}',
    'certificates.print.scan': 'Scan to check',
    'certificates.print.id': 'Certificate number',
    'certificates.print.hint':
      'To print or save as PDF, use your browser’s Print command (Ctrl+P, or menu ⋮ → Print / Share).',
    'certificates.print.back': 'My certificates',
    'certificates.print.revoked': 'This certificate was revoked on {date}. Reason: {reason}',
    'certificates.qr_label': 'QR code leading to the certificate’s check page',

    'certificates.verify.title': 'Check a certificate',
    'certificates.verify.lead':
      'Scan the QR code on the certificate, or paste or upload the certificate file (JSON). No sign-in is needed and nothing is stored.',
    'certificates.verify.paste': 'Paste the certificate (JSON)',
    'certificates.verify.file': 'Or choose the certificate file',
    'certificates.verify.submit': 'Check',
    'certificates.verify.again': 'Check another certificate',
    'certificates.verify.valid': 'Valid',
    'certificates.verify.valid_lead': 'This certificate was issued by {issuer} and has not been changed.',
    'certificates.verify.revoked': 'Revoked',
    'certificates.verify.revoked_lead': 'The issuer revoked this certificate on {date}.',
    'certificates.verify.revoked_lead_nodate': 'The issuer revoked this certificate.',
    'certificates.verify.revoked_reason': 'Reason: {reason}',
    'certificates.verify.expired': 'Expired',
    'certificates.verify.expired_lead': 'This certificate stopped being valid on {date}.',
    'certificates.verify.not_authentic': 'Not authentic',
    'certificates.verify.reason.no_proof': 'The file carries no signature, so nobody can tell who issued it.',
    'certificates.verify.reason.unsupported_proof':
      'The signature is not of the kind hocso uses (Data Integrity, eddsa-rdfc-2022).',
    'certificates.verify.reason.unknown_key':
      'The signature is not {issuer}’s: the file was signed with another key.',
    'certificates.verify.reason.bad_signature':
      'The content was changed after it was signed (name, course, date or issuer), or the signature is damaged.',
    'certificates.verify.reason.not_yet_valid': 'The issue date written on it lies in the future.',
    'certificates.verify.reason.status_unavailable':
      'The revocation list it points to cannot be read, so it cannot be confirmed.',
    'certificates.verify.reason.invalid': 'The file does not follow the rules of a digital credential.',
    'certificates.verify.claims': 'What the credential claims',
    'certificates.verify.claims_warning': 'Do not rely on what follows: it is not authenticated.',
    'certificates.verify.learner': 'Holder',
    'certificates.verify.achievement': 'Achievement',
    'certificates.verify.issuer': 'Issuer',
    'certificates.verify.issued': 'Issued on',
    'certificates.verify.awarded': 'Earned on',
    'certificates.verify.language': 'Language',
    'certificates.verify.detail': 'Technical details',
    'certificates.verify.not_found':
      'This server holds no certificate number {id}. Check the link, or upload the certificate file.',
    'certificates.verify.error.empty': 'Nothing to check: paste the certificate or choose its file.',
    'certificates.verify.error.malformed':
      'This is not valid JSON. Paste the whole file, from the first { to the last }.',
    'certificates.verify.error.too_large':
      'The file is too big (over {kb} KB). A hocso certificate is about 3 KB: this is probably not the right file.',
    'certificates.verify.error.not_credential':
      'This file is not a digital certificate (Verifiable Credential).',
    'certificates.verify.error.unknown_context':
      'The certificate uses a vocabulary (@context) this server does not know: {context}. hocso reads only the W3C and Open Badges 3.0 standards.',

    'certificates.admin.title': 'Manage certificates',
    'certificates.admin.empty': 'No certificate yet.',
    'certificates.admin.holder': 'Holder',
    'certificates.admin.achievement': 'Achievement',
    'certificates.admin.issued': 'Issued on',
    'certificates.admin.status': 'Status',
    'certificates.admin.reason': 'Reason for revoking',
    'certificates.admin.revoke': 'Revoke',
    'certificates.admin.revoke_hint':
      'A revocation cannot be undone. Whoever checks the certificate will see its date and reason.',
    'certificates.admin.revoked_ok': 'Certificate revoked.',
  },
}
