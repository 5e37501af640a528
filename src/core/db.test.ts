import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PG_URL, type TestEnv, testEnv } from '../../test/harness.ts'
import { ownTables } from './db.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv({ units: false })
})
afterAll(async () => {
  await env.close()
})

describe('ownTables', () => {
  it('lists the tables of this database with their columns', async () => {
    const tables = await ownTables(env.ctx.db)
    expect(tables.get('events')).toContain('sector')
    expect(tables.get('facts')).toContain('origin_node')
  })

  // A province on PostgreSQL shared its database with an older copy of the tables: a replicated
  // training arrived without its sector, and the by-sector rollups were missing.
  it.runIf(!!TEST_PG_URL)(
    'on PostgreSQL, ignores the same table names in other schemas of the database',
    async () => {
      const other = `older_${randomBytes(4).toString('hex')}`
      const db = env.ctx.db
      await sql.raw(`create schema ${other}`).execute(db)
      try {
        await sql.raw(`create table ${other}.events (id text primary key, title text)`).execute(db)
        await sql.raw(`create table ${other}.only_there (id text)`).execute(db)
        const tables = await ownTables(db)
        expect(tables.get('events')).toContain('sector')
        expect(tables.has('only_there')).toBe(false)
      } finally {
        await sql.raw(`drop schema ${other} cascade`).execute(db)
      }
    },
  )
})
