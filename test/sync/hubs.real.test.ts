import { copyFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '../../src/core/db.ts'
import { uuidv7 } from '../../src/core/ids.ts'
import { digestDiff, digestScope } from '../../src/domains/sync/sync.digest.ts'
import { Browser, freePort, HocsoNode } from './nodes.ts'

/**
 * What a village hub meets after the first weeks, on real processes: the province (PostgreSQL
 * when HOCSO_TEST_DATABASE_URL is set, else SQLite) and hub A for the commune of Mường Chà (3166).
 * After every scenario: the hub holds exactly the province's records of its scope, nothing is
 * lost or doubled, and the live rollups on each node equal a rebuild from the facts.
 */
const PG = process.env.HOCSO_TEST_DATABASE_URL
const ROOT = resolve(import.meta.dirname, '../..')
const WORK = join(tmpdir(), `hocso-hubs-${process.pid}`)
const SCOPE = '3166'

const P = new HocsoNode({
  name: 'province',
  root: WORK,
  pgUrl: PG,
  env: { HOCSO_CONTENT_DIR: join(ROOT, 'content') },
})
const A = new HocsoNode({ name: 'hubA', root: WORK })
const dbs = new Map<HocsoNode, DbHandle>()
const ids = { A: '', P: '' }
const file = (name: string) => join(WORK, name)
let trader = ''

async function db(n: HocsoNode): Promise<DbHandle> {
  let h = dbs.get(n)
  if (!h) {
    h = await n.db()
    dbs.set(n, h)
  }
  return h
}

async function closeDb(n: HocsoNode): Promise<void> {
  await dbs.get(n)?.close()
  dbs.delete(n)
}

async function nodeId(n: HocsoNode): Promise<string> {
  const r = await (await db(n)).db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'node_id')
    .executeTakeFirstOrThrow()
  return r.value
}

async function factIds(n: HocsoNode, origin?: string): Promise<string[]> {
  let q = (await db(n)).db.selectFrom('facts').select('id')
  if (origin) q = q.where('origin_node', '=', origin)
  return (await q.execute()).map((r) => r.id)
}

async function ok(p: Promise<{ code: number | null; stdout: string; stderr: string }>) {
  const r = await p
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r
}

const household = (village: string, label: string) => ({
  id: uuidv7(),
  kind: 'household_checked',
  occurred_at: new Date().toISOString(),
  data: {
    village,
    household: label,
    smartphone: true,
    internet: true,
    vneid_all_adults: false,
    payment_account: true,
    online_public_services: false,
    course_completed: false,
  },
})

async function post(b: Browser, facts: ({ id: string } & Record<string, unknown>)[]): Promise<string[]> {
  const r = await b.facts(facts)
  expect(r.rejected).toEqual([])
  return facts.map((f) => f.id)
}

/** The live rollups of a node, then the same after `hocso rollups rebuild`: they must be equal. */
async function rollupsAgainstRebuild(n: HocsoNode): Promise<{ live: string[]; rebuilt: string[] }> {
  const read = async () =>
    (
      await (
        await db(n)
      ).db
        .selectFrom('campaign_rollups')
        .select(['indicator', 'place_code', 'period', 'value'])
        .where('value', '!=', 0)
        .execute()
    )
      .map((r) => `${r.indicator} ${r.place_code} ${r.period} ${Number(r.value)}`)
      .sort()
  const live = await read()
  await ok(n.cli(['rollups', 'rebuild']))
  return { live, rebuilt: await read() }
}

/** Everything the scenarios check at their end. */
async function converged(hubNode = A, scope = SCOPE, hubId = ids.A): Promise<void> {
  const hub = await digestScope((await db(hubNode)).db, scope, hubId, true)
  const province = await digestScope((await db(P)).db, scope, hubId, false)
  expect(digestDiff(hub, province)).toEqual([])
  for (const n of [hubNode, P]) {
    const ids = await factIds(n)
    expect(new Set(ids).size).toBe(ids.length)
    const r = await rollupsAgainstRebuild(n)
    expect(r.live).toEqual(r.rebuilt)
  }
}

beforeAll(async () => {
  for (const n of [P, A]) n.port = await freePort()
  await ok(P.cli(['seed']))
  await P.start()
  await ok(A.cli(['hub', 'identity', '--out', file('a.json')]))
  await ok(P.cli(['hub', 'register', file('a.json'), '--scope', SCOPE, '--welcome', file('welcome-a.json')]))
  await ok(A.cli(['hub', 'join', file('welcome-a.json')]))
  await ok(A.cli(['hub', 'sync']))
  await A.start()
  ids.A = await nodeId(A)
  ids.P = await nodeId(P)
}, 600_000)

