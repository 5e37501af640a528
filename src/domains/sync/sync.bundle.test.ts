import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { BundleError, exportBundle, importBundle } from './sync.bundle.ts'
import { digestDiff, digestScope } from './sync.digest.ts'
import { carry, pairHub } from './sync.fixtures.ts'
import { nodeKey } from './sync.keys.ts'
import { pinUpstream, revokeHub } from './sync.nodes.ts'

// Two real databases in one process: the province (demo data) and a commune hub of Mường Chà.
let province: TestEnv
let hub: TestEnv
let other: TestEnv
const SCOPE = '3166'

const household = (label: string, village = '3166-001') => ({
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

async function count(env: TestEnv, table: 'facts' | 'accounts') {
  const r = await env.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

beforeAll(async () => {
  province = await testEnv()
  await demoPeople(province.ctx)
  hub = await testEnv()
  other = await testEnv()
  await pairHub(province, hub, SCOPE)
}, 60_000)
afterAll(async () => {
  await province?.close()
  await hub?.close()
  await other?.close()
})

describe('bundles between the province and a hub', () => {
  it('brings the people and places of the scope to the hub, and only those', async () => {
    const { result } = await carry(province, hub)
    expect(result.refused).toEqual([])
    expect(result.held).toBe(0)
    const logins = (await hub.ctx.db.selectFrom('accounts').select('username').execute())
      .map((r) => r.username)
      .sort()
    expect(logins).toEqual(['ambassador', 'learner', 'officer'])
    const villages = await hub.ctx.db
      .selectFrom('places')
      .select('code')
      .where('kind', '=', 'village')
      .execute()
    expect(villages.length).toBeGreaterThan(0)
    expect(villages.every((v) => v.code.startsWith('3166-'))).toBe(true)
  })

  it('carries records made on the hub to the province once, however often the bundle is imported', async () => {
    const c = new Client(hub.app)
    await c.login('ambassador')
    const res = await c.request('/api/facts', { json: { facts: [household('H1'), household('H2')] } })
    expect((await res.json()).rejected).toEqual([])
    const before = await count(province, 'facts')
    const b = await exportBundle(hub.ctx, province.ctx.nodeId)
    const first = await importBundle(province.ctx, b.data)
    expect(first.applied).toBeGreaterThanOrEqual(2)
    expect(await count(province, 'facts')).toBe(before + 2)
    const again = await importBundle(province.ctx, b.data)
    expect(again.applied).toBe(0)
    expect(again.alreadyImported).toBe(true)
    expect(await count(province, 'facts')).toBe(before + 2)
    const rows = await province.ctx.db
      .selectFrom('outreach_households')
      .select('label')
      .where('label', 'in', ['H1', 'H2'])
      .execute()
    expect(rows).toHaveLength(2)
  })

  it('ends with equal digests for the scope on both nodes', async () => {
    await carry(province, hub)
    const onHub = await digestScope(hub.ctx.db, SCOPE, hub.ctx.nodeId, true)
    const onProvince = await digestScope(province.ctx.db, SCOPE, hub.ctx.nodeId, false)
    expect(digestDiff(onHub, onProvince)).toEqual([])
    expect(onHub.facts!.count).toBeGreaterThan(0)
  })

  it('refuses a bundle cut short, altered, foreign, or from an unregistered node, whole', async () => {
    const c = new Client(hub.app)
    await c.login('ambassador')
    await c.request('/api/facts', { json: { facts: [household('H3')] } })
    const { data } = await exportBundle(hub.ctx, province.ctx.nodeId)
    const before = await count(province, 'facts')
    const fault = async (bytes: Buffer) =>
      importBundle(province.ctx, bytes).then(
        () => 'imported',
        (e) => (e instanceof BundleError ? `${e.fault}: ${e.message}` : String(e)),
      )
    expect(await fault(data.subarray(0, data.length - 10))).toMatch(
      /^truncated: bundle cut short: .*nothing was imported$/,
    )
    const flipped = Buffer.from(data)
    flipped[flipped.length - 5] = flipped[flipped.length - 5]! ^ 0xff
    expect(await fault(flipped)).toBe(
      'altered: bundle altered: its checksum does not match; nothing was imported',
    )
    const head = Buffer.from(data)
    const at = head.indexOf('"created_at":"') + 16
    head[at] = head[at] === 0x31 ? 0x32 : 0x31
    expect(await fault(head)).toMatch(/^altered: bundle altered: its signature does not match/)
    expect(await fault(Buffer.from('hello'))).toMatch(/^not_bundle: /)
    // A bundle the province wrote for the hub, carried to another hub of the province by mistake.
    await pinUpstream(other.ctx, {
      node: province.ctx.nodeId,
      publicKey: nodeKey(province.ctx).publicKey,
      name: 'province',
      url: null,
      scope: '3166-001',
    })
    const misrouted = await exportBundle(province.ctx, hub.ctx.nodeId)
    expect(await importBundle(other.ctx, misrouted.data).catch((e) => `${e.fault}: ${e.message}`)).toBe(
      `foreign: bundle for another node: it is addressed to ${hub.ctx.nodeId}, this node is ${other.ctx.nodeId}; nothing was imported`,
    )
    expect(await importBundle(other.ctx, data).catch((e) => `${e.fault}: ${e.message}`)).toMatch(
      new RegExp(`^unregistered: bundle from node ${hub.ctx.nodeId}, which is not registered here`),
    )
    expect(await count(province, 'facts')).toBe(before)
  })

  it('brings everything to a hub whose clock is a day behind, which then stamps and dates by the province’s time', async () => {
    const DAY = 86_400_000
    const slow = await testEnv({ config: { HOCSO_CLOCK_SKEW_MS: String(-DAY) } })
    try {
      await pairHub(province, slow, SCOPE, 'Hub behind')
      // The province made its records today: tomorrow, by the slow hub's clock.
      const { result } = await carry(province, slow)
      expect(result.refused).toEqual([])
      expect(result.held).toBe(0)
      expect(await count(slow, 'accounts')).toBe(3)
      const onHub = await digestScope(slow.ctx.db, SCOPE, slow.ctx.nodeId, true)
      const onProvince = await digestScope(province.ctx.db, SCOPE, slow.ctx.nodeId, false)
      expect(digestDiff(onHub, onProvince)).toEqual([])
      // From then on its records are dated today, as the province counts them.
      const c = new Client(slow.app)
      await c.login('ambassador')
      const res = await c.request('/api/facts', { json: { facts: [household('S1')] } })
      expect((await res.json()).rejected).toEqual([])
      const made = await slow.ctx.db
        .selectFrom('facts')
        .select('recorded_at')
        .where('origin_node', '=', slow.ctx.nodeId)
        .executeTakeFirstOrThrow()
      expect(Math.abs(Date.parse(made.recorded_at) - Date.now())).toBeLessThan(10 * 60_000)
    } finally {
      await slow.close()
    }
  })

  it('refuses a revoked hub’s bundle, saying so', async () => {
    const { data } = await exportBundle(hub.ctx, province.ctx.nodeId)
    await revokeHub(province.ctx, 'system', hub.ctx.nodeId)
    const err = await importBundle(province.ctx, data).catch((e) => e)
    expect(err).toBeInstanceOf(BundleError)
    expect(err.fault).toBe('revoked')
    expect(err.message).toMatch(/whose key was revoked on .*; nothing was imported$/)
  })
})
