import { existsSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  type Compilable,
  type CompiledQuery,
  createQueryId,
  Kysely,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  sql,
} from 'kysely'
import { ConfigError } from './config.ts'
import { guardedDialect } from './pool-guard.ts'
import { makePrivate, privateDir, writePrivateFile } from './private-files.ts'
import type { Database } from './schema.ts'

export type Dialect = 'sqlite' | 'postgres'

/** The database handle every store receives first, plus the facts a store may need about it. */
export type Db = Kysely<Database>

export type DbHandle = {
  db: Db
  dialect: Dialect
  /** Absolute path of the SQLite file; undefined on PostgreSQL or in memory. */
  file: string | undefined
  /** The raw SQLite connection (for online backup); undefined on PostgreSQL. */
  sqlite: SQLite.Database | undefined
  /** The PostgreSQL schema in use (`public` unless configured); undefined on SQLite. */
  schema: string | undefined
  close: () => Promise<void>
}

export type OpenOptions = {
  /** postgres://… to use PostgreSQL; otherwise SQLite in `dataDir`. */
  databaseUrl?: string
  dataDir?: string
  /** ':memory:' for tests. */
  sqliteFile?: string
  /** PostgreSQL schema to use (created if missing); tests give each run its own. */
  pgSchema?: string
}

/** How many prepared statements an SQLite connection keeps for reuse. */
const STATEMENT_CACHE = 500

/**
 * The SQLite connection as Kysely sees it, with prepared statements reused by their SQL text:
 * Kysely asks for a new statement on every query, and preparing costs more than running most of
 * ours (a sync page of 1,000 facts runs the same few statements thousands of times). A statement
 * still being iterated (a streamed query) is never handed out twice. Least recently used goes first.
 */
function cachingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => {
      cache.clear()
      sqlite.close()
    },
    prepare: (text: string) => {
      // SQLite ends a transaction by itself on some errors (a full disk: SQLITE_FULL). Kysely then
      // sends its rollback, which would fail with "cannot rollback - no transaction is active" and
      // hide the real error; with no transaction open there is nothing to undo.
      if (text === 'rollback' && !sqlite.inTransaction) return sqlite.prepare('select 1')
      const hit = cache.get(text)
      if (hit && !hit.busy) {
        cache.delete(text)
        cache.set(text, hit)
        return hit
      }
      const stmt = sqlite.prepare(text)
      if (hit) return stmt
      cache.set(text, stmt)
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value!)
      return stmt
    },
  }
}

/**
 * The statements PostgreSQL keeps parsed and planned on each connection (decision 0208): the SQL
 * of every `prepared` and `preparedRows` statement (a bounded set: one text per query and row
 * count), by the name it is prepared under. Kysely sends every query unnamed, so PostgreSQL parsed
 * and planned the session read anew on every request: 68–76 µs of its CPU a run against 36 µs
 * named (a loop of the same read on one connection).
 */
const statementNames = new Map<string, string>()

/** Marks a statement's SQL to be prepared by name on PostgreSQL connections (no effect on SQLite). */
export function nameStatement(text: string): void {
  if (!statementNames.has(text)) statementNames.set(text, `hocso_${statementNames.size + 1}`)
}

/** The placeholders of a prepared query, by name: `p('id')` stands for `params.id` at each run. */
export type Holes<P> = <K extends keyof P & string>(name: K) => P[K]

/** What a placeholder of a prepared query is until it is run: text no caller can send. */
const HOLE = '\u0000hocso:'

/**
 * A query built and compiled once per dialect, then run with new values (decision 0198). Kysely
 * builds and compiles every query anew, which costs more than SQLite takes to run most of ours
 * (a tenth of a millisecond for the session read with its joins, read on every signed-in request).
 * `build` gets `p(name)`, a placeholder for each value that changes from run to run; every other
 * value is fixed at the first build. Only for a query whose shape does not depend on the values
 * (no list of varying length, no optional clause). Runs on the pool or in a transaction, as given.
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Db, p: Holes<P>) => Compilable<R>,
): (db: Db, params: P) => Promise<R[]> {
  const byDialect = new Map<unknown, { query: CompiledQuery<R>; slots: (string | null)[] }>()
  const compile = (db: Db) => {
    const asked = new Set<string>()
    const query = build(db, (name) => {
      asked.add(name)
      return `${HOLE}${name}` as never
    }).compile()
    nameStatement(query.sql)
    const slots = query.parameters.map((v) =>
      typeof v === 'string' && v.startsWith(HOLE) ? v.slice(HOLE.length) : null,
    )
    // A placeholder the compiler did not pass as a parameter would silently keep its first value.
    for (const name of asked)
      if (!slots.includes(name)) throw new Error(`prepared query: ${name} is not a parameter of ${query.sql}`)
    return { query, slots }
  }
  return async (db, params) => {
    // The adapter's class tells the dialect (a transaction shares its database's adapter).
    const dialect = db.getExecutor().adapter.constructor
    let c = byDialect.get(dialect)
    if (!c) {
      c = compile(db)
      byDialect.set(dialect, c)
    }
    const { query, slots } = c
    const parameters = slots.map((s, i) => (s === null ? query.parameters[i] : params[s]))
    const result = await db.executeQuery<R>({ ...query, parameters, queryId: createQueryId() })
    return result.rows
  }
}

/**
 * A statement over many rows (a multi-row INSERT or upsert) built and compiled once per dialect
 * and number of rows, then run with new rows (decision 0198, amended): Kysely parses each value
 * of each row and compiles the statement anew, which for a sync page of thousands of rows cost
 * about as much as SQLite took to write them. `build` gets placeholder rows (one placeholder per
 * column) for `values()`; every other value is fixed at the first build. The rows go `max` to a
 * statement and the rest in statements of 256, 128, … 1 rows, so a statement has a dozen shapes
 * at most, each compiled once. A column a row lacks is written as null.
 */
