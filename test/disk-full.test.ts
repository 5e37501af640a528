import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '../src/core/ids.ts'
import { seedPlacesAndPeople } from './factories.ts'
import { Client, TEST_PG_URL, type TestEnv, testEnv } from './harness.ts'

/**
 * A hub's disk fills up. SQLite is made full for real (its page limit set to the pages it has:
 * every write that needs a new page fails with SQLITE_FULL, "database or disk is full"), then given
 * room again. The embedded database is what a hub runs on; PostgreSQL's full disk (53100) is said
 * the same way by the same code.
 */
let env: TestEnv

beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
})

afterAll(async () => {
  await env.close()
})

/** 200 household checks of the demo village: far more than the pages left. */
const checks = (label: string) =>
  Array.from({ length: 200 }, (_, i) => ({
    id: uuidv7(),
    kind: 'household_checked',
    occurred_at: new Date().toISOString(),
    data: {
      village: '3166-001',
      household: `${label}${i}`,
      smartphone: true,
      internet: true,
      vneid_all_adults: false,
      payment_account: true,
      online_public_services: false,
      course_completed: false,
    },
  }))

// SQLite only, by design: the disk is filled for real through the SQLite file's page limit, the
// data directory hocso owns. A PostgreSQL server's disk is its operator's, and hocso sees it only as
// the server's own error.
describe.runIf(!TEST_PG_URL)('a full disk', () => {
  it('is said as a full disk with the data directory and its free space, /healthz turns unhealthy, and both recover when room returns', async () => {
    const amb = new Client(env.app)
    await amb.login('ambassador')
    const sqlite = env.ctx.handle.sqlite!
    const pages = Number(sqlite.pragma('page_count', { simple: true }))
    sqlite.pragma(`max_page_count = ${pages}`)
    // Fill the free pages that are left, to the last byte of the last one.
    const fill = sqlite.prepare('insert into meta (key, value) values (?, ?)')
    let n = 0
    for (const size of [2000, 200, 20, 1])
      expect(() => {
        for (;;) fill.run(`filler.${n++}`, 'x'.repeat(size))
      }).toThrow('database or disk is full')
    const batch = checks('F')
    const res = await amb.request('/api/facts', { json: { facts: batch } })
    const body = (await res.json()) as { error: { message: string } }
    expect(body.error.message).toMatch(
      /^disk full: the data directory \/tmp\/hocso-test has [\d.]+ MB free; new records are refused until space is freed \(what was not stored can be sent again\)$/,
    )
    expect(body.error.message).not.toContain('rollback')
    const health = await env.app.request('/healthz')
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ status: 'disk full', data_dir: '/tmp/hocso-test' })
    const stored = await env.ctx.db.selectFrom('facts').select('id').execute()
    expect(stored.length).toBeLessThan(200)

    sqlite.pragma('max_page_count = 1073741823')
    sqlite.prepare("delete from meta where key like 'filler.%'").run()
    expect((await env.app.request('/healthz')).status).toBe(200)
    // The phone's outbox sends the same batch again: everything is stored once.
    const again = (await (await amb.request('/api/facts', { json: { facts: batch } })).json()) as {
      rejected: unknown[]
    }
    expect(again.rejected).toEqual([])
    expect(await env.ctx.db.selectFrom('facts').select('id').execute()).toHaveLength(200)
  })
})
