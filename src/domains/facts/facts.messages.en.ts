import type { Translation } from '../../core/i18n.ts'
import type { factsVi } from './facts.messages.vi.ts'

export const factsEn = {
  'facts.corrects.forbidden':
    'You may not correct this record: only a record of the same kind, where you may record that kind.',
} satisfies Translation<typeof factsVi>
