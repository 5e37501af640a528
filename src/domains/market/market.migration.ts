import type { Kysely, Migration } from 'kysely'

export const marketMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('traders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('place_code', 'text', (c) => c.notNull())
      .addColumn('market', 'text', (c) => c.notNull())
      .addColumn('products', 'text', (c) => c.notNull())
      .addColumn('phone', 'text')
      .addColumn('account_id', 'text')
      .addColumn('bank_bin', 'text')
      .addColumn('bank_account', 'text')
      .addColumn('erased_at', 'text')
      .execute()
    await db.schema.createIndex('traders_place').on('traders').column('place_code').execute()
    await db.schema.createIndex('traders_account').on('traders').column('account_id').execute()
    await db.schema
      .createTable('trader_steps')
      .addColumn('trader_id', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('fact_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('trader_steps_pk', ['trader_id', 'step'])
      .execute()
  },
}
