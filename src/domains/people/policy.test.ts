import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { seedDemoVillages } from '../places/places.service.ts'
import { createAccount } from './people.service.ts'
import { ROLES, type Role } from './people.types.ts'
import { type Action, can, canAssign, type PlaceRef } from './policy.ts'

/**
 * The policy matrix: every role, granted at each level (province, commune, village), against its
 * own scope, its parent, a sibling and a child, for reading and writing. The expectations are
 * written out here by hand, independently of policy.ts, and checked twice: against `can()` and
 * through the real routes.
 */

// What each role may do anywhere inside its scope (read, write), for three kinds of scoped data;
// `privacy` is another person's data on request: exporting it (read) and erasing it (write).
type Kind = 'places' | 'people' | 'privacy'
const EXPECTED: Record<Role, Record<Kind, [boolean, boolean]>> = {
  learner: { places: [false, false], people: [false, false], privacy: [false, false] },
  ambassador: { places: [true, false], people: [true, true], privacy: [false, false] },
  trainer: { places: [true, false], people: [true, true], privacy: [false, false] },
  translator: { places: [false, false], people: [false, false], privacy: [false, false] },
  voice: { places: [false, false], people: [false, false], privacy: [false, false] },
  content_editor: { places: [false, false], people: [false, false], privacy: [false, false] },
  commune_officer: { places: [true, false], people: [true, true], privacy: [true, true] },
  province_admin: { places: [true, true], people: [true, true], privacy: [true, true] },
}
const ACTION: Record<Kind, [Action, Action]> = {
  places: ['places.read', 'places.write'],
  people: ['people.read', 'people.register'],
  privacy: ['people.export', 'people.erase'],
}

type Level = 'province' | 'commune' | 'village'
type Relation = 'own' | 'parent' | 'sibling' | 'child'

const P = {
  province: { code: '11', communeCode: null },
  commune: { code: '3166', communeCode: '3166' },
  otherCommune: { code: '3127', communeCode: '3127' },
  village: { code: '3166-001', communeCode: '3166' },
  otherVillage: { code: '3166-002', communeCode: '3166' },
} satisfies Record<string, PlaceRef>

/** Where a grant sits, and the places that stand in each relation to it (none: no such place). */
const LEVELS: Record<Level, { scope: PlaceRef; rel: Partial<Record<Relation, PlaceRef[]>> }> = {
  province: { scope: P.province, rel: { own: [P.province], child: [P.commune, P.village] } },
  commune: {
    scope: P.commune,
    rel: { own: [P.commune], parent: [P.province], sibling: [P.otherCommune], child: [P.village] },
  },
  village: {
    scope: P.village,
    rel: { own: [P.village], parent: [P.commune, P.province], sibling: [P.otherVillage] },
  },
}

/** A scope reaches itself and what lies below it, never above or beside. */
const reaches = (r: Relation) => r === 'own' || r === 'child'

type Case = {
  role: Role
  level: Level
  relation: Relation
  place: PlaceRef
  kind: Kind
  write: boolean
}
const CASES: Case[] = ROLES.flatMap((role) =>
  (Object.keys(LEVELS) as Level[]).flatMap((level) =>
    (Object.entries(LEVELS[level].rel) as [Relation, PlaceRef[]][]).flatMap(([relation, places]) =>
      places.flatMap((place) =>
        (['places', 'people', 'privacy'] as const).flatMap((kind) =>
          [false, true].map((write) => ({ role, level, relation, place, kind, write })),
        ),
      ),
    ),
  ),
)
const expected = (c: Case) => EXPECTED[c.role][c.kind][c.write ? 1 : 0] && reaches(c.relation)
const label = (c: Case) =>
  `${c.role}@${c.level} ${c.write ? 'write' : 'read'} ${c.kind} of ${c.relation} ${c.place.code}`

const userAt = (role: Role, level: Level) => ({
  id: `${role}-${level}`,
  displayName: role,
  phone: null,
  username: null,
  locale: 'vi',
  placeCode: null,
  roles: [{ id: 'g', role, scopeCode: LEVELS[level].scope.code, languages: [] }],
})

describe('policy.can(): the matrix', () => {
  it('covers every role, level, relation and action', () => {
    // 8 roles × (province: own + 2 children; commune: 4; village: own + 2 parents + sibling) × 3 kinds × read/write
    expect(CASES).toHaveLength(8 * (3 + 4 + 4) * 3 * 2)
    expect(CASES.filter(expected).length).toBeGreaterThan(0)
  })

  it.each(CASES.map((c) => [label(c), c] as const))('%s', (_, c) => {
    const action = ACTION[c.kind][c.write ? 1 : 0]
    expect(can(userAt(c.role, c.level), action, c.place)).toBe(expected(c))
  })

  it('refuses everything to nobody', () => {
    for (const a of [
      'places.read',
      'people.read',
      'people.register',
      'people.export',
      'people.erase',
    ] as const) {
      expect(can(null, a, P.village)).toBe(false)
    }
  })
})

