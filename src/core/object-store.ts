import { createHash } from 'node:crypto'
import type { Kysely, Migration } from 'kysely'
import { type BlobStore, databaseBlobs, type TxBlobStore } from './blobs.ts'
import type { Db } from './db.ts'
import type { Logger } from './logger.ts'
import { ObjectStoreError, type S3Client } from './s3.ts'

/**
 * Uploaded media in an S3-compatible object store (decision 0199). The bytes are objects in the
 * bucket; their record stays in the database, in `media_objects`: key, type, size, SHA-256 and
 * when it was stored. Who uploaded a recording, and which lesson it belongs to, stay in the domain's
 * own rows (`studio_audio`, `studio_voice_clips`), as with the database store.
 *
 * - Writing: the object first, then its record, in the caller's transaction. A transaction that
 *   fails removes the objects it wrote; a process killed in between leaves an object with no record,
 *   which `sweepOrphans` finds (objects under the prefix with no record, older than an hour).
 * - Deleting: the record is marked `deleted_at` in the caller's transaction (it is no longer served);
 *   once that transaction has committed the objects are deleted and the records with them. Objects
 *   whose deletion failed keep their marked record and are deleted at the next start
 *   (`purgeDeleted`): an erasure never leaves them for good.
 * - Media stored in the database before the store was configured stay there and are served and
 *   erased from there (`media_blobs`).
 */
export type MediaObjectsTables = {
  media_objects: {
    key: string
    mime: string
    size: number
    sha256: string
    created_at: string
    deleted_at: string | null
  }
}

declare module './schema.ts' {
  interface Database extends MediaObjectsTables {}
}

export const mediaObjectsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('media_objects')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute()
  },
}

/** An object younger than this may be an upload whose record is about to commit: the sweep leaves it. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000

/**
 * The object store: bytes in the bucket under `prefix + key`, records in `db`. Inside a transaction
 * (`inTransaction`), records go to the transaction and the objects to add or remove are tracked
 * until it ends.
 */
export function objectStoreBlobs(db: Db, s3: S3Client, prefix: string, log: Logger): BlobStore {
  return bound(db, s3, prefix, log)
}

/** Deletes objects; returns the keys whose deletion failed (logged). */
async function removeObjects(s3: S3Client, prefix: string, log: Logger, keys: string[]): Promise<string[]> {
  const failed: string[] = []
  for (const k of keys) {
    try {
      await s3.delete(prefix + k)
    } catch (err) {
      failed.push(k)
      log.error({ err, key: prefix + k, store: s3.where }, 'media object not deleted')
    }
  }
  return failed
}

/** Deletes the objects of records marked deleted, then those records; returns the keys that remain. */
async function purge(db: Db, s3: S3Client, prefix: string, log: Logger, keys: string[]): Promise<string[]> {
  const failed = await removeObjects(s3, prefix, log, keys)
  const done = keys.filter((k) => !failed.includes(k))
  if (done.length) await db.deleteFrom('media_objects').where('key', 'in', done).execute()
  return failed
}

