import type { Kysely, Migration } from 'kysely'

/**
 * Targets imported from a plan file (decision 0182): each keeps its plan, the period as the file
 * wrote it and the words its figure comes from; the plan keeps its title and source, so an export
 * writes the file back as it was imported.
 */
export const planMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // One column per statement: SQLite adds one column at a time.
    await db.schema.alterTable('campaign_targets').addColumn('plan', 'text').execute()
    await db.schema.alterTable('campaign_targets').addColumn('period', 'text').execute()
    await db.schema.alterTable('campaign_targets').addColumn('source', 'text').execute()
    await db.schema.createIndex('campaign_targets_plan').on('campaign_targets').column('plan').execute()
    await db.schema
      .createTable('campaign_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text')
      .addColumn('source', 'text')
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute()
  },
}
