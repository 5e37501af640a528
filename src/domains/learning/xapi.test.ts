import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { learningEnv, lessonIds, newLearner } from './learning.fixtures.ts'

let env: TestEnv
let learner: Client
let learnerId: string
let other: { c: Client; id: string }
const H = { 'x-experience-api-version': '1.0.3' }
const BASE = 'http://localhost'

beforeAll(async () => {
  env = await learningEnv()
  learner = new Client(env.app)
  await learner.login('learner')
  learnerId = (
    await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'learner')
      .executeTakeFirstOrThrow()
  ).id
  const ids = await lessonIds(env, 'vneid-basics')
  const t0 = Date.now() - 60_000
  const at = (i: number) => new Date(t0 + i * 1000).toISOString()
  const facts = [
    {
      id: uuidv7(),
      kind: 'lesson_opened',
      occurred_at: at(0),
      data: { lesson_id: ids['01-install'], lang: 'vi' },
    },
    {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: at(1),
      data: { lesson_id: ids['01-install'], lang: 'vi' },
    },
    {
      id: uuidv7(),
      kind: 'quiz_attempt',
      occurred_at: at(2),
      data: { lesson_id: ids['01-install'], lang: 'vi', answers: { q1: 'b', q2: true } },
    },
    {
      id: uuidv7(),
      kind: 'quiz_attempt',
      occurred_at: at(3),
      data: { lesson_id: ids['01-install'], lang: 'fr', answers: { q1: 'a', q2: true } },
    },
    {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: at(4),
      data: { lesson_id: ids['02-register'], lang: 'vi' },
    },
    {
      id: uuidv7(),
      kind: 'quiz_attempt',
      occurred_at: at(5),
      data: {
        lesson_id: ids['02-register'],
        lang: 'vi',
        answers: { q1: ['a', 'b'], q2: ['s1', 's2', 's3'], q3: 'a' },
      },
    },
    {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: at(6),
      data: { lesson_id: ids['03-safety'], lang: 'vi' },
    },
  ]
  const r = await (await learner.request('/api/facts', { json: { facts } })).json()
  expect(r.rejected).toEqual([])
  other = await newLearner(env, 'Giàng A Páo')
  await other.c.request('/courses/vneid-basics/01-install')
})
afterAll(() => env.close())

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
const IRI = /^[a-z][a-z0-9+.-]*:\/\/\S+$/
const LANG_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/

// biome-ignore lint/suspicious/noExplicitAny: statements are read as untyped JSON and checked field by field
type Statement = Record<string, any>

/** The requirements of xAPI 1.0.3 (Part 2, section 2.4) a statement read back from an LRS must meet. */
function expectValidStatement(s: Statement) {
  expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  // actor: an Agent with exactly one inverse functional identifier, here an account.
  expect(s.actor.objectType).toBe('Agent')
  const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => k in s.actor)
  expect(ifis).toEqual(['account'])
  expect(s.actor.account.homePage).toMatch(IRI)
  expect(typeof s.actor.account.name).toBe('string')
  // verb: an IRI and a language map.
  expect(s.verb.id).toMatch(/^http:\/\/adlnet\.gov\/expapi\/verbs\/(experienced|completed|passed|failed)$/)
  for (const k of Object.keys(s.verb.display)) expect(k).toMatch(LANG_TAG)
  // object: an Activity with an IRI id and a definition whose names are keyed by language tags.
  expect(s.object.objectType).toBe('Activity')
  expect(s.object.id).toMatch(IRI)
  expect(s.object.definition.type).toMatch(
    /^http:\/\/adlnet\.gov\/expapi\/activities\/(lesson|assessment|course)$/,
  )
  for (const [k, v] of Object.entries(s.object.definition.name)) {
    expect(k).toMatch(LANG_TAG)
    expect(typeof v).toBe('string')
  }
  if (s.result) {
    if (s.result.score) {
      const { scaled, raw, min, max } = s.result.score
      expect(scaled).toBeGreaterThanOrEqual(-1)
      expect(scaled).toBeLessThanOrEqual(1)
      expect(raw).toBeGreaterThanOrEqual(min)
      expect(raw).toBeLessThanOrEqual(max)
    }
    if ('success' in s.result) expect(typeof s.result.success).toBe('boolean')
    if ('completion' in s.result) expect(typeof s.result.completion).toBe('boolean')
    if ('response' in s.result) expect(typeof s.result.response).toBe('string')
  }
  expect(s.context.language).toMatch(LANG_TAG)
  for (const list of Object.values(s.context.contextActivities ?? {}) as Statement[][]) {
    expect(Array.isArray(list)).toBe(true)
    for (const a of list) expect(a.id).toMatch(IRI)
  }
  expect(s.timestamp).toMatch(ISO)
  expect(s.stored).toMatch(ISO)
  expect(s.version).toMatch(/^1\.0\.\d+$/)
  expect(s.authority.objectType).toBe('Agent')
  expect(
    Object.keys(s).every((k) =>
      [
        'id',
        'actor',
        'verb',
        'object',
        'result',
        'context',
        'timestamp',
        'stored',
        'authority',
        'version',
      ].includes(k),
    ),
  ).toBe(true)
}

const get = async (c: Client, q = '', headers: Record<string, string> = H) => {
  const res = await c.request(`/xapi/statements${q}`, { headers })
  return { res, body: await res.json() }
}

