/** The roles of hocso. Each assignment is scoped to a place and covers everything below it. */
export const ROLES = [
  'learner',
  'ambassador',
  'trainer',
  'translator',
  /** A community voice: records lessons aloud in the languages of the grant (decision 0190). */
  'voice',
  'commune_officer',
  'province_admin',
  'content_editor',
] as const
export type Role = (typeof ROLES)[number]

export type RoleGrant = { id: string; role: Role; scopeCode: string; languages: string[] }

/** The placeholder an erased name becomes, in every domain (Vietnamese: "erased"). */
export const ERASED_NAME = '(đã xoá)'

/** The signed-in person, as the policy module sees them. */
export type CurrentUser = {
  id: string
  displayName: string
  phone: string | null
  username: string | null
  locale: string
  placeCode: string | null
  roles: RoleGrant[]
}
