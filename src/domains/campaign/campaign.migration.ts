import type { Kysely, Migration } from 'kysely'

export const campaignMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('campaign_rollups')
      .addColumn('indicator', 'text', (c) => c.notNull())
      .addColumn('place_code', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('campaign_rollups_pk', ['indicator', 'place_code', 'period'])
      .execute()
    await db.schema
      .createTable('campaign_markers')
      .addColumn('indicator', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('place_code', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('fact_id', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('campaign_markers_pk', ['indicator', 'key'])
      .execute()
    await db.schema
      .createTable('campaign_corrected')
      .addColumn('fact_id', 'text', (c) => c.primaryKey())
      .addColumn('by_fact_id', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('campaign_targets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('indicator', 'text', (c) => c.notNull())
      .addColumn('scope_code', 'text', (c) => c.notNull())
      .addColumn('value', 'real', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('deleted_at', 'text')
      .execute()
    await db.schema
      .createIndex('campaign_targets_scope')
      .on('campaign_targets')
      .column('scope_code')
      .execute()
    await db.schema
      .createTable('campaign_visits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('planned_on', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('cancelled_at', 'text')
      .execute()
    await db.schema
      .createIndex('campaign_visits_village')
      .on('campaign_visits')
      .columns(['village_code', 'planned_on'])
      .execute()
  },
}

/** The queue of facts whose rollups are made after the request (decision 0191). */
export const pendingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('campaign_pending')
      .addColumn('fact_id', 'text', (c) => c.primaryKey())
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('campaign_pending').execute()
  },
}

/** Who goes: the reach planner plans each visit with a date and the person in charge (decision in docs/dashboard.md). */
export const visitAssigneeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('campaign_visits').addColumn('assignee', 'text').execute()
  },
}