describe('policy.canAssign(): admins grant roles within their own scope only, never above their own', () => {
  const officer = userAt('commune_officer', 'commune')
  const admin = userAt('province_admin', 'province')
  it.each([
    ['officer grants ambassador in own commune', officer, 'ambassador', P.commune, true],
    ['officer grants ambassador in a child village', officer, 'ambassador', P.village, true],
    ['officer grants ambassador in a sibling commune', officer, 'ambassador', P.otherCommune, false],
    ['officer grants ambassador at the parent province', officer, 'ambassador', P.province, false],
    ['officer grants province_admin in own commune', officer, 'province_admin', P.commune, false],
    ['officer grants content_editor in own commune', officer, 'content_editor', P.commune, false],
    ['admin grants province_admin at the province', admin, 'province_admin', P.province, true],
    ['admin grants commune_officer in a commune', admin, 'commune_officer', P.otherCommune, true],
    [
      'ambassador grants learner in own village',
      userAt('ambassador', 'village'),
      'learner',
      P.village,
      false,
    ],
  ] as const)('%s: %s', (_, user, role, place, ok) => {
    expect(canAssign(user, role, place)).toBe(ok)
  })
})

describe('the matrix through the real routes', () => {
  let env: TestEnv
  const clients = new Map<string, Client>()
  beforeAll(async () => {
    env = await testEnv()
    await seedDemoVillages(env.ctx)
    for (const role of ROLES) {
      for (const level of Object.keys(LEVELS) as Level[]) {
        const login = `${role.replace('_', '')}${level}`.slice(0, 32)
        const scope = LEVELS[level].scope.code
        await createAccount(
          env.ctx,
          { displayName: `${role} ${level}`, username: login, password: 'matrix-1234' },
          [{ role, scopeCode: scope }],
        )
        const c = new Client(env.app)
        await c.login(login, 'matrix-1234')
        clients.set(`${role}@${level}`, c)
      }
    }
  })
  afterAll(() => env.close())

  let made = 0
  /** The request that reads or writes a kind of data at a place, as a browser or the outbox sends it. */
  async function attempt(c: Client, kind: Kind, write: boolean, place: PlaceRef): Promise<number | null> {
    if (kind === 'privacy') {
      // A person of that place (of none, for the province), made for this attempt alone.
      const id = await createAccount(
        env.ctx,
        {
          displayName: 'Người yêu cầu',
          username: `p${++made}`,
          placeCode: place.code === P.province.code ? null : place.code,
        },
        [],
      )
      if (!write) return (await c.request(`/admin/people/${id}/export`)).status
      return (await c.request(`/admin/people/${id}/erase`, { json: { reason: 'Đơn yêu cầu số 1' } })).status
    }
    const village = place.code.includes('-')
    if (kind === 'places' && !write) {
      if (place.code === P.province.code) return (await c.request('/api/places/province')).status
      if (village) return (await c.request(`/api/places/villages/${place.code}`)).status
      return (await c.request(`/api/places/communes/${place.code}/villages`)).status
    }
    if (kind === 'places' && write) {
      // Places are written at the province (the import) and at a village (a correction).
      if (village) {
        const res = await c.request(`/places/${place.communeCode}/${place.code}`, {
          json: { name: `Bản sửa ${place.code}`, has_telecom: true, on_grid: true },
        })
        return res.status
      }
      if (place.code === P.province.code) {
        const file = new File(
          ['code,name,commune_code,has_4g,has_telecom,on_grid,population,households\n'],
          'x.csv',
        )
        const res = await c.request('/places/import', { multipart: { file } })
        // The file holds no rows: an authorised person gets 400 "has no rows", anyone else 403.
        return res.status === 400 ? 200 : res.status
      }
      return null
    }
    if (!write) return (await c.request(`/admin/people?scope=${place.code}`)).status
    return (
      await c.request('/api/people', {
        json: { display_name: 'Người được đăng ký', place_code: place.code, consent: true },
      })
    ).status
  }

  const routeCases = CASES.filter(
    (c) =>
      !(c.kind === 'places' && c.write && c.place === P.commune) &&
      !(c.kind === 'places' && c.write && c.place === P.otherCommune),
  )

  it.each(routeCases.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const status = await attempt(clients.get(`${c.role}@${c.level}`)!, c.kind, c.write, c.place)
    const ok = c.write && c.kind === 'people' ? 201 : 200
    expect(status).toBe(expected(c) ? ok : 403)
  })

  it('has no route that writes a commune itself (places are corrected village by village)', async () => {
    const c = clients.get('province_admin@province')!
    const res = await c.request('/places/3166', { json: { name: 'Xã khác' } })
    expect(res.status).toBe(404)
  })
})
