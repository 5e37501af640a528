import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureIssuer } from '../src/domains/certificates/issuer.service.ts'
import { DEMO_ACCOUNTS } from '../src/domains/demo/demo.seed.ts'
import { seedPlacesAndPeople } from './factories.ts'
import { Client, type TestEnv, testEnv } from './harness.ts'

/**
 * The abuse suite (issue 14, "keep them closed"). Every route of the app, read from the Hono app
 * itself (a new route is covered without editing this file), is sent generated hostile bodies,
 * queries and path parameters, signed out and as each demo role. Each answer must be a 4xx that
 * names a field, a clean 401/403/404 (or another 4xx, or a harmless read), never a 5xx; and the
 * database must be exactly as before (a digest of every table).
 *
 * Seeded and bounded: HOCSO_ABUSE_SEED (default 1414) replays a run, HOCSO_ABUSE_CASES (default 2)
 * sets the cases per route and role; a failure prints the seed and the shrunk request.
 */
const SEED = Number(process.env.HOCSO_ABUSE_SEED ?? 1414)
const CASES = Number(process.env.HOCSO_ABUSE_CASES ?? 2)

/** Routes left out, each with its reason. */
const SKIP: Record<string, string> = {
  // Its effect does not depend on any input: it ends the caller's own session (people.test.ts).
  'POST /logout': 'ends the session whatever is sent',
}

/**
 * Tables that change on a refusal by design: failed sign-ins are counted per account and address,
 * to slow down guessing (people.service.ts).
 */
const CHANGE_ON_REFUSAL = new Set(['login_throttle'])

const ROLES: (string | null)[] = [null, ...DEMO_ACCOUNTS.map((a) => a.login)]

let env: TestEnv
const clients = new Map<string | null, Client>()
beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
  // What a server does at start (src/cli/startup.ts), so that no request is the first to make it.
  await ensureIssuer(env.ctx)
  for (const login of ROLES) {
    const c = new Client(env.app)
    if (login) await c.login(login)
    await c.primeCsrf()
    clients.set(login, c)
  }
}, 120_000)
afterAll(() => env.close())

/** Every (method, path) the app answers, from the app itself, middleware left out. */
function appRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>()
  const out: { method: string; path: string }[] = []
  for (const r of env.app.routes) {
    if (r.method === 'ALL') continue
    const key = `${r.method} ${r.path}`
    if (seen.has(key) || SKIP[key]) continue
    seen.add(key)
    out.push({ method: r.method, path: r.path })
  }
  return out
}

/** A digest of every row of every table (reads must record nothing, refusals write nothing). */
async function digest(): Promise<Record<string, string>> {
  // On PostgreSQL, only this test file's schema (other runs have theirs in the same database).
  const schema = env.ctx.handle.schema
  const tables = (await env.ctx.db.introspection.getTables())
    .filter((t) => !schema || t.schema === schema)
    .map((t) => t.name)
    .sort()
  const out: Record<string, string> = {}
  for (const t of tables) {
    if (CHANGE_ON_REFUSAL.has(t) || t.startsWith('kysely_')) continue
    const rows = await env.ctx.db
      .selectFrom(t as 'meta')
      .selectAll()
      .execute()
    const lines = rows.map((r) => JSON.stringify(r)).sort()
    out[t] =
      `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('base64url').slice(0, 16)}`
  }
  return out
}

// Hostile strings: injection-looking, path-walking, control and bidi characters, broken Unicode,
// huge, numeric edge cases written as text, and plain random text.
const HOSTILE = [
  "' OR '1'='1",
  "x'); DROP TABLE accounts; --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '/\\evil.example',
  '\u0000',
  'Lò\u0000Văn',
  '\u202eolleh',
  '\u200b\u200b',
  '\ud800',
  '{{7*7}}',
  '\u0024{7*7}',
  '=HYPERLINK("http://evil.example")',
  '1e-300',
  '-1',
  '9'.repeat(40),
  'NaN',
  'true',
  'null',
  '2027-02-30',
  '0000-01-01T00:00:00Z',
  '0190f7a0-0000-7000-8000-000000000000',
  '3166-001',
  '3166',
  'x'.repeat(5000),
  'Nhà văn hoá bản <Mường Chà>',
]
const FIELDS = [
  'name',
  'display_name',
  'phone',
  'password',
  'login',
  'place_code',
  'scope_code',
  'account_id',
  'role',
  'id',
  'facts',
  'kind',
  'data',
  'note',
  'title',
  'code',
  'event_id',
  'starts_at',
  'ends_at',
  'capacity',
  'value',
  'deadline',
  'indicator',
  'reason',
  'body',
  'text',
  'segment',
  'csv',
  'payload',
  'consent',
  'back',
  'lang',
  'node',
  'public_key',
  'vector',
  '__proto__',
  'constructor',
]

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
)
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 3 }),
  ),
})).value
const hostileObject = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 12 })),
  hostileValue,
  {
    maxKeys: 6,
  },
)