afterAll(async () => {
  for (const h of dbs.values()) await h.close()
  for (const n of [P, A]) await n.destroy()
}, 120_000)

describe.sequential('a commune hub in the real world', () => {
  it('restored from its backup, notices it, pulls back what it lost with the disk and loses nothing made since', async () => {
    const officer = new Browser(A.url)
    await officer.login('officer')
    const before = await post(officer, [household('3166-001', 'R1'), household('3166-002', 'R2')])
    await ok(A.cli(['hub', 'sync']))
    await ok(A.cli(['backup', file('a-backup.sqlite')]))

    // After the backup: records that reach the province, then the disk dies.
    const lost = await post(officer, [
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
    for (const id of [...before, ...lost]) expect(await factIds(P)).toContain(id)

    // Restored the way the README says: stop, copy the backup in place, start.
    await A.stop()
    await closeDb(A)
    for (const ext of ['', '-wal', '-shm']) rmSync(join(A.dir, `hocso.sqlite${ext}`), { force: true })
    copyFileSync(file('a-backup.sqlite'), join(A.dir, 'hocso.sqlite'))
    await A.start()
    for (const id of lost) expect(await factIds(A)).not.toContain(id)

    // New records before the first sync take the numbers the province already holds.
    const again = new Browser(A.url)
    await again.login('officer')
    const since = await post(again, [household('3166-001', 'N1'), household('3166-004', 'N2')])
    const sync = await ok(A.cli(['hub', 'sync']))
    expect(sync.stdout).toContain('this hub was restored from a backup')

    const onA = await factIds(A)
    const onP = await factIds(P)
    for (const id of [...before, ...lost, ...since]) {
      expect(onA).toContain(id)
      expect(onP).toContain(id)
    }
    const traders = async (n: HocsoNode) =>
      (await (await db(n)).db.selectFrom('traders').select('id').where('id', '=', trader).execute()).length
    expect(await traders(A)).toBe(1)
    // Held or refused on neither side, counted once.
    expect(await (await db(P)).db.selectFrom('sync_held').selectAll().execute()).toEqual([])
    expect((await factIds(P, ids.A)).sort()).toEqual((await factIds(A, ids.A)).sort())

    // The next record travels like any other, and a sync after that has nothing left to do.
    const next = await post(again, [household('3166-002', 'N3')])
    await ok(A.cli(['hub', 'sync']))
    expect(await factIds(P)).toContain(next[0])
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
    await post(learner, [
      { id: uuidv7(), kind: 'lesson_opened', occurred_at: at, data: { lesson_id: lesson.id, lang: 'vi' } },
      { id: uuidv7(), kind: 'lesson_completed', occurred_at: at, data: { lesson_id: lesson.id, lang: 'vi' } },
    ])
    const V = new HocsoNode({ name: 'hubV', root: WORK })
    try {
      V.port = await freePort()
      await ok(V.cli(['hub', 'identity', '--out', file('v.json')]))
      await ok(
        P.cli(['hub', 'register', file('v.json'), '--scope', scope, '--welcome', file('welcome-v.json')]),
      )
      await ok(V.cli(['hub', 'join', file('welcome-v.json')]))
      const idV = await nodeId(V)
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
      await closeDb(V)
      await V.destroy()
    }
  }, 900_000)

  it('holds an edit stamped a day ahead by a hub whose clock is wrong, tells it and the officers, and keeps the province on time', async () => {
    const DAY = 86_400_000
    const W = new HocsoNode({ name: 'hubW', root: WORK, env: { HOCSO_CLOCK_SKEW_MS: String(DAY) } })
    try {
      W.port = await freePort()
      await ok(W.cli(['hub', 'identity', '--out', file('w.json')]))
      await ok(
        P.cli([
          'hub',
          'register',
          file('w.json'),
          '--scope',
          '3166-001',
          '--welcome',
          file('welcome-w.json'),
        ]),
      )
      await ok(W.cli(['hub', 'join', file('welcome-w.json')]))
      const first = await ok(W.cli(['hub', 'sync']))
      expect(first.stdout).toContain("warning: the hub's clock is 24.0 h ahead of the upstream's")
      await W.start()
      const idW = await nodeId(W)
      const amb = new Browser(W.url)
      await amb.login('ambassador')
      expect(
        (
          await amb.request(`/market/traders/${trader}/bank`, {
            json: { bank_bin: '970418', bank_account: '999999' },
          })
        ).status,
      ).toBe(200)
      const [fact] = await post(amb, [household('3166-001', 'W1')])
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
      await closeDb(W)
      await W.destroy()
    }
  }, 900_000)
})
