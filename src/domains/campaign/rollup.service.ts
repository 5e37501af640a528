import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import { type Holes, prepared } from '../../core/db.ts'
import type { BatchHandler, Handler } from '../../core/hooks.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { allCorrections, settle } from '../facts/facts.forks.ts'
import {
  countFacts,
  factsAfter,
  factsAlike,
  factsByIds,
  factsOfKindsAt,
  findFact,
} from '../facts/facts.reads.ts'
import type { StoredFact } from '../facts/facts.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { codesWithin } from '../places/places.reads.ts'
import { placeInfo, Sources } from './campaign.sources.ts'
import { effectsOf, needsOf, sharingMarkers } from './indicators.mapping.ts'
import { COMPOSITES } from './indicators.ts'
import {
  before,
  Deltas,
  type Effect,
  Engine,
  type FactView,
  type Marker,
  type MarkerEffect,
  type Maybe,
  MemoryMarkers,
  winners,
} from './rollup.engine.ts'
import { settleCorrections } from './rollup.forks.ts'
import * as store from './rollup.store.ts'

/** A place, then the commune it lies in, then the province: where a contribution counts. */
async function chainOf(ctx: Ctx, code: string | null): Promise<string[]> {
  const p = await placeInfo(ctx, code)
  if (!p || p.kind === 'province') return [PROVINCE_CODE]
  if (p.kind === 'village' && p.communeCode && p.communeCode !== p.code)
    return [p.code, p.communeCode, PROVINCE_CODE]
  return [p.code, PROVINCE_CODE]
}

/** What the rollups read of a stored fact. */
type Stored = Omit<StoredFact, 'originNode' | 'actorId'>

/** `chainOf`, kept for the operation: a place already seen is answered at once, without a promise. */
export function chainsOf(ctx: Ctx): (code: string | null) => Maybe<string[]> {
  const chains = new Map<string, string[]>()
  return (code) =>
    chains.get(code ?? '') ??
    chainOf(ctx, code).then((c) => {
      chains.set(code ?? '', c)
      return c
    })
}

/** A stored fact as the rollups see it. */
export function viewOf(f: Stored): FactView {
  return {
    id: f.id,
    kind: f.kind,
    subjectId: f.subjectId,
    placeCode: f.placeCode,
    at: f.occurredAt,
    recordedAt: f.recordedAt,
    data: f.data,
    corrects: f.corrects,
  }
}

/** Arrival and activity of a village happened, even when the record is corrected later. */
const undoable = (e: Effect) => e.indicator !== 'data_arrived' && e.indicator !== 'village_activity'

/**
 * The facts a corrected fact's marker `e` may fall back on: the same kind about the same person,
 * or the same place when anonymous, and the facts of other kinds that mark the same thing (an
 * event's check-ins and headcounts all mark it held; every help record and household check of a
 * commune marks its group active).
 */
async function fallbacksOf(src: Sources, old: FactView, e: MarkerEffect): Promise<StoredFact[]> {
  const rows = await factsAlike(src.db, old)
  const sharing = sharingMarkers(old, e)
  if (!sharing) return rows
  const seen = new Set(rows.map((r) => r.id))
  const places = sharing.within ? await codesWithin(src.db, sharing.within) : [old.placeCode]
  for (const place of places)
    for (const r of await factsOfKindsAt(src.db, sharing.kinds, place, old.id))
      if (!seen.has(r.id) && sharing.same(viewOf(r))) rows.push(r)
  return rows
}

/**
 * The best marker for one indicator and key among the facts that still count (a corrected fact's
 * marker must fall back on the next best fact, see `fallbacksOf`).
 */
export async function bestAmong(src: Sources, old: FactView, e: MarkerEffect): Promise<Marker | undefined> {
  const { ctx, db: trx } = src
  const rows = await fallbacksOf(src, old, e)
  const corrected = await store.correctedAmong(
    trx,
    rows.map((r) => r.id),
  )
  const views = rows.filter((r) => !corrected.has(r.id)).map(viewOf)
  await src.prefetch(needsOf(views))
  let best: Marker | undefined
  for (const f of views) {
    for (const c of await effectsOf(src, f)) {
      if (c.type !== e.type || c.indicator !== e.indicator || c.key !== e.key) continue
      const m: Marker = {
        indicator: c.indicator,
        key: c.key,
        place_code: (await chainOf(ctx, c.place))[0]!,
        at: c.at,
        fact_id: f.id,
        value: c.type === 'latest' ? (c.value ? 1 : 0) : 1,
      }
      const wins = !best || (e.type === 'first' ? before(m, best) : before(best, m))
      if (wins) best = m
    }
  }
  return best
}

/** Takes a fact that counted out of the rollups: its counts are subtracted, its markers fall back. */
async function takeOut(src: Sources, engine: Engine, markers: store.BufferedMarkers, old: FactView) {
  for (const e of (await effectsOf(src, old)).filter(undoable)) {
    if (e.type === 'count') {
      await engine.apply({ ...e, n: -(e.n ?? 1) }, old.id)
      continue
    }
    const cur = await markers.get(e.indicator, e.key)
    if (!cur || cur.fact_id !== old.id) continue
    await engine.replace(e.type, cur, await bestAmong(src, old, e))
    if (e.type === 'latest') await engine.refreshComposites(e.indicator, e.key)
  }
}

