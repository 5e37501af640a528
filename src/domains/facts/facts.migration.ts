import type { Kysely, Migration } from 'kysely'

export const factsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('facts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('subject_id', 'text')
      .addColumn('place_code', 'text')
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('corrects', 'text')
      .execute()
    await db.schema
      .createIndex('facts_origin_seq')
      .on('facts')
      .columns(['origin_node', 'seq'])
      .unique()
      .execute()
    await db.schema
      .createIndex('facts_subject_kind')
      .on('facts')
      .columns(['subject_id', 'kind', 'occurred_at'])
      .execute()
    await db.schema
      .createIndex('facts_actor_kind')
      .on('facts')
      .columns(['actor_id', 'kind', 'occurred_at'])
      .execute()
    await db.schema
      .createIndex('facts_place_kind')
      .on('facts')
      .columns(['place_code', 'kind', 'occurred_at'])
      .execute()
    await db.schema
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute()
  },
}
