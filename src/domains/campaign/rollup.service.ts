import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import type { BatchHandler, Handler } from '../../core/hooks.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { parseFactRow } from '../facts/facts.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { placeInfo } from './campaign.sources.ts'
import { effectsOf } from './indicators.mapping.ts'
import { COMPOSITES } from './indicators.ts'
import {
  before,
  Deltas,
  type Effect,
  Engine,
  type FactView,
  type Marker,
  type MarkerEffect,
  MemoryMarkers,
} from './rollup.engine.ts'
import * as store from './rollup.store.ts'

/** A place, then the commune it lies in, then the province: where a contribution counts. */
async function chainOf(ctx: Ctx, code: string | null): Promise<string[]> {
  const p = await placeInfo(ctx, code)
  if (!p || p.kind === 'province') return [PROVINCE_CODE]
  if (p.kind === 'village' && p.communeCode && p.communeCode !== p.code)
    return [p.code, p.communeCode, PROVINCE_CODE]
  return [p.code, PROVINCE_CODE]
}

const FACT_COLUMNS = [
  'id',
  'kind',
  'origin_node',
  'actor_id',
  'subject_id',
  'place_code',
  'occurred_at',
  'recorded_at',
  'data',
  'corrects',
] as const

function viewOf(row: Parameters<typeof parseFactRow>[0]): FactView {
  const f = parseFactRow(row)
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

async function readFact(db: Db, id: string): Promise<FactView | undefined> {
  const row = await db.selectFrom('facts').select(FACT_COLUMNS).where('id', '=', id).executeTakeFirst()
  return row ? viewOf(row) : undefined
}

/** Arrival and activity of a village happened, even when the record is corrected later. */
const undoable = (e: Effect) => e.indicator !== 'data_arrived' && e.indicator !== 'village_activity'

/**
 * The best marker for one indicator and key among the facts that still count (a corrected fact's
 * marker must fall back on the next best fact): same kind, same person, or same place when anonymous.
 */
async function bestAmong(tx: TxCtx, old: FactView, e: MarkerEffect): Promise<Marker | undefined> {
  let q = tx.db
    .selectFrom('facts')
    .select(FACT_COLUMNS)
    .where('kind', '=', old.kind)
    .where('id', '!=', old.id)
  q = old.subjectId ? q.where('subject_id', '=', old.subjectId) : q.where('place_code', '=', old.placeCode)
  const rows = await q.execute()
  const corrected = await store.correctedAmong(
    tx.db,
    rows.map((r) => r.id),
  )
  let best: Marker | undefined
  for (const row of rows) {
    if (corrected.has(row.id)) continue
    const f = viewOf(row)
    for (const c of await effectsOf(tx, f)) {
      if (c.type !== e.type || c.indicator !== e.indicator || c.key !== e.key) continue
      const m: Marker = {
        indicator: c.indicator,
        key: c.key,
        place_code: (await chainOf(tx, c.place))[0]!,
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

/** Takes a corrected fact out of the rollups: its counts are subtracted, its markers fall back. */
async function uncount(
  tx: TxCtx,
  engine: Engine,
  markers: store.BufferedMarkers,
  oldId: string,
  byId: string,
) {
  if (await store.isCorrected(tx.db, oldId)) return
  await store.noteCorrected(tx.db, oldId, byId)
  const old = await readFact(tx.db, oldId)
  // Not here yet (facts can arrive in any order), or here but not rolled up yet (decision 0191):
  // it counts nothing now, and will be skipped when it comes.
  if (!old || (await store.isPending(tx.db, oldId))) return
  for (const e of (await effectsOf(tx, old)).filter(undoable)) {
    if (e.type === 'count') {
      await engine.apply({ ...e, n: -(e.n ?? 1) }, old.id)
      continue
    }
    const cur = await markers.get(e.indicator, e.key)
    if (!cur || cur.fact_id !== old.id) continue
    await engine.replace(e.type, cur, await bestAmong(tx, old, e))
    if (e.type === 'latest') await engine.refreshComposites(e.indicator, e.key)
  }
}

/** Updates the rollups for one stored fact, inside the transaction that stores it. */
export async function rollUpFact(tx: TxCtx, factId: string): Promise<void> {
  // The fact as stored (the same text the rebuild reads), and whether a correction came first.
  const row = await tx.db
    .selectFrom('facts')
    .leftJoin('campaign_corrected', 'campaign_corrected.fact_id', 'facts.id')
    .select(FACT_COLUMNS.map((c) => `facts.${c}` as const))
    .select('campaign_corrected.by_fact_id')
    .where('facts.id', '=', factId)
    .executeTakeFirst()
  if (!row) return
  const f = viewOf(row)
  const markers = new store.BufferedMarkers(tx.db)
  const engine = new Engine(markers, new Deltas(), (p) => chainOf(tx, p), COMPOSITES)
  if (f.corrects) await uncount(tx, engine, markers, f.corrects, f.id)
  if (!row.by_fact_id) {
    const effects = await effectsOf(tx, f)
    await markers.load(
      effects.flatMap((e) => (e.type === 'count' ? [] : [{ indicator: e.indicator, key: e.key }])),
    )
    for (const e of effects) await engine.apply(e, f.id)
  }
  await markers.flush()
  await store.addRollups(tx.db, engine.deltas.rows())
}

/**
 * Updates the rollups for many stored facts at once (a sync page, a bundle), inside the
 * transaction that stores them: the facts read in one query, the markers they touch loaded
 * together, one write of markers and one of deltas. The same result as one `rollUpFact` per fact
 * (the engine is order-independent). Every fact of the batch is already stored, so a fact corrected
 * by another of the same batch goes first: counted, then taken out by its correction, as if they
 * had come one by one in that order.
 */
export async function rollUpFacts(tx: TxCtx, factIds: string[]): Promise<void> {
  const rows: Awaited<ReturnType<typeof readBatch>> = []
  for (let i = 0; i < factIds.length; i += 500)
    rows.push(...(await readBatch(tx.db, factIds.slice(i, i + 500))))
  const markers = new store.BufferedMarkers(tx.db)
  const chains = new Map<string, string[]>()
  const chain = async (p: string | null) => {
    let c = chains.get(p ?? '')
    if (!c) {
      c = await chainOf(tx, p)
      chains.set(p ?? '', c)
    }
    return c
  }
  const engine = new Engine(markers, new Deltas(), chain, COMPOSITES)
  const byId = new Map(rows.map((row) => [row.id, { row, f: viewOf(row) }]))
  // How many corrections of this batch lead down to a fact: a corrected fact before its correction.
  const depth = (f: FactView, seen = 0): number => {
    const down = f.corrects ? byId.get(f.corrects) : undefined
    return down && seen < byId.size ? 1 + depth(down.f, seen + 1) : 0
  }
  const views = [...byId.values()]
    .map((v) => ({ ...v, depth: depth(v.f) }))
    .sort((a, b) => a.depth - b.depth || (a.f.id < b.f.id ? -1 : 1))
  const effects = new Map<string, Effect[]>()
  for (const { row, f } of views) if (!row.by_fact_id) effects.set(f.id, await effectsOf(tx, f))
  const pairs = [...effects.values()].flatMap((es) =>
    es.flatMap((e) => (e.type === 'count' ? [] : [{ indicator: e.indicator, key: e.key }])),
  )
  for (let i = 0; i < pairs.length; i += 400) await markers.load(pairs.slice(i, i + 400))
  for (const { row, f } of views) {
    if (f.corrects) await uncount(tx, engine, markers, f.corrects, f.id)
    // Corrected before it came: it never counts.
    if (row.by_fact_id) continue
    for (const e of effects.get(f.id) ?? []) await engine.apply(e, f.id)
  }
  await markers.flush()
  await store.addRollups(tx.db, engine.deltas.rows())
}

function readBatch(trx: Db, ids: string[]) {
  return trx
    .selectFrom('facts')
    .leftJoin('campaign_corrected', 'campaign_corrected.fact_id', 'facts.id')
    .select(FACT_COLUMNS.map((c) => `facts.${c}` as const))
    .select('campaign_corrected.by_fact_id')
    .where('facts.id', 'in', ids)
    .orderBy('facts.id')
    .execute()
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
  )

/** Queues stored facts for rolling up after the request (decision 0191), in their transaction. */
export const enqueueStored: BatchHandler<'fact.stored'> = async (tx, ps) => {
  const ids = [...new Set(ps.map((p) => p.factId))]
  for (let i = 0; i < ids.length; i += 500)
    await tx.db
      .insertInto('campaign_pending')
      .values(ids.slice(i, i + 500).map((fact_id) => ({ fact_id })))
      .onConflict((oc) => oc.column('fact_id').doNothing())
      .execute()
}

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
      const ids =
        tx.dialect === 'postgres'
          ? (
              await sql<{ fact_id: string }>`delete from campaign_pending where fact_id in (
                select fact_id from campaign_pending order by fact_id limit ${DRAIN_BATCH} for update skip locked
              ) returning fact_id`.execute(tx.db)
            ).rows.map((r) => r.fact_id)
          : (
              await tx.db
                .deleteFrom('campaign_pending')
                .where(
                  'fact_id',
                  'in',
                  tx.db
                    .selectFrom('campaign_pending')
                    .select('fact_id')
                    .orderBy('fact_id')
                    .limit(DRAIN_BATCH),
                )
                .returning('fact_id')
                .execute()
            ).map((r) => r.fact_id)
      if (ids.length) await rollUpFacts(tx, ids)
      return ids.length
    })
    // Nothing taken: another process holds what is left and will roll it up.
    if (taken < DRAIN_BATCH) return
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
    if (tx.dialect === 'postgres')
      // Concurrent fact.stored handlers wait here instead of writing into tables being rebuilt.
      // The queue first: a drain that took a batch finishes before the rebuild starts (decision 0191).
      await sql`lock table campaign_pending, campaign_rollups, campaign_markers, campaign_corrected in exclusive mode`.execute(
        tx.db,
      )
    await store.clearDerived(tx.db)
    const total = Number(
      (
        await tx.db
          .selectFrom('facts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
    const correctedRows = await tx.db
      .selectFrom('facts')
      .select(['id', 'corrects'])
      .where('corrects', 'is not', null)
      .execute()
    const corrected = new Map(correctedRows.map((r) => [r.corrects!, r.id]))
    const markers = new MemoryMarkers()
    const deltas = new Deltas()
    const chains = new Map<string, string[]>()
    const chain = async (p: string | null) => {
      const k = p ?? ''
      let c = chains.get(k)
      if (!c) {
        c = await chainOf(tx, p)
        chains.set(k, c)
      }
      return c
    }
    const engine = new Engine(markers, deltas, chain, COMPOSITES)
    progress?.phase('facts')
    progress?.start(total)
    let last = ''
    let seen = 0
    for (;;) {
      const rows = await tx.db
        .selectFrom('facts')
        .select(FACT_COLUMNS)
        .where('id', '>', last)
        .orderBy('id')
        .limit(5000)
        .execute()
      if (!rows.length) break
      for (const row of rows) {
        if (corrected.has(row.id)) continue
        const f = viewOf(row)
        for (const e of await effectsOf(tx, f)) await engine.apply(e, f.id)
      }
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
