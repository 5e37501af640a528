import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PG_URL, type TestEnv, testEnv } from '../../test/harness.ts'
import {
  capPageCache,
  type Holes,
  HUB_PAGE_CACHE_KIB,
  ownTables,
  prepared,
  preparedRows,
  statementSizes,
} from './db.ts'
import { inTransaction } from './transaction.ts'

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

describe('prepared queries', () => {
  const metaLike = prepared((db, p: Holes<{ prefix: string; key: string }>) =>
    db
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'like', p('prefix'))
      .where('key', '!=', p('key'))
      .where('value', '!=', 'hidden')
      .orderBy('key'),
  )
  const put = prepared((db, p: Holes<{ key: string; value: string }>) =>
    db.insertInto('meta').values({ key: p('key'), value: p('value') }),
  )

  it('runs with new values each time, the fixed ones kept, on the pool and in a transaction', async () => {
    const db = env.ctx.db
    await put(db, { key: 'prep.a', value: '1' })
    await put(db, { key: 'prep.b', value: '2' })
    await put(db, { key: 'prep.c', value: 'hidden' })
    await inTransaction(env.ctx, async (tx) => {
      await put(tx.db, { key: 'prep.d', value: '4' })
      expect(await metaLike(tx.db, { prefix: 'prep.%', key: 'prep.a' })).toEqual([
        { key: 'prep.b', value: '2' },
        { key: 'prep.d', value: '4' },
      ])
    })
    expect(await metaLike(db, { prefix: 'prep.%', key: 'prep.b' })).toEqual([
      { key: 'prep.a', value: '1' },
      { key: 'prep.d', value: '4' },
    ])
    expect(await metaLike(db, { prefix: 'none.%', key: 'x' })).toEqual([])
  })

  it('refuses a placeholder that the query does not pass as a parameter', async () => {
    const inlined = prepared((db, p: Holes<{ key: string }>) =>
      db
        .selectFrom('meta')
        .select('key')
        .where('key', '=', sql.lit(p('key'))),
    )
    await expect(inlined(env.ctx.db, { key: 'x' })).rejects.toThrow(/key is not a parameter/)
  })
})