export function preparedRows<R extends Record<string, unknown>>(
  columns: readonly (keyof R & string)[],
  max: number,
  build: (db: Db, rows: R[]) => Compilable<unknown>,
): (db: Db, rows: readonly R[]) => Promise<void> {
  type Shape = { query: CompiledQuery; row: Int32Array; column: Int32Array }
  const shapes = new Map<unknown, Map<number, Shape>>()
  const width = columns.length
  const compile = (db: Db, n: number): Shape => {
    const holes = Array.from(
      { length: n },
      (_, i) => Object.fromEntries(columns.map((c, j) => [c, `${HOLE}${i * width + j}`])) as R,
    )
    const query = build(db, holes).compile()
    const row = new Int32Array(query.parameters.length).fill(-1)
    const column = new Int32Array(query.parameters.length).fill(-1)
    const seen = new Set<number>()
    for (const [i, v] of query.parameters.entries()) {
      if (typeof v !== 'string' || !v.startsWith(HOLE)) continue
      const slot = Number(v.slice(HOLE.length))
      row[i] = Math.floor(slot / width)
      column[i] = slot % width
      seen.add(slot)
    }
    // A column the compiler did not pass as a parameter would silently keep its first value.
    if (seen.size !== n * width)
      throw new Error(
        `prepared rows: some columns of ${columns.join(', ')} are not parameters of ${query.sql}`,
      )
    nameStatement(query.sql)
    return { query, row, column }
  }
  return async (db, rows) => {
    const dialect = db.getExecutor().adapter.constructor
    let byCount = shapes.get(dialect)
    if (!byCount) {
      byCount = new Map()
      shapes.set(dialect, byCount)
    }
    let at = 0
    for (const n of statementSizes(rows.length, max)) {
      let shape = byCount.get(n)
      if (!shape) {
        shape = compile(db, n)
        byCount.set(n, shape)
      }
      const { query, row, column } = shape
      const parameters = query.parameters.map((fixed, i) =>
        row[i]! < 0 ? fixed : (rows[at + row[i]!]![columns[column[i]!]!] ?? null),
      )
      await db.executeQuery({ ...query, parameters, queryId: createQueryId() })
      at += n
    }
  }
}

/** How many rows each statement takes: `max` at a time, then the rest by powers of two. */
export function statementSizes(total: number, max: number): number[] {
  const out: number[] = []
  let left = total
  for (; left >= max; left -= max) out.push(max)
  for (let p = 2 ** Math.floor(Math.log2(Math.max(1, left))); left > 0; p /= 2)
    if (left >= p) {
      out.push(p)
      left -= p
    }
  return out
}

/**
 * SQLite's page cache on a hub's connection, in KiB (decision 0201). better-sqlite3 builds SQLite
 * with 16 MB a connection, which a hub filled with what its first start imported and each sync
 * read, and then held for the life of the process; the pages stay in the system's file cache, one
 * read away. Measured on a hub serving 30 learners: 8–13 MB less at the peak of a sync.
 */
export const HUB_PAGE_CACHE_KIB = 2048

/** Caps SQLite's page cache of this connection, in KiB; nothing on PostgreSQL. */
export function capPageCache(handle: DbHandle, kib: number): void {
  handle.sqlite?.pragma(`cache_size = -${kib}`)
}

