import type { Kysely, Migration } from 'kysely'

/**
 * A headcount can be corrected (decision 0196): a correcting fact's row says which count it
 * corrects, and the corrected row which correction replaced it, as the help log's rows do.
 */
export const headcountCorrectionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('event_headcounts').addColumn('corrects', 'text').execute()
    await db.schema.alterTable('event_headcounts').addColumn('replaced_by', 'text').execute()
    await db.schema
      .createIndex('event_headcounts_corrects')
      .on('event_headcounts')
      .column('corrects')
      .execute()
  },
}
