import type { Translation } from '../core/i18n.ts'
import type { navVi } from './nav.messages.vi.ts'

export const navFr = {
  'nav.more': 'Plus',
  'nav.checkin_today': 'Pointage du jour',
  'nav.my_trainings': 'Mes formations',
  'nav.today.none': 'Aucune formation que vous organisez n’a lieu aujourd’hui.',
  'nav.today.next': 'Prochainement',
} satisfies Translation<typeof navVi>
