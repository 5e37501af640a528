import type { Catalogue } from '../core/i18n.ts'

/**
 * Messages of the menu: the phone bar, "more", and the destinations that belong to no one domain.
 * Vietnamese is the source: French and English follow these keys.
 */
export const navVi = {
  'nav.more': 'Thêm',
  'nav.checkin_today': 'Điểm danh hôm nay',
  'nav.my_trainings': 'Tập huấn của tôi',
  'nav.today.none': 'Hôm nay không có buổi tập huấn nào do bạn tổ chức.',
  'nav.today.next': 'Sắp tới',
} satisfies Catalogue
