import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely'
import type { Db } from './db.ts'

/**
 * Where uploaded media (studio recordings) live, so that any process of a deployment serves what
 * another stored. The database is the only store built (decision 0166): recordings are at most
 * 8 MB and a province has a few thousand, well within PostgreSQL's `bytea`. An S3-compatible object
 * store for large media would implement this same interface; it is not built yet.
 */
export interface BlobStore {
  /** Stores bytes under a key (a new key per upload: blobs never change). Inside `db`'s transaction when given. */
  put(key: string, bytes: Uint8Array, mime: string, at: string, db?: Db): Promise<void>
  /** Size and type, or undefined when there is no such blob. */
  info(key: string): Promise<{ size: number; mime: string; createdAt: string } | undefined>
  /** Bytes `start`..`end` inclusive (the whole blob without a range). */
  read(key: string, start?: number, end?: number): Promise<Uint8Array | undefined>
  /** Removes blobs; inside `db`'s transaction when given, so a failed erasure keeps them. */
  delete(keys: string[], db?: Db): Promise<void>
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

/** The blob store in the deployment's database. */
export function databaseBlobs(db: Db): BlobStore {
  return {
    async put(key, bytes, mime, at, trx) {
      await (trx ?? db)
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
    async delete(keys, trx) {
      if (keys.length) await (trx ?? db).deleteFrom('media_blobs').where('key', 'in', keys).execute()
    },
  }
}
