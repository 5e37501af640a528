import { type ExpressionBuilder, sql } from 'kysely'
import type { Ctx } from './context.ts'
import { type Db, type DbHandle, nameStatement } from './db.ts'
import { uuidv7 } from './ids.ts'
import { Lru } from './lru.ts'
import { setMeta } from './node-identity.ts'
import type { Database } from './schema.ts'
import { isTx } from './transaction.ts'

/**
 * The stamp of what signed-out visitors are shown (decision 0195): a value in the meta table that
 * every change to public content (a course imported or retired, a translation or a recording
 * approved) replaces, in the transaction that makes the change. A process keeps rendered public
 * pages under the stamp it read before rendering them, and reads it again for every request, so a
 * page made before a change, by any process, is never served after it.
 */
export const PUBLIC_STAMP = 'public_pages_stamp'

/** Marks public content as changed (call inside the transaction that changes it). */
export async function bumpPublicStamp(db: Db): Promise<void> {
  await setMeta(db, PUBLIC_STAMP, uuidv7())
}

/** The reads, prepared once per database: one runs for every signed-out public page. */
const readers = new WeakMap<DbHandle, () => Promise<string>>()

function readerOf(handle: DbHandle): () => Promise<string> {
  const { sqlite, db } = handle
  const q = db.selectFrom('meta').select('value').where('key', '=', sql.lit(PUBLIC_STAMP)).compile()
  const viaKysely = async () => (await db.executeQuery(q)).rows[0]?.value ?? ''
  if (!sqlite) {
    nameStatement(q.sql) // on PostgreSQL, parsed once per connection (decision 0208)
    return viaKysely
  }
  // One row by its key, straight from the one SQLite connection (a few microseconds, where the
  // same read through Kysely costs a tenth of a kept page's answer). A transaction in progress on
  // the connection can show its own new stamp early: the page rendered then waits for that
  // transaction and is kept under the new stamp (or under one never current, if it rolls back).
  // While a streamed query holds the connection, better-sqlite3 refuses: then through Kysely,
  // which waits for it.
  const stmt = sqlite.prepare(q.sql).pluck()
  return async () => {
    try {
      return (stmt.get() as string | undefined) ?? ''
    } catch {
      return viaKysely()
    }
  }
}

/**
 * The stamp as a column of another query (`public_stamp`): the session read carries it, so a
 * signed-in page learns it without a round trip of its own (decision 0208).
 */
export function publicStampColumn(eb: ExpressionBuilder<Database, never>) {
  return eb.selectFrom('meta').select('value').where('key', '=', sql.lit(PUBLIC_STAMP)).as('public_stamp')
}

/** The current stamp ('' before the first change). */
export function publicStamp(handle: DbHandle): Promise<string> {
  let read = readers.get(handle)
  if (!read) {
    read = readerOf(handle)
    readers.set(handle, read)
  }
  return read()
}

/** How many public reads a process keeps (course rows, lesson texts, recording languages). */
const KEPT_READS = 300

const keptReads = new WeakMap<DbHandle, Lru<string, { stamp: string; value: unknown }>>()

/** Reads of public content made through one stamp read: see `publicReads`. */
export type PublicReads = <T>(key: string, read: () => Promise<T>) => Promise<T>

/**
 * Reads of public content (what signed-out visitors see: courses, their current lessons, lesson
 * texts, approved recordings) kept per process under the public content stamp (decision 0202), for
 * the pages a signed-in person gets: their own parts (progress, form token) are read and rendered
 * for them, the catalogue's come from here. The stamp is read once, at the first read made through
 * the function returned, for all of them: one request's worth (on PostgreSQL a round trip each).
 * Any change to public content replaces the stamp in its transaction, so a read kept before a
 * change, in any process, is never given after it; a read made while a change commits is kept under
 * the older stamp and never given again. Inside a transaction everything is read afresh (the
 * transaction may be making the change). What it returns is shared: callers must not change it.
 */
export function publicReads(ctx: Ctx, known?: string | null): PublicReads {
  if (isTx(ctx)) return (_key, read) => read()
  // A stamp this request already read (with its session) is as fresh: read before any rendering.
  let stamp: Promise<string> | undefined = known == null ? undefined : Promise.resolve(known)
  return async <T>(key: string, read: () => Promise<T>): Promise<T> => {
    stamp ??= publicStamp(ctx.handle)
    const now = await stamp
    let kept = keptReads.get(ctx.handle)
    if (!kept) {
      kept = new Lru(KEPT_READS)
      keptReads.set(ctx.handle, kept)
    }
    const hit = kept.get(key)
    if (hit && hit.stamp === now) return hit.value as T
    const value = await read()
    kept.set(key, { stamp: now, value })
    return value
  }
}
