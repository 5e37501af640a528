import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { person, seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { carry, pairHub } from './sync.fixtures.ts'

// The province and a hub of xã Mường Chà (3166); a trader of its village 3166-002 edited on both
// apart leaves a conflict, which only officers over that village may see and settle.
let province: TestEnv
let hub: TestEnv
let conflictId = ''
let traderId = ''
const SCOPE = '3166'

beforeAll(async () => {
  province = await testEnv()
  await seedPlacesAndPeople(province.ctx)
  hub = await testEnv()
  await pairHub(province, hub, SCOPE)
  const officer = new Client(province.app)
  await officer.login('officer')
  const created = await officer.request('/market/traders', {
    json: { name: 'Quầy gạo Lò Văn Tâm', place_code: '3166-002', market: 'Chợ Mường Chà', products: 'Gạo' },
  })
  expect(created.status).toBe(201)
  traderId = (await created.json()).id
  await carry(province, hub)
  const onHub = new Client(hub.app)
  await onHub.login('officer')
  const bank = (c: Client, account: string) =>
    c.request(`/market/traders/${traderId}/bank`, { json: { bank_bin: '970405', bank_account: account } })
  expect((await bank(officer, '888111')).status).toBe(200)
  await new Promise((r) => setTimeout(r, 5))
  expect((await bank(onHub, '888222')).status).toBe(200)
  await carry(hub, province)
  const c = await province.ctx.db
    .selectFrom('sync_conflicts')
    .select('id')
    .where('row_key', '=', traderId)
    .executeTakeFirstOrThrow()
  conflictId = c.id
}, 60_000)
afterAll(async () => {
  await province?.close()
  await hub?.close()
})

const page = async (c: Client) => {
  const res = await c.request('/admin/hubs')
  expect(res.status).toBe(200)
  return res.text()
}

describe('edits made apart, by scope', () => {
  it("shows the conflict to the commune's officer and the province's, not to an officer elsewhere", async () => {
    for (const login of ['officer', 'admin']) {
      const c = new Client(province.app)
      await c.login(login)
      const html = await page(c)
      expect(html).toContain(`/admin/hubs/conflicts/${conflictId}`)
      expect(html).toContain('888111')
    }
    const other = await province.ctx.db
      .selectFrom('places')
      .select('code')
      .where('kind', '=', 'commune')
      .where('code', '!=', SCOPE)
      .orderBy('code')
      .executeTakeFirstOrThrow()
    const elsewhere = await person(province.ctx, { role: 'commune_officer', place: other.code })
    const villageOfficer = await person(province.ctx, { role: 'commune_officer', place: '3166-001' })
    for (const p of [elsewhere, villageOfficer]) {
      const c = new Client(province.app)
      await c.login(p.login, p.password)
      const html = await page(c)
      expect(html).not.toContain(conflictId)
      expect(html).not.toContain('888111')
      expect(html).not.toContain('888222')
    }
  })

  it('refuses the choice of an officer outside its scope, naming the record, and changes nothing', async () => {
    const elsewhere = await person(province.ctx, { role: 'commune_officer', place: '3166-001' })
    const c = new Client(province.app)
    await c.login(elsewhere.login, elsewhere.password)
    const res = await c.request(`/admin/hubs/conflicts/${conflictId}`, { json: { keep: 'lost' } })
    expect(res.status).toBe(403)
    expect((await res.json()).error.message).toBe(`you may not hubs.manage for the traders row ${traderId}`)
    const row = await province.ctx.db
      .selectFrom('sync_conflicts')
      .select(['resolved_at', 'resolution'])
      .where('id', '=', conflictId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ resolved_at: null, resolution: null })
    const trader = await province.ctx.db
      .selectFrom('traders')
      .select('bank_account')
      .where('id', '=', traderId)
      .executeTakeFirstOrThrow()
    expect(trader.bank_account).toBe('888222')

    // The commune's officer settles it.
    const officer = new Client(province.app)
    await officer.login('officer')
    const keep = await officer.request(`/admin/hubs/conflicts/${conflictId}`, { json: { keep: 'lost' } })
    expect(keep.status).toBe(200)
    expect(await keep.json()).toEqual({ resolution: 'restored' })
  })
})
