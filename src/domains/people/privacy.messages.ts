import type { Messages } from '../../core/i18n.ts'

/** The pages of export and erasure on request (Decree 13/2023). */
export const privacyMessages: Messages = {
  vi: {
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
    'privacy.erased.lead': 'Tài khoản đã được xoá. Chỉ còn các số đếm ẩn danh.',
    'privacy.back_people': 'Quay lại danh sách người dùng',
  },
  fr: {
    'privacy.my.link': 'Mes données : les télécharger ou les effacer',
    'privacy.my.title': 'Mes données',
    'privacy.my.lead':
      'hocso conserve votre nom, votre téléphone, votre année de naissance, vos rôles, votre consentement et vos résultats d’apprentissage. Vous pouvez tout télécharger, ou en demander l’effacement (décret vietnamien 13/2023).',
    'privacy.export.link': 'Télécharger mes données (fichier JSON)',
    'privacy.export.short': 'Télécharger',
    'privacy.erase.short': 'Effacer',
    'privacy.actions': 'Actions',
    'privacy.erase.title': 'Effacer les données personnelles',
    'privacy.erase.person': 'Personne concernée : {name}',
    'privacy.erase.removed_title': 'Sera effacé',
    'privacy.erase.removed.account':
      'Le nom, le numéro de téléphone, l’année de naissance, l’identifiant et le mot de passe.',
    'privacy.erase.removed.access':
      'Toutes les sessions et tous les rôles. Ensuite, plus personne ne peut se connecter avec ce compte.',
    'privacy.erase.removed.market': 'Le nom, le téléphone et le compte bancaire des fiches de commerçant.',
    'privacy.erase.removed.events':
      'Le nom, le téléphone, l’organisme et la fonction dans les inscriptions aux événements.',
    'privacy.erase.removed.certificates':
      'Les certificats sont révoqués. La page de vérification indique seulement « révoqué », sans le nom.',
    'privacy.erase.removed.studio': 'Les enregistrements non approuvés de l’atelier de traduction.',
    'privacy.erase.kept_title': 'Reste, sans nom',
    'privacy.erase.kept':
      'Les comptes anonymes : leçons suivies, aides reçues, présences. Les tableaux de bord de la commune et de la province ne changent pas ; ils ne gardent qu’un numéro, plus de nom ni de téléphone.',
    'privacy.erase.final': 'L’effacement est définitif.',
    'privacy.erase.reason': 'Motif (par exemple le numéro de la demande). N’écrivez ni nom ni téléphone.',
    'privacy.erase.password': 'Votre mot de passe, pour confirmer',
    'privacy.erase.submit': 'Effacer définitivement',
    'privacy.erased.title': 'Données personnelles effacées',
    'privacy.erased.lead': 'Le compte a été effacé. Seuls les comptes anonymes restent.',
    'privacy.back_people': 'Retour à la liste des personnes',
  },
  en: {
    'privacy.my.link': 'My data: download or erase it',
    'privacy.my.title': 'My data',
    'privacy.my.lead':
      'hocso keeps your name, phone number, year of birth, roles, consent and learning results. You can download all of it, or ask for it to be erased (Vietnam Decree 13/2023).',
    'privacy.export.link': 'Download my data (JSON file)',
    'privacy.export.short': 'Download',
    'privacy.erase.short': 'Erase',
    'privacy.actions': 'Actions',
    'privacy.erase.title': 'Erase personal data',
    'privacy.erase.person': 'Person to erase: {name}',
    'privacy.erase.removed_title': 'Will be removed',
    'privacy.erase.removed.account': 'The name, phone number, year of birth, username and password.',
    'privacy.erase.removed.access':
      'Every session and role. Afterwards nobody can sign in with this account.',
    'privacy.erase.removed.market': 'The name, phone and bank account in trader records.',
    'privacy.erase.removed.events': 'The name, phone, organisation and position in event registrations.',
    'privacy.erase.removed.certificates':
      'Certificates are revoked. The verification page then says only “revoked”, without the name.',
    'privacy.erase.removed.studio': 'Recordings in the translation studio that were never approved.',
    'privacy.erase.kept_title': 'Stays, with no name attached',
    'privacy.erase.kept':
      'The anonymous counts: lessons studied, help received, check-ins. The commune and province dashboards do not change; they keep only a number, no name or phone.',
    'privacy.erase.final': 'Erasure cannot be undone.',
    'privacy.erase.reason': 'Reason (for example the request number). Do not write a name or phone number.',
    'privacy.erase.password': 'Type your password to confirm',
    'privacy.erase.submit': 'Erase for good',
    'privacy.erased.title': 'Personal data erased',
    'privacy.erased.lead': 'The account was erased. Only anonymous counts remain.',
    'privacy.back_people': 'Back to the list of people',
  },
}
