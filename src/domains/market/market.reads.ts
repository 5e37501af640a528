import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../core/db.ts'

/**
 * What other domains read of the traders: each function is one query and takes the handle to read
 * with first (inside a transaction, the transaction itself).
 */

/**
 * Registered traders per place (the village or commune they sell in). Erased traders still count:
 * their onboarding facts keep counting in the rollups, so a percentage over traders stays what it
 * was (the person is gone, the figures are not).
 */
export async function tradersPerPlace(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('traders')
    .select((eb) => ['place_code', eb.fn.countAll<number>().as('n')])
    .groupBy('place_code')
    .execute()
  return new Map(rows.map((r) => [r.place_code, Number(r.n)]))
}

/**
 * A fingerprint of the traders that changes whenever one is added or edited (every edit takes a new
 * HLC stamp), as an SQL expression to combine with others' into one query (see `placesStampSql`).
 */
export const tradersStampSql: RawBuilder<string> = sql<string>`(select count(*) || '|' || coalesce(max(hlc), '') from traders)`
