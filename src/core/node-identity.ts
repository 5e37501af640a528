import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from './db.ts'
import { randomToken, uuidv7 } from './ids.ts'
import { addSecret, getSecret, type Sealer } from './secrets.ts'

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

/**
 * The node id of this node's upstream, set by the sync domain when a hub pins its province: a
 * node with an upstream is a hub. Domains that must act differently on a hub (certificates are
 * signed by the province only, decision 0110) read it here, without knowing the sync domain.
 */
export const UPSTREAM_META = 'upstream_node'

/** This node's upstream when it is a hub; undefined on the province (or a node standing alone). */
export function upstreamOf(db: Db): Promise<string | undefined> {
  return getMeta(db, UPSTREAM_META)
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

/** The name of a node's signing key among the sealed secrets. */
export const nodeKeyName = (nodeId: string) => `node-key:${nodeId}`

/**
 * This node's Ed25519 signing key (sync requests, bundles, hub identity), kept sealed in the
 * database so every process of the node signs with the same key. Made on first start; two processes
 * starting at once both try, the first insert wins and both read it back.
 */
export async function ensureNodeKey(
  db: Db,
  sealer: Sealer,
  nodeId: string,
  at: string,
  dataDir: string,
): Promise<KeyObject> {
  const name = nodeKeyName(nodeId)
  let pem = await getSecret(db, sealer, name)
  if (pem === undefined) {
    // Versions before 0165 kept it as `keys/node-<id>.pem` in the data directory: that one is kept
    // (the province knows its public half); the file stays, nothing is lost.
    const legacy = join(dataDir, 'keys', `node-${nodeId}.pem`)
    const made = existsSync(legacy)
      ? readFileSync(legacy, 'utf8')
      : (generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
    createPrivateKey(made) // a damaged file stops the start here, before it is sealed
    await addSecret(db, sealer, name, made, at)
    pem = (await getSecret(db, sealer, name))!
  }
  return createPrivateKey(pem)
}
