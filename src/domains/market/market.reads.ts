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
 * A fingerprint of the traders that changes whenever one is added or edited (every edit takes a
 * new HLC stamp): lets a reader keep counts in memory and reread them only on change.
 */
export async function tradersStamp(db: Db): Promise<string> {
  const r = await db
    .selectFrom('traders')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('hlc').as('hlc')])
    .executeTakeFirstOrThrow()
  return `${Number(r.n)}|${r.hlc ?? ''}`
}
