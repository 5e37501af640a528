import type { Db } from './db.ts'
import { randomToken, uuidv7 } from './ids.ts'

/**
 * Each installation gets a node id on first start, kept in the database. Every record made here
 * carries it as `origin_node`, so hubs and the province can tell where a record was born.
 */
export async function ensureNodeId(db: Db): Promise<string> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'node_id').executeTakeFirst()
  if (row) return row.value
  const id = uuidv7()
  await db
    .insertInto('meta')
    .values({ key: 'node_id', value: id })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const again = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'node_id')
    .executeTakeFirstOrThrow()
  return again.value
}

/** Reads a small setting from the meta table. */
export async function getMeta(db: Db, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value
}

/** Writes a small setting to the meta table. */
export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}

/**
 * A random secret of this installation, made on first start and kept in the meta table (never
 * replicated, never shown): the key that binds form tokens to a visitor (web/middleware.ts).
 */
export async function ensureSecret(db: Db, key: string): Promise<string> {
  const have = await getMeta(db, key)
  if (have) return have
  await db
    .insertInto('meta')
    .values({ key, value: randomToken(32) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  return (await getMeta(db, key))!
}