// Decision 0208: on PostgreSQL the prepared statements are sent by name, parsed and planned once
// per connection; a migration run meanwhile by another process must not break them.
describe.runIf(!!TEST_PG_URL)('statements prepared by name on PostgreSQL', () => {
  type Row = { id: string; a: string; b?: string }
  const table = `named_${randomBytes(4).toString('hex')}`
  const byId = prepared((db, p: Holes<{ id: string }>) =>
    db
      .selectFrom(table as never)
      .selectAll()
      .where('id' as never, '=', p('id') as never),
  )
  const many = (n: number) =>
    Promise.all(Array.from({ length: n }, () => byId(env.ctx.db, { id: 'r1' }) as Promise<Row[]>))

  it('keeps the statement on the connection, and survives a table changed under it', async () => {
    const db = env.ctx.db
    await sql.raw(`create table ${table} (id text primary key, a text not null)`).execute(db)
    await sql.raw(`insert into ${table} values ('r1', 'one')`).execute(db)
    await inTransaction(env.ctx, async (tx) => {
      expect(await byId(tx.db, { id: 'r1' })).toEqual([{ id: 'r1', a: 'one' }])
      const kept = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements
        where statement like ${`%from "${table}"%`}`.execute(tx.db)
      expect(kept.rows[0]!.n).toBe(1)
    })
    // Every connection of the pool runs it, then the table changes as a migration would.
    expect(await many(12)).toEqual(Array(12).fill([{ id: 'r1', a: 'one' }]))
    await sql.raw(`alter table ${table} add column b text not null default 'two'`).execute(db)
    expect(await many(12)).toEqual(Array(12).fill([{ id: 'r1', a: 'one', b: 'two' }]))
    // Inside a transaction a stale plan may end it, as any error does; the next one runs.
    await sql.raw(`alter table ${table} drop column b`).execute(db)
    for (let i = 0; i < 12; i++)
      await inTransaction(env.ctx, (tx) => byId(tx.db, { id: 'r1' })).catch((err: Error) =>
        expect(err.message).toMatch(/cached plan must not change result type/),
      )
    for (let i = 0; i < 12; i++)
      expect(await inTransaction(env.ctx, (tx) => byId(tx.db, { id: 'r1' }))).toEqual([
        { id: 'r1', a: 'one' },
      ])
    await sql.raw(`drop table ${table}`).execute(db)
  })
})

describe('prepared rows', () => {
  // A table of this test only, with a column that may be null.
  type Row = { key: string; value: string | null }
  const table = 'prepared_rows_test' as 'meta'
  beforeAll(async () => {
    await sql`create table prepared_rows_test (key text primary key, value text)`.execute(env.ctx.db)
  })
  // An upsert: a key already there takes the new value, unless it holds 'kept'.
  const upsert = preparedRows<Row>(['key', 'value'], 300, (db, rows) =>
    db
      .insertInto(table)
      .values(rows as never)
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))
          .where(`${table}.value`, '!=', 'kept'),
      ),
  )
  const read = async (prefix: string) =>
    Object.fromEntries(
      (
        await env.ctx.db
          .selectFrom(table)
          .select(['key', 'value'])
          .where('key', 'like', `${prefix}%`)
          .execute()
      ).map((r) => [r.key, r.value]),
    )

  it('cuts any number of rows into full statements and powers of two', () => {
    expect(statementSizes(0, 300)).toEqual([])
    expect(statementSizes(1, 300)).toEqual([1])
    expect(statementSizes(300, 300)).toEqual([300])
    expect(statementSizes(1013, 300)).toEqual([300, 300, 300, 64, 32, 16, 1])
  })

  it('writes every row of every count exactly as given, in a transaction or not, with its fixed clauses', async () => {
    for (const n of [1, 2, 3, 299, 300, 301, 713]) {
      const rows = Array.from({ length: n }, (_, i) => ({ key: `rows${n}.${i}`, value: `v${i}` }))
      await upsert(env.ctx.db, rows)
      expect(await read(`rows${n}.`)).toEqual(Object.fromEntries(rows.map((r) => [r.key, r.value])))
    }
    // The same statements again, inside a transaction: new values win, except over 'kept'.
    await env.ctx.db.updateTable(table).set({ value: 'kept' }).where('key', '=', 'rows713.5').execute()
    await inTransaction(env.ctx, async (tx) => {
      await upsert(
        tx.db,
        Array.from({ length: 713 }, (_, i) => ({ key: `rows713.${i}`, value: `w${i}` })),
      )
    })
    const after = await read('rows713.')
    expect(Object.keys(after)).toHaveLength(713)
    expect(after['rows713.4']).toBe('w4')
    expect(after['rows713.5']).toBe('kept')
    expect(after['rows713.712']).toBe('w712')
  })

  it('writes a column a row lacks as null, and nothing for no rows', async () => {
    await upsert(env.ctx.db, [{ key: 'rowsnull.a' } as Row, { key: 'rowsnull.b', value: 'b' }])
    await upsert(env.ctx.db, [])
    expect(await read('rowsnull.')).toEqual({ 'rowsnull.a': null, 'rowsnull.b': 'b' })
  })

  it('refuses a column that the statement does not pass as a parameter', async () => {
    const inlined = preparedRows<Row>(['key', 'value'], 10, (db, rows) =>
      db.insertInto(table).values(rows.map((r) => ({ key: r.key, value: sql.lit('fixed') })) as never),
    )
    await expect(inlined(env.ctx.db, [{ key: 'x', value: 'y' }])).rejects.toThrow(/not parameters/)
  })
})

describe('the page cache of a hub', () => {
  it('is capped on SQLite, and the database answers as before; PostgreSQL keeps its own', async () => {
    const before = env.ctx.handle.sqlite?.pragma('cache_size', { simple: true })
    capPageCache(env.ctx.handle, HUB_PAGE_CACHE_KIB)
    try {
      if (env.ctx.handle.sqlite) {
        expect(before).toBe(-16000)
        expect(env.ctx.handle.sqlite.pragma('cache_size', { simple: true })).toBe(-2048)
      } else expect(env.ctx.dialect).toBe('postgres')
      // More rows than the cap holds (3,000 of 1 KB), written and read back whole.
      const values = Array.from({ length: 3000 }, (_, i) => ({
        key: `cap.${i}`,
        value: `${i}`.padEnd(1000, 'x'),
      }))
      for (let i = 0; i < values.length; i += 200)
        await env.ctx.db
          .insertInto('meta')
          .values(values.slice(i, i + 200))
          .execute()
      const back = await env.ctx.db
        .selectFrom('meta')
        .select(['key', 'value'])
        .where('key', 'like', 'cap.%')
        .execute()
      expect(back.length).toBe(3000)
      expect(back.find((r) => r.key === 'cap.2999')?.value).toBe('2999'.padEnd(1000, 'x'))
    } finally {
      await env.ctx.db.deleteFrom('meta').where('key', 'like', 'cap.%').execute()
      env.ctx.handle.sqlite?.pragma(`cache_size = ${before}`)
    }
  })
})
