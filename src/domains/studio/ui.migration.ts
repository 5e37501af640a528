import type { Kysely, Migration } from 'kysely'

/**
 * The interface strings of Tai Dam and Hmong, one row per language and catalogue key: the latest
 * translation with its review state, and what was last approved (what people see) (decision 0194).
 */
export const uiStringsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('studio_ui_strings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('source_text', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('translated_by', 'text', (c) => c.notNull())
      .addColumn('translated_at', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('review_reason', 'text')
      .addColumn('approved_text', 'text')
      .addColumn('approved_source', 'text')
      .addColumn('approved_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('studio_ui_strings_one', ['lang', 'key'])
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('studio_ui_strings').ifExists().execute()
  },
}
