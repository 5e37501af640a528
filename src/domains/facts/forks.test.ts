import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { rollupRows } from '../../../test/rollups.ts'
import { batchingHooks } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { type FactRow, storeRemoteFact, storeRemoteFacts } from './facts.service.ts'

/**
 * Every kind that can be corrected, corrected twice apart (decision 0204): an original O, and two
 * corrections of it, A made on one node and B on another, that meet later. B is the later
 * (`occurred_at`, then id), so B's branch is the one that counts, on every node, whatever the
 * order the three arrive in: the dashboard counts B only, the lists show B only, and the rollups
 * equal a rebuild from the facts.
 */
let env: TestEnv
let festival: string
let officer: Client

const day = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
/** A time on the festival's day, minutes after 03:00 UTC (10:00 in Điện Biên). */
const at = (minute: number) => new Date(Date.parse(`${day()}T03:00:00.000Z`) + minute * 60_000).toISOString()

let seq = 0
/** A fact as it arrives from another node: checked where it was made, stored here as it is. */
function row(
  origin: string,
  kind: string,
  data: Record<string, unknown>,
  opts: { corrects?: string; minute: number; place?: string },
): FactRow {
  const when = at(opts.minute)
  seq++
  return {
    id: uuidv7(),
    kind,
    origin_node: origin,
    seq,
    actor_id: null,
    subject_id: null,
    place_code: opts.place ?? null,
    occurred_at: when,
    recorded_at: when,
    data: JSON.stringify(data),
    hash: `fork-test-${seq}`,
    corrects: opts.corrects ?? null,
  }
}

type Order = { name: string; arrive: (o: FactRow, a: FactRow, b: FactRow) => Promise<void> }

const oneByOne = (rows: FactRow[]) =>
  rows.reduce<Promise<void>>(
    (p, r) => p.then(() => inTransaction(env.ctx, (tx) => storeRemoteFact(tx, r))),
    Promise.resolve(),
  )
const onePage = (rows: FactRow[]) =>
  inTransaction(env.ctx, (tx) => batchingHooks(tx, () => storeRemoteFacts(tx, rows)))

/** The orders the three facts may arrive in: the second correction last or first, both before the original. */
const ORDERS: Order[] = [
  { name: 'O, A, B one by one', arrive: (o, a, b) => oneByOne([o, a, b]) },
  { name: 'O, B, A one by one', arrive: (o, a, b) => oneByOne([o, b, a]) },
  { name: 'B, A, then O (corrections before the original)', arrive: (o, a, b) => oneByOne([b, a, o]) },
  { name: 'A, O, B in one sync page', arrive: (o, a, b) => onePage([a, o, b]) },
  { name: 'B then O and A in one page', arrive: (o, a, b) => oneByOne([b]).then(() => onePage([o, a])) },
]

/** A province figure of the dashboard (all time). */
async function figure(indicator: string): Promise<number> {
  const r = await env.ctx.db
    .selectFrom('campaign_rollups')
    .select('value')
    .where('indicator', '=', indicator)
    .where('place_code', '=', PROVINCE_CODE)
    .where('period', '=', 'all')
    .executeTakeFirst()
  return Number(r?.value ?? 0)
}

const snapshot = () => rollupRows(env.ctx)

/** The figures a scenario moves, read before and after, as differences. */
async function change(indicators: string[], run: () => Promise<void>): Promise<Record<string, number>> {
  const before = await Promise.all(indicators.map(figure))
  await run()
  const after = await Promise.all(indicators.map(figure))
  return Object.fromEntries(indicators.map((k, i) => [k, after[i]! - before[i]!]))
}

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  officer = new Client(env.app)
  await officer.login('officer')
  const res = await officer.request('/events', {
    form: {
      title: 'Ngày hội chuyển đổi số xã Mường Chà',
      kind: 'festival',
      topic: 'digital_skills',
      audience: 'Mọi người dân',
      place_code: '3166',
      starts_at: `${day()}T00:00`,
      ends_at: `${day()}T23:00`,
      capacity: '500',
      trainers: 'Ban tổ chức',
    },
  })
  expect(res.status).toBe(303)
  festival = res.headers.get('location')!.split('/').pop()!
}, 60_000)
afterAll(() => env?.close())

