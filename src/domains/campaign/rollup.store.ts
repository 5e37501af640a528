import type { Db } from '../../core/db.ts'
import type { Marker, MarkerStore } from './rollup.engine.ts'

/** Markers in the database, read and written inside the caller's transaction. */
export class SqlMarkers implements MarkerStore {
  constructor(private readonly db: Db) {}

  get(indicator: string, key: string): Promise<Marker | undefined> {
    return this.db
      .selectFrom('campaign_markers')
      .selectAll()
      .where('indicator', '=', indicator)
      .where('key', '=', key)
      .executeTakeFirst()
  }

  async put(m: Marker): Promise<void> {
    await this.db
      .insertInto('campaign_markers')
      .values(m)
      .onConflict((oc) =>
        oc.columns(['indicator', 'key']).doUpdateSet({
          place_code: m.place_code,
          at: m.at,
          fact_id: m.fact_id,
          value: m.value,
        }),
      )
      .execute()
  }

  async del(indicator: string, key: string): Promise<void> {
    await this.db
      .deleteFrom('campaign_markers')
      .where('indicator', '=', indicator)
      .where('key', '=', key)
      .execute()
  }
}

type RollupRow = { indicator: string; place_code: string; period: string; value: number }

/** Adds deltas to the rollups in one statement per 500 rows (an upsert that sums). */
export async function addRollups(db: Db, rows: RollupRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('campaign_rollups')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc
          .columns(['indicator', 'place_code', 'period'])
          .doUpdateSet((eb) => ({ value: eb('campaign_rollups.value', '+', eb.ref('excluded.value')) })),
      )
      .execute()
  }
}

/** Inserts fresh rows (the rebuild, after emptying the tables). */
export async function insertMany<T extends 'campaign_rollups' | 'campaign_markers' | 'campaign_corrected'>(
  db: Db,
  table: T,
  rows: Record<string, unknown>[],
  onChunk?: (n: number) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    await db
      .insertInto(table)
      .values(chunk as never)
      .execute()
    onChunk?.(chunk.length)
  }
}

/** Empties the derived tables (the rebuild). */
export async function clearDerived(db: Db): Promise<void> {
  await db.deleteFrom('campaign_rollups').execute()
  await db.deleteFrom('campaign_markers').execute()
  await db.deleteFrom('campaign_corrected').execute()
}

/** Whether a fact was corrected by another. */
export async function isCorrected(db: Db, factId: string): Promise<boolean> {
  const r = await db
    .selectFrom('campaign_corrected')
    .select('fact_id')
    .where('fact_id', '=', factId)
    .executeTakeFirst()
  return !!r
}

/** Which of these facts were corrected. */
export async function correctedAmong(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db
    .selectFrom('campaign_corrected')
    .select('fact_id')
    .where('fact_id', 'in', ids)
    .execute()
  return new Set(rows.map((r) => r.fact_id))
}

/** Notes that a fact was corrected. */
export async function noteCorrected(db: Db, factId: string, byFactId: string): Promise<void> {
  await db.insertInto('campaign_corrected').values({ fact_id: factId, by_fact_id: byFactId }).execute()
}
