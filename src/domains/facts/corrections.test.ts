import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'

// Issue 14, hole 1: a correction uncounts the fact it corrects in every rollup, so it must be of the
// same kind, and made by someone who may record that kind at the corrected fact's place.
let env: TestEnv
let otherVillage: string
beforeAll(async () => {
  env = await testEnv()
  // Mường Chà's villages and those of Xã 3127, whose first village is the first outside Mường Chà.
  await demoPeople(env.ctx, { communes: ['3166', '3127'] })
  const row = await env.ctx.db
    .selectFrom('places')
    .select('code')
    .where('kind', '=', 'village')
    .where('commune_code', '!=', '3166')
    .orderBy('code')
    .executeTakeFirstOrThrow()
  otherVillage = row.code
})
afterAll(() => env.close())

async function as(login: string, lang?: string) {
  const c = new Client(env.app)
  if (lang) await c.request(`/lang/${lang}`)
  await c.login(login)
  return c
}

const household = (village: string, label: string, extra: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  kind: 'household_checked',
  occurred_at: new Date().toISOString(),
  data: { village, household: label, smartphone: true, internet: false },
  ...extra,
})

async function send(c: Client, fact: unknown) {
  const res = await c.request('/api/facts', { json: { facts: [fact] } })
  expect(res.status).toBe(200)
  return (await res.json()) as {
    stored: string[]
    rejected: { id: string; status: number; code: string; message: string; text?: string }[]
  }
}

describe('corrections (corrects)', () => {
  it('refuses to correct a fact of another commune with 403, and writes nothing', async () => {
    const admin = await as('admin')
    const original = household(otherVillage, 'Tổ 1-01')
    expect((await send(admin, original)).stored).toEqual([original.id])

    const officer = await as('officer', 'fr')
    const before = await countRows(env.ctx, 'facts')
    const fix = household('3166-001', 'Tổ 1-02', { corrects: original.id })
    const r = await send(officer, fix)
    expect(r.stored).toEqual([])
    expect(r.rejected[0]).toMatchObject({ id: fix.id, status: 403, code: 'forbidden' })
    expect(r.rejected[0]!.message).toMatch(/^corrects: you may not correct /)
    expect(r.rejected[0]!.text).toMatch(/^Vous ne pouvez pas corriger/)
    expect(await countRows(env.ctx, 'facts')).toBe(before)
    const kept = await env.ctx.db
      .selectFrom('outreach_households')
      .select('label')
      .where('village_code', '=', otherVillage)
      .execute()
    expect(kept.map((k) => k.label)).toEqual(['Tổ 1-01'])
  })

  it('refuses to correct a fact of another kind (a help record "corrected" by a household check)', async () => {
    const amb = await as('ambassador')
    const help = {
      id: uuidv7(),
      kind: 'help_given',
      occurred_at: new Date().toISOString(),
      data: {
        what: 'vneid_install',
        whom: 'anonymous',
        sex: 'female',
        age_band: '18_35',
        village: '3166-001',
      },
    }
    expect((await send(amb, help)).stored).toEqual([help.id])
    const before = await countRows(env.ctx, 'facts')
    const officer = await as('officer')
    const r = await send(officer, household('3166-001', 'Tổ 1-03', { corrects: help.id }))
    expect(r.rejected[0]).toMatchObject({ status: 403, code: 'forbidden' })
    expect(r.rejected[0]!.text).toMatch(/^Bạn không được sửa bản ghi này/)
    expect(await countRows(env.ctx, 'facts')).toBe(before)
    const corrected = await env.ctx.db
      .selectFrom('outreach_help')
      .select('replaced_by')
      .where('id', '=', help.id)
      .executeTakeFirstOrThrow()
    expect(corrected.replaced_by).toBeNull()
  })

  it('refuses an id that is no fact, with the same answer (it does not tell which ids exist)', async () => {
    const officer = await as('officer')
    const r = await send(officer, household('3166-001', 'Tổ 1-04', { corrects: uuidv7() }))
    expect(r.rejected[0]).toMatchObject({ status: 403, code: 'forbidden' })
  })

  it('stores a correction of the same kind, in the corrector’s own commune', async () => {
    const officer = await as('officer')
    const original = household('3166-002', 'Tổ 1-05')
    expect((await send(officer, original)).stored).toEqual([original.id])
    const amb = await as('admin')
    const fix = household('3166-002', 'Tổ 1-05', { corrects: original.id })
    expect(await send(amb, fix)).toEqual({ stored: [fix.id], rejected: [] })
  })
})
