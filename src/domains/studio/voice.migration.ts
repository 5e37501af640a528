import { type Kysely, type Migration, PostgresAdapter } from 'kysely'

/**
 * Community voices: a recording per lesson section and language, kept in the database (so every
 * server process and every hub reads the same bytes), and the parts of uploads still arriving.
 */
export const voiceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob'
    await db.schema
      .createTable('studio_voice_clips')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('section', 'text', (c) => c.notNull())
      .addColumn('source_text', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('data', bytes, (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('review_reason', 'text')
      .execute()
    await db.schema
      .createIndex('studio_voice_clips_lesson')
      .on('studio_voice_clips')
      .columns(['course_slug', 'lesson_key', 'lang', 'section'])
      .execute()
    await db.schema
      .createTable('studio_voice_parts')
      .addColumn('clip_id', 'text', (c) => c.notNull())
      .addColumn('offset', 'integer', (c) => c.notNull())
      .addColumn('data', bytes, (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('meta', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('studio_voice_parts_pk', ['clip_id', 'offset'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('studio_voice_parts').ifExists().execute()
    await db.schema.dropTable('studio_voice_clips').ifExists().execute()
  },
}

/** Where a recording's bytes are in the shared blob store. */
export const voiceBlobKey = (id: string) => `voice/${id}`

/**
 * Recordings move to the shared media blob store (`media_blobs`, decision 0166), where the
 * studio's lesson recordings already are: one place for uploaded bytes, one interface an object
 * store could implement later. Each row's bytes are copied under `voice/<id>`, one at a time
 * (a few hundred kB each), then the column goes; all in the migration's transaction. Named after
 * decision 0190 so it sorts after `0166-media-blobs`, which makes the table.
 */
export const voiceBlobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const d = db as unknown as Kysely<{
      studio_voice_clips: { id: string; mime: string; bytes: number; received_at: string; data: Uint8Array }
      media_blobs: { key: string; mime: string; size: number; data: Uint8Array; created_at: string }
    }>
    const ids = await d.selectFrom('studio_voice_clips').select('id').execute()
    for (const { id } of ids) {
      const row = await d
        .selectFrom('studio_voice_clips')
        .select(['mime', 'received_at', 'data'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      const bytes = new Uint8Array(row.data)
      await d
        .insertInto('media_blobs')
        .values({
          key: voiceBlobKey(id),
          mime: row.mime,
          size: bytes.length,
          data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
          created_at: row.received_at,
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute()
    }
    await db.schema.alterTable('studio_voice_clips').dropColumn('data').execute()
  },
}
