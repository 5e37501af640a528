import type { Catalogue } from '../../core/i18n.ts'

/**
 * Messages of the offline app: banner, downloads, outbox, the offline page and the web app manifest.
 * Vietnamese is the source: French and English follow these keys.
 */
export const offlineVi = {
  'nav.downloads': 'Tải về của tôi',
  'offline.app.name': 'Bình dân học vụ số · hocso',
  'offline.app.description': 'Học kỹ năng số miễn phí, bằng tiếng của bạn, cả khi không có mạng.',
  'offline.pending': { other: '{count} bản ghi đang chờ gửi.' },
  'offline.voice_pending': { other: '{count} bản thu âm đang chờ gửi.' },
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
} satisfies Catalogue
