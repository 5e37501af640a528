import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import { type Db, preparedRows } from '../../core/db.ts'
import type { Marker, MarkerStore, Maybe } from './rollup.engine.ts'

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
 * loaded (composites, corrections) fall through to the database. Kept by indicator, then key: a
 * page of facts looks markers up by the hundred thousand, and a key joined of both would be a new
 * string to hash at each look-up.
 */
export class BufferedMarkers implements MarkerStore {
  /** The marker of each indicator and key read or written so far; null when there is none. */
  private readonly cache = new Map<string, Map<string, Marker | null>>()
  private readonly dirty = new Map<string, Set<string>>()
  private readonly sql: SqlMarkers

  constructor(private readonly db: Db) {
    this.sql = new SqlMarkers(db)
  }

  private of(indicator: string): Map<string, Marker | null> {
    let m = this.cache.get(indicator)
    if (!m) {
      m = new Map()
      this.cache.set(indicator, m)
    }
    return m
  }

  /** Loads the markers of these (indicator, key) pairs: one query per indicator and 512 keys. */
  async load(pairs: { indicator: string; key: string }[]): Promise<void> {
    const want = new Map<string, Set<string>>()
    for (const p of pairs) {
      if (this.cache.get(p.indicator)?.has(p.key)) continue
      let keys = want.get(p.indicator)
      if (!keys) {
        keys = new Set()
        want.set(p.indicator, keys)
      }
      keys.add(p.key)
    }
    for (const [indicator, set] of want) {
      const keys = [...set]
      const held = this.of(indicator)
      for (let i = 0; i < keys.length; i += 512) {
        const chunk = keys.slice(i, i + 512)
        const rows = await this.db
          .selectFrom('campaign_markers')
          .selectAll()
          .where('indicator', '=', indicator)
          .where('key', 'in', padded(chunk))
          .execute()
        for (const k of chunk) held.set(k, null)
        for (const r of rows) held.set(r.key, r)
      }
    }
  }

  get(indicator: string, key: string): Maybe<Marker | undefined> {
    const held = this.of(indicator)
    const m = held.get(key)
    if (m !== undefined) return m ?? undefined
    return this.sql.get(indicator, key).then((r) => {
      held.set(key, r ?? null)
      return r
    })
  }

  put(m: Marker): void {
    this.of(m.indicator).set(m.key, m)
    this.mark(m.indicator, m.key)
  }

  del(indicator: string, key: string): void {
    this.of(indicator).set(key, null)
    this.mark(indicator, key)
  }

  private mark(indicator: string, key: string): void {
    let keys = this.dirty.get(indicator)
    if (!keys) {
      keys = new Set()
      this.dirty.set(indicator, keys)
    }
    keys.add(key)
  }

  /**
   * Writes what changed: one upsert per 300 markers set, one delete per marker removed. In key
   * order: SQLite then walks its index forward instead of jumping about, which halved the time it
   * took to write a sync page's markers.
   */
  async flush(): Promise<void> {
    const puts: Marker[] = []
    for (const indicator of [...this.dirty.keys()].sort()) {
      const held = this.of(indicator)
      for (const key of [...this.dirty.get(indicator)!].sort()) {
        const m = held.get(key)
        if (m) puts.push(m)
        else await this.sql.del(indicator, key)
      }
    }
    this.dirty.clear()
    await upsertMarkers(this.db, puts)
  }
}

/**
 * A list for `in (…)` padded to a power of two with its last value, which changes nothing it
 * matches: the statement's text then repeats from page to page and SQLite's statement cache finds
 * it, instead of preparing a statement for every length.
 */
function padded(list: string[]): string[] {
  const size = 2 ** Math.ceil(Math.log2(Math.max(1, list.length)))
  return size === list.length ? list : list.concat(Array(size - list.length).fill(list[list.length - 1]))
}

const upsertMarkers = preparedRows<Marker>(
  ['indicator', 'key', 'place_code', 'at', 'fact_id', 'value'],
  300,
  (db, rows) =>
    db
      .insertInto('campaign_markers')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['indicator', 'key']).doUpdateSet((eb) => ({
          place_code: eb.ref('excluded.place_code'),
          at: eb.ref('excluded.at'),
          fact_id: eb.ref('excluded.fact_id'),
          value: eb.ref('excluded.value'),
        })),
      ),
)

type RollupRow = { indicator: string; place_code: string; period: string; value: number }

/** Adds deltas to the rollups in one statement per 500 rows (an upsert that sums). */
export const addRollups = preparedRows<RollupRow>(
  ['indicator', 'place_code', 'period', 'value'],
  500,
  (db, rows) =>
    db
      .insertInto('campaign_rollups')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['indicator', 'place_code', 'period'])
          .doUpdateSet((eb) => ({ value: eb('campaign_rollups.value', '+', eb.ref('excluded.value')) })),
      ),
)

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

/** Which of these facts are stored but not rolled up yet (decision 0191). */
export async function pendingAmong(db: Db, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('campaign_pending')
      .select('fact_id')
      .where('fact_id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const r of rows) out.add(r.fact_id)
  }
  return out
}
