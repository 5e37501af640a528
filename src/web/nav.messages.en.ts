import type { Translation } from '../core/i18n.ts'
import type { navVi } from './nav.messages.vi.ts'

export const navEn = {
  'nav.more': 'More',
  'nav.checkin_today': 'Today’s check-in',
  'nav.my_trainings': 'My trainings',
  'nav.today.none': 'No training you organise takes place today.',
  'nav.today.next': 'Coming up',
} satisfies Translation<typeof navVi>
