import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { expectRebuildEqual as rebuildEqual } from '../../../test/rollups.ts'
import { batchingHooks } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { type FactRow, storeRemoteFact, storeRemoteFacts } from '../facts/facts.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { carry, demoProvinceAndHub } from '../sync/sync.fixtures.ts'
import { signedIn, today, trainingToday } from './events.fixtures.ts'

/**
 * A check-in corrected (decision 0204, amended): the attendance, and the attendance certificate,
 * follow the check-in that stands in its correction tree. A check-in withdrawn as made by mistake
 * takes the attendance away and revokes the certificate issued for it; a correction naming another
 * person moves the attendance to them; on one node, and when two nodes corrected it apart, in every
 * order the facts arrive in.
 */
let env: TestEnv
let officer: Client
let learner: Client

const day = today
const at = (minute: number) => new Date(Date.parse(`${day()}T03:00:00.000Z`) + minute * 60_000).toISOString()

const as = signedIn

/** An AI training of the demo commune's officials, today, made by its officer. */
async function newTraining(c: Client, title: string): Promise<string> {
  const res = await c.request('/events', { json: trainingToday(title, { trainers: ['Giảng viên'] }) })
  expect(res.status).toBe(201)
  return ((await res.json()) as { id: string }).id
}

/** An official registered by the organiser; returns the short code. */
async function register(c: Client, eventId: string, name: string, phone: string): Promise<string> {
  const res = await c.request(`/events/${eventId}/registrations`, { json: { name, phone } })
  expect(res.status).toBe(201)
  return ((await res.json()) as { code: string }).code
}

/** The learner registers themself (an account: the check-in earns a certificate); returns the code. */
async function registerLearner(c: Client, eventId: string): Promise<string> {
  const res = await c.request(`/events/${eventId}/register`, { json: {} })
  expect(res.status).toBe(201)
  return ((await res.json()) as { code: string }).code
}

/** Who the attendance page lists for an event, by name, as its organiser sees it. */
async function present(c: Client, eventId: string): Promise<string[]> {
  const res = await c.request(`/events/${eventId}/attendance`, { headers: { accept: 'application/json' } })
  expect(res.status).toBe(200)
  const json = (await res.json()) as { count: number; present: { name: string }[] }
  expect(json.count).toBe(json.present.length)
  return json.present.map((p) => p.name).sort()
}

/** Sends facts through the facts endpoint; returns the answer. */
async function send(c: Client, facts: unknown[]) {
  const res = await c.request('/api/facts', { json: { facts } })
  return (await res.json()) as {
    stored: string[]
    rejected: { id: string; status: number; message: string; text?: string }[]
  }
}

const checkin = (eventId: string, data: Record<string, unknown>, opts: { corrects?: string } = {}) => ({
  id: uuidv7(),
  kind: 'checkin',
  occurred_at: new Date().toISOString(),
  data: { event_id: eventId, ...data },
  ...(opts.corrects ? { corrects: opts.corrects } : {}),
})

/** The learner's view: is the training listed as checked in, and the certificate's state on their page. */
async function learnerSees(c: Client, eventId: string) {
  const mine = (await (
    await c.request('/events/mine', { headers: { accept: 'application/json' } })
  ).json()) as {
    registrations: { event_id: string; checked_in_at: string | null }[]
  }
  const reg = mine.registrations.find((r) => r.event_id === eventId)
  const certs = await c.request('/my/certificates')
  return { checkedIn: !!reg?.checked_in_at, certificates: await certs.text() }
}

/** The certificates issued for an event, oldest first, with their revocation reason (null: valid). */
const certificatesFor = (e: TestEnv, eventId: string) =>
  e.ctx.db
    .selectFrom('certificates')
    .leftJoin('certificate_revocations as r', 'r.certificate_id', 'certificates.id')
    .select(['certificates.id', 'r.reason'])
    // A revoked attendance certificate is set aside as `<event>#<certificate>`.
    .where((eb) => eb.or([eb('subject_ref', '=', eventId), eb('subject_ref', 'like', `${eventId}#%`)]))
    .orderBy('certificates.id')
    .execute()
const certificateFor = async (e: TestEnv, eventId: string) => (await certificatesFor(e, eventId)).at(-1)

