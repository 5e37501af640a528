import type { Kysely, Migration } from 'kysely'

/**
 * Projection of `festival_headcount` facts: the visitors of a festival counted as a number (at a
 * booth, or at the end of the day) because they did not check in one by one. One row per fact.
 */
export const headcountMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('event_headcounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('counted_at', 'text', (c) => c.notNull())
      .addColumn('counted_by', 'text')
      .addColumn('visitors', 'integer', (c) => c.notNull())
      .addColumn('booth', 'text')
      .addColumn('note', 'text')
      .execute()
    await db.schema.createIndex('event_headcounts_event').on('event_headcounts').column('event_id').execute()
  },
}