describe('a help record corrected on two nodes apart', () => {
  const help = (what: string) => ({
    what,
    whom: 'anonymous',
    sex: 'female',
    age_band: '36_59',
    village: '3166-001',
  })
  for (const order of ORDERS)
    it(`counts and lists the later correction only: ${order.name}`, async () => {
      const o = row('hub-a', 'help_given', help('vneid_install'), { minute: 1, place: '3166-001' })
      const a = row('hub-a', 'help_given', help('payment_account'), {
        minute: 2,
        place: '3166-001',
        corrects: o.id,
      })
      const b = row('province', 'help_given', help('first_cashless'), {
        minute: 3,
        place: '3166-001',
        corrects: o.id,
      })
      const moved = await change(
        [
          'help_given',
          'help_given.what.vneid_install',
          'help_given.what.payment_account',
          'help_given.what.first_cashless',
        ],
        () => order.arrive(o, a, b),
      )
      expect(moved).toEqual({
        help_given: 1,
        'help_given.what.vneid_install': 0,
        'help_given.what.payment_account': 0,
        'help_given.what.first_cashless': 1,
      })
      const log = (await (await officer.request('/api/help?place=3166-001')).json()) as {
        entries: { id: string }[]
      }
      const ids = log.entries.map((e) => e.id)
      expect(ids).toContain(b.id)
      expect(ids).not.toContain(a.id)
      expect(ids).not.toContain(o.id)
    })
})

describe('a festival headcount corrected on two nodes apart', () => {
  const count = (visitors: number) => ({ event_id: festival, visitors, booth: 'Gian cài VNeID' })
  for (const order of ORDERS)
    it(`counts and lists the later correction only: ${order.name}`, async () => {
      const o = row('hub-a', 'festival_headcount', count(1500), { minute: 1, place: '3166' })
      const a = row('hub-a', 'festival_headcount', count(150), { minute: 2, place: '3166', corrects: o.id })
      const b = row('province', 'festival_headcount', count(160), {
        minute: 3,
        place: '3166',
        corrects: o.id,
      })
      const moved = await change(['festival_attendance'], () => order.arrive(o, a, b))
      expect(moved).toEqual({ festival_attendance: 160 })
      const page = (await (
        await officer.request(`/events/${festival}/headcount`, { headers: { accept: 'application/json' } })
      ).json()) as { headcounts: { id: string }[] }
      const ids = page.headcounts.map((h) => h.id)
      expect(ids).toContain(b.id)
      expect(ids).not.toContain(a.id)
      expect(ids).not.toContain(o.id)
    })
})

describe('a household check corrected on two nodes apart, each to another household label', () => {
  const check = (household: string) => ({
    village: '3166-002',
    household,
    smartphone: true,
    internet: true,
    vneid_all_adults: false,
    payment_account: false,
    online_public_services: false,
    course_completed: false,
  })
  for (const [i, order] of ORDERS.entries())
    it(`counts and lists the later correction only: ${order.name}`, async () => {
      const label = (n: number) => `Tổ ${i + 1}-0${n}`
      const o = row('hub-a', 'household_checked', check(label(1)), { minute: 1, place: '3166-002' })
      const a = row('hub-a', 'household_checked', check(label(2)), {
        minute: 2,
        place: '3166-002',
        corrects: o.id,
      })
      const b = row('province', 'household_checked', check(label(3)), {
        minute: 3,
        place: '3166-002',
        corrects: o.id,
      })
      const moved = await change(['households_checked'], () => order.arrive(o, a, b))
      expect(moved).toEqual({ households_checked: 1 })
      const listed = await env.ctx.db
        .selectFrom('outreach_households')
        .select('label')
        .where('village_code', '=', '3166-002')
        .where('label', 'like', `Tổ ${i + 1}-%`)
        .execute()
      expect(listed.map((r) => r.label)).toEqual([label(3)])
    })
})

