import { en } from './en.ts'
import { fr } from './fr.ts'
import { vi } from './vi.ts'

/**
 * The interface catalogues, one per language. To add a string: put it in your domain's
 * `<domain>.messages.vi.ts`; the compiler then names the `.fr.ts` and `.en.ts` files that lack it.
 * A new domain adds its three files to `vi.ts`, `fr.ts` and `en.ts` here (decision 0155).
 */
export const catalogues = { vi, fr, en }

/**
 * Keys made at run time from a code (`market.step.${step}`): the families a `t()` key may belong to.
 * Prefer a typed code (`places.kind.${PlaceKind}`); a family is for codes that come from data. A
 * test checks that each family has keys and is used.
 */
export const MESSAGE_FAMILIES = [
  'certificates.kind.',
  'dash.audit.',
  'dash.visit.',
  'events.kind.',
  'events.sector.',
  'events.source.',
  'events.status.',
  'events.topic.',
  'grp.role.',
  'help.age.',
  'help.sex.',
  'help.what.',
  'help.whom.',
  'hubs.kind.',
  'ind.',
  'learning.audience.',
  'learning.competency.',
  'learning.filter.',
  'learning.lang.',
  'learning.level.',
  'learning.topic.',
  'market.step.',
  'places.kind.',
  'privacy.erase.removed.',
  'studio.part.',
  'studio.state.',
  'voice.status.',
] as const
export type MessageFamily = `${(typeof MESSAGE_FAMILIES)[number]}${string}`

declare module '../core/i18n.ts' {
  interface Register {
    catalogue: typeof vi
    families: MessageFamily
  }
}