type Case = {
  params: string[]
  query: [string, string][]
  body:
    | { kind: 'none' }
    | { kind: 'json'; value: unknown }
    | { kind: 'malformed'; text: string }
    | { kind: 'form'; fields: Record<string, string> }
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  params: fc.array(hostileString, { minLength: 4, maxLength: 4 }),
  query: fc.array(fc.tuple(fc.constantFrom(...FIELDS, 'scope', 'q', 'v', 'page', 'period'), hostileString), {
    maxLength: 3,
  }),
  body: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    hostileObject.map((value) => ({ kind: 'json' as const, value })),
    fc.array(hostileValue, { maxLength: 3 }).map((value) => ({ kind: 'json' as const, value })),
    fc
      .constantFrom(
        '{"facts": [',
        '{"a":1}{',
        '\u0000',
        '[[[[[[[[[[',
        '{"__proto__": {"admin": true}}',
        'null',
      )
      .map((text) => ({ kind: 'malformed' as const, text })),
    fc
      .dictionary(fc.constantFrom(...FIELDS), hostileString, { maxKeys: 5 })
      .map((fields) => ({ kind: 'form' as const, fields })),
  ),
})

/** The route path with its parameters (`:id`, `:id{regex}`, `*`) filled with hostile values. */
function fill(path: string, params: string[]): string {
  let i = 0
  const next = () => encodeURIComponent(params[i++ % params.length]!)
  return path.replace(/:[A-Za-z_]+(\{[^}]*\})?\??/g, next).replace(/\*/g, next)
}

/**
 * True when a 400 says what is wrong: in JSON, a message that starts with the field
 * (`field: problem`); on a page, an error shown to the person (`role="alert"`), beside the form.
 */
function namesField(text: string, json: boolean): boolean {
  if (!json) return /role="alert"|class="error"/.test(text)
  const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? ''
  return /^[\w.\-[\], ]{1,80}: \S/.test(message)
}

let generated = 0

async function send(c: Client, method: string, path: string, k: Case): Promise<Response> {
  const q = new URLSearchParams(k.query).toString()
  const url = `${fill(path, k.params)}${q ? `?${q}` : ''}`
  const b = k.body
  if (method === 'GET' || method === 'HEAD' || b.kind === 'none') return c.request(url, { method })
  if (b.kind === 'json') return c.request(url, { method, json: b.value })
  if (b.kind === 'form') return c.request(url, { method, form: b.fields })
  return c.request(url, { method, body: b.text, headers: { 'content-type': 'application/json' } })
}

describe('abuse suite: every route, every role, generated hostile requests', () => {
  it.each(ROLES.map((r) => [r ?? 'signed out', r] as const))(
    'as %s: never a 5xx, a named field on 400, and the database unchanged',
    async (_label, login) => {
      const c = clients.get(login)!
      const routes = appRoutes()
      const before = await digest()
      for (const { method, path } of routes) {
        await fc.assert(
          fc.asyncProperty(caseArb, async (k) => {
            generated++
            const res = await send(c, method, path, k)
            const text = await res.text()
            const where = `${method} ${path} as ${login ?? 'signed out'} → ${res.status}`
            expect(res.status, `${where}: ${text.slice(0, 300)}`).toBeLessThan(500)
            if (res.status === 400) {
              const json = (res.headers.get('content-type') ?? '').includes('json')
              expect(namesField(text, json), `${where}: the 400 names no field: ${text.slice(0, 300)}`).toBe(
                true,
              )
            }
          }),
          { seed: SEED, numRuns: CASES, endOnFailure: true },
        )
      }
      const after = await digest()
      const changed = Object.keys(after).filter((t) => after[t] !== before[t])
      expect(changed, `tables changed by refused or read-only requests as ${login ?? 'signed out'}`).toEqual(
        [],
      )
    },
    600_000,
  )

  afterAll(() => {
    const routes = appRoutes().length
    console.log(
      `abuse suite: ${routes} routes × ${ROLES.length} roles (signed out, ${ROLES.slice(1).join(', ')}) = ${routes * ROLES.length} pairs; ${generated} generated requests (seed ${SEED}, ${CASES} per pair)`,
    )
  })
})

/**
 * Data written wrongly (issue 14): inputs that were accepted and stored wrongly, or answered 500.
 * Each must be refused with its status and the field named, and write nothing (the same digest).
 */
