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
    let copies: string[]
    try {
      copies = (
        await c.query<{ datname: string }>('select datname from pg_database where datname like $1', [
          `${name}\\_%`,
        ])
      ).rows.map((r) => r.datname)
    } finally {
      await c.end()
    }
    // Several at once: each drop waits for a checkpoint of the whole server, and drops waiting
    // together share one. One after another they took 1.3–2.1 s each on the shared machine; ten
    // at once, 1.8 s in all.
    const queue = [...copies]
    const dropper = async () => {
      for (let next = queue.pop(); next; next = queue.pop())
        await onServer(url, `drop database if exists ${next} with (force)`)
    }
    await Promise.all(Array.from({ length: 10 }, dropper))
    await onServer(url, `drop database if exists ${name} with (force)`)
  }
}