/** The id of the demo learner's registration for an event. */
const learnerRegistration = async (eventId: string) =>
  (
    await env.ctx.db
      .selectFrom('event_registrations as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select('r.id')
      .where('r.event_id', '=', eventId)
      .where('a.username', '=', 'learner')
      .executeTakeFirst()
  )?.id

/** A province figure of the dashboard (all time). */
async function figure(e: TestEnv, indicator: string): Promise<number> {
  const r = await e.ctx.db
    .selectFrom('campaign_rollups')
    .select('value')
    .where('indicator', '=', indicator)
    .where('place_code', '=', PROVINCE_CODE)
    .where('period', '=', 'all')
    .executeTakeFirst()
  return Number(r?.value ?? 0)
}

const expectRebuildEqual = (e: TestEnv) => rebuildEqual(e.ctx)

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  officer = await as(env, 'officer')
  learner = await as(env, 'learner', 'en')
}, 60_000)
afterAll(() => env?.close())

describe('a check-in corrected on one node', () => {
  it('withdrawn: the attendance goes, the certificate is revoked, on the learner’s pages and on /verify', async () => {
    const id = await newTraining(officer, 'Tập huấn AI: điểm danh nhầm')
    const code = await registerLearner(learner, id)
    const before = await figure(env, 'officials_trained_ai')
    const o = checkin(id, { code })
    expect((await send(officer, [o])).stored).toEqual([o.id])
    expect(await present(officer, id)).toEqual(['Người học (demo)'])
    const cert = (await certificateFor(env, id))!
    expect(cert.reason).toBeNull()
    expect((await learnerSees(learner, id)).checkedIn).toBe(true)

    const w = checkin(id, { withdrawn: true }, { corrects: o.id })
    expect(await send(officer, [w])).toEqual({ stored: [w.id], rejected: [] })
    expect(await present(officer, id)).toEqual([])
    expect(await figure(env, 'officials_trained_ai')).toBe(before)
    const seen = await learnerSees(learner, id)
    expect(seen.checkedIn).toBe(false)
    expect(seen.certificates).toContain('Tập huấn AI: điểm danh nhầm')
    expect(seen.certificates).toContain('Revoked')
    const revoked = await certificateFor(env, id)
    expect(revoked!.reason).toBeTruthy()
    // Anyone who scans the certificate's code is told it was revoked, and why, naming nobody.
    const page = await (await new Client(env.app).request(`/verify?id=${cert.id}`)).text()
    expect(page).toContain('<section class="verdict revoked"')
    const api = (await (await new Client(env.app).request(`/api/verify?id=${cert.id}`)).json()) as {
      verdict: string
    }
    expect(api.verdict).toBe('revoked')
    // A check-in withdrawn is already corrected: a second correction of it is refused.
    const again = await send(officer, [checkin(id, { code }, { corrects: o.id })])
    expect(again.rejected[0]!.status).toBe(409)
    expect(again.rejected[0]!.message).toMatch(/^corrects: /)
    await expectRebuildEqual(env)

    // The learner does come after all and is checked in again: present, and a new certificate,
    // valid, beside the revoked one (a revoked credential stays revoked).
    const back = checkin(id, { code })
    expect((await send(officer, [back])).stored).toEqual([back.id])
    expect(await present(officer, id)).toEqual(['Người học (demo)'])
    const both = await certificatesFor(env, id)
    expect(both.map((c) => [c.id === cert.id, !!c.reason])).toEqual([
      [true, true],
      [false, false],
    ])
    expect((await learnerSees(learner, id)).checkedIn).toBe(true)
    await expectRebuildEqual(env)
  })

  it('moved to another person: the attendance follows, the certificate of the one not there is revoked', async () => {
    const id = await newTraining(officer, 'Tập huấn AI: nhầm người')
    const learnerCode = await registerLearner(learner, id)
    const other = await register(officer, id, 'Lò Văn Đúng', '0977000301')
    const o = checkin(id, { code: learnerCode })
    expect((await send(officer, [o])).stored).toEqual([o.id])
    const fix = checkin(id, { code: other }, { corrects: o.id })
    expect(await send(officer, [fix])).toEqual({ stored: [fix.id], rejected: [] })
    expect(await present(officer, id)).toEqual(['Lò Văn Đúng'])
    expect((await learnerSees(learner, id)).checkedIn).toBe(false)
    expect((await certificateFor(env, id))!.reason).toBeTruthy()
    await expectRebuildEqual(env)
  })

  it('a person scanned twice, one scan withdrawn: still present, the certificate kept', async () => {
    const id = await newTraining(officer, 'Tập huấn AI: quét hai lần')
    const code = await registerLearner(learner, id)
    const first = checkin(id, { code })
    const second = checkin(id, { code })
    expect((await send(officer, [first, second])).stored).toHaveLength(2)
    const w = checkin(id, { withdrawn: true }, { corrects: second.id })
    expect((await send(officer, [w])).stored).toEqual([w.id])
    expect(await present(officer, id)).toEqual(['Người học (demo)'])
    expect((await certificateFor(env, id))!.reason).toBeNull()
  })

  it('takes a withdrawal after the door closed (a mistake seen the next day), not a new check-in', async () => {
    const yesterday = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)
    const res = await officer.request('/events', {
      json: {
        title: 'Tập huấn AI: hôm qua',
        kind: 'training',
        topic: 'ai_officials',
        audience: 'Cán bộ, công chức xã',
        place_code: '3166',
        starts_at: `${yesterday}T08:00`,
        ends_at: `${yesterday}T11:00`,
        capacity: 40,
        trainers: ['Giảng viên'],
        sector: 'public_administration',
      },
    })
    expect(res.status).toBe(201)
    const id = ((await res.json()) as { id: string }).id
    const code = await register(officer, id, 'Lò Văn Hôm Qua', '0977000701')
    const o = { ...checkin(id, { code }), occurred_at: `${yesterday}T02:00:00.000Z` }
    expect((await send(officer, [o])).stored).toEqual([o.id])
    expect(await present(officer, id)).toEqual(['Lò Văn Hôm Qua'])
    const late = await send(officer, [checkin(id, { code })])
    expect(late.rejected[0]!.message).toMatch(/^occurred_at: /)
    const w = checkin(id, { withdrawn: true }, { corrects: o.id })
    expect(await send(officer, [w])).toEqual({ stored: [w.id], rejected: [] })
    expect(await present(officer, id)).toEqual([])
  })

  it('withdrawn from the attendance page: every scan of the person, once however often sent', async () => {
    const id = await newTraining(officer, 'Tập huấn AI: rút trên trang')
    const code = await registerLearner(learner, id)
    const scans = [checkin(id, { code }), checkin(id, { code })]
    expect((await send(officer, scans)).stored).toHaveLength(2)
    const other = await register(officer, id, 'Lò Văn Ở Lại', '0977000801')
    expect((await send(officer, [checkin(id, { code: other })])).stored).toHaveLength(1)
    const fr = await as(env, 'officer', 'fr')
    const page = await (await fr.request(`/events/${id}/attendance`)).text()
    expect(page).toContain('Pointé par erreur ?')
    const actions = [...page.matchAll(/<form method="post" action="([^"]+\/withdraw)"/g)].map((m) => m[1]!)
    expect(actions).toHaveLength(2)
    const regId = (await learnerRegistration(id))!
    const action = `/events/${id}/attendance/${regId}/withdraw`
    expect(actions).toContain(action)
    // Someone who may not work the door is refused, and nothing changes.
    expect((await learner.request(action, { form: {} })).status).toBe(403)
    const res = await fr.request(action, { form: {} })
    expect(res.status).toBe(303)
    const after = await (await fr.request(res.headers.get('location')!)).text()
    expect(after).toContain('Le pointage de Người học (demo) a été retiré.')
    expect(await present(officer, id)).toEqual(['Lò Văn Ở Lại'])
    expect((await certificateFor(env, id))!.reason).toBeTruthy()
    const withdrawals = () =>
      env.ctx.db
        .selectFrom('facts')
        .select('id')
        .where('kind', '=', 'checkin')
        .where(
          'corrects',
          'in',
          scans.map((f) => f.id),
        )
        .execute()
    expect(await withdrawals()).toHaveLength(2)
    // Sent again (a double tap): nothing stands any more, nothing is written.
    expect((await fr.request(action, { form: {} })).status).toBe(303)
    expect(await withdrawals()).toHaveLength(2)
    await expectRebuildEqual(env)
  })

  it('refuses a withdrawal that corrects nothing, or that names a person, naming the field', async () => {
    const id = await newTraining(officer, 'Tập huấn AI: rút điểm danh sai')
    const fr = await as(env, 'officer', 'fr')
    const lone = await send(fr, [checkin(id, { withdrawn: true })])
    expect(lone.rejected[0]!.status).toBe(400)
    expect(lone.rejected[0]!.message).toMatch(/^withdrawn: /)
    expect(lone.rejected[0]!.text).toMatch(/corrige/)
    const both = await send(officer, [checkin(id, { withdrawn: true, code: 'ACDEFG' })])
    expect(both.rejected[0]!.status).toBe(400)
    expect(both.rejected[0]!.message).toMatch(/data\.withdrawn: /)
    // A correction stays with the event of the check-in it corrects.
    const elsewhere = await newTraining(officer, 'Tập huấn AI: sự kiện khác')
    const code = await register(officer, id, 'Lò Văn Sai Chỗ', '0977000901')
    const o = checkin(id, { code })
    expect((await send(officer, [o])).stored).toEqual([o.id])
    const moved = await send(fr, [checkin(elsewhere, { withdrawn: true }, { corrects: o.id })])
    expect(moved.rejected[0]!.message).toMatch(/^event_id: /)
    expect(moved.rejected[0]!.text).toMatch(/événement/)
    expect(await present(officer, id)).toEqual(['Lò Văn Sai Chỗ'])
  })
})

