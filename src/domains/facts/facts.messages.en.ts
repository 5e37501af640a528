import type { Translation } from '../../core/i18n.ts'
import type { factsVi } from './facts.messages.vi.ts'

export const factsEn = {
  'facts.corrects.forbidden':
    'You may not correct this record: only a record of the same kind, where you may record that kind.',
  'facts.fork.title': 'Corrected twice, apart',
  'facts.fork.lead':
    'While the two servers could not see each other, this record was corrected on both. The later correction counts everywhere; the other is kept here to compare. Keep the one that is right: your choice is a new correction, and it reaches every server at the next sync.',
  'facts.fork.counted': 'counted now',
  'facts.fork.apart': 'set aside',
  'facts.fork.keep': 'Keep this one',
} satisfies Translation<typeof factsVi>
