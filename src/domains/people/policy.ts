import { AppError } from '../../core/errors.ts'
import type { CurrentUser, Role } from './people.types.ts'

/**
 * The one policy module. Every read and write of scoped data asks `can()`; a role assignment
 * covers its scope and everything below it (province ⊃ commune ⊃ village).
 */
export const PROVINCE_CODE = '11'

/** What a place looks like to the policy: its code and the commune or ward it lies in. */
export type PlaceRef = { code: string; communeCode: string | null }

export const ACTIONS = [
  'places.read',
  'places.write',
  'people.read',
  'people.register',
  /** Download everything held about a person (Decree 13/2023: access on request). */
  'people.export',
  /** Erase a person's personal data (Decree 13/2023: erasure on request); the facts stay. */
  'people.erase',
  'roles.assign',
  'audit.read',
  'learners.progress.read',
  'content.edit',
  'content.translate',
  'content.review',
  /** Record lessons aloud in a language of the grant (community voices, decision 0190). */
  'content.voice',
  /** Approve or send back recordings in a language of the grant. */
  'content.voice.review',
  'help.write',
  'help.read',
  'groups.manage',
  'households.write',
  'events.manage',
  'events.checkin',
  'market.manage',
  'dashboard.read',
  'targets.write',
  'certificates.revoke',
  'hubs.manage',
] as const
export type Action = (typeof ACTIONS)[number]

const PERMISSIONS: Record<Role, readonly Action[]> = {
  learner: [],
  ambassador: [
    'places.read',
    'people.read',
    'people.register',
    'help.write',
    'help.read',
    'households.write',
    'market.manage',
    'events.checkin',
  ],
  trainer: [
    'places.read',
    'people.read',
    'people.register',
    'events.manage',
    'events.checkin',
    'learners.progress.read',
  ],
  translator: ['content.translate', 'content.voice'],
  content_editor: [
    'content.edit',
    'content.translate',
    'content.review',
    'content.voice',
    'content.voice.review',
  ],
  voice: ['content.voice'],
  commune_officer: [
    'places.read',
    'people.read',
    'people.register',
    'people.export',
    'people.erase',
    'roles.assign',
    'audit.read',
    'learners.progress.read',
    'help.write',
    'help.read',
    'groups.manage',
    'households.write',
    'events.manage',
    'events.checkin',
    'market.manage',
    'dashboard.read',
    'targets.write',
    'hubs.manage',
    'content.voice.review',
  ],
  province_admin: ACTIONS.filter((a) => !a.startsWith('content.')),
}

/** Roles a holder of `roles.assign` may hand out: never more than they hold themselves. */
const ASSIGNABLE: Partial<Record<Role, readonly Role[]>> = {
  commune_officer: ['learner', 'ambassador', 'trainer', 'translator', 'voice', 'commune_officer'],
  province_admin: [
    'learner',
    'ambassador',
    'trainer',
    'translator',
    'voice',
    'commune_officer',
    'province_admin',
    'content_editor',
  ],
}

/** True when a role scoped at `scopeCode` reaches `place`. */
export function covers(scopeCode: string, place: PlaceRef): boolean {
  return scopeCode === PROVINCE_CODE || scopeCode === place.code || scopeCode === place.communeCode
}

/** May this person do `action` on `place`? Province-wide actions pass the province as the place. */
export function can(user: CurrentUser | null, action: Action, place: PlaceRef): boolean {
  if (!user) return false
  return user.roles.some((g) => PERMISSIONS[g.role].includes(action) && covers(g.scopeCode, place))
}

/** Throws 401 when nobody is signed in and 403 when the person lacks the permission. */
export function assertCan(
  user: CurrentUser | null,
  action: Action,
  place: PlaceRef,
): asserts user is CurrentUser {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!can(user, action, place)) throw new AppError('forbidden', `you may not ${action} for ${place.code}`)
}

/** May this person grant `role` at `scopePlace`? */
export function canAssign(user: CurrentUser | null, role: Role, scopePlace: PlaceRef): boolean {
  if (!user) return false
  return user.roles.some(
    (g) =>
      (ASSIGNABLE[g.role] ?? []).includes(role) &&
      covers(g.scopeCode, scopePlace) &&
      PERMISSIONS[g.role].includes('roles.assign'),
  )
}

/** The places (province, communes, villages) this person's grants for `action` reach, as scope codes. */
export function scopesFor(user: CurrentUser | null, action: Action): string[] {
  if (!user) return []
  return user.roles.filter((g) => PERMISSIONS[g.role].includes(action)).map((g) => g.scopeCode)
}

/** True when some grant of the person allows `action` somewhere (menus show what the person may open). */
export function holds(user: CurrentUser | null, action: Action): boolean {
  return !!user?.roles.some((g) => PERMISSIONS[g.role].includes(action))
}

/**
 * The person's grants whose role allows `action`, wherever they are scoped: for actions that are
 * not about a place (recording a lesson in a language), where the grant's languages decide.
 */
export function grantsFor(user: CurrentUser | null, action: Action): CurrentUser['roles'] {
  if (!user) return []
  return user.roles.filter((g) => PERMISSIONS[g.role].includes(action))
}

/** True when the person holds `role` anywhere. */
export function hasRole(user: CurrentUser | null, role: Role): boolean {
  return !!user?.roles.some((g) => g.role === role)
}

/**
 * A person may always export or erase their own data; anyone else needs `action` over the
 * person's home place (the province for a person with none).
 */
export function assertCanForPerson(
  user: CurrentUser | null,
  action: 'people.export' | 'people.erase',
  person: { id: string; place: PlaceRef },
): asserts user is CurrentUser {
  if (user && user.id === person.id) return
  assertCan(user, action, person.place)
}

/** The province as a place, for province-wide checks. */
export const PROVINCE: PlaceRef = { code: PROVINCE_CODE, communeCode: null }

/** The roles this person may grant somewhere (what a grant form offers), in the order of ROLES. */
export function rolesAssignable(user: CurrentUser | null): Role[] {
  if (!user) return []
  const out = new Set<Role>()
  for (const g of user.roles)
    if (PERMISSIONS[g.role].includes('roles.assign')) for (const r of ASSIGNABLE[g.role] ?? []) out.add(r)
  return [...out]
}