/**
 * Settles the correction trees of these facts of a batch (decision 0204, rollup.forks.ts): a fact
 * that counted and is now out is taken out, one that was out and now stands is counted. Returns the
 * facts of the batch that are out.
 */
function settleAll(
  src: Sources,
  engine: Engine,
  markers: store.BufferedMarkers,
  facts: Stored[],
  batch: Set<string>,
) {
  return settleCorrections(src.db, facts, batch, {
    takeOut: (f) => takeOut(src, engine, markers, viewOf(f)),
    count: async (f) => {
      for (const e of await effectsOf(src, viewOf(f))) await engine.apply(e, f.id)
    },
  })
}

/** Updates the rollups for one stored fact, inside the transaction that stores it. */
export async function rollUpFact(tx: TxCtx, factId: string): Promise<void> {
  const trx = tx.db
  // The fact as stored (the same text the rebuild reads).
  const stored = await findFact(trx, factId)
  if (!stored) return
  const f = viewOf(stored)
  // A correction, or a fact whose correction came first: its tree is settled as a batch's (decision 0204).
  if (f.corrects || (await store.isCorrected(trx, f.id))) return rollUpFacts(tx, [factId])
  const src = new Sources(tx)
  const markers = new store.BufferedMarkers(trx)
  const engine = new Engine(markers, new Deltas(), (p) => chainOf(tx, p), COMPOSITES)
  const effects = await effectsOf(src, f)
  await markers.load(
    effects.flatMap((e) => (e.type === 'count' ? [] : [{ indicator: e.indicator, key: e.key }])),
  )
  for (const e of effects) await engine.apply(e, f.id)
  await markers.flush()
  await store.addRollups(trx, engine.deltas.rows())
}

/**
 * Updates the rollups for many stored facts at once (a sync page, a bundle), inside the
 * transaction that stores them: the facts read in one query (or given, as their rows read back,
 * by the code that stored them), what they need from other domains in one per domain, the markers
 * they touch loaded together, one write of markers and one of deltas. The same result as one
 * `rollUpFact` per fact (the engine is order-independent). The correction trees of the batch are
 * settled first (decision 0204): a fact of the batch that is out of its tree is never counted.
 * Without corrections, only the effect that wins each marker is applied (`winners`).
 */
export async function rollUpFacts(tx: TxCtx, factIds: string[], given: Stored[] = []): Promise<void> {
  const trx = tx.db
  const known = new Map(given.map((f) => [f.id, f]))
  const facts: Stored[] = [
    ...known.values(),
    ...(await factsByIds(
      trx,
      factIds.filter((id) => !known.has(id)),
    )),
  ]
  const correctedBefore = new Set<string>()
  for (let i = 0; i < facts.length; i += 500)
    for (const id of await store.correctedAmong(
      trx,
      facts.slice(i, i + 500).map((f) => f.id),
    ))
      correctedBefore.add(id)
  const markers = new store.BufferedMarkers(trx)
  const engine = new Engine(markers, new Deltas(), chainsOf(tx), COMPOSITES)
  // Newest first (any order gives the same rollups): a "latest" or "last" marker that many facts
  // of the batch touch (a village's activity) is then replaced once, not by each.
  const views = facts
    .map(viewOf)
    .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.id < b.id ? 1 : -1))
  const src = new Sources(tx)
  await src.prefetch(needsOf(views))
  const inTrees = facts.filter((f) => f.corrects || correctedBefore.has(f.id))
  const skip = inTrees.length
    ? await settleAll(src, engine, markers, inTrees, new Set(facts.map((f) => f.id)))
    : new Set<string>()
  const effects = new Map<string, Effect[]>()
  for (const f of views) if (!skip.has(f.id)) effects.set(f.id, await effectsOf(src, f))
  // Settling trees moved markers one fact at a time: then every effect is applied in turn;
  // otherwise only what wins each marker.
  const reduced = inTrees.length ? null : winners(effects)
  const pairs: { indicator: string; key: string }[] = []
  for (const e of reduced ? reduced.map((w) => w.effect) : [...effects.values()].flat())
    if (e.type !== 'count') pairs.push({ indicator: e.indicator, key: e.key })
  await markers.load(pairs)
  if (reduced) for (const { effect, factId } of reduced) await engine.apply(effect, factId)
  else for (const f of views) for (const e of effects.get(f.id) ?? []) await engine.apply(e, f.id)
  await markers.flush()
  await store.addRollups(trx, engine.deltas.rows())
}

/** Every stored fact is rolled up in its transaction (registered by campaign.module.ts). */
export const rollUpStored: Handler<'fact.stored'> = async (tx, p) => {
  await rollUpFact(tx, p.factId)
}

/** The same for a sync page of facts at once (see `batchingHooks`). */
export const rollUpStoredBatch: BatchHandler<'fact.stored'> = (tx, ps) =>
  rollUpFacts(
    tx,
    ps.map((p) => p.factId),
    ps.flatMap((p) => (p.asStored ? [p.asStored] : [])),
  )

