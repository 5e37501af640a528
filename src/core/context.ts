import type { KeyObject } from 'node:crypto'
import { type BlobStore, databaseBlobs } from './blobs.ts'
import type { Config } from './config.ts'
import type { Db, DbHandle, Dialect } from './db.ts'
import { HybridClock } from './hlc.ts'
import type { Logger } from './logger.ts'
import { migrateToLatest } from './migrations.ts'
import { ensureNodeId, ensureNodeKey, ensureSecret } from './node-identity.ts'
import { checkSealer, loadSecret, type Sealer, sealerOf } from './secrets.ts'

/** The meta key of the secret that binds form tokens to a visitor (web/middleware.ts). */
export const CSRF_SECRET = 'csrf_secret'

/** What every service needs: the database, the node's identity and clock, config and logs. */
export type Ctx = {
  db: Db
  dialect: Dialect
  handle: DbHandle
  config: Config
  nodeId: string
  clock: HybridClock
  log: Logger
  /** Wall-clock time; tests replace it to make dates deterministic. */
  now: () => Date
  /**
   * Set (to the origin node id) while records made on another node are applied (sync, bundles).
   * Reactions that create new records (derived facts, certificates) skip when it is set: the
   * origin made those records too, and they arrive by the same exchange.
   */
  replica?: string
  /** Seals and opens the private keys kept in the database (decision 0165). */
  sealer: Sealer
  /** This node's Ed25519 signing key, read from the database at start. */
  nodeKey: KeyObject
  /** Uploaded media (studio recordings), readable by every process of the deployment. */
  blobs: BlobStore
}

/** Migrates the database and builds the service context on top of an open database. */
export async function createContext(handle: DbHandle, config: Config, log: Logger): Promise<Ctx> {
  await migrateToLatest(handle.db, handle.schema)
  const nodeId = await ensureNodeId(handle.db)
  // Made at start, so that no request (a read included) ever writes it.
  await ensureSecret(handle.db, CSRF_SECRET)
  // Read defensively: configs built by hand (older tests) may lack the field.
  const skew = config.clockSkewMs || 0
  const sealer = sealerOf(loadSecret(config.dataDir, config.keySecret))
  await checkSealer(handle.db, sealer)
  const nodeKey = await ensureNodeKey(
    handle.db,
    sealer,
    nodeId,
    new Date(Date.now() + skew).toISOString(),
    config.dataDir,
  )
  return {
    db: handle.db,
    dialect: handle.dialect,
    handle,
    config,
    nodeId,
    clock: new HybridClock(() => Date.now() + skew),
    log,
    now: () => new Date(Date.now() + skew),
    sealer,
    nodeKey,
    blobs: databaseBlobs(handle.db),
  }
}

/** Columns every replicated record carries: where it was born and when it last changed. */
export function stamp(ctx: Ctx): { origin_node: string; hlc: string } {
  return { origin_node: ctx.nodeId, hlc: ctx.clock.now() }
}

/** ISO-8601 UTC text: sorts as time in both databases. */
export function isoNow(ctx: Ctx): string {
  return ctx.now().toISOString()
}
