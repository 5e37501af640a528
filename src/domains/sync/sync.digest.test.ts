import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { digestDiff, digestScope } from './sync.digest.ts'

let one: TestEnv
let two: TestEnv

beforeAll(async () => {
  one = await testEnv()
  two = await testEnv()
})

afterAll(async () => {
  await one.close()
  await two.close()
})

const rollup = (value: number) => ({
  indicator: 'households_checked',
  place_code: '3166',
  period: '2026-W49',
  value,
})

describe('digests of a scope', () => {
  it('agree when one node holds a rollup row at zero and the other none, and differ on a real count', async () => {
    await one.ctx.db.insertInto('campaign_rollups').values(rollup(0)).execute()
    const a = await digestScope(one.ctx.db, '3166', 'hub', false)
    const b = await digestScope(two.ctx.db, '3166', 'hub', false)
    expect(digestDiff(a, b)).toEqual([])
    await one.ctx.db.updateTable('campaign_rollups').set({ value: 2 }).execute()
    expect(digestDiff(await digestScope(one.ctx.db, '3166', 'hub', false), b)).toEqual(['campaign_rollups'])
  })
})
