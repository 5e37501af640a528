import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely'
import type { Db } from './db.ts'

/**
 * Where uploaded media (studio recordings) live, so that any process of a deployment serves what
 * another stored: the database by default (decision 0166), or an S3-compatible object store for the
 * bytes with their record in the database (decision 0199, `objectStoreBlobs`).
 *
 * The store a service holds is bound to a handle: `ctx.blobs` to the pool, `tx.blobs` (made by
 * `inTransaction`) to the transaction, so that a blob's record commits or rolls back with the rows
 * that name it, and nobody passes a transaction by hand.
 */
export interface BlobStore {
  /** Where the bytes are, for messages: `the database`, or `s3://bucket at https://…`. */
  readonly name: string
  /** Stores bytes under a key (a new key per upload: blobs never change). */
  put(key: string, bytes: Uint8Array, mime: string, at: string): Promise<void>
  /** Size and type, or undefined when there is no such blob. */
  info(key: string): Promise<{ size: number; mime: string; createdAt: string } | undefined>
  /** Bytes `start`..`end` inclusive (the whole blob without a range); undefined when there is no such blob. */
  read(key: string, start?: number, end?: number): Promise<Uint8Array | undefined>
  /** The same bytes as a stream, read as they are sent (from an object store, never held whole). */
  stream(key: string, start?: number, end?: number): Promise<ReadableStream<Uint8Array> | undefined>
  /** Removes blobs (in a transaction: with it, so that a failed erasure keeps them). */
  delete(keys: string[]): Promise<void>
  /** The keys stored under a prefix (`studio/`). */
  keys(prefix: string): Promise<Set<string>>
  /** This store with its records in the transaction `trx`: what `inTransaction` gives as `tx.blobs`. */
  inTransaction(trx: Db): TxBlobStore
}

/** How many objects a transaction had written and deleted when a savepoint started. */
export type BlobMark = [written: number, deleted: number]

/**
 * A store inside a transaction. `inTransaction` settles it once the transaction has ended: objects
 * written for a transaction that failed are removed, objects of records deleted by one that
 * committed are removed then (never before: a failed erasure must keep them).
 */
export interface TxBlobStore extends BlobStore {
  /** A mark to roll back to, taken when a savepoint starts. */
  mark(): BlobMark
  /** The savepoint of `mark` rolled back: its writes are undone, its deletions forgotten. */
  rollbackTo(mark: BlobMark): Promise<void>
  /** The transaction ended (`committed` or not). */
  settle(committed: boolean): Promise<void>
}

export type MediaBlobsTables = {
  media_blobs: { key: string; mime: string; size: number; data: Uint8Array; created_at: string }
}

/** PostgreSQL stores the bytes as `bytea`, SQLite as a `blob`. */
// Core's tables join the one database type (core/schema.ts), as each domain's do.
declare module './schema.ts' {
  interface Database extends MediaBlobsTables {}
}

export const mediaBlobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const type = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob'
    await db.schema
      .createTable('media_blobs')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('data', sql.raw(type), (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
  },
}

/** A stream of bytes already in memory. */
const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(out) {
      out.enqueue(bytes)
      out.close()
    },
  })

/** The blob store in the deployment's database: record and bytes in one row of `media_blobs`. */
export function databaseBlobs(db: Db): BlobStore {
  const store: BlobStore = {
    name: 'the database',
    async put(key, bytes, mime, at) {
      await db
        .insertInto('media_blobs')
        .values({
          key,
          mime,
          size: bytes.length,
          data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
          created_at: at,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute()
    },
    async info(key) {
      const r = await db
        .selectFrom('media_blobs')
        .select(['size', 'mime', 'created_at'])
        .where('key', '=', key)
        .executeTakeFirst()
      return r ? { size: Number(r.size), mime: r.mime, createdAt: r.created_at } : undefined
    },
    async read(key, start, end) {
      const from = start ?? 0
      const q = db.selectFrom('media_blobs').where('key', '=', key)
      const r =
        end === undefined && from === 0
          ? await q.select('data').executeTakeFirst()
          : await q
              .select(
                sql<Uint8Array>`substr(data, ${from + 1}, ${(end ?? 2 ** 31 - 2) - from + 1})`.as('data'),
              )
              .executeTakeFirst()
      return r ? new Uint8Array(r.data) : undefined
    },
    async stream(key, start, end) {
      const bytes = await store.read(key, start, end)
      return bytes && streamOf(bytes)
    },
    async delete(keys) {
      if (keys.length) await db.deleteFrom('media_blobs').where('key', 'in', keys).execute()
    },
    async keys(prefix) {
      const rows = await db
        .selectFrom('media_blobs')
        .select('key')
        .where('key', 'like', `${prefix}%`)
        .execute()
      return new Set(rows.map((r) => r.key))
    },
    inTransaction(trx) {
      const bound = databaseBlobs(trx)
      // Record and bytes are one row: the transaction alone commits or rolls them back.
      const tx: TxBlobStore = {
        ...bound,
        inTransaction: () => tx,
        mark: () => [0, 0],
        rollbackTo: async () => {},
        settle: async () => {},
      }
      return tx
    },
  }
  return store
}
