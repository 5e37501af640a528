import type { MessageKey } from '../core/i18n.ts'
import type { CurrentUser, Role } from '../domains/people/people.types.ts'

/** A menu entry; shown when the person holds one of `roles` (or to everyone when `roles` is absent). */
export type NavItem = { href: string; key: MessageKey; roles?: Role[]; signedIn?: boolean }

/** The menu, in order. Each domain's pages are reachable from the menu of the roles that use them. */
export const NAV: NavItem[] = [
  { href: '/courses', key: 'nav.courses' },
  { href: '/my', key: 'nav.my_learning', signedIn: true },
  { href: '/my/certificates', key: 'nav.certificates', signedIn: true },
  { href: '/downloads', key: 'nav.downloads' },
  {
    href: '/places',
    key: 'nav.places',
    roles: ['commune_officer', 'province_admin', 'ambassador', 'trainer'],
  },
  { href: '/events', key: 'nav.events', roles: ['trainer', 'commune_officer', 'province_admin'] },
  { href: '/market', key: 'nav.market', roles: ['ambassador', 'commune_officer', 'province_admin'] },
  { href: '/help', key: 'nav.help', roles: ['ambassador', 'commune_officer', 'province_admin'] },
  { href: '/households', key: 'nav.households', roles: ['ambassador', 'commune_officer', 'province_admin'] },
  { href: '/groups', key: 'nav.groups', roles: ['ambassador', 'commune_officer', 'province_admin'] },
  { href: '/dashboard', key: 'nav.dashboard', roles: ['commune_officer', 'province_admin'] },
  { href: '/admin/people', key: 'nav.people', roles: ['commune_officer', 'province_admin'] },
  { href: '/admin/hubs', key: 'nav.hubs', roles: ['commune_officer', 'province_admin'] },
  { href: '/translations', key: 'nav.translations', roles: ['content_editor', 'translator'] },
  { href: '/studio', key: 'nav.studio', roles: ['content_editor', 'translator'] },
  { href: '/voice', key: 'nav.voice', roles: ['voice', 'translator', 'content_editor'] },
  { href: '/admin/certificates', key: 'nav.certificates_admin', roles: ['province_admin'] },
  { href: '/verify', key: 'nav.verify' },
]

/** The menu entries this person may see. */
export function navFor(user: CurrentUser | null): NavItem[] {
  return NAV.filter((item) => {
    if (item.signedIn && !user) return false
    if (!item.roles) return true
    return !!user && user.roles.some((r) => item.roles!.includes(r.role))
  })
}