describe('an event moved to another commune after its check-ins', () => {
  // A node of its own, as the event is moved behind the service's back.
  let moved: TestEnv
  beforeAll(async () => {
    moved = await testEnv()
    await demoPeople(moved.ctx)
  }, 60_000)
  afterAll(() => moved?.close())

  it('keeps them when one is withdrawn', async () => {
    const id = await newTraining(await as(moved, 'officer'), 'Tập huấn AI: chuyển xã')
    const code = await registerLearner(await as(moved, 'learner'), id)
    const scans = [checkin(id, { code }), checkin(id, { code })]
    expect((await send(await as(moved, 'officer'), scans)).stored).toHaveLength(2)
    const other = await moved.ctx.db
      .selectFrom('places')
      .select('code')
      .where('kind', '=', 'commune')
      .where('code', '!=', '3166')
      .orderBy('code')
      .executeTakeFirstOrThrow()
    // An edit here is refused once people came (events-place.test.ts); the move still arrives as
    // the version of a node that had not seen these check-ins, written to the row as sync writes it.
    await moved.ctx.db.updateTable('events').set({ place_code: other.code }).where('id', '=', id).execute()
    const admin = await as(moved, 'admin')
    const w = checkin(id, { withdrawn: true }, { corrects: scans[1]!.id })
    expect(await send(admin, [w])).toEqual({ stored: [w.id], rejected: [] })
    expect(await present(admin, id)).toEqual(['Người học (demo)'])
    expect((await certificateFor(moved, id))!.reason).toBeNull()
    // The check-ins count where they were made, live as rebuilt.
    await expectRebuildEqual(moved)
  })
})

