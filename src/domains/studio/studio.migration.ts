import type { Kysely, Migration } from 'kysely'

/** Studio tables: segment drafts, translations under review, recordings, comments, glossaries. */
export const studioMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('studio_segments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('segment', 'text', (c) => c.notNull())
      .addColumn('source_text', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addColumn('fact_id', 'text', (c) => c.notNull())
      .addUniqueConstraint('studio_segments_one', ['course_slug', 'lesson_key', 'lang', 'segment'])
      .execute()
    await db.schema
      .createTable('studio_translations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('audio_id', 'text')
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', 'text')
      .addColumn('approved_lesson_id', 'text')
      .addColumn('approved', 'text')
      .addColumn('approved_audio_id', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('studio_translations_one', ['course_slug', 'lesson_key', 'lang'])
      .execute()
    await db.schema
      .createTable('studio_audio')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('studio_comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('segment', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('studio_comments_lesson')
      .on('studio_comments')
      .columns(['course_slug', 'lesson_key', 'lang'])
      .execute()
    await db.schema
      .createTable('studio_glossary')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('translation', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('studio_glossary_one', ['lang', 'term'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    for (const t of [
      'studio_glossary',
      'studio_comments',
      'studio_audio',
      'studio_translations',
      'studio_segments',
    ])
      await db.schema.dropTable(t).ifExists().execute()
  },
}
