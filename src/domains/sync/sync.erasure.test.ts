import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { linkAccount } from '../market/market.service.ts'
import { currentUserById } from '../people/people.service.ts'
import { carry, pairHub } from './sync.fixtures.ts'

// The province and a hub of xã Mường Chà; the person lives in one of its villages.
let province: TestEnv
let hub: TestEnv
const SCOPE = '3166'

beforeAll(async () => {
  province = await testEnv()
  await seedPlacesAndPeople(province.ctx)
  hub = await testEnv()
  await pairHub(province, hub, SCOPE)
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
    const { result } = await carry(province, hub)
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

describe('erasure reaches the edits made apart', () => {
  it("redacts and closes every conflict holding the person's values, on the province and on the hub", async () => {
    const signup = await new Client(province.app).request('/signup', {
      json: {
        display_name: 'Lò Thị Phương',
        phone: '0966123458',
        password: 'mat-khau-456',
        place_code: '3166-002',
        consent: true,
      },
    })
    expect(signup.status).toBe(201)
    const { id: personId } = await signup.json()
    // Her stall, linked to her account, known to the hub.
    const officer = new Client(province.app)
    await officer.login('officer')
    const created = await officer.request('/market/traders', {
      json: {
        name: 'Quầy rau Lò Thị Phương',
        place_code: '3166-002',
        market: 'Chợ Mường Chà',
        products: 'Rau',
      },
    })
    expect(created.status).toBe(201)
    const traderId = (await created.json()).id as string
    const officerId = (
      await province.ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', 'officer')
        .executeTakeFirstOrThrow()
    ).id
    await linkAccount(province.ctx, await currentUserById(province.ctx, officerId), traderId, personId)
    await carry(province, hub)
    // Her bank account, changed at the province and on the hub without either seeing the other.
    const hubOfficer = new Client(hub.app)
    await hubOfficer.login('officer')
    const bank = (c: Client, account: string) =>
      c.request(`/market/traders/${traderId}/bank`, { json: { bank_bin: '970405', bank_account: account } })
    expect((await bank(officer, '777111')).status).toBe(200)
    await new Promise((r) => setTimeout(r, 5))
    expect((await bank(hubOfficer, '777222')).status).toBe(200)
    await carry(hub, province)
    await carry(province, hub)
    const conflicts = (node: TestEnv) =>
      node.ctx.db.selectFrom('sync_conflicts').selectAll().where('row_key', '=', traderId).execute()
    for (const node of [province, hub]) {
      const [c] = await conflicts(node)
      expect(c).toMatchObject({ tbl: 'traders', resolved_at: null })
      expect(`${c!.kept_row} ${c!.lost_row}`).toContain('777111')
    }
    // Her data is exported with the conflict that holds it.
    const exported = await officer.request(`/admin/people/${personId}/export`)
    expect(exported.status).toBe(200)
    expect(await exported.text()).toContain('777111')

    const erased = await officer.request(`/admin/people/${personId}/erase`, {
      json: { reason: 'Đơn yêu cầu số 8' },
    })
    expect(erased.status).toBe(200)
    await carry(province, hub)
    for (const node of [province, hub]) {
      const [c] = await conflicts(node)
      expect(c).toMatchObject({ resolution: 'erased' })
      expect(c!.resolved_at).not.toBeNull()
      for (const value of ['777111', '777222', 'Lò Thị Phương', '0966123458'])
        expect(`${c!.kept_row} ${c!.lost_row}`).not.toContain(value)
      // Nor any older version of it in the change log, which a later sync or bundle would send.
      const log = await node.ctx.db
        .selectFrom('sync_changes')
        .select('row')
        .where('tbl', '=', 'sync_conflicts')
        .where('row_key', '=', c!.id)
        .execute()
      expect(log.some((l) => l.row?.includes('777111') || l.row?.includes('777222'))).toBe(false)
      // Where it belongs stays, so the redaction travels where the conflict went.
      expect(JSON.parse(c!.lost_row)).toMatchObject({
        id: traderId,
        place_code: '3166-002',
        account_id: personId,
      })
    }
    // Off the hubs page, and no one can write her old values back by keeping the lost side.
    const [c] = await conflicts(province)
    expect(await (await officer.request('/admin/hubs')).text()).not.toContain(c!.id)
    const keep = await officer.request(`/admin/hubs/conflicts/${c!.id}`, { json: { keep: 'lost' } })
    expect(keep.status).toBe(409)
    const row = await province.ctx.db
      .selectFrom('traders')
      .selectAll()
      .where('id', '=', traderId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ bank_account: null, phone: null })
    // The erasure's audit record counts the conflict.
    const audit = await province.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'account.erase')
      .where('target_id', '=', personId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.detail).removed).toMatchObject({ traders: 1, conflicts: 1 })
  })
})
