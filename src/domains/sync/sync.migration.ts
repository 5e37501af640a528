import type { Kysely, Migration } from 'kysely'

export const syncMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sync_nodes')
      .addColumn('node_id', 'text', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('scope_code', 'text')
      .addColumn('url', 'text')
      .addColumn('registered_at', 'text', (c) => c.notNull())
      .addColumn('registered_by', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', 'text')
      .addColumn('last_contact_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('vector', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute()
    await db.schema
      .createTable('sync_have')
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('lo', 'integer', (c) => c.notNull())
      .addColumn('hi', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_have_pk', ['stream', 'origin_node', 'lo'])
      .execute()
    await db.schema
      .createTable('sync_changes')
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('row_key', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('node', 'text', (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('row', 'text')
      .addColumn('logged_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_changes_pk', ['origin_node', 'seq'])
      .execute()
    await db.schema.createIndex('sync_changes_row').on('sync_changes').columns(['tbl', 'row_key']).execute()
    await db.schema
      .createTable('sync_rows')
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('row_key', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('node', 'text', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('first_from', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sync_rows_pk', ['tbl', 'row_key'])
      .execute()
    await db.schema
      .createTable('sync_held')
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('entry', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('first_at', 'text', (c) => c.notNull())
      .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(1))
      .addPrimaryKeyConstraint('sync_held_pk', ['stream', 'origin_node', 'seq'])
      .execute()
    await db.schema
      .createTable('sync_refusals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('peer', 'text', (c) => c.notNull())
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('sync_refusals_entry')
      .on('sync_refusals')
      .columns(['peer', 'stream', 'origin_node', 'seq'])
      .unique()
      .execute()
    await db.schema
      .createTable('sync_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('peer', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('records_in', 'integer', (c) => c.notNull())
      .addColumn('records_out', 'integer', (c) => c.notNull())
      .addColumn('refused', 'integer', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('bundle_id', 'text')
      .addColumn('note', 'text')
      .execute()
    // The row every sync transaction writes first (see lockForWrite).
    await db
      .insertInto('counters' as never)
      .values({ name: 'sync:lock', value: 0 } as never)
      .execute()
    await db.schema.createIndex('sync_log_peer').on('sync_log').columns(['peer', 'at']).execute()
    // A bundle imported twice is recognised by its id.
    await db.schema.createIndex('sync_log_bundle').on('sync_log').columns(['bundle_id', 'kind']).execute()
  },
}

/**
 * The losing side of a concurrent edit, kept for an officer to resolve (issue 17, decision 0185).
 * The table replicates like an editable row, so a resolution made on one node reaches the others.
 */
export const syncConflictsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sync_conflicts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('row_key', 'text', (c) => c.notNull())
      .addColumn('kept_hlc', 'text', (c) => c.notNull())
      .addColumn('kept_node', 'text', (c) => c.notNull())
      .addColumn('kept_row', 'text', (c) => c.notNull())
      .addColumn('lost_hlc', 'text', (c) => c.notNull())
      .addColumn('lost_node', 'text', (c) => c.notNull())
      .addColumn('lost_row', 'text', (c) => c.notNull())
      .addColumn('resolution', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .execute()
    await db.schema
      .createIndex('sync_conflicts_open')
      .on('sync_conflicts')
      .columns(['resolved_at', 'tbl'])
      .execute()
  },
}