/** Opens the embedded SQLite database (WAL mode) or PostgreSQL, as configured. */
export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.pgSchema)
  const file = opts.sqliteFile ?? join(opts.dataDir ?? './var', 'hocso.sqlite')
  let sqlite: SQLite.Database
  try {
    if (file !== ':memory:') {
      privateDir(join(file, '..'))
      // Created empty with mode 0600 before SQLite opens it: SQLite gives the WAL and SHM files the
      // mode of the database file, so they are private from their first byte too.
      if (!existsSync(file)) writePrivateFile(file, '')
      makePrivate(file)
    }
    sqlite = new SQLite(file)
    sqlite.pragma('journal_mode = WAL')
    if (file !== ':memory:') for (const f of [`${file}-wal`, `${file}-shm`]) makePrivate(f)
  } catch (err) {
    // The usual causes are a directory without write permission or a file that is not a database.
    throw new ConfigError(`HOCSO_DATA_DIR: cannot open the database ${file}: ${(err as Error).message}`, {
      cause: err,
    })
  }
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({
    dialect: guardedDialect(new SqliteDialect({ database: cachingStatements(sqlite) })),
  })
  return {
    db,
    dialect: 'sqlite',
    file: file === ':memory:' ? undefined : file,
    sqlite,
    schema: undefined,
    close: () => db.destroy(),
  }
}

/** Where a PostgreSQL URL points, without the password, for error messages. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || 5432}${u.pathname}`
  } catch {
    return 'the configured server'
  }
}

async function openPostgres(url: string, schema: string | undefined): Promise<DbHandle> {
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`)
  // The driver is loaded only by a server that uses PostgreSQL.
  const { default: pg } = await import('pg')
  // PostgreSQL returns BIGINT and NUMERIC as strings by default; our counts fit in a double.
  pg.types.setTypeParser(20, (v) => Number(v))
  pg.types.setTypeParser(1700, (v) => Number(v))
  // Connect once before building the pool, so a wrong URL fails now with a message naming the variable
  // rather than later inside the first migration.
  const probe = new pg.Client({ connectionString: url })
  try {
    await probe.connect()
    if (schema) await probe.query(`create schema if not exists ${schema}`)
  } catch (err) {
    const e = err as { code?: string; message?: string }
    throw new ConfigError(
      `HOCSO_DATABASE_URL: cannot connect to PostgreSQL at ${describeUrl(url)}: ${e.message ?? e.code ?? String(err)}`,
      { cause: err },
    )
  } finally {
    await probe.end().catch(() => {})
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  pool.on('connect', namingStatements)
  const db = new Kysely<Database>({ dialect: guardedDialect(new PostgresDialect({ pool })) })
  return {
    db,
    dialect: 'postgres',
    file: undefined,
    sqlite: undefined,
    schema: schema ?? 'public',
    close: () => db.destroy(),
  }
}

type PgClient = import('pg').PoolClient

/**
 * Sends the statements marked by `nameStatement` by name on this connection: parsed and planned
 * at their first run, then only bound and run. A schema changed under a kept plan (a migration run
 * by another process) makes PostgreSQL refuse it (`cached plan must not change result type`, or
 * the statement gone): the text then gets a new name on this connection, prepared afresh, and
 * outside a transaction the query is sent again at once; inside one the error ends the transaction
 * as any other would.
 */
function namingStatements(client: PgClient): void {
  const send = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<unknown>
  const renamed = new Map<string, string>()
  let renames = 0
  let inTransaction = false
  const named = (text: string, values: unknown) =>
    send({ name: renamed.get(text) ?? statementNames.get(text), text, values })
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (typeof config !== 'string' || typeof values === 'function' || callback !== undefined)
      return (send as (...a: unknown[]) => unknown)(config, values, callback)
    if (/^(begin|start)/i.test(config)) inTransaction = true
    else if (/^(commit|rollback)/i.test(config)) inTransaction = false
    if (!statementNames.has(config)) return send(config, values)
    return named(config, values).catch((err: { code?: string }) => {
      if (err?.code !== '0A000' && err?.code !== '26000') throw err
      renamed.set(config, `${statementNames.get(config)}_${++renames}`)
      if (inTransaction) throw err
      return named(config, values)
    })
  }) as typeof client.query
}

/** True once the database answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}

/** Booleans are stored as 0/1 integers so that both dialects read them the same way. */
export const bool = (v: boolean): number => (v ? 1 : 0)
export const isTrue = (v: number | boolean | null | undefined): boolean => v === 1 || v === true

/**
 * The tables of this connection's own schema and their columns. Kysely's introspection lists the
 * tables of every schema the role may use, by bare name: in a PostgreSQL database holding several
 * schemas (nodes side by side, an older copy), another schema's `events` would otherwise answer
 * for ours, with its own columns.
 */
export async function ownTables(db: Db): Promise<Map<string, Set<string>>> {
  const tables = await db.introspection.getTables()
  // SQLite has no schemas: its introspector leaves `schema` unset.
  const here = tables.some((t) => t.schema)
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
    : undefined
  return new Map(
    tables
      .filter((t) => here === undefined || t.schema === here)
      .map((t) => [t.name, new Set(t.columns.map((c) => c.name))]),
  )
}
