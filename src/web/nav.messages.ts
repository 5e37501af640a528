import type { Messages } from '../core/i18n.ts'

/** Messages of the menu: the phone bar, "more", and the destinations that belong to no one domain. */
export const navMessages: Messages = {
  vi: {
    'nav.more': 'Thêm',
    'nav.checkin_today': 'Điểm danh hôm nay',
    'nav.my_trainings': 'Tập huấn của tôi',
    'nav.today.none': 'Hôm nay không có buổi tập huấn nào do bạn tổ chức.',
    'nav.today.next': 'Sắp tới',
  },
  fr: {
    'nav.more': 'Plus',
    'nav.checkin_today': 'Pointage du jour',
    'nav.my_trainings': 'Mes formations',
    'nav.today.none': 'Aucune formation que vous organisez n’a lieu aujourd’hui.',
    'nav.today.next': 'Prochainement',
  },
  en: {
    'nav.more': 'More',
    'nav.checkin_today': 'Today’s check-in',
    'nav.my_trainings': 'My trainings',
    'nav.today.none': 'No training you organise takes place today.',
    'nav.today.next': 'Coming up',
  },
}
