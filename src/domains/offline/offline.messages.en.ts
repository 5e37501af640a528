import type { Translation } from '../../core/i18n.ts'
import type { offlineVi } from './offline.messages.vi.ts'

export const offlineEn = {
  'nav.downloads': 'My downloads',
  'offline.app.name': 'Digital Education for All · hocso',
  'offline.app.description': 'Learn digital skills for free, in your language, even without a network.',
  'offline.pending': { one: '{count} record waits to be sent.', other: '{count} records wait to be sent.' },
  'offline.voice_pending': {
    one: '{count} recording waits to be sent.',
    other: '{count} recordings wait to be sent.',
  },
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
} satisfies Translation<typeof offlineVi>
