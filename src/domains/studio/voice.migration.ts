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
