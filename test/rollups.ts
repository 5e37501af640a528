import { expect } from 'vitest'
import type { Ctx } from '../src/core/context.ts'
import { rebuildRollups } from '../src/domains/campaign/rollup.service.ts'

/**
 * A node's rollups (the non-zero ones) and markers as plain rows in a stable order: what tests
 * compare between nodes, and with `rollups rebuild`, which must give the same (decision 0100).
 */
export async function rollupRows(ctx: Ctx) {
  const rollups = await ctx.db
    .selectFrom('campaign_rollups')
    .select(['indicator', 'place_code', 'period', 'value'])
    .where('value', '!=', 0)
    .orderBy('indicator')
    .orderBy('place_code')
    .orderBy('period')
    .execute()
  const markers = await ctx.db
    .selectFrom('campaign_markers')
    .selectAll()
    .orderBy('indicator')
    .orderBy('key')
    .execute()
  return {
    rollups: rollups.map((r) => `${r.indicator}|${r.place_code}|${r.period}|${Number(r.value)}`),
    markers: markers.map(
      (m) => `${m.indicator}|${m.key}|${m.place_code}|${m.at}|${m.fact_id}|${Number(m.value)}`,
    ),
  }
}

/** The live rollups are those `rollups rebuild` makes from the facts, row for row (decision 0100). */
export async function expectRebuildEqual(ctx: Ctx): Promise<void> {
  const live = await rollupRows(ctx)
  await rebuildRollups(ctx)
  expect(await rollupRows(ctx)).toEqual(live)
}
