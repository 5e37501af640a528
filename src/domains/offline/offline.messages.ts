import type { Messages } from '../../core/i18n.ts'

/** Messages of the offline app: banner, downloads, outbox, the offline page and the web app manifest. */
export const offlineMessages: Messages = {
  vi: {
    'nav.downloads': 'Tải về của tôi',
    'offline.app.name': 'Bình dân học vụ số · hocso',
    'offline.app.description': 'Học kỹ năng số miễn phí, bằng tiếng của bạn, cả khi không có mạng.',
    'offline.pending': { other: '{count} bản ghi đang chờ gửi.' },
    'offline.pending.none': 'Không có bản ghi nào đang chờ gửi.',
    'offline.refused': { other: '{count} bản ghi bị máy chủ từ chối: xem và sửa.' },
    'offline.page.title': 'Không có mạng',
    'offline.page.lead':
      'Bạn đang ngoại tuyến và trang này chưa được lưu trên máy. Các khóa học đã tải về vẫn học được.',
    'offline.page.downloads': 'Mở các khóa học đã tải về',
    'offline.download.button': 'Tải về để học không cần mạng',
    'offline.download.resume': 'Tiếp tục tải về',
    'offline.download.update': 'Cập nhật bản tải về',
    'offline.download.remove': 'Xóa bản tải về',
    'offline.download.progress': '{done} / {total} tệp · {size}',
    'offline.download.done': 'Đã tải về · {size}',
    'offline.download.size': 'Dung lượng khoảng {size}',
    'offline.download.interrupted':
      'Việc tải về bị gián đoạn ({done} / {total} tệp). Khóa học chưa được đánh dấu là đã tải về. Khi có mạng, việc tải về sẽ tiếp tục.',
    'offline.download.failed': 'Không tải được: {reason}',
    'offline.download.unsupported':
      'Trình duyệt này không lưu được khóa học để học không cần mạng. Hãy dùng Chrome hoặc trình duyệt mới hơn.',
    'offline.download.nojs': 'Cần bật JavaScript để tải khóa học về máy.',
    'offline.downloads.title': 'Tải về của tôi',
    'offline.downloads.lead':
      'Các khóa học đã lưu trên máy này. Bạn học được các khóa này cả khi không có mạng.',
    'offline.downloads.empty':
      'Chưa có khóa học nào được tải về. Mở một khóa học và bấm “Tải về để học không cần mạng”.',
    'offline.downloads.storage': 'Đã dùng {used} trên {quota} dung lượng trình duyệt cho phép.',
    'offline.downloads.partial': 'Chưa tải xong ({done} / {total} tệp)',
    'offline.downloads.open': 'Mở khóa học',
    'offline.outbox.title': 'Bản ghi trên máy này',
    'offline.outbox.lead':
      'Những gì bạn làm (bài đã đọc, bài kiểm tra) được lưu trên máy trước, rồi gửi lên khi có mạng.',
    'offline.outbox.send': 'Gửi ngay',
    'offline.outbox.refused.title': 'Bị máy chủ từ chối',
    'offline.outbox.retry': 'Gửi lại',
    'offline.outbox.discard': 'Xóa bản ghi này',
    'offline.outbox.discard.confirm': 'Xóa hẳn bản ghi này khỏi máy? Việc này không thể hoàn tác.',
    'offline.outbox.sent': 'Đã gửi tất cả.',
  },
  fr: {
    'nav.downloads': 'Mes téléchargements',
    'offline.app.name': 'Éducation numérique pour tous · hocso',
    'offline.app.description':
      'Apprenez gratuitement les compétences numériques, dans votre langue, même sans réseau.',
    'offline.pending': {
      one: '{count} enregistrement attend d’être envoyé.',
      other: '{count} enregistrements attendent d’être envoyés.',
    },
    'offline.pending.none': 'Aucun enregistrement n’attend d’être envoyé.',
    'offline.refused': {
      one: '{count} enregistrement refusé par le serveur : le voir et le corriger.',
      other: '{count} enregistrements refusés par le serveur : les voir et les corriger.',
    },
    'offline.page.title': 'Pas de réseau',
    'offline.page.lead':
      'Vous êtes hors ligne et cette page n’est pas enregistrée sur l’appareil. Les cours téléchargés restent disponibles.',
    'offline.page.downloads': 'Ouvrir les cours téléchargés',
    'offline.download.button': 'Télécharger pour apprendre sans réseau',
    'offline.download.resume': 'Reprendre le téléchargement',
    'offline.download.update': 'Mettre à jour le téléchargement',
    'offline.download.remove': 'Supprimer le téléchargement',
    'offline.download.progress': '{done} / {total} fichiers · {size}',
    'offline.download.done': 'Téléchargé · {size}',
    'offline.download.size': 'Taille d’environ {size}',
    'offline.download.interrupted':
      'Téléchargement interrompu ({done} / {total} fichiers). Le cours n’est pas marqué comme téléchargé. Il reprendra au retour du réseau.',
    'offline.download.failed': 'Échec du téléchargement : {reason}',
    'offline.download.unsupported':
      'Ce navigateur ne peut pas garder de cours pour apprendre sans réseau. Utilisez Chrome ou un navigateur plus récent.',
    'offline.download.nojs': 'JavaScript est nécessaire pour télécharger un cours.',
    'offline.downloads.title': 'Mes téléchargements',
    'offline.downloads.lead': 'Les cours gardés sur cet appareil. Vous pouvez les suivre même sans réseau.',
    'offline.downloads.empty':
      'Aucun cours téléchargé. Ouvrez un cours et choisissez « Télécharger pour apprendre sans réseau ».',
    'offline.downloads.storage': '{used} utilisés sur {quota} permis par le navigateur.',
    'offline.downloads.partial': 'Téléchargement incomplet ({done} / {total} fichiers)',
    'offline.downloads.open': 'Ouvrir le cours',
    'offline.outbox.title': 'Enregistrements sur cet appareil',
    'offline.outbox.lead':
      'Ce que vous faites (leçons lues, quiz) est gardé d’abord sur l’appareil, puis envoyé quand le réseau est là.',
    'offline.outbox.send': 'Envoyer maintenant',
    'offline.outbox.refused.title': 'Refusés par le serveur',
    'offline.outbox.retry': 'Renvoyer',
    'offline.outbox.discard': 'Supprimer cet enregistrement',
    'offline.outbox.discard.confirm': 'Supprimer définitivement cet enregistrement de l’appareil ?',
    'offline.outbox.sent': 'Tout est envoyé.',
  },
  en: {
    'nav.downloads': 'My downloads',
    'offline.app.name': 'Digital Education for All · hocso',
    'offline.app.description': 'Learn digital skills for free, in your language, even without a network.',
    'offline.pending': { one: '{count} record waits to be sent.', other: '{count} records wait to be sent.' },
    'offline.pending.none': 'No record is waiting to be sent.',
    'offline.refused': {
      one: '{count} record was refused by the server: see and fix it.',
      other: '{count} records were refused by the server: see and fix them.',
    },
    'offline.page.title': 'No network',
    'offline.page.lead':
      'You are offline and this page is not saved on this device. Downloaded courses still work.',
    'offline.page.downloads': 'Open downloaded courses',
    'offline.download.button': 'Download to learn offline',
    'offline.download.resume': 'Resume the download',
    'offline.download.update': 'Update the download',
    'offline.download.remove': 'Remove the download',
    'offline.download.progress': '{done} / {total} files · {size}',
    'offline.download.done': 'Downloaded · {size}',
    'offline.download.size': 'About {size}',
    'offline.download.interrupted':
      'The download was interrupted ({done} / {total} files). The course is not marked as downloaded. It resumes when the network returns.',
    'offline.download.failed': 'The download failed: {reason}',
    'offline.download.unsupported':
      'This browser cannot keep courses for offline learning. Use Chrome or a newer browser.',
    'offline.download.nojs': 'JavaScript is needed to download a course.',
    'offline.downloads.title': 'My downloads',
    'offline.downloads.lead': 'Courses kept on this device. You can follow them with no network.',
    'offline.downloads.empty':
      'No course downloaded yet. Open a course and choose “Download to learn offline”.',
    'offline.downloads.storage': '{used} used of the {quota} this browser allows.',
    'offline.downloads.partial': 'Not finished ({done} / {total} files)',
    'offline.downloads.open': 'Open the course',
    'offline.outbox.title': 'Records on this device',
    'offline.outbox.lead':
      'What you do (lessons read, quizzes) is kept on this device first, then sent when there is a network.',
    'offline.outbox.send': 'Send now',
    'offline.outbox.refused.title': 'Refused by the server',
    'offline.outbox.retry': 'Send again',
    'offline.outbox.discard': 'Delete this record',
    'offline.outbox.discard.confirm': 'Delete this record from the device for good? This cannot be undone.',
    'offline.outbox.sent': 'Everything is sent.',
  },
}
