import type { Kysely, Migration } from 'kysely'

export const certificatesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('certificate_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('public_key_multibase', 'text', (c) => c.notNull().unique())
      .addColumn('retired_at', 'text')
      .execute()
    await db.schema
      .createTable('certificate_status_lists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull().unique())
      .addColumn('url', 'text', (c) => c.notNull().unique())
      .addColumn('key_id', 'text', (c) => c.notNull().references('certificate_keys.id'))
      .addColumn('issuer_did', 'text', (c) => c.notNull())
      .addColumn('length', 'integer', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('certificates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_ref', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull().references('certificate_keys.id'))
      .addColumn('status_list_id', 'text', (c) => c.notNull().references('certificate_status_lists.id'))
      .addColumn('status_index', 'integer', (c) => c.notNull())
      .addColumn('source_fact_id', 'text')
      .addColumn('credential', 'text', (c) => c.notNull())
      .execute()
    // Exactly one certificate per person and course, even when completion arrives twice.
    await db.schema
      .createIndex('certificates_once')
      .on('certificates')
      .columns(['account_id', 'kind', 'subject_ref'])
      .unique()
      .execute()
    await db.schema
      .createIndex('certificates_status_entry')
      .on('certificates')
      .columns(['status_list_id', 'status_index'])
      .unique()
      .execute()
    await db.schema.createIndex('certificates_issued').on('certificates').columns(['issued_at']).execute()
    await db.schema
      .createTable('certificate_revocations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('certificate_id', 'text', (c) => c.notNull().unique().references('certificates.id'))
      .addColumn('revoked_at', 'text', (c) => c.notNull())
      .addColumn('revoked_by', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute()
  },
}

/**
 * Certificates replicate from the province down to its hubs (decision 0110, issue 17): every
 * table takes the `hlc` stamp the change capture of the sync domain compares. Rows made before
 * carry the zero stamp, older than any edit.
 */
export const certificatesReplicatedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of [
      'certificate_keys',
      'certificate_status_lists',
      'certificates',
      'certificate_revocations',
    ])
      await db.schema
        .alterTable(table)
        .addColumn('hlc', 'text', (c) => c.notNull().defaultTo('0000000000000000-00000'))
        .execute()
  },
}
