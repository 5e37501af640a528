import { createHash, createPrivateKey, sign } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/core/ids.ts'
import { nodeKeyName } from '../../src/core/node-identity.ts'
import { getSecret, loadSecret, sealerOf } from '../../src/core/secrets.ts'
import { canonicalJson } from '../../src/domains/facts/canonical.ts'
import { MAGIC } from '../../src/domains/sync/sync.bundle.ts'
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
  waitFor,
} from './nodes.ts'

/**
 * Three real servers on loopback: the province (on PostgreSQL when HOCSO_TEST_DATABASE_URL is
 * set, else SQLite), hub A for the commune of Mường Chà (3166), and hub B for one of its villages
 * (3166-001), whose clock runs three hours behind. Records are made on each while they are apart,
 * then exchanged by network and by bundle in several orders, with processes killed halfway.
 */
const PG = process.env.HOCSO_TEST_DATABASE_URL
const WORK = join(tmpdir(), `hocso-sync-${process.pid}`)
const A_SCOPE = '3166'
const B_SCOPE = '3166-001'
const SKEW = -3 * 3_600_000

const P = provinceNode(WORK, PG)
const A = new HocsoNode({ name: 'hubA', root: WORK })
// Hub B allows stamps up to four hours ahead of its clock (HOCSO_MAX_CLOCK_DRIFT; five minutes
// by default), so the province's edits apply there as soon as they arrive despite the skew.
const B = new HocsoNode({
  name: 'hubB',
  root: WORK,
  env: { HOCSO_CLOCK_SKEW_MS: String(SKEW), HOCSO_MAX_CLOCK_DRIFT: String(4 * 3600) },
})
const ids = { A: '', B: '', P: '' }
let traderId = ''

const file = (name: string) => join(WORK, name)
const db = (n: HocsoNode) => n.open()

/** A node's private signing key, as the node itself reads it: sealed in its database (decision 0165). */
async function nodeKeyPem(n: HocsoNode, id: string): Promise<string> {
  const sealer = sealerOf(loadSecret(n.dir, undefined))
  const pem = await getSecret((await db(n)).db, sealer, nodeKeyName(id))
  if (!pem) throw new Error(`node ${id} has no signing key in its database`)
  return pem
}

async function factIds(n: HocsoNode): Promise<Set<string>> {
  return new Set((await (await db(n)).db.selectFrom('facts').select('id').execute()).map((r) => r.id))
}

/** The hub's whole holdings against the province's records of the hub's scope. */
const compare = (hub: HocsoNode, scope: string, hubId: string) => scopeDiff(hub, P, scope, hubId)

/** A bundle forged with hub B's real key, holding what B should never send. */
function forgeBundle(from: string, to: string, keyPem: string, entries: unknown[]): Buffer {
  const payload = brotliCompressSync(Buffer.from(entries.map((e) => JSON.stringify(e)).join('\n')))
  const unsigned = {
    format: 1,
    id: uuidv7(),
    from,
    from_key: '',
    to,
    created_at: new Date().toISOString(),
    answer_to: null,
    vector: { changes: {}, facts: {} },
    covers: [],
    counts: { changes: 0, facts: entries.length, files: 0 },
    payload: {
      encoding: 'br',
      bytes: payload.length,
      sha256: createHash('sha256').update(payload).digest('hex'),
    },
  }
  const signature = sign(null, Buffer.from(canonicalJson(unsigned)), createPrivateKey(keyPem)).toString(
    'base64url',
  )
  const head = Buffer.from(JSON.stringify({ ...unsigned, signature }))
  return Buffer.concat([
    Buffer.from(MAGIC),
    Buffer.from(`${String(head.length).padStart(10, '0')}\n`),
    head,
    payload,
  ])
}

beforeAll(async () => {
  for (const n of [P, A, B]) n.port = await freePort()
  // Hub B needs nothing of the province to start; hub A asks the province to join as it starts.
  await Promise.all([
    startSeededProvince(P).then(() => A.start(['--hub', '--upstream', P.url, '--sync-every', '3600'])),
    B.start(),
  ])
  ids.P = await P.nodeId()
  ids.A = await A.nodeId()
  ids.B = await B.nodeId()
}, 600_000)

afterAll(async () => {
  for (const n of [P, A, B]) await n.destroy()
}, 120_000)

