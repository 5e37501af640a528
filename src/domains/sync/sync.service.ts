import type { Ctx } from '../../core/context.ts'
import { inTransaction } from '../../core/transaction.ts'
import { collectPage } from './paging.service.ts'
import { type ApplyResult, applyEntries, retryHeld, type Sender } from './sync.apply.ts'
import { captureChanges, rescope } from './sync.changes.ts'
import type { Page } from './sync.entries.ts'
import { nodeKey } from './sync.keys.ts'
import { hasHubs, type NodeRow, scopeOfHub, touchNode, upstreamNode } from './sync.nodes.ts'
import { tipOf } from './sync.restore.ts'
import { hubScope, PlaceIndex } from './sync.scope.ts'
import { lockForWrite, type Vector, vectorOf } from './sync.vector.ts'

/** Largest page a node serves or sends over the network. */
export const PAGE_LIMIT = 1000

const lastCapture = new Map<string, number>()

/**
 * Logs local edits of replicated tables (see captureChanges), at most every two seconds per node
 * unless forced: the pages of many hubs pulling at once share one capture. A sync session's hello
 * forces one.
 */
export async function capture(ctx: Ctx, force = false): Promise<number> {
  const now = Date.now()
  if (!force && now - (lastCapture.get(ctx.nodeId) ?? 0) < 2000) return 0
  lastCapture.set(ctx.nodeId, now)
  return captureChanges(ctx, new PlaceIndex(), { relog: await hasHubs(ctx) })
}

/** What a hub learns when it says hello: who answers, its scope here, and how far we hold its records. */
export async function hello(ctx: Ctx, hub: NodeRow, theirs: Vector, clockOffsetMs = 0) {
  // Once per sync session, whatever the throttle: an edit made here a moment before the hub
  // called must reach it in this session's pull, not the next one.
  await capture(ctx, true)
  // A hub whose clock is wrong is told, and the officers see it on the hubs page.
  const clock = clockNote(clockOffsetMs, ctx.clock.maxDriftMs, 'this server')
  await touchNode(ctx, hub.node_id, { vector: theirs, error: clock })
  if (clock) await touchNode(ctx, hub.node_id, {})
  const mine = await vectorOf(ctx.db, ctx.nodeId)
  return {
    node: ctx.nodeId,
    public_key: nodeKey(ctx).publicKey,
    name: ctx.config.publicUrl ?? 'hocso',
    scope: hub.scope_code,
    have: { changes: mine.changes[hub.node_id] ?? 0, facts: mine.facts[hub.node_id] ?? 0 },
    clock_offset_ms: Number.isFinite(clockOffsetMs) ? clockOffsetMs : 0,
    // The record held at that number, so a hub restored from a backup can tell it made others there.
    tip: {
      changes: await tipOf(ctx.db, hub.node_id, 'changes', mine.changes[hub.node_id] ?? 0),
      facts: await tipOf(ctx.db, hub.node_id, 'facts', mine.facts[hub.node_id] ?? 0),
    },
  }
}

/** Applies a page a hub pushed (its own records, inside its scope) in one transaction. */
export async function acceptPush(ctx: Ctx, hub: NodeRow, page: Page) {
  await capture(ctx)
  const index = new PlaceIndex()
  const sender: Sender = { node: hub.node_id, hub: await scopeOfHub(ctx, hub) }
  const relog = await hasHubs(ctx)
  const result = await inTransaction(ctx, async (tx) => {
    await lockForWrite(tx.db)
    return applyEntries(tx, index, page.entries, page.covers, sender, { relog })
  })
  const mine = await vectorOf(ctx.db, ctx.nodeId)
  await touchNode(ctx, hub.node_id, {})
  return {
    ...result,
    have: { changes: mine.changes[hub.node_id] ?? 0, facts: mine.facts[hub.node_id] ?? 0 },
  }
}

/** The next page of what a hub lacks, given the vector it sent. */
export async function servePull(ctx: Ctx, hub: NodeRow, theirs: Vector, limit = PAGE_LIMIT): Promise<Page> {
  await capture(ctx)
  const page = await collectPage(
    ctx,
    new PlaceIndex(),
    { node: hub.node_id, hub: await scopeOfHub(ctx, hub) },
    theirs,
    Math.min(limit, PAGE_LIMIT),
  )
  await touchNode(ctx, hub.node_id, { vector: theirs })
  return page
}

/** Applies a page received from this hub's upstream in one transaction. */
export async function applyFromUpstream(ctx: Ctx, upstream: NodeRow, page: Page): Promise<ApplyResult> {
  const index = new PlaceIndex()
  const relog = await hasHubs(ctx)
  return inTransaction(ctx, async (tx) => {
    await lockForWrite(tx.db)
    return applyEntries(
      tx,
      index,
      page.entries,
      page.covers,
      { node: upstream.node_id, hub: null },
      { relog },
    )
  })
}

/** This hub's scope as its upstream registered it, when known. */
export async function ownScope(ctx: Ctx) {
  const up = await upstreamNode(ctx)
  return up?.scope_code ? hubScope(ctx.db, ctx.nodeId, up.scope_code) : null
}

/**
 * Tries every held record again in one transaction; returns how many now applied. Called whenever
 * what they wait for may have come: records applied, course files received, at a hub's start.
 */
export async function retryHeldNow(ctx: Ctx): Promise<number> {
  const any = await ctx.db.selectFrom('sync_held').select('seq').limit(1).executeTakeFirst()
  if (!any) return 0
  const index = new PlaceIndex()
  const relog = await hasHubs(ctx)
  return inTransaction(ctx, async (tx) => {
    await lockForWrite(tx.db)
    const touched = new Set<string>()
    const done = await retryHeld(tx, index, touched)
    await rescope(tx, index, touched, relog)
    return done
  })
}

/** How many records wait here for something they need. */
export async function heldCount(ctx: Ctx): Promise<number> {
  const r = await ctx.db
    .selectFrom('sync_held')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Hours or minutes, for a clock message. */
function span(ms: number): string {
  const a = Math.abs(ms)
  return a >= 3_600_000 ? `${(a / 3_600_000).toFixed(1)} h` : `${Math.round(a / 60_000)} min`
}

/**
 * What to say when a node's clock is off from another's by more than the allowed drift, or null.
 * `offsetMs` is the hub's clock minus `than`'s.
 */
export function clockNote(offsetMs: number, maxDriftMs: number, than: string): string | null {
  if (!Number.isFinite(offsetMs) || Math.abs(offsetMs) <= maxDriftMs) return null
  const dir = offsetMs > 0 ? 'ahead of' : 'behind'
  const meanwhile =
    offsetMs > 0
      ? 'its edits stamped ahead are held until that time comes'
      : `until then it stamps its edits by ${than}'s time, learned at each sync`
  return (
    `the hub's clock is ${span(offsetMs)} ${dir} ${than}'s (more than HOCSO_MAX_CLOCK_DRIFT, ` +
    `${Math.round(maxDriftMs / 1000)} s): set it right; ${meanwhile}`
  )
}
