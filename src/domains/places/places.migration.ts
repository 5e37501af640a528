import type { Kysely, Migration } from 'kysely'

export const placesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('places')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text')
      .addColumn('commune_code', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('codename', 'text')
      .addColumn('has_4g', 'integer')
      .addColumn('has_telecom', 'integer')
      .addColumn('on_grid', 'integer')
      .addColumn('population', 'integer')
      .addColumn('households', 'integer')
      .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
    await db.schema.createIndex('places_parent').on('places').columns(['parent_code', 'name']).execute()
    await db.schema.createIndex('places_kind').on('places').column('kind').execute()
  },
}
