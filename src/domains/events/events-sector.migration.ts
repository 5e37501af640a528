import type { Kysely, Migration } from 'kysely'

/**
 * The sector of an AI training for officials (education, smart_agriculture, tourism,
 * public_administration). Null for every other event, and for trainings made before sectors.
 */
export const eventsSectorMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('events').addColumn('sector', 'text').execute()
  },
}