let seq = 0
/** A fact as it arrives from another node: checked where it was made, stored here as it is. */
function row(
  origin: string,
  data: Record<string, unknown>,
  opts: { corrects?: string; minute: number },
): FactRow {
  const when = at(opts.minute)
  seq++
  return {
    id: uuidv7(),
    kind: 'checkin',
    origin_node: origin,
    seq,
    actor_id: null,
    subject_id: null,
    place_code: '3166',
    occurred_at: when,
    recorded_at: when,
    data: JSON.stringify(data),
    hash: `checkin-fork-${seq}`,
    corrects: opts.corrects ?? null,
  }
}

const oneByOne = (rows: FactRow[]) =>
  rows.reduce<Promise<void>>(
    (p, r) => p.then(() => inTransaction(env.ctx, (tx) => storeRemoteFact(tx, r))),
    Promise.resolve(),
  )
const onePage = (rows: FactRow[]) =>
  inTransaction(env.ctx, (tx) => batchingHooks(tx, () => storeRemoteFacts(tx, rows)))

type Order = { name: string; arrive: (o: FactRow, a: FactRow, b: FactRow) => Promise<void> }
const ORDERS: Order[] = [
  { name: 'O, A, B one by one', arrive: (o, a, b) => oneByOne([o, a, b]) },
  { name: 'O, B, A one by one', arrive: (o, a, b) => oneByOne([o, b, a]) },
  { name: 'B, A, then O (corrections before the original)', arrive: (o, a, b) => oneByOne([b, a, o]) },
  { name: 'A, O, B in one sync page', arrive: (o, a, b) => onePage([a, o, b]) },
  { name: 'B then O and A in one page', arrive: (o, a, b) => oneByOne([b]).then(() => onePage([o, a])) },
]

