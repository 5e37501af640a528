import type { KeyObject } from 'node:crypto'
import { type BlobStore, databaseBlobs } from './blobs.ts'
import type { Config } from './config.ts'
import type { Db, DbHandle, Dialect } from './db.ts'
import { DEFAULT_MAX_DRIFT_MS, HybridClock } from './hlc.ts'
import type { Logger } from './logger.ts'
import { migrateToLatest } from './migrations.ts'
import { ensureNodeId, ensureNodeKey, ensureSecret } from './node-identity.ts'
import { objectStoreBlobs, purgeDeleted } from './object-store.ts'
import { ObjectStoreError, S3Client } from './s3.ts'
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

/**
 * The media store the configuration names: the database, or an S3-compatible bucket (decision
 * 0199). A bucket is asked once at start: wrong credentials or a missing bucket stop the start
 * with the reason, a store that cannot be reached is a warning; deletions left over from an
 * erasure are finished.
 */
async function mediaStore(handle: DbHandle, config: Config, log: Logger): Promise<BlobStore> {
  const m = config.mediaStore
  if (!m || m.kind === 'database') return databaseBlobs(handle.db)
  const s3 = new S3Client(m)
  try {
    await s3.probe(`${m.prefix}.hocso-probe`)
    await purgeDeleted(handle.db, s3, m.prefix, log)
    log.info({ store: s3.where, prefix: m.prefix }, 'media in an object store')
  } catch (err) {
    // A store that refuses is misconfigured: stop. One that is away may come back: lessons work
    // meanwhile, and each recording asked for says the store cannot be reached.
    if (!(err instanceof ObjectStoreError) || err.status !== 0) throw err
    log.warn({ err, store: s3.where }, 'media store cannot be reached; recordings fail until it is back')
  }
  return objectStoreBlobs(handle.db, s3, m.prefix, log)
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
  const clock = new HybridClock(() => Date.now() + skew, config.maxClockDriftMs || DEFAULT_MAX_DRIFT_MS)
  return {
    db: handle.db,
    dialect: handle.dialect,
    handle,
    config,
    nodeId,
    clock,
    log,
    // The clock's time: a hub behind its upstream keeps the upstream's (HybridClock.follow).
    now: () => new Date(clock.nowMs()),
    sealer,
    nodeKey,
    blobs: await mediaStore(handle, config, log),
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