function bound(db: Db, s3: S3Client, prefix: string, log: Logger, tx?: Tracked): TxBlobStore {
  const older = databaseBlobs(db)
  const live = (key: string) =>
    db
      .selectFrom('media_objects')
      .select(['size', 'mime', 'created_at', 'sha256'])
      .where('key', '=', key)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
  const missing = (key: string) =>
    new ObjectStoreError(
      `media store ${s3.where}: object ${prefix}${key} is missing, though the database records it`,
      404,
      'NoSuchKey',
    )
  const store: TxBlobStore = {
    name: s3.where,
    async put(key, bytes, mime, at) {
      if ((await live(key)) || (await older.info(key))) return
      await s3.put(prefix + key, bytes, mime)
      tx?.written.push(key)
      try {
        await db
          .insertInto('media_objects')
          .values({
            key,
            mime,
            size: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            created_at: at,
            deleted_at: null,
          })
          .execute()
      } catch (err) {
        // Outside a transaction nothing else will remove the object; inside, `settle` does.
        if (!tx) await removeObjects(s3, prefix, log, [key])
        throw err
      }
    },
    async info(key) {
      const r = await live(key)
      if (!r) return older.info(key)
      return { size: Number(r.size), mime: r.mime, createdAt: r.created_at }
    },
    async read(key, start, end) {
      const r = await live(key)
      if (!r) return older.read(key, start, end)
      const whole = start === undefined && end === undefined
      const res = await s3.get(prefix + key, whole ? undefined : { start: start ?? 0, end })
      if (!res) throw missing(key)
      const bytes = new Uint8Array(await res.arrayBuffer())
      if (whole && createHash('sha256').update(bytes).digest('hex') !== r.sha256)
        throw new ObjectStoreError(
          `media store ${s3.where}: object ${prefix}${key} differs from what was stored (SHA-256 mismatch)`,
          200,
        )
      return bytes
    },
    async stream(key, start, end) {
      const r = await live(key)
      if (!r) return older.stream(key, start, end)
      const whole = start === undefined && end === undefined
      const res = await s3.get(prefix + key, whole ? undefined : { start: start ?? 0, end })
      if (!res?.body) throw missing(key)
      return res.body
    },
    async delete(keys) {
      if (!keys.length) return
      await older.delete(keys)
      const marked = await db
        .updateTable('media_objects')
        .set({ deleted_at: new Date().toISOString() })
        .where('key', 'in', keys)
        .where('deleted_at', 'is', null)
        .returning('key')
        .execute()
      const gone = marked.map((r) => r.key)
      if (tx) tx.deleted.push(...gone)
      else {
        const left = await purge(db, s3, prefix, log, gone)
        if (left.length) throw notDeleted(s3, prefix, left)
      }
    },
    async keys(p) {
      const rows = await db
        .selectFrom('media_objects')
        .select('key')
        .where('key', 'like', `${p}%`)
        .where('deleted_at', 'is', null)
        .execute()
      return new Set([...rows.map((r) => r.key), ...(await older.keys(p))])
    },
    inTransaction(trx) {
      return tx ? store : bound(trx, s3, prefix, log, { written: [], deleted: [], pool: db })
    },
    mark: () => (tx ? [tx.written.length, tx.deleted.length] : [0, 0]),
    async rollbackTo([w, d]) {
      if (!tx) return
      await removeObjects(s3, prefix, log, tx.written.splice(w))
      tx.deleted.splice(d)
    },
    async settle(committed) {
      if (!tx) return
      const { written, deleted } = tx
      tx.written = []
      tx.deleted = []
      if (!committed) {
        await removeObjects(s3, prefix, log, written)
        return
      }
      // The transaction has ended: the marked records are deleted on the pool now.
      const left = await purge(tx.pool, s3, prefix, log, deleted)
      if (left.length) throw notDeleted(s3, prefix, left)
    },
  }
  return store
}

type Tracked = { written: string[]; deleted: string[]; pool: Db }

const notDeleted = (s3: S3Client, prefix: string, keys: string[]) =>
  new ObjectStoreError(
    `media store ${s3.where}: ${keys.length} object(s) not deleted (${keys.map((k) => prefix + k).join(', ')}); ` +
      'their records are gone from every page, and the objects are deleted at the next start',
    0,
  )

/** At start: deletes the objects whose records were deleted but whose deletion failed. */
export async function purgeDeleted(db: Db, s3: S3Client, prefix: string, log: Logger): Promise<number> {
  const rows = await db
    .selectFrom('media_objects')
    .select('key')
    .where('deleted_at', 'is not', null)
    .execute()
  if (!rows.length) return 0
  const left = await purge(
    db,
    s3,
    prefix,
    log,
    rows.map((r) => r.key),
  )
  const done = rows.length - left.length
  if (done) log.info({ deleted: done, store: s3.where }, 'media objects of erased records deleted')
  return done
}

/**
 * Objects under the prefix that no record names (an upload whose process stopped between the
 * object and its record), older than `minAgeMs`; deleted unless `dryRun`. Returns their keys.
 */
export async function sweepOrphans(
  db: Db,
  s3: S3Client,
  prefix: string,
  opts: { dryRun?: boolean; minAgeMs?: number; now?: Date } = {},
): Promise<string[]> {
  const before = (opts.now ?? new Date()).getTime() - (opts.minAgeMs ?? ORPHAN_AGE_MS)
  const orphans: string[] = []
  for await (const o of s3.list(prefix)) {
    if (o.lastModified.getTime() > before) continue
    const key = o.key.slice(prefix.length)
    const known = await db.selectFrom('media_objects').select('key').where('key', '=', key).executeTakeFirst()
    if (!known) orphans.push(o.key)
  }
  if (!opts.dryRun) for (const k of orphans) await s3.delete(k)
  return orphans
}