describe('abuse suite: data written wrongly, kept closed', () => {
  const hours = (h: number) => new Date(Date.now() + (h + 7) * 3_600_000).toISOString().slice(0, 16)
  const event = (over: Record<string, unknown> = {}) => ({
    title: 'Tập huấn (abuse)',
    kind: 'training',
    topic: 'ai_officials',
    sector: 'public_administration',
    audience: 'Cán bộ xã',
    place_code: '3166',
    starts_at: hours(240),
    ends_at: hours(243),
    capacity: 40,
    trainers: ['Giảng viên (abuse)'],
    ...over,
  })
  const trader = {
    name: 'Lò Thị Xuân',
    place_code: '3166-001',
    market: 'Chợ Mường Chà',
    products: 'Măng khô',
  }
  const target = { indicator: 'learners', scope_code: '11', value: 10, deadline: '2026-12-31' }
  const help = {
    what: 'vneid_install',
    whom: 'anonymous',
    sex: 'female',
    age_band: '36_59',
    village: '3166-001',
  }
  type Known = {
    name: string
    who: string
    path: () => string
    body: () => Record<string, unknown> | FormData
    status: number
    field: string
  }
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    const trainer = clients.get('trainer')!
    ids.event = (await (await trainer.request('/events', { json: event() })).json()).id
    const amb = clients.get('ambassador')!
    ids.trader = (await (await amb.request('/market/traders', { json: trader })).json()).id
  })

  const csv = (rows: string[]) =>
    new File(
      [['code,name,commune_code,has_4g,has_telecom,on_grid,population,households', ...rows].join('\n')],
      'v.csv',
    )
  const KNOWN: Known[] = [
    {
      name: 'impossible date',
      who: 'trainer',
      path: () => '/events',
      body: () => event({ starts_at: '2027-02-30T08:00' }),
      status: 400,
      field: 'starts_at',
    },
    {
      name: 'year 9999',
      who: 'trainer',
      path: () => '/events',
      body: () => event({ ends_at: '9999-01-01T08:00:00Z' }),
      status: 400,
      field: 'ends_at',
    },
    {
      name: 'capacity [10]',
      who: 'trainer',
      path: () => '/events',
      body: () => event({ capacity: [10] }),
      status: 400,
      field: 'capacity',
    },
    {
      name: 'existing event id',
      who: 'trainer',
      path: () => '/events',
      body: () => event({ id: ids.event }),
      status: 409,
      field: 'id',
    },
    {
      name: 'existing trader id',
      who: 'ambassador',
      path: () => '/market/traders',
      body: () => ({ ...trader, id: ids.trader }),
      status: 409,
      field: 'id',
    },
    {
      name: 'target 1e-300',
      who: 'admin',
      path: () => '/dashboard/targets',
      body: () => ({ ...target, value: 1e-300 }),
      status: 400,
      field: 'value',
    },
    {
      name: 'target [10]',
      who: 'admin',
      path: () => '/dashboard/targets',
      body: () => ({ ...target, value: [10] }),
      status: 400,
      field: 'value',
    },
    {
      name: 'deadline 30 February',
      who: 'admin',
      path: () => '/dashboard/targets',
      body: () => ({ ...target, deadline: '2027-02-30' }),
      status: 400,
      field: 'deadline',
    },
    {
      name: 'help on 30 February',
      who: 'ambassador',
      path: () => '/help',
      body: () => ({ ...help, at: '2026-02-30T10:00' }),
      status: 400,
      field: 'at',
    },
    {
      name: 'check-in days before the start',
      who: 'trainer',
      path: () => `/events/${ids.event}/checkin`,
      body: () => ({ event_id: ids.event, name: 'Lò Văn Sớm' }),
      status: 400,
      field: 'occurred_at',
    },
  ]

  it.each(KNOWN.map((k) => [k.name, k] as const))(
    '%s: refused, field named, nothing written',
    async (_n, k) => {
      const c = clients.get(k.who)!
      const before = await digest()
      const res = await c.request(k.path(), { json: k.body() })
      const body = await res.json()
      expect(res.status, JSON.stringify(body)).toBe(k.status)
      expect(body.error.message.startsWith(`${k.field}: `), body.error.message).toBe(true)
      expect(body.error.text, 'said in the person’s language').toBeTruthy()
      expect(await digest()).toEqual(before)
    },
  )

  it('a village CSV row moving a village to another commune: refused unless chosen', async () => {
    const c = clients.get('admin')!
    const before = await digest()
    const res = await c.request('/places/import', {
      multipart: { file: csv(['3166-002,Bản Hai,3127,1,1,1,,']) },
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('commune_code: thôn, bản 3166-002 thuộc xã 3166')
    expect(await digest()).toEqual(before)
  })
})