describe('a household check corrected on one node to another label', () => {
  it('lists the household under the new label only, counted once', async () => {
    const check = (household: string, corrects?: string) => ({
      id: uuidv7(),
      kind: 'household_checked',
      occurred_at: new Date().toISOString(),
      data: { village: '3166-003', household, smartphone: true, internet: false },
      ...(corrects ? { corrects } : {}),
    })
    const send = async (fact: ReturnType<typeof check>) => {
      const res = await officer.request('/api/facts', { json: { facts: [fact] } })
      expect(await res.json()).toEqual({ stored: [fact.id], rejected: [] })
    }
    const typo = check('Tổ 9-01')
    const moved = await change(['households_checked'], async () => {
      await send(typo)
      await send(check('Tổ 9-02', typo.id))
    })
    expect(moved).toEqual({ households_checked: 1 })
    const listed = await env.ctx.db
      .selectFrom('outreach_households')
      .select('label')
      .where('village_code', '=', '3166-003')
      .execute()
    expect(listed.map((r) => r.label)).toEqual(['Tổ 9-02'])
  })
})

describe("a trader's checklist tick corrected on two nodes apart, each to another step", () => {
  let n = 0
  for (const order of ORDERS)
    it(`counts and ticks the later correction only: ${order.name}`, async () => {
      const created = await officer.request('/market/traders', {
        json: { name: `Quầy rau ${++n}`, place_code: '3166-002', market: 'Chợ Mường Chà', products: 'Rau' },
      })
      expect(created.status).toBe(201)
      const trader = ((await created.json()) as { id: string }).id
      const tick = (step: string) => ({ trader_id: trader, step, done: true })
      const o = row('hub-a', 'trader_step', tick('payment_account'), { minute: 1, place: '3166-002' })
      const a = row('hub-a', 'trader_step', tick('vietqr_at_stall'), {
        minute: 2,
        place: '3166-002',
        corrects: o.id,
      })
      const b = row('province', 'trader_step', tick('received_transfer'), {
        minute: 3,
        place: '3166-002',
        corrects: o.id,
      })
      const moved = await change(
        ['trader_step.payment_account', 'trader_step.vietqr_at_stall', 'trader_step.received_transfer'],
        () => order.arrive(o, a, b),
      )
      expect(moved).toEqual({
        'trader_step.payment_account': 0,
        'trader_step.vietqr_at_stall': 0,
        'trader_step.received_transfer': 1,
      })
      const ticked = await env.ctx.db
        .selectFrom('trader_steps')
        .select('step')
        .where('trader_id', '=', trader)
        .where('done', '=', 1)
        .execute()
      expect(ticked.map((r) => r.step)).toEqual(['received_transfer'])
    })
})

describe('a check-in corrected on two nodes apart, each to another person', () => {
  let n = 0
  for (const order of ORDERS)
    it(`counts the later correction only: ${order.name}`, async () => {
      const walkIn = (name: string) => ({
        event_id: festival,
        name,
        phone: `09${String(1_000_000 + ++n * 10).padStart(8, '0')}`,
      })
      const o = row('hub-a', 'checkin', walkIn('Lò Văn Một'), { minute: 1, place: '3166' })
      const a = row('hub-a', 'checkin', walkIn('Lò Văn Hai'), { minute: 2, place: '3166', corrects: o.id })
      const b = row('province', 'checkin', walkIn('Lò Văn Ba'), { minute: 3, place: '3166', corrects: o.id })
      const moved = await change(['festival_attendance'], () => order.arrive(o, a, b))
      expect(moved).toEqual({ festival_attendance: 1 })
    })
})

describe('after every fork above', () => {
  it('the live rollups equal a rebuild from the facts', async () => {
    const live = await snapshot()
    await rebuildRollups(env.ctx)
    expect(await snapshot()).toEqual(live)
  })
})