/** Queues stored facts for rolling up after the request (decision 0191), in their transaction. */
export const enqueueStored: BatchHandler<'fact.stored'> = async (tx, ps) => {
  const ids = [...new Set(ps.map((p) => p.factId))]
  // A lesson view queues one.
  if (ids.length === 1) {
    await queueOne(tx.db, { id: ids[0]! })
    return
  }
  for (let i = 0; i < ids.length; i += 500)
    await tx.db
      .insertInto('campaign_pending')
      .values(ids.slice(i, i + 500).map((fact_id) => ({ fact_id })))
      .onConflict((oc) => oc.column('fact_id').doNothing())
      .execute()
}

const queueOne = prepared((db, p: Holes<{ id: string }>) =>
  db
    .insertInto('campaign_pending')
    .values({ fact_id: p('id') })
    .onConflict((oc) => oc.column('fact_id').doNothing()),
)

const DRAIN_BATCH = 500

/**
 * Rolls up the queued facts, a batch per transaction: the batch is taken off the queue and rolled
 * up in the same transaction, so a process that dies mid-way leaves it queued, and two processes
 * never take the same fact (PostgreSQL: rows another process holds are skipped; SQLite has one
 * writer). Returns when the queue is empty.
 */
export async function drainPending(ctx: Ctx): Promise<void> {
  for (;;) {
    const any = await ctx.db.selectFrom('campaign_pending').select('fact_id').limit(1).executeTakeFirst()
    if (!any) return
    const taken = await inTransaction(ctx, async (tx) => {
      const trx = tx.db
      const ids =
        tx.dialect === 'postgres'
          ? (
              await sql<{ fact_id: string }>`delete from campaign_pending where fact_id in (
                select fact_id from campaign_pending order by fact_id limit ${DRAIN_BATCH} for update skip locked
              ) returning fact_id`.execute(trx)
            ).rows.map((r) => r.fact_id)
          : (
              await trx
                .deleteFrom('campaign_pending')
                .where(
                  'fact_id',
                  'in',
                  trx.selectFrom('campaign_pending').select('fact_id').orderBy('fact_id').limit(DRAIN_BATCH),
                )
                .returning('fact_id')
                .execute()
            ).map((r) => r.fact_id)
      if (ids.length) await rollUpFacts(tx, ids)
      return ids.length
    })
    // Nothing taken: another process holds what is left and will roll it up.
    if (taken < DRAIN_BATCH) return
    // A long queue: requests waiting for the connection go between two batches.
    await new Promise((ok) => setImmediate(ok))
  }
}

export type RebuildResult = { facts: number; markers: number; rows: number; ms: number }

/**
 * Recomputes every rollup from the facts. Runs in one transaction (facts stored meanwhile wait for
 * it), so the result is exactly what the incremental path would have produced.
 */
export async function rebuildRollups(
  ctx: Ctx,
  progress?: { start: (total: number) => void; tick: (n: number) => void; phase: (name: string) => void },
): Promise<RebuildResult> {
  const t0 = performance.now()
  return inTransaction(ctx, async (tx) => {
    const trx = tx.db
    if (tx.dialect === 'postgres')
      // Concurrent fact.stored handlers wait here instead of writing into tables being rebuilt.
      // The queue first: a drain that took a batch finishes before the rebuild starts (decision 0191).
      await sql`lock table campaign_pending, campaign_rollups, campaign_markers, campaign_corrected in exclusive mode`.execute(
        trx,
      )
    await store.clearDerived(trx)
    const total = await countFacts(trx)
    // The facts out of their correction trees, settled as the live path settles them (decision 0204).
    const corrected = settle(await allCorrections(trx)).out
    const markers = new MemoryMarkers()
    const deltas = new Deltas()
    const engine = new Engine(markers, deltas, chainsOf(tx), COMPOSITES)
    const src = new Sources(tx)
    progress?.phase('facts')
    progress?.start(total)
    let last = ''
    let seen = 0
    for (;;) {
      const rows = await factsAfter(trx, last, 5000)
      if (!rows.length) break
      const views = rows.filter((r) => !corrected.has(r.id)).map(viewOf)
      await src.prefetch(needsOf(views))
      for (const f of views) for (const e of await effectsOf(src, f)) await engine.apply(e, f.id)
      last = rows[rows.length - 1]!.id
      seen += rows.length
      progress?.tick(rows.length)
    }
    const rollups = deltas.rows()
    const markerRows = [...markers.map.values()]
    progress?.phase('write')
    progress?.start(rollups.length + markerRows.length)
    await store.insertMany(tx, 'campaign_rollups', rollups, progress?.tick)
    await store.insertMany(tx, 'campaign_markers', markerRows, progress?.tick)
    await store.insertMany(
      tx,
      'campaign_corrected',
      [...corrected].map(([fact_id, by_fact_id]) => ({ fact_id, by_fact_id })),
    )
    return {
      facts: seen,
      markers: markerRows.length,
      rows: rollups.length,
      ms: Math.round(performance.now() - t0),
    }
  })
}
