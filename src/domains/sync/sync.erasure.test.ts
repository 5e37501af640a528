import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { exportBundle, importBundle } from './sync.bundle.ts'
import { nodeKey } from './sync.keys.ts'
import { pinUpstream, registerHub } from './sync.nodes.ts'

// The province and a hub of xã Mường Chà; the person lives in one of its villages.
let province: TestEnv
let hub: TestEnv
const SCOPE = '3166'

const carry = async (from: TestEnv, to: TestEnv) =>
  importBundle(to.ctx, (await exportBundle(from.ctx, to.ctx.nodeId)).data)

beforeAll(async () => {
  province = await testEnv()
  await seedPlacesAndPeople(province.ctx)
  hub = await testEnv()
  await registerHub(province.ctx, 'system', {
    node: hub.ctx.nodeId,
    publicKey: nodeKey(hub.ctx).publicKey,
    scope: SCOPE,
    name: 'Hub Mường Chà',
  })
  await pinUpstream(hub.ctx, {
    node: province.ctx.nodeId,
    publicKey: nodeKey(province.ctx).publicKey,
    name: 'province',
    url: null,
    scope: SCOPE,
  })
}, 60_000)
afterAll(async () => {
  await province?.close()
  await hub?.close()
})

describe('erasure replicates', () => {
  it("reaches the hub's copy of the person, with no old value left in the hub's change log", async () => {
    const signup = await new Client(province.app).request('/signup', {
      json: {
        display_name: 'Sùng Thị Mỷ',
        phone: '0966123457',
        password: 'mat-khau-123',
        birth_year: 1990,
        place_code: '3166-001',
        consent: true,
      },
    })
    expect(signup.status).toBe(201)
    const { id } = await signup.json()
    await carry(province, hub)
    const copy = await hub.ctx.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
    expect(copy).toMatchObject({ display_name: 'Sùng Thị Mỷ', phone: '0966123457', erased_at: null })

    const officer = new Client(province.app)
    await officer.login('officer')
    const res = await officer.request(`/admin/people/${id}/erase`, { json: { reason: 'Đơn yêu cầu số 7' } })
    expect(res.status).toBe(200)
    const result = await carry(province, hub)
    expect(result.refused).toEqual([])

    const after = await hub.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(after).toMatchObject({
      display_name: '(đã xoá)',
      phone: null,
      birth_year: null,
      password_hash: null,
    })
    expect(after.erased_at).not.toBeNull()
    const roles = await hub.ctx.db
      .selectFrom('role_assignments')
      .select('id')
      .where('account_id', '=', id)
      .execute()
    expect(roles).toEqual([])
    for (const node of [hub, province]) {
      const log = await node.ctx.db
        .selectFrom('sync_changes')
        .select(['row', 'op'])
        .where('row_key', '=', id)
        .execute()
      expect(log.length).toBeGreaterThan(0)
      expect(log.some((l) => l.row?.includes('Sùng Thị Mỷ') || l.row?.includes('0966123457'))).toBe(false)
      expect(log.filter((l) => l.op !== 'gone')).toHaveLength(1)
    }
    // Signing in on the hub fails too: the hub holds only the erased row.
    const login = await new Client(hub.app).request('/login', {
      json: { login: '0966123457', password: 'mat-khau-123' },
    })
    expect(login.status).toBe(401)
  })
})
