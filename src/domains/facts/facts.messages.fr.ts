import type { Translation } from '../../core/i18n.ts'
import type { factsVi } from './facts.messages.vi.ts'

export const factsFr = {
  'facts.corrects.forbidden':
    'Vous ne pouvez pas corriger cet enregistrement : seulement un enregistrement du même type, là où vous pouvez en saisir.',
} satisfies Translation<typeof factsVi>
