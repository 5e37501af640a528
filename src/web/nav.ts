import type { MessageKey } from '../core/i18n.ts'
import type { CurrentUser } from '../domains/people/people.types.ts'
import { type Action, holds } from '../domains/people/policy.ts'

/**
 * A menu destination. Who sees it is decided by the policy, never by a list of roles here: an
 * entry with `action` shows when one of the person's grants allows that action (the same check the
 * page itself makes), `signedIn` when someone is signed in, and an entry with neither to everyone.
 */
export type NavItem = { href: string; key: MessageKey; action?: Action; signedIn?: boolean }

/**
 * Every destination, most used first: on a phone the person's home and the next entries they may
 * open fill the bar, the rest is one tap further under "more".
 */
export const NAV: NavItem[] = [
  { href: '/dashboard', key: 'nav.dashboard', action: 'dashboard.read' },
  { href: '/events/today', key: 'nav.checkin_today', action: 'events.manage' },
  { href: '/help', key: 'nav.help', action: 'help.write' },
  { href: '/places', key: 'nav.places', action: 'places.read' },
  { href: '/market', key: 'nav.market', action: 'market.manage' },
  { href: '/studio', key: 'nav.studio', action: 'content.translate' },
  { href: '/voice', key: 'nav.voice', action: 'content.voice' },
  { href: '/courses', key: 'nav.courses' },
  { href: '/my', key: 'nav.my_learning', signedIn: true },
  { href: '/events/mine', key: 'nav.my_trainings', signedIn: true },
  { href: '/my/certificates', key: 'nav.certificates', signedIn: true },
  // Open to anyone signed in: officials find trainings there and register themselves.
  { href: '/events', key: 'nav.events', signedIn: true },
  { href: '/downloads', key: 'nav.downloads' },
  { href: '/households', key: 'nav.households', action: 'households.write' },
  { href: '/groups', key: 'nav.groups', action: 'people.read' },
  { href: '/admin/people', key: 'nav.people', action: 'people.read' },
  { href: '/admin/hubs', key: 'nav.hubs', action: 'hubs.manage' },
  { href: '/translations', key: 'nav.translations', action: 'content.translate' },
  { href: '/admin/certificates', key: 'nav.certificates_admin', action: 'certificates.revoke' },
  { href: '/verify', key: 'nav.verify' },
]

/** How many destinations the phone bar holds before "more" (the person's home among them). */
export const BAR_SIZE = 4

/** The menu entries this person may see, in order. */
export function navFor(user: CurrentUser | null): NavItem[] {
  return NAV.filter((item) => {
    if (item.signedIn && !user) return false
    return !item.action || holds(user, item.action)
  })
}

/**
 * The page that is the person's daily work, where they land after signing in: the province admin
 * and the commune officer their progress, an organiser today's check-in, an ambassador the help
 * log, a translator the studio, a community voice their recordings, everyone else the courses. The first entry of their menu.
 */
export function homeFor(user: CurrentUser | null): string {
  return navFor(user)[0]!.href
}

/** The menu split for a phone: a handful in the bar (home first), the rest under "more". */
export function barFor(user: CurrentUser | null): { bar: NavItem[]; more: NavItem[] } {
  const all = navFor(user)
  return { bar: all.slice(0, BAR_SIZE), more: all.slice(BAR_SIZE) }
}