describe('GET /xapi/statements', () => {
  it('gives every learning fact as a valid xAPI 1.0.3 statement whose id is the fact id', async () => {
    const { res, body } = await get(learner, '?ascending=true')
    expect(res.headers.get('x-experience-api-version')).toBe('1.0.3')
    expect(body.more).toBe('')
    const st = body.statements as Statement[]
    for (const s of st) expectValidStatement(s)
    expect(st.map((s) => s.verb.id.split('/').pop())).toEqual([
      'experienced',
      'completed',
      'failed',
      'passed',
      'completed',
      'passed',
      'completed',
      'completed',
    ])
    const facts = await env.ctx.db
      .selectFrom('facts')
      .select('id')
      .where('subject_id', '=', learnerId)
      .execute()
    expect(new Set(st.map((s) => s.id))).toEqual(new Set(facts.map((f) => f.id)))
    expect(st.every((s) => s.actor.account.name === learnerId && s.actor.account.homePage === BASE)).toBe(
      true,
    )
    const failed = st[2]!
    expect(failed.object).toEqual({
      objectType: 'Activity',
      id: `${BASE}/courses/vneid-basics/01-install/quiz`,
      definition: {
        type: 'http://adlnet.gov/expapi/activities/assessment',
        name: { vi: 'Cài ứng dụng VNeID', fr: "Installer l'application VNeID", blt: '[TEST FIXTURE] ꪀꪁꪂ ꪃꪄ' },
      },
    })
    expect(failed.result).toEqual({
      score: { scaled: 0.5, raw: 1, min: 0, max: 2 },
      success: false,
      completion: true,
      response: '{"q1":"b","q2":true}',
    })
    expect(st[3]!.context.language).toBe('fr')
    expect(st[7]!.object.id).toBe(`${BASE}/courses/vneid-basics`)
    expect(st[7]!.object.definition.type).toBe('http://adlnet.gov/expapi/activities/course')
  })

  it('pages with limit and a `more` link, and filters by since and until', async () => {
    const seen: string[] = []
    let url = '/xapi/statements?limit=3'
    for (let i = 0; i < 5 && url; i++) {
      const res = await learner.request(url, { headers: H })
      const body = await res.json()
      expect(body.statements.length).toBeLessThanOrEqual(3)
      seen.push(...body.statements.map((s: Statement) => s.id))
      url = body.more
    }
    expect(url).toBe('')
    expect(seen).toHaveLength(8)
    expect(new Set(seen).size).toBe(8)
    const { body: all } = await get(learner, '?ascending=true')
    const middle = all.statements[3].stored
    const { body: since } = await get(
      learner,
      `?since=${encodeURIComponent('2000-01-01T00:00:00Z')}&until=${encodeURIComponent(middle)}`,
    )
    expect(since.statements.every((s: Statement) => s.stored <= middle)).toBe(true)
    const { body: none } = await get(
      learner,
      `?since=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`,
    )
    expect(none.statements).toEqual([])
  })

  it('requires the version header, a sign-in, and valid parameters', async () => {
    const { res: noHeader, body } = await get(learner, '', {})
    expect(noHeader.status).toBe(400)
    expect(body.error.message).toBe('X-Experience-API-Version: required header; send 1.0.3')
    expect((await get(new Client(env.app))).res.status).toBe(401)
    const bad = await get(learner, '?since=yesterday')
    expect(bad.res.status).toBe(400)
    expect(bad.body.error.message).toBe('since: must be an ISO-8601 timestamp')
    expect((await get(learner, '?cursor=nonsense')).body.error.message).toBe(
      'cursor: not a cursor from a "more" link',
    )
  })
})

describe('who may read whose statements (policy)', () => {
  const agent = (id: string) =>
    `?agent=${encodeURIComponent(JSON.stringify({ account: { homePage: BASE, name: id } }))}`

  it('lets a learner read their own statements only', async () => {
    const { body } = await get(other.c)
    expect(body.statements.length).toBe(1)
    expect(body.statements[0].actor.account.name).toBe(other.id)
    const refused = await get(other.c, agent(learnerId))
    expect(refused.res.status).toBe(403)
    expect(refused.body.error.message).toBe('agent: you may not read the learning records of this person')
  })

  it("lets a commune officer read the learners of the commune's villages, not others", async () => {
    const officer = new Client(env.app)
    await officer.login('officer')
    const { body } = await get(officer)
    const people = new Set(body.statements.map((s: Statement) => s.actor.account.name))
    expect(people).toEqual(new Set([learnerId]))
    expect((await get(officer, agent(learnerId))).res.status).toBe(200)
    expect((await get(officer, agent(other.id))).res.status).toBe(403)
  })

  it('lets a province trainer read everyone, and an ambassador (no permission) only themselves', async () => {
    const trainer = new Client(env.app)
    await trainer.login('trainer')
    const { body } = await get(trainer, '?limit=0')
    expect(new Set(body.statements.map((s: Statement) => s.actor.account.name))).toEqual(
      new Set([learnerId, other.id]),
    )
    const amb = new Client(env.app)
    await amb.login('ambassador')
    expect((await get(amb)).body.statements).toEqual([])
    expect((await get(amb, agent(learnerId))).res.status).toBe(403)
  })
})
