import { copyFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/core/ids.ts'
import {
  Browser,
  bankAccountOf,
  expectRollupsEqualRebuild,
  freePort,
  HocsoNode,
  household,
  ok,
  postFacts,
  provinceNode,
  registerByHand,
  scopeDiff,
  startSeededProvince,
} from './nodes.ts'

/**
 * What a village hub meets after the first weeks, on real processes: the province (PostgreSQL
 * when HOCSO_TEST_DATABASE_URL is set, else SQLite) and hub A for the commune of Mường Chà (3166).
 * After every scenario: the hub holds exactly the province's records of its scope, nothing is
 * lost or doubled, and the live rollups on each node equal a rebuild from the facts.
 */
const PG = process.env.HOCSO_TEST_DATABASE_URL
const WORK = join(tmpdir(), `hocso-hubs-${process.pid}`)
const SCOPE = '3166'
// A strong password, as real accounts need (TEST_PASSWORD of test/factories.ts, whose import would
// bring the in-process test harness and its database schema into this file's child processes).
const TEST_PASSWORD = 'Ruộng-bậc-thang-2026'

const P = provinceNode(WORK, PG)
const A = new HocsoNode({ name: 'hubA', root: WORK })
const ids = { A: '', P: '' }
const file = (name: string) => join(WORK, name)
const db = (n: HocsoNode) => n.open()
let trader = ''

/** Everything the scenarios check at their end. */
async function converged(hubNode = A, scope = SCOPE, hubId = ids.A): Promise<void> {
  expect((await scopeDiff(hubNode, P, scope, hubId)).diff).toEqual([])
  for (const n of [hubNode, P]) {
    const ids = await n.factIds()
    expect(new Set(ids).size).toBe(ids.length)
  }
  await expectRollupsEqualRebuild(hubNode, P)
}

beforeAll(async () => {
  for (const n of [P, A]) n.port = await freePort()
  await startSeededProvince(P)
  await registerByHand(P, A, SCOPE)
  await ok(A.cli(['hub', 'sync']))
  await A.start()
  ids.A = await A.nodeId()
  ids.P = await P.nodeId()
}, 600_000)

afterAll(async () => {
  for (const n of [P, A]) await n.destroy()
}, 120_000)

describe.sequential('a commune hub in the real world', () => {
  it('restored from its backup, notices it, pulls back what it lost with the disk and loses nothing made since', async () => {
    const officer = new Browser(A.url)
    await officer.login('officer')
    const before = await postFacts(officer, [household('3166-001', 'R1'), household('3166-002', 'R2')])
    await ok(A.cli(['hub', 'sync']))
    await ok(A.cli(['backup', file('a-backup.sqlite')]))

    // After the backup: records that reach the province, then the disk dies.
    const lost = await postFacts(officer, [
      household('3166-001', 'L1'),
      household('3166-002', 'L2'),
      household('3166-003', 'L3'),
    ])
    const t = await officer.request('/market/traders', {
      json: { name: 'Lò Văn Khoa', place_code: '3166-001', market: 'Chợ Mường Chà', products: 'Gạo' },
    })
    expect(t.status).toBe(201)
    trader = ((await t.json()) as { id: string }).id
    await ok(A.cli(['hub', 'sync']))
    for (const id of [...before, ...lost]) expect(await P.factIds()).toContain(id)

    // Restored the way the README says: stop, copy the backup in place, start.
    await A.stop()
    await A.close()
    for (const ext of ['', '-wal', '-shm']) rmSync(join(A.dir, `hocso.sqlite${ext}`), { force: true })
    copyFileSync(file('a-backup.sqlite'), join(A.dir, 'hocso.sqlite'))
    await A.start()
    for (const id of lost) expect(await A.factIds()).not.toContain(id)

    // New records before the first sync take the numbers the province already holds.
    const again = new Browser(A.url)
    await again.login('officer')
    const since = await postFacts(again, [household('3166-001', 'N1'), household('3166-004', 'N2')])
    const sync = await ok(A.cli(['hub', 'sync']))
    expect(sync.stdout).toContain('this hub was restored from a backup')

    const onA = await A.factIds()
    const onP = await P.factIds()
    for (const id of [...before, ...lost, ...since]) {
      expect(onA).toContain(id)
      expect(onP).toContain(id)
    }
    const traders = async (n: HocsoNode) =>
      (await (await db(n)).db.selectFrom('traders').select('id').where('id', '=', trader).execute()).length
    expect(await traders(A)).toBe(1)
    // Held or refused on neither side, counted once.
    expect(await (await db(P)).db.selectFrom('sync_held').selectAll().execute()).toEqual([])
    expect((await P.factIds(ids.A)).sort()).toEqual((await A.factIds(ids.A)).sort())

    // The next record travels like any other, and a sync after that has nothing left to do.
    const next = await postFacts(again, [household('3166-002', 'N3')])
    await ok(A.cli(['hub', 'sync']))
    expect(await P.factIds()).toContain(next[0])
    const idle = await ok(A.cli(['hub', 'sync']))
    expect(idle.stdout).toContain('sent 0, received 0')
    expect(idle.stdout).not.toContain('restored')
    await converged()
  }, 900_000)

  it('applies what a fresh hub held for want of course files as soon as they arrive, and its dashboards equal a rebuild', async () => {
    // A learner of another commune learns a lesson at the province; that commune's hub starts
    // from a bundle without the course files.
    const village = await (await db(P)).db
      .selectFrom('places')
      .select('code')
      .where('kind', '=', 'village')
      .where('code', 'not like', `${SCOPE}-%`)
      .orderBy('code')
      .executeTakeFirstOrThrow()
    const scope = village.code.split('-')[0]!
    const learner = new Browser(P.url)
    expect(
      (
        await learner.request('/signup', {
          json: {
            display_name: 'Lò Thị Hạnh',
            phone: '0912000333',
            password: 'hoc-so-123',
            place_code: village.code,
            consent: true,
          },
        })
      ).status,
    ).toBe(201)
    await learner.login('0912000333', 'hoc-so-123')
    const lesson = await (await db(P)).db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', 'paying-without-cash')
      .where('current', '=', 1)
      .orderBy('position')
      .executeTakeFirstOrThrow()
    const at = new Date().toISOString()
    await postFacts(learner, [
      { id: uuidv7(), kind: 'lesson_opened', occurred_at: at, data: { lesson_id: lesson.id, lang: 'vi' } },
      { id: uuidv7(), kind: 'lesson_completed', occurred_at: at, data: { lesson_id: lesson.id, lang: 'vi' } },
    ])
    const V = new HocsoNode({ name: 'hubV', root: WORK })
    try {
      V.port = await freePort()
      const idV = await registerByHand(P, V, scope)
      await ok(P.cli(['bundle', 'export', '--for', idV, file('v1.hocso')]))
      await ok(V.cli(['bundle', 'import', file('v1.hocso'), '--no-answer']))
      const held = async () =>
        Number(
          (
            await (
              await db(V)
            ).db
              .selectFrom('sync_held')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
      // Lessons the hub does not know yet: the learners' records wait.
      expect(await held()).toBeGreaterThan(0)
      const status = await ok(V.cli(['hub', 'status']))
      expect(status.stdout).toMatch(/held\s*:?\s*[1-9]/)
      // Nothing new comes by network but the course files: the held records apply all the same.
      const sync = await ok(V.cli(['hub', 'sync']))
      expect(sync.stdout).toMatch(/content files [1-9]/)
      expect(sync.stdout).toContain('held 0')
      expect(await held()).toBe(0)
      await converged(V, scope, idV)
    } finally {
      await V.close()
      await V.destroy()
    }
  }, 900_000)

  it('holds an edit stamped a day ahead by a hub whose clock is wrong, tells it and the officers, and keeps the province on time', async () => {
    const DAY = 86_400_000
    const W = new HocsoNode({ name: 'hubW', root: WORK, env: { HOCSO_CLOCK_SKEW_MS: String(DAY) } })
    try {
      W.port = await freePort()
      await registerByHand(P, W, '3166-001')
      const first = await ok(W.cli(['hub', 'sync']))
      expect(first.stdout).toContain("warning: the hub's clock is 24.0 h ahead of the upstream's")
      await W.start()
      const idW = await W.nodeId()
      const amb = new Browser(W.url)
      await amb.login('ambassador')
      expect(
        (
          await amb.request(`/market/traders/${trader}/bank`, {
            json: { bank_bin: '970418', bank_account: '999999' },
          })
        ).status,
      ).toBe(200)
      const [fact] = await postFacts(amb, [household('3166-001', 'W1')])
      // Later in real time, at the province.
      const officer = new Browser(P.url)
      await officer.login('officer')
      expect(
        (
          await officer.request(`/market/traders/${trader}/bank`, {
            json: { bank_bin: '970405', bank_account: '111111' },
          })
        ).status,
      ).toBe(200)
      await ok(W.cli(['hub', 'sync']))
      const bank = async (n: HocsoNode) =>
        await (await db(n)).db
          .selectFrom('traders')
          .select(['bank_account', 'hlc'])
          .where('id', '=', trader)
          .executeTakeFirstOrThrow()
      // The province keeps its own edit; the hub's is held, not lost, with the reason.
      expect((await bank(P)).bank_account).toBe('111111')
      const held = await (await db(P)).db
        .selectFrom('sync_held')
        .select('reason')
        .where('origin_node', '=', idW)
        .execute()
      expect(held.map((h) => h.reason).join('\n')).toContain(
        `by node ${idW}, whose clock is wrong; held until then`,
      )
      // The province's clock did not follow: its next edit is stamped now, not tomorrow.
      expect(
        (
          await officer.request(`/market/traders/${trader}/bank`, {
            json: { bank_bin: '970405', bank_account: '222222' },
          })
        ).status,
      ).toBe(200)
      expect(Number((await bank(P)).hlc.slice(0, 16))).toBeLessThan(Date.now() + 10 * 60_000)
      // The hub's household check arrived today, whatever the hub's clock said.
      const arrived = await (await db(P)).db
        .selectFrom('facts')
        .select('recorded_at')
        .where('id', '=', fact!)
        .executeTakeFirstOrThrow()
      expect(Date.parse(arrived.recorded_at)).toBeLessThan(Date.now() + 10 * 60_000)
      // Both pages say so.
      const page = await (await officer.request('/admin/hubs')).text()
      expect(page).toContain('the hub&#39;s clock is 24.0 h ahead of this server&#39;s')
      expect((await ok(W.cli(['hub', 'status']))).stdout).toContain(
        "the hub's clock is 24.0 h ahead of the upstream's",
      )
      await ok(A.cli(['hub', 'sync']))
      await converged()
    } finally {
      await W.close()
      await W.destroy()
    }
  }, 900_000)

  it('takes its upstream’s time when its own clock is a day behind: holds nothing of the province’s, an edit made later in real time wins, and both sides are told', async () => {
    const DAY = 86_400_000
    const S = new HocsoNode({ name: 'hubS', root: WORK, env: { HOCSO_CLOCK_SKEW_MS: String(-DAY) } })
    try {
      S.port = await freePort()
      const idS = await registerByHand(P, S, '3166-001')
      // Everything the province holds of the village was stamped today: tomorrow, by this hub's clock.
      const first = await ok(S.cli(['hub', 'sync']))
      expect(first.stdout).toContain("warning: the hub's clock is 24.0 h behind the upstream's")
      expect(first.stdout).toContain('held 0')
      await converged(S, '3166-001', idS)

      // The hub runs with its own sync, which learns the province's time as it starts.
      await S.start(['--hub', '--upstream', P.url, '--sync-every', '3600'])
      await expect.poll(() => S.output.includes('hub sync done'), { timeout: 60_000 }).toBe(true)
      // Concurrent edits: the province first, then the hub a minute later in real time, neither
      // having seen the other. The later one wins on both nodes, as it would with a right clock.
      const officer = new Browser(P.url)
      await officer.login('officer')
      const bank = (b: Browser, account: string) =>
        b.request(`/market/traders/${trader}/bank`, { json: { bank_bin: '970405', bank_account: account } })
      expect((await bank(officer, '333333')).status).toBe(200)
      const amb = new Browser(S.url)
      await amb.login('ambassador')
      expect((await bank(amb, '444444')).status).toBe(200)
      const again = await ok(S.cli(['hub', 'sync']))
      expect(again.stdout).toContain('held 0')
      expect(await bankAccountOf(P, trader)).toBe('444444')
      expect(await bankAccountOf(S, trader)).toBe('444444')
      // The officers see the hub's clock on the hubs page.
      const page = await (await officer.request('/admin/hubs')).text()
      expect(page).toContain('the hub&#39;s clock is 24.0 h behind this server&#39;s')
      await converged(S, '3166-001', idS)
    } finally {
      await S.close()
      await S.destroy()
    }
  }, 900_000)

  it('counts at the province a training, its registrations and check-ins made on the hub, and the certificate the province signs verifies on every node', async () => {
    const rollup = async (n: HocsoNode, indicator: string, place: string) =>
      Number(
        (
          await (
            await db(n)
          ).db
            .selectFrom('campaign_rollups')
            .select('value')
            .where('indicator', '=', indicator)
            .where('place_code', '=', place)
            .where('period', '=', 'all')
            .executeTakeFirst()
        )?.value ?? 0,
      )
    const start = {
      held: await rollup(P, 'ai_trainings_held', SCOPE),
      trained: await rollup(P, 'officials_trained_ai', '11'),
    }
    const officer = new Browser(A.url)
    await officer.login('officer')
    const hour = 3_600_000
    const ev = await officer.request('/events', {
      json: {
        title: 'Tập huấn AI cho cán bộ xã Mường Chà',
        kind: 'training',
        topic: 'ai_officials',
        sector: 'public_administration',
        audience: 'Cán bộ, công chức xã',
        place_code: SCOPE,
        starts_at: new Date(Date.now() - hour).toISOString(),
        ends_at: new Date(Date.now() + 2 * hour).toISOString(),
        capacity: 30,
        trainers: ['Lò Văn Tâm', 'Quàng Thị Mai'],
      },
    })
    expect(ev.status).toBe(201)
    const eventId = ((await ev.json()) as { id: string }).id
    const learner = new Browser(A.url)
    await learner.login('learner')
    const reg = await learner.request(`/events/${eventId}/register`, { json: {} })
    expect(reg.status).toBe(201)
    const { code } = (await reg.json()) as { code: string }
    await postFacts(officer, [
      {
        id: uuidv7(),
        kind: 'checkin',
        occurred_at: new Date().toISOString(),
        data: { event_id: eventId, code },
      },
    ])
    const learnerId = (
      await (
        await db(A)
      ).db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'learner')
        .executeTakeFirstOrThrow()
    ).id
    const member = await officer.request('/groups/3166-001/members', { json: { account_id: learnerId } })
    expect(member.status).toBe(201)
    const target = await officer.request('/dashboard/targets', {
      json: { indicator: 'ai_trainings_held', scope_code: SCOPE, value: 4, deadline: '2027-06-30' },
    })
    expect(target.status).toBe(201)
    const targetId = ((await target.json()) as { id: string }).id
    const certificates = async (n: HocsoNode) =>
      await (await db(n)).db
        .selectFrom('certificates')
        .select(['id', 'origin_node'])
        .where('account_id', '=', learnerId)
        .where('kind', '=', 'event')
        .where('subject_ref', '=', eventId)
        .execute()
    // The hub holds no key that signs: the attendance is recorded, the certificate is not made here.
    expect(await certificates(A)).toEqual([])

    await ok(A.cli(['hub', 'sync']))
    // At the province: the training with its trainers, the registration, the attendance, counted.
    const pdb = (await db(P)).db
    expect(
      (
        await pdb
          .selectFrom('event_trainers')
          .select('name')
          .where('event_id', '=', eventId)
          .orderBy('position')
          .execute()
      ).map((r) => r.name),
    ).toEqual(['Lò Văn Tâm', 'Quàng Thị Mai'])
    expect(
      await pdb.selectFrom('event_attendance').select('event_id').where('event_id', '=', eventId).execute(),
    ).toHaveLength(1)
    expect(
      await pdb
        .selectFrom('outreach_group_members')
        .select('id')
        .where('account_id', '=', learnerId)
        .execute(),
    ).toHaveLength(1)
    expect(
      await pdb.selectFrom('campaign_targets').select('id').where('id', '=', targetId).execute(),
    ).toHaveLength(1)
    // (The day-ahead hub of the scenario before left its held edit: only hub A's records matter here.)
    expect(await pdb.selectFrom('sync_held').selectAll().where('origin_node', '=', ids.A).execute()).toEqual(
      [],
    )
    expect(await rollup(P, 'ai_trainings_held', SCOPE)).toBe(start.held + 1)
    expect(await rollup(P, 'officials_trained_ai', '11')).toBe(start.trained + 1)
    // The province signed the attendance certificate as the check-in arrived; it comes down to the hub.
    const [cert] = await certificates(P)
    expect(cert?.origin_node).toBe(ids.P)
    await ok(A.cli(['hub', 'sync']))
    expect(await certificates(A)).toEqual([cert])
    const page = await (await learner.request('/my/certificates')).text()
    expect(page).toContain('Tập huấn AI cho cán bộ xã Mường Chà')

    // Verified by its id on both nodes, and as a pasted credential at the province.
    const verdict = async (n: HocsoNode) => {
      const r = await fetch(`${n.url}/api/verify?id=${cert!.id}`)
      expect(r.status).toBe(200)
      const body = (await r.json()) as { verdict: string; reason?: string; detail?: string }
      return body.verdict === 'valid' || body.verdict === 'revoked' ? body.verdict : JSON.stringify(body)
    }
    expect(await verdict(P)).toBe('valid')
    expect(await verdict(A)).toBe('valid')
    const credential = await (await learner.request(`/certificates/${cert!.id}/credential.json`)).text()
    const pasted = await fetch(`${P.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credential,
    })
    expect(((await pasted.json()) as { verdict: string }).verdict).toBe('valid')
    const onHub = await fetch(`${A.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credential,
    })
    expect(((await onHub.json()) as { verdict: string }).verdict).toBe('valid')

    // Revoked at the province: the hub says so after its next sync, from the province's records.
    await ok(
      P.cli(['create-admin', '--login', 'quantri.tinh', '--name', 'Quản trị tỉnh'], {
        HOCSO_ADMIN_PASSWORD: TEST_PASSWORD,
      }),
    )
    const admin = new Browser(P.url)
    await admin.login('quantri.tinh', TEST_PASSWORD)
    const revoke = await admin.request(`/admin/certificates/${cert!.id}/revoke`, {
      form: { reason: 'Cấp nhầm người' },
    })
    expect(revoke.status).toBe(303)
    expect(await verdict(P)).toBe('revoked')
    await ok(A.cli(['hub', 'sync']))
    expect(await verdict(A)).toBe('revoked')
    await converged()
  }, 900_000)

  it('signs at the province the certificate of a course completed on the hub, which verifies on both nodes', async () => {
    const learner = new Browser(A.url)
    const phone = '0912000444'
    expect(
      (
        await learner.request('/signup', {
          json: {
            display_name: 'Quàng Văn Sơn',
            phone,
            password: 'hoc-so-456',
            place_code: '3166-001',
            consent: true,
          },
        })
      ).status,
    ).toBe(201)
    await learner.login(phone, 'hoc-so-456')
    const adb = (await db(A)).db
    const learnerId = (
      await adb.selectFrom('accounts').select('id').where('phone', '=', phone).executeTakeFirstOrThrow()
    ).id
    // The shortest course, every lesson done and every quiz answered right, as the phone records it.
    const [shortest] = await adb
      .selectFrom('lessons')
      .select(['course_slug', (eb) => eb.fn.countAll<number>().as('n')])
      .where('current', '=', 1)
      .groupBy('course_slug')
      .orderBy('n')
      .orderBy('course_slug')
      .execute()
    const slug = shortest!.course_slug
    const lessons = await adb
      .selectFrom('lessons')
      .select(['id', 'has_quiz'])
      .where('course_slug', '=', slug)
      .where('current', '=', 1)
      .orderBy('position')
      .execute()
    type Question =
      | { id: string; type: 'single' | 'multiple'; choices: { id: string; correct?: boolean }[] }
      | { id: string; type: 'truefalse'; answer: boolean }
      | { id: string; type: 'order'; steps: { id: string }[] }
    const right = (q: Question) =>
      q.type === 'truefalse'
        ? q.answer
        : q.type === 'order'
          ? q.steps.map((x) => x.id)
          : q.type === 'single'
            ? q.choices.find((c) => c.correct)!.id
            : q.choices.filter((c) => c.correct).map((c) => c.id)
    const at = () => new Date().toISOString()
    for (const lesson of lessons) {
      const facts: ({ id: string } & Record<string, unknown>)[] = [
        {
          id: uuidv7(),
          kind: 'lesson_completed',
          occurred_at: at(),
          data: { lesson_id: lesson.id, lang: 'vi' },
        },
      ]
      if (lesson.has_quiz) {
        const quiz = await adb
          .selectFrom('lesson_quizzes')
          .select('questions')
          .where('lesson_id', '=', lesson.id)
          .where('lang', '=', 'vi')
          .executeTakeFirstOrThrow()
        const answers = Object.fromEntries(
          (JSON.parse(quiz.questions) as Question[]).map((q) => [q.id, right(q)]),
        )
        facts.push({
          id: uuidv7(),
          kind: 'quiz_attempt',
          occurred_at: at(),
          data: { lesson_id: lesson.id, lang: 'vi', answers },
        })
      }
      await postFacts(learner, facts)
    }
    const certificates = async (n: HocsoNode) =>
      await (await db(n)).db
        .selectFrom('certificates')
        .select(['id', 'origin_node'])
        .where('account_id', '=', learnerId)
        .where('kind', '=', 'course')
        .execute()
    // Completed on the hub, which signs nothing.
    expect(
      await adb
        .selectFrom('facts')
        .select('id')
        .where('kind', '=', 'course_completed')
        .where('subject_id', '=', learnerId)
        .execute(),
    ).toHaveLength(1)
    expect(await certificates(A)).toEqual([])

    await ok(A.cli(['hub', 'sync']))
    const [cert] = await certificates(P)
    expect(cert?.origin_node).toBe(ids.P)
    await ok(A.cli(['hub', 'sync']))
    expect(await certificates(A)).toEqual([cert])
    for (const n of [P, A]) {
      const r = await fetch(`${n.url}/api/verify?id=${cert!.id}`)
      expect(((await r.json()) as { verdict: string }).verdict).toBe('valid')
    }
    // The credential the learner downloads from the hub verifies when pasted at the province.
    const credential = await (await learner.request(`/certificates/${cert!.id}/credential.json`)).text()
    const pasted = await fetch(`${P.url}/api/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: credential,
    })
    expect(((await pasted.json()) as { verdict: string }).verdict).toBe('valid')
    await converged()
  }, 600_000)

  it('refuses create-admin on a hub, saying where administrators are made, and creates no account', async () => {
    const accounts = async () =>
      Number(
        (
          await (
            await db(A)
          ).db
            .selectFrom('accounts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await accounts()
    const r = await A.cli(['create-admin', '--login', 'quantri.xa', '--name', 'Lò Văn Quản'], {
      HOCSO_ADMIN_PASSWORD: TEST_PASSWORD,
    })
    expect(r.code).toBe(69)
    expect(r.stderr).toContain(
      `create-admin: this node is a hub (scope ${SCOPE}) of the province node ${ids.P}; administrators are made on the province.`,
    )
    expect(r.stderr).toContain('Nothing was created.')
    expect(await accounts()).toBe(before)
    // Nothing new travels to the province either.
    await ok(A.cli(['hub', 'sync']))
    expect(
      await (await db(P)).db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'quantri.xa')
        .execute(),
    ).toEqual([])
    await converged()
  }, 300_000)
})