describe('a check-in corrected on two nodes apart, arriving in every order', () => {
  let n = 0
  /** The certificates of the event still valid (the learner's, the only one with an account). */
  const valid = async (id: string) => (await certificatesFor(env, id)).filter((c) => !c.reason).length
  for (const order of ORDERS) {
    it(`withdrawn on one, moved to the learner later on the other: the learner only; ${order.name}`, async () => {
      const id = await newTraining(officer, `Tập huấn AI: rẽ nhánh ${++n}`)
      const one = await register(officer, id, 'Lò Văn Một', `09770004${String(n).padStart(2, '0')}`)
      const mine = await registerLearner(learner, id)
      const o = row('hub-a', { event_id: id, code: one }, { minute: 1 })
      const a = row('hub-a', { event_id: id, withdrawn: true }, { minute: 2, corrects: o.id })
      const b = row('province', { event_id: id, code: mine }, { minute: 3, corrects: o.id })
      await order.arrive(o, a, b)
      expect(await present(officer, id)).toEqual(['Người học (demo)'])
      expect(await valid(id)).toBe(1)
    })
    it(`moved to the learner on one, withdrawn later on the other: nobody; ${order.name}`, async () => {
      const id = await newTraining(officer, `Tập huấn AI: rút sau ${++n}`)
      const one = await register(officer, id, 'Lò Văn Một', `09770004${String(n).padStart(2, '0')}`)
      const mine = await registerLearner(learner, id)
      const o = row('hub-a', { event_id: id, code: one }, { minute: 1 })
      const a = row('hub-a', { event_id: id, code: mine }, { minute: 2, corrects: o.id })
      const b = row('province', { event_id: id, withdrawn: true }, { minute: 3, corrects: o.id })
      await order.arrive(o, a, b)
      expect(await present(officer, id)).toEqual([])
      expect(await valid(id)).toBe(0)
      expect((await learnerSees(learner, id)).checkedIn).toBe(false)
    })
  }
  it('after every order above, the live rollups equal a rebuild from the facts', async () => {
    await expectRebuildEqual(env)
  })
})

describe('a check-in made on a hub, withdrawn there and moved at the province apart', () => {
  let province: TestEnv
  let hub: TestEnv
  /** Both ways, as a hub's sync does. */
  async function meet() {
    expect((await carry(hub, province)).result.refused).toEqual([])
    expect((await carry(province, hub)).result.refused).toEqual([])
  }
  beforeAll(async () => {
    ;({ province, hub } = await demoProvinceAndHub())
  }, 60_000)
  afterAll(async () => {
    await province?.close()
    await hub?.close()
  })

  it('ends with the later correction on both nodes, the certificate revoked on both, rebuilds equal', async () => {
    const id = await newTraining(await as(province, 'officer'), 'Tập huấn AI: hai nơi')
    const code = await registerLearner(await as(province, 'learner', 'en'), id)
    const other = await register(await as(province, 'officer'), id, 'Lò Văn Đúng', '0977000601')
    expect((await carry(province, hub)).result.refused).toEqual([])

    // Checked in at the door on the hub; the province issues the certificate when it arrives.
    const hubOfficer = await as(hub, 'officer')
    const o = checkin(id, { code })
    expect((await send(hubOfficer, [o])).stored).toEqual([o.id])
    await meet()
    const cert = (await certificateFor(province, id))!
    expect(cert.reason).toBeNull()
    expect(await certificateFor(hub, id)).toEqual(cert)

    // Apart: the hub withdraws it, then the province, not knowing, moves it to the other official.
    const w = {
      ...checkin(id, { withdrawn: true }, { corrects: o.id }),
      occurred_at: new Date().toISOString(),
    }
    expect((await send(hubOfficer, [w])).stored).toEqual([w.id])
    await new Promise((ok) => setTimeout(ok, 5))
    const m = checkin(id, { code: other }, { corrects: o.id })
    expect((await send(await as(province, 'officer'), [m])).stored).toEqual([m.id])
    expect(await present(hubOfficer, id)).toEqual([])
    expect(await present(await as(province, 'officer'), id)).toEqual(['Lò Văn Đúng'])

    await meet()
    for (const e of [province, hub]) {
      expect(await present(await as(e, 'officer'), id)).toEqual(['Lò Văn Đúng'])
      const seen = await learnerSees(await as(e, 'learner', 'en'), id)
      expect(seen.checkedIn).toBe(false)
      expect(seen.certificates).toContain('Revoked')
      await expectRebuildEqual(e)
    }
    const page = await (await new Client(province.app).request(`/verify?id=${cert.id}`)).text()
    expect(page).toContain('<section class="verdict revoked"')
  })
})