describe.sequential('province, hub A (commune) and hub B (village, clock 3 h behind)', () => {
  it('lets a hub ask to join over the network, an officer approve it, and the hub receive its scope and content', async () => {
    await waitFor('hub A to ask to join', async () => {
      const r = await (await db(P)).db
        .selectFrom('sync_nodes')
        .select('role')
        .where('node_id', '=', ids.A)
        .executeTakeFirst()
      return r?.role === 'pending'
    })
    const officer = new Browser(P.url)
    await officer.login('officer')
    const page = await (await officer.request('/admin/hubs')).text()
    expect(page).toContain(ids.A)
    const key = await nodeKeyPem(A, ids.A)
    expect(key).toContain('PRIVATE KEY')
    const pending = await (await db(P)).db
      .selectFrom('sync_nodes')
      .selectAll()
      .where('node_id', '=', ids.A)
      .executeTakeFirstOrThrow()
    const res = await officer.request('/admin/hubs', {
      form: { node: ids.A, public_key: pending.public_key, scope_code: A_SCOPE, name: 'Hub Mường Chà' },
    })
    expect(res.status).toBe(303)
    const sync = await ok(A.cli(['hub', 'sync']))
    expect(sync.stdout).toMatch(/received \d+/)
    const logins = (await (await db(A)).db.selectFrom('accounts').select('username').execute()).map(
      (r) => r.username,
    )
    expect(logins.sort()).toEqual(['ambassador', 'learner', 'officer'])
    const courses = async (n: HocsoNode) =>
      Number(
        (
          await (
            await db(n)
          ).db
            .selectFrom('courses')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await courses(A)).toBe(await courses(P))
    expect(await courses(A)).toBeGreaterThan(0)
    await expectRollupsEqualRebuild(P, A, B)
  }, 600_000)

  it('registers a hub by hand and gives it its first records by bundle', async () => {
    await registerByHand(P, B, B_SCOPE)
    const out = await ok(P.cli(['bundle', 'export', '--for', ids.B, file('p1.hocso')]))
    expect(out.stdout).toContain('written to')
    const imp = await ok(B.cli(['bundle', 'import', file('p1.hocso'), '--answer', file('b1-answer.hocso')]))
    expect(imp.stdout).toMatch(/new records/)
    const logins = (await (await db(B)).db.selectFrom('accounts').select('username').execute()).map(
      (r) => r.username,
    )
    expect(logins.sort()).toEqual(['ambassador', 'learner'])
    await ok(P.cli(['bundle', 'import', file('b1-answer.hocso'), '--no-answer']))
    await expectRollupsEqualRebuild(P, A, B)
  }, 300_000)

  it('converges after records made apart on each node, exchanged by network and by bundle in several orders', async () => {
    // The demo data already holds facts of the demo village; count what this test adds.
    const start = { a: await A.factCount(), b: await B.factCount() }
    const households = async (n: HocsoNode) =>
      Number(
        (
          await (
            await db(n)
          ).db
            .selectFrom('outreach_households')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('village_code', '=', B_SCOPE)
            .executeTakeFirstOrThrow()
        ).n,
      )
    const startHouseholds = await households(B)
    const pOfficer = new Browser(P.url)
    await pOfficer.login('officer')
    const t = await pOfficer.request('/market/traders', {
      json: { name: 'Lò Văn Sáng', place_code: B_SCOPE, market: 'Chợ Mường Chà', products: 'Chè, mật ong' },
    })
    expect(t.status).toBe(201)
    traderId = ((await t.json()) as { id: string }).id
    await postFacts(pOfficer, [
      household('3166-002', 'P1'),
      household('3166-002', 'P2'),
      household(B_SCOPE, 'P3'),
    ])

    const aAmb = new Browser(A.url)
    await aAmb.login('ambassador')
    await postFacts(aAmb, [
      household(B_SCOPE, 'A1'),
      household(B_SCOPE, 'A2', false),
      household(B_SCOPE, 'A3'),
    ])
    const aOfficer = new Browser(A.url)
    await aOfficer.login('officer')
    await postFacts(aOfficer, [household('3166-003', 'A4')])

    const bAmb = new Browser(B.url)
    await bAmb.login('ambassador')
    await postFacts(bAmb, [
      household(B_SCOPE, 'B1', true, SKEW),
      household(B_SCOPE, 'B2', true, SKEW),
      household(B_SCOPE, 'A1', false, SKEW),
    ])
    const signup = await new Browser(B.url).request('/signup', {
      json: {
        display_name: 'Lò Thị Hoa',
        phone: '0912000111',
        password: 'hoc-so-123',
        place_code: B_SCOPE,
        consent: true,
      },
    })
    expect(signup.status).toBe(201)

    // Order: B's bundle reaches the province first, then A syncs, then B gets the answer, then B and A by network.
    await ok(B.cli(['bundle', 'export', '--for', 'upstream', file('b2.hocso')]))
    await ok(P.cli(['bundle', 'import', file('b2.hocso'), '--answer', file('p2.hocso')]))
    await ok(A.cli(['hub', 'sync']))
    await ok(B.cli(['bundle', 'import', file('p2.hocso'), '--no-answer']))
    await ok(B.cli(['hub', 'sync']))
    await ok(A.cli(['hub', 'sync']))

    const all = await factIds(P)
    for (const n of [A, B]) for (const id of await factIds(n)) expect(all.has(id)).toBe(true)
    const a = await compare(A, A_SCOPE, ids.A)
    expect(a.diff).toEqual([])
    const b = await compare(B, B_SCOPE, ids.B)
    expect(b.diff).toEqual([])
    // Exactly the new records of each scope: 7 of the village (P3, A1–A3, B1, B2 and B's A1), 10 of the commune.
    expect(b.hub.facts!.count).toBe(start.b + 7)
    expect(a.hub.facts!.count).toBe(start.a + 10)
    // Six households: A1 was checked twice (on A and on B); the later check is the one kept, on every node.
    expect(await households(B)).toBe(startHouseholds + 6)
    expect(await households(A)).toBe(await households(B))
    // The person who signed up on hub B reached the province and hub A (their village is in both scopes).
    for (const n of [P, A])
      expect(
        await (await db(n)).db
          .selectFrom('accounts')
          .select('id')
          .where('phone', '=', '0912000111')
          .executeTakeFirst(),
      ).toBeTruthy()
    // A's records of another village never reach the village hub B.
    const bLabels = (await (await db(B)).db.selectFrom('outreach_households').select('label').execute()).map(
      (r) => r.label,
    )
    expect(bLabels).not.toContain('A4')
    await expectRollupsEqualRebuild(P, A, B)
  }, 600_000)

  it('changes nothing when the same bundle is imported twice', async () => {
    const before = await compare(B, B_SCOPE, ids.B)
    const count = await P.factCount()
    const again = await ok(P.cli(['bundle', 'import', file('b2.hocso'), '--no-answer']))
    expect(again.stdout).toContain('0 new records')
    expect(again.stdout).toContain('imported before: nothing changed')
    expect(await P.factCount()).toBe(count)
    const after = await compare(B, B_SCOPE, ids.B)
    expect(after.province).toEqual(before.province)
    await expectRollupsEqualRebuild(P, A, B)
  }, 300_000)

  it('counts once on the province what a new learner learned on hub A, carried by bundle; a network sync then changes nothing', async () => {
    const learners = async (n: HocsoNode, place: string) =>
      Number(
        (
          await (
            await db(n)
          ).db
            .selectFrom('campaign_rollups')
            .select('value')
            .where('indicator', '=', 'learners')
            .where('place_code', '=', place)
            .where('period', '=', 'all')
            .executeTakeFirst()
        )?.value ?? 0,
      )
    const before = { province: await learners(P, '11'), commune: await learners(P, A_SCOPE) }
    // A new person signs up on the hub (no network needed) and learns a lesson of the hub's copy
    // of the course: the lesson ids are the hub's own, made from the same content as the province's.
    const learner = new Browser(A.url)
    const signup = await learner.request('/signup', {
      json: {
        display_name: 'Quàng Thị Én',
        phone: '0912000222',
        password: 'hoc-so-123',
        place_code: '3166-002',
        consent: true,
      },
    })
    expect(signup.status).toBe(201)
    await learner.login('0912000222', 'hoc-so-123')
    const lesson = await (await db(A)).db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', 'paying-without-cash')
      .where('current', '=', 1)
      .orderBy('position')
      .executeTakeFirstOrThrow()
    const at = new Date().toISOString()
    const learned = [
      { id: uuidv7(), kind: 'lesson_opened', occurred_at: at, data: { lesson_id: lesson.id, lang: 'vi' } },
      { id: uuidv7(), kind: 'lesson_completed', occurred_at: at, data: { lesson_id: lesson.id, lang: 'vi' } },
    ]
    await postFacts(learner, learned)

    await ok(A.cli(['bundle', 'export', '--for', 'upstream', file('a-learning.hocso')]))
    await ok(P.cli(['bundle', 'import', file('a-learning.hocso'), '--no-answer']))
    const count = await P.factCount()
    for (const f of learned)
      expect(
        await (await db(P)).db.selectFrom('facts').select('id').where('id', '=', f.id).execute(),
      ).toHaveLength(1)
    // Applied, not held: the province's progress and its dashboards show the new learner once.
    expect(
      await (await db(P)).db.selectFrom('sync_held').select('seq').where('origin_node', '=', ids.A).execute(),
    ).toEqual([])
    const progress = await (await db(P)).db
      .selectFrom('learning_progress')
      .innerJoin('accounts', 'accounts.id', 'learning_progress.account_id')
      .select('learning_progress.completed_at')
      .where('accounts.phone', '=', '0912000222')
      .executeTakeFirstOrThrow()
    expect(progress.completed_at).not.toBeNull()
    expect(await learners(P, '11')).toBe(before.province + 1)
    expect(await learners(P, A_SCOPE)).toBe(before.commune + 1)

    await ok(A.cli(['hub', 'sync']))
    expect(await P.factCount()).toBe(count)
    expect(await learners(P, '11')).toBe(before.province + 1)
    expect((await compare(A, A_SCOPE, ids.A)).diff).toEqual([])
    await expectRollupsEqualRebuild(P, A, B)
  }, 300_000)

  it('merges concurrent edits by hybrid clock despite hours of clock skew, the same on every node', async () => {
    const pOfficer = new Browser(P.url)
    await pOfficer.login('officer')
    const bAmb = new Browser(B.url)
    await bAmb.login('ambassador')
    // Concurrent: the province and hub B (three hours behind) change the account without seeing each other.
    expect(
      (
        await pOfficer.request(`/market/traders/${traderId}/bank`, {
          json: { bank_bin: '970405', bank_account: '111111' },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await bAmb.request(`/market/traders/${traderId}/bank`, {
          json: { bank_bin: '970418', bank_account: '222222' },
        })
      ).status,
    ).toBe(200)
    await ok(B.cli(['hub', 'sync']))
    await ok(A.cli(['hub', 'sync']))
    const bank = async (n: HocsoNode) =>
      await (await db(n)).db
        .selectFrom('traders')
        .select(['bank_account', 'hlc', 'origin_node'])
        .where('id', '=', traderId)
        .executeTakeFirstOrThrow()
    // The province's stamp is hours ahead: its edit wins everywhere, though B's came later in real time.
    expect((await bank(P)).bank_account).toBe('111111')
    expect(await bank(B)).toEqual(await bank(P))
    expect(await bank(A)).toEqual(await bank(P))
    // Having seen it, B's next edit is stamped after it (the clock observes), so it wins everywhere.
    expect(
      (
        await bAmb.request(`/market/traders/${traderId}/bank`, {
          json: { bank_bin: '970418', bank_account: '333333' },
        })
      ).status,
    ).toBe(200)
    await ok(B.cli(['bundle', 'export', '--for', 'upstream', file('b3.hocso')]))
    await ok(P.cli(['bundle', 'import', file('b3.hocso'), '--answer', file('p3.hocso')]))
    await ok(A.cli(['hub', 'sync']))
    for (const n of [P, A, B]) expect((await bank(n)).bank_account).toBe('333333')
    expect((await compare(A, A_SCOPE, ids.A)).diff).toEqual([])
    expect((await compare(B, B_SCOPE, ids.B)).diff).toEqual([])
    await expectRollupsEqualRebuild(P, A, B)
  }, 600_000)

  it('keeps the losing side of a concurrent edit for an officer, whose choice reaches every node', async () => {
    const pOfficer = new Browser(P.url)
    await pOfficer.login('officer')
    const aOfficer = new Browser(A.url)
    await aOfficer.login('officer')
    await ok(A.cli(['hub', 'sync']))
    const bank = (n: HocsoNode) => bankAccountOf(n, traderId)
    // Apart: the province, then hub A a moment later (its later stamp wins the merge).
    const edit = (b: Browser, account: string) =>
      b.request(`/market/traders/${traderId}/bank`, { json: { bank_bin: '970405', bank_account: account } })
    expect((await edit(pOfficer, '444444')).status).toBe(200)
    await new Promise((r) => setTimeout(r, 20))
    expect((await edit(aOfficer, '555555')).status).toBe(200)
    await ok(A.cli(['hub', 'sync']))
    await ok(A.cli(['hub', 'sync']))
    expect(await bank(P)).toBe('555555')
    expect(await bank(A)).toBe('555555')
    // The province's value is not blanked: it is kept, beside the winner, for an officer.
    const open = async (n: HocsoNode) =>
      await (await db(n)).db
        .selectFrom('sync_conflicts')
        .selectAll()
        .where('row_key', '=', traderId)
        .where('lost_row', 'like', '%444444%')
        .execute()
    const [conflict] = await open(P)
    expect(conflict).toMatchObject({ tbl: 'traders', lost_node: ids.P, kept_node: ids.A, resolved_at: null })
    expect((await open(A)).map((c) => c.id)).toEqual([conflict!.id])
    const page = await (await pOfficer.request('/admin/hubs')).text()
    expect(page).toContain('Chỉnh sửa cùng lúc ở hai nơi, cần chọn')
    expect(page).toContain(`/admin/hubs/conflicts/${conflict!.id}`)
    expect(page).toMatch(/bank_account<\/b>: 555555/)
    expect(page).toMatch(/bank_account<\/b>: 444444/)
    expect(page).toContain(`sửa trên ${ids.P}`)
    expect(page).toContain(`sửa trên ${ids.A}`)
    // The officer keeps the province's value: written back as a new edit, it wins everywhere.
    const keep = await pOfficer.request(`/admin/hubs/conflicts/${conflict!.id}`, { form: { keep: 'lost' } })
    expect(keep.status).toBe(303)
    expect(await bank(P)).toBe('444444')
    await ok(A.cli(['hub', 'sync']))
    await ok(B.cli(['hub', 'sync']))
    for (const n of [P, A, B]) expect(await bank(n)).toBe('444444')
    const [onA] = await open(A)
    expect(onA).toMatchObject({ resolution: 'restored' })
    expect(onA!.resolved_at).not.toBeNull()
    expect(await (await pOfficer.request('/admin/hubs')).text()).not.toContain(conflict!.id)
    // Settled once: a second choice is refused, saying so.
    const again = await pOfficer.request(`/admin/hubs/conflicts/${conflict!.id}`, { json: { keep: 'kept' } })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain(
      'already resolved',
    )
    expect((await compare(A, A_SCOPE, ids.A)).diff).toEqual([])
    expect((await compare(B, B_SCOPE, ids.B)).diff).toEqual([])
    await expectRollupsEqualRebuild(P, A, B)
  }, 600_000)

  it('refuses whole a bundle cut short, altered, or from an unregistered node, and refuses records outside the hub’s scope', async () => {
    const bAmb = new Browser(B.url)
    await bAmb.login('ambassador')
    await postFacts(bAmb, [household(B_SCOPE, 'B9', true, SKEW)])
    await ok(B.cli(['bundle', 'export', '--for', 'upstream', file('b4.hocso')]))
    const good = readFileSync(file('b4.hocso'))
    const before = await P.factCount()
    writeFileSync(file('cut.hocso'), good.subarray(0, Math.floor(good.length * 0.7)))
    const cut = await P.cli(['bundle', 'import', file('cut.hocso')])
    expect(cut.code).toBe(65)
    expect(cut.stderr).toMatch(/bundle cut short: \d+ of \d+ bytes are present; nothing was imported/)
    const bent = Buffer.from(good)
    bent[bent.length - 20] = bent[bent.length - 20]! ^ 0x01
    writeFileSync(file('bent.hocso'), bent)
    const altered = await P.cli(['bundle', 'import', file('bent.hocso')])
    expect(altered.code).toBe(65)
    expect(altered.stderr).toContain('bundle altered: its checksum does not match; nothing was imported')
    // A node the province never registered writes a bundle for it.
    const C = new HocsoNode({ name: 'stranger', root: WORK })
    await ok(P.cli(['hub', 'identity', '--out', file('p.json')]))
    await ok(C.cli(['hub', 'register', file('p.json'), '--scope', A_SCOPE]))
    await ok(C.cli(['bundle', 'export', '--for', ids.P, file('c.hocso')]))
    const idC = (JSON.parse((await ok(C.cli(['hub', 'identity']))).stdout) as { node: string }).node
    const foreign = await P.cli(['bundle', 'import', file('c.hocso')])
    expect(foreign.code).toBe(65)
    expect(foreign.stderr).toContain(
      `bundle from node ${idC}, which is not registered here; nothing was imported`,
    )
    await C.destroy()
    expect(await P.factCount()).toBe(before)
    // Hub B's real key, but a household of a village outside B's scope: refused and reported, the rest kept.
    const keyPem = await nodeKeyPem(B, ids.B)
    const outside = household('3166-002', 'X1')
    const row = {
      id: outside.id,
      kind: outside.kind,
      origin_node: ids.B,
      seq: 1_000_000,
      actor_id: null,
      subject_id: null,
      place_code: '3166-002',
      occurred_at: outside.occurred_at,
      recorded_at: outside.occurred_at,
      data: canonicalJson(outside.data),
      hash: 'x',
      corrects: null,
    }
    writeFileSync(
      file('forged.hocso'),
      forgeBundle(ids.B, ids.P, keyPem, [{ s: 'facts', o: ids.B, q: row.seq, f: row }]),
    )
    const forged = await ok(P.cli(['bundle', 'import', file('forged.hocso'), '--no-answer']))
    expect(forged.stdout).toContain(
      `refused: fact ${outside.id}: place 3166-002 is outside the hub's scope ${B_SCOPE}`,
    )
    expect((await factIds(P)).has(outside.id)).toBe(false)
    // The same over the network, in a signed push: refused, and listed for the officers.
    const { signRequest } = await import('../../src/domains/sync/sync.auth.ts')
    const other = { ...row, id: uuidv7(), seq: 1_000_001 }
    const body = gzipSync(
      JSON.stringify({
        entries: [{ s: 'facts', o: ids.B, q: other.seq, f: other }],
        covers: [],
        more: false,
      }),
    )
    const headers = signRequest(
      { nodeId: ids.B, privateKey: createPrivateKey(keyPem), publicKey: '' },
      new Date(),
      'POST',
      '/api/sync/push',
      body,
    )
    const res = await fetch(`${P.url}/api/sync/push`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    })
    const answer = (await res.json()) as { refused: { reason: string }[] }
    expect(answer.refused.map((r) => r.reason)).toEqual([
      `fact ${other.id}: place 3166-002 is outside the hub's scope ${B_SCOPE}`,
    ])
    const officer = new Browser(P.url)
    await officer.login('officer')
    const page = await (await officer.request('/admin/hubs')).text()
    expect(page).toMatch(/Bản ghi bị từ chối<\/dt><dd>2<\/dd>/)
    expect(page).toContain(`fact ${other.id}: place 3166-002 is outside the hub`)
    // The good bundle still goes in.
    await ok(P.cli(['bundle', 'import', file('b4.hocso'), '--no-answer']))
    expect(await P.factCount()).toBe(before + 1)
    await expectRollupsEqualRebuild(P, A, B)
  }, 600_000)

  it('loses nothing and doubles nothing when the province is killed in the middle of a hub’s push', async () => {
    const aOfficer = new Browser(A.url)
    await aOfficer.login('officer')
    const villages = ['3166-001', '3166-002', '3166-003', '3166-004']
    await postFacts(
      aOfficer,
      Array.from({ length: 3000 }, (_, i) => household(villages[i % 4]!, `K${i % 700}`, i % 3 === 0)),
    )
    const ofA = await A.factCount(ids.A)
    const start = await P.factCount(ids.A)
    const sync = A.spawn(['hub', 'sync', '--page-size', '100'])
    await waitFor(
      'the push to be halfway',
      async () => {
        const n = await P.factCount(ids.A)
        return n > start + 200 && n < ofA ? n : false
      },
      120_000,
      20,
    )
    await P.kill9()
    await new Promise((r) => sync.proc.once('exit', r))
    expect(sync.proc.exitCode).not.toBe(0)
    await P.start()
    await ok(A.cli(['hub', 'sync']))
    expect(await P.factCount(ids.A)).toBe(ofA)
    expect((await compare(A, A_SCOPE, ids.A)).diff).toEqual([])
    expect((await compare(B, B_SCOPE, ids.B)).diff).not.toEqual([])
    await ok(B.cli(['hub', 'sync']))
    expect((await compare(B, B_SCOPE, ids.B)).diff).toEqual([])
    await expectRollupsEqualRebuild(P, A, B)
  }, 900_000)

  it('loses nothing and doubles nothing when a hub is killed in the middle of a pull, and resumes on restart', async () => {
    const pOfficer = new Browser(P.url)
    await pOfficer.login('officer')
    await postFacts(
      pOfficer,
      Array.from({ length: 2500 }, (_, i) => household(`3166-00${(i % 4) + 2}`, `M${i % 600}`)),
    )
    const want = await P.factCount()
    const aOfficer = new Browser(A.url)
    await aOfficer.login('officer')
    const before = await A.factCount()
    expect((await aOfficer.request('/admin/hubs/sync', { form: {} })).status).toBe(303)
    await waitFor(
      'the pull to be halfway',
      async () => {
        const n = await A.factCount()
        return n > before && n < before + 2500 ? n : false
      },
      120_000,
      20,
    )
    await A.kill9()
    const partial = await A.factCount()
    expect(partial).toBeLessThan(before + 2500)
    // Restarted in hub mode, it syncs at once and picks up from the last page it committed.
    await A.start(['--hub', '--upstream', P.url, '--sync-every', '3600'])
    await waitFor(
      'hub A to catch up',
      async () => (await compare(A, A_SCOPE, ids.A)).diff.length === 0,
      300_000,
      500,
    )
    expect(await P.factCount()).toBe(want)
    await expectRollupsEqualRebuild(P, A, B)
  }, 900_000)

  it('applies nothing when killed in the middle of a bundle import, then everything once', async () => {
    const pOfficer = new Browser(P.url)
    await pOfficer.login('officer')
    await postFacts(
      pOfficer,
      Array.from({ length: 4000 }, (_, i) => household(B_SCOPE, `N${i % 800}`)),
    )
    await ok(P.cli(['bundle', 'export', '--for', ids.B, file('p5.hocso')]))
    const before = await B.factCount()
    const imp = B.spawn(['bundle', 'import', file('p5.hocso'), '--no-answer'])
    // The bar starts inside the import's transaction, once the bundle is verified: kill it there.
    await waitFor('the import to be applying', async () => /applying\s+\[/.test(imp.out()), 120_000, 5)
    imp.proc.kill('SIGKILL')
    await new Promise((r) => imp.proc.once('exit', r))
    expect(await B.factCount()).toBe(before)
    const again = await ok(B.cli(['bundle', 'import', file('p5.hocso'), '--no-answer']))
    expect(again.stdout).toContain('4000 new records')
    expect(await B.factCount()).toBe(before + 4000)
    expect((await compare(B, B_SCOPE, ids.B)).diff).toEqual([])
    await expectRollupsEqualRebuild(P, A, B)
  }, 900_000)

  it('refuses a revoked hub, over the network and by bundle, saying so', async () => {
    const officer = new Browser(P.url)
    await officer.login('officer')
    expect((await officer.request(`/admin/hubs/${ids.B}/revoke`, { form: {} })).status).toBe(303)
    const sync = await B.cli(['hub', 'sync'])
    expect(sync.code).not.toBe(0)
    expect(sync.stderr).toContain(`node ${ids.B} was revoked on`)
    await ok(B.cli(['bundle', 'export', '--for', 'upstream', file('b6.hocso')]))
    const imp = await P.cli(['bundle', 'import', file('b6.hocso')])
    expect(imp.code).toBe(65)
    expect(imp.stderr).toMatch(
      new RegExp(`bundle from node ${ids.B}, whose key was revoked on .*; nothing was imported`),
    )
    await expectRollupsEqualRebuild(P, A, B)
  }, 300_000)
})
