import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
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

/**
 * Markers read in one query up front and written in one statement at the end: a fact touches a
 * handful of markers, and the statements, not the rows, are what cost. Reads of markers not
 * loaded (composites, corrections) fall through to the database.
 */
export class BufferedMarkers implements MarkerStore {
  private readonly cache = new Map<string, Marker | null>()
  private readonly dirty = new Set<string>()
  private readonly sql: SqlMarkers

  constructor(private readonly db: Db) {
    this.sql = new SqlMarkers(db)
  }

  /** Loads the markers of these (indicator, key) pairs with one query. */
  async load(pairs: { indicator: string; key: string }[]): Promise<void> {
    const want = pairs.filter((p) => !this.cache.has(`${p.indicator}\u0000${p.key}`))
    if (!want.length) return
    const rows = await this.db
      .selectFrom('campaign_markers')
      .selectAll()
      .where('indicator', 'in', [...new Set(want.map((p) => p.indicator))])
      .where('key', 'in', [...new Set(want.map((p) => p.key))])
      .execute()
    for (const p of want) this.cache.set(`${p.indicator}\u0000${p.key}`, null)
    for (const r of rows) this.cache.set(`${r.indicator}\u0000${r.key}`, r)
  }

  async get(indicator: string, key: string): Promise<Marker | undefined> {
    const k = `${indicator}\u0000${key}`
    if (!this.cache.has(k)) this.cache.set(k, (await this.sql.get(indicator, key)) ?? null)
    return this.cache.get(k) ?? undefined
  }

  async put(m: Marker): Promise<void> {
    const k = `${m.indicator}\u0000${m.key}`
    this.cache.set(k, m)
    this.dirty.add(k)
  }

  async del(indicator: string, key: string): Promise<void> {
    const k = `${indicator}\u0000${key}`
    this.cache.set(k, null)
    this.dirty.add(k)
  }

  /** Writes what changed: one upsert for the markers set, one delete per marker removed. */
  async flush(): Promise<void> {
    const puts: Marker[] = []
    for (const k of this.dirty) {
      const m = this.cache.get(k)
      if (m) puts.push(m)
      else {
        const [indicator, key] = k.split('\u0000') as [string, string]
        await this.sql.del(indicator, key)
      }
    }
    this.dirty.clear()
    for (let i = 0; i < puts.length; i += 300) {
      await this.db
        .insertInto('campaign_markers')
        .values(puts.slice(i, i + 300))
        .onConflict((oc) =>
          oc.columns(['indicator', 'key']).doUpdateSet((eb) => ({
            place_code: eb.ref('excluded.place_code'),
            at: eb.ref('excluded.at'),
            fact_id: eb.ref('excluded.fact_id'),
            value: eb.ref('excluded.value'),
          })),
        )
        .execute()
    }
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

const COLUMNS = {
  campaign_rollups: [
    ['indicator', 'text'],
    ['place_code', 'text'],
    ['period', 'text'],
    ['value', 'bigint'],
  ],
  campaign_markers: [
    ['indicator', 'text'],
    ['key', 'text'],
    ['place_code', 'text'],
    ['at', 'text'],
    ['fact_id', 'text'],
    ['value', 'bigint'],
  ],
  campaign_corrected: [
    ['fact_id', 'text'],
    ['by_fact_id', 'text'],
  ],
} as const

/**
 * Inserts fresh rows (the rebuild, after emptying the tables): millions of them at province
 * scale, so SQLite gets one prepared statement run per row inside the caller's transaction, and
 * PostgreSQL one `unnest` of column arrays per 5,000 rows, rather than a query built per chunk.
 */
export async function insertMany<T extends keyof typeof COLUMNS>(
  ctx: Ctx,
  table: T,
  rows: Record<string, unknown>[],
  onChunk?: (n: number) => void,
): Promise<void> {
  const cols = COLUMNS[table]
  const names = cols.map((c) => c[0])
  if (ctx.handle.sqlite) {
    // The caller's Kysely transaction holds this same connection: these rows commit with it.
    const stmt = ctx.handle.sqlite.prepare(
      `insert into ${table} (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`,
    )
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000)
      for (const r of chunk) stmt.run(...names.map((n) => r[n]))
      onChunk?.(chunk.length)
    }
    return
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000)
    const arrays = cols.map(([name, type]) => sql`${chunk.map((r) => r[name])}::${sql.raw(type)}[]`)
    await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select * from unnest(${sql.join(arrays)})`.execute(ctx.db)
    onChunk?.(chunk.length)
  }
}

/** Empties the derived tables (the rebuild). */
export async function clearDerived(db: Db): Promise<void> {
  await db.deleteFrom('campaign_rollups').execute()
  await db.deleteFrom('campaign_pending').execute()
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

/** Is this fact stored but not rolled up yet (decision 0191)? */
export async function isPending(db: Db, factId: string): Promise<boolean> {
  const r = await db
    .selectFrom('campaign_pending')
    .select('fact_id')
    .where('fact_id', '=', factId)
    .executeTakeFirst()
  return !!r
}
