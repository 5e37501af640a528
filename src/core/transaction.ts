import { sql, type Transaction } from 'kysely'
import type { TxBlobStore } from './blobs.ts'
import type { Ctx } from './context.ts'
import { markTransaction } from './pool-guard.ts'
import type { Database } from './schema.ts'

/** An open transaction on the database. */
export type Tx = Transaction<Database>

/**
 * The service context inside a transaction: the same context, its `db` the transaction (decision
 * 0193). A function that must run inside a transaction takes `tx: TxCtx` and nothing else: there is
 * no second handle in scope, so nothing reaches the pool by mistake. A `TxCtx` is also a `Ctx`, so
 * reads written for `Ctx` take it as well. Its `blobs` are bound to the transaction too: a blob's
 * record commits or rolls back with the rows that name it.
 */
export type TxCtx = Ctx & { db: Tx; inTx: true; blobs: TxBlobStore }

/** True when `ctx` is already inside a transaction. */
export function isTx(ctx: Ctx): ctx is TxCtx {
  return (ctx as Partial<TxCtx>).inTx === true
}

let savepoints = 0

/**
 * Runs `fn` in a transaction: a new one from the pool, or the caller's own when `ctx` is already a
 * `TxCtx` (nested calls join it). With `savepoint`, a nested call runs inside a savepoint, so its
 * failure takes back only its own writes.
 */
export async function inTransaction<T>(
  ctx: Ctx,
  fn: (tx: TxCtx) => Promise<T>,
  opts: { savepoint?: boolean } = {},
): Promise<T> {
  if (isTx(ctx)) return opts.savepoint ? inSavepoint(ctx, fn) : fn(ctx)
  let blobs: TxBlobStore | undefined
  let out: T
  try {
    out = await ctx.db.transaction().execute((trx) => {
      blobs = ctx.blobs.inTransaction(trx)
      return markTransaction(() => fn({ ...ctx, db: trx, inTx: true, blobs: blobs! }))
    })
  } catch (err) {
    // Objects an object store wrote for this transaction go with it.
    await blobs
      ?.settle(false)
      .catch((e) => ctx.log.error({ err: e }, 'media objects of a failed transaction'))
    throw err
  }
  // Committed: objects whose records it deleted are deleted now (an error here names them).
  await blobs?.settle(true)
  return out
}

async function inSavepoint<T>(tx: TxCtx, fn: (tx: TxCtx) => Promise<T>): Promise<T> {
  const name = sql.raw(`sp_${++savepoints}`)
  const mark = tx.blobs.mark()
  await sql`savepoint ${name}`.execute(tx.db)
  try {
    const out = await fn(tx)
    await sql`release savepoint ${name}`.execute(tx.db)
    return out
  } catch (err) {
    try {
      await sql`rollback to savepoint ${name}`.execute(tx.db)
      await sql`release savepoint ${name}`.execute(tx.db)
    } catch {
      // The transaction is gone (SQLite ends it by itself on a full disk): the first error is the one to say.
    }
    await tx.blobs.rollbackTo(mark)
    throw err
  }
}
