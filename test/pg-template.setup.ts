import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../src/core/db.ts'
import { migrateToLatest } from '../src/core/migrations.ts'
import { registerDomains } from '../src/domains/index.ts'
import { databaseUrl, onServer } from './pg-server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PostgreSQL database each test database is copied from (CREATE DATABASE … TEMPLATE). */
    hocsoPgTemplate: string | undefined
  }
}

/**
 * Vitest global setup on PostgreSQL (HOCSO_TEST_DATABASE_URL): the migrations run once, into a
 * template database of this run, and each test database is a copy of it (harness.ts), instead of
 * every test file migrating a schema of its own (about 100 tables, seconds on a busy machine).
 * The template is made afresh each run, so it always has the migrations of the code under test;
 * it and its copies are dropped when the run ends.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.HOCSO_TEST_DATABASE_URL
  project.provide('hocsoPgTemplate', undefined)
  if (!url) return undefined
  const name = `hocso_tpl_${randomBytes(5).toString('hex')}`
  await onServer(url, `create database ${name}`)
  const handle = await openDatabase({ databaseUrl: databaseUrl(url, name) })
  try {
    registerDomains()
    await migrateToLatest(handle.db, handle.schema)
  } finally {
    await handle.close()
  }
  project.provide('hocsoPgTemplate', name)
  return async () => {
    // The test databases of this run (named <template>_<random>, harness.ts), then the template.
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      const copies = await c.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`${name}\\_%`],
      )
      for (const { datname } of copies.rows) await c.query(`drop database if exists ${datname} with (force)`)
      await c.query(`drop database if exists ${name} with (force)`)
    } finally {
      await c.end()
    }
  }
}
