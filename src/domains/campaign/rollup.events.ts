import type { RowData } from '../../core/row-changes.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { factsOfKindsMentioning } from '../facts/facts.reads.ts'
import { type EventInfo, Sources } from './campaign.sources.ts'
import { EVENT_KINDS, effectsOf, namesEvent, needsOf } from './indicators.mapping.ts'
import { COMPOSITES } from './indicators.ts'
import { Deltas, type Effect, Engine, type FactView } from './rollup.engine.ts'
import { bestAmong, chainsOf, viewOf } from './rollup.service.ts'
import * as store from './rollup.store.ts'

/**
 * The rollups of an event whose kind, topic or sector changed after people came (decision 0210).
 * An event's check-ins and headcounts count by what the event is (an AI training of officials in
 * the education sector, a festival), read from its row, and by where they were made, fixed in the
 * fact. A rebuild reads the row as it is now, so when what the event is changes, by an edit here
 * or by a version from another node, the counts its facts made move with it, in the same
 * transaction: each fact's effects as the event was are taken out (a marker it held falls back on
 * the next best fact, as for a correction), and its effects as the event is now are counted.
 * Effects the change leaves alone (where people came, their certificates) do not move.
 */

const str = (v: unknown) => (typeof v === 'string' ? v : null)

function infoOf(row: RowData): EventInfo | null {
  const id = str(row.id)
  const kind = str(row.kind)
  const topic = str(row.topic)
  const placeCode = str(row.place_code)
  if (!id || !kind || !topic || !placeCode) return null
  return { id, kind, topic, placeCode, sector: str(row.sector) }
}

/** An effect as text: the same effect of the same fact before and after is left where it is. */
const keyOf = (e: Effect) => JSON.stringify(e)

/** Moves the counts of an event's facts from what the event was (`before`) to what it is (`after`). */
export async function recountEvent(tx: TxCtx, before: RowData, after: RowData): Promise<void> {
  const was = infoOf(before)
  const now = infoOf(after)
  if (!was || !now || was.id !== now.id) return
  if (was.kind === now.kind && was.topic === now.topic && was.sector === now.sector) return
  const trx = tx.db
  const named = (await factsOfKindsMentioning(trx, EVENT_KINDS, was.id)).filter((f) => namesEvent(f, was.id))
  if (!named.length) return
  const ids = named.map((f) => f.id)
  // Facts out of their correction trees count nothing; facts queued count as the event is when
  // they are rolled up (decision 0191): neither has anything to move.
  const out = await store.pendingAmong(trx, ids)
  for (let i = 0; i < ids.length; i += 500)
    for (const id of await store.correctedAmong(trx, ids.slice(i, i + 500))) out.add(id)
  const facts: FactView[] = named.filter((f) => !out.has(f.id)).map(viewOf)
  if (!facts.length) return
  const then = new Sources(tx)
  then.assumeEvent(was)
  const nowSrc = new Sources(tx)
  await then.prefetch(needsOf(facts))
  await nowSrc.prefetch(needsOf(facts))
  const moves: { f: FactView; gone: Effect[]; come: Effect[] }[] = []
  for (const f of facts) {
    const old = await effectsOf(then, f)
    const neu = await effectsOf(nowSrc, f)
    const oldKeys = new Set(old.map(keyOf))
    const neuKeys = new Set(neu.map(keyOf))
    moves.push({
      f,
      gone: old.filter((e) => !neuKeys.has(keyOf(e))),
      come: neu.filter((e) => !oldKeys.has(keyOf(e))),
    })
  }
  const markers = new store.BufferedMarkers(trx)
  const engine = new Engine(markers, new Deltas(), chainsOf(tx), COMPOSITES)
  await markers.load(
    moves.flatMap((m) =>
      [...m.gone, ...m.come].flatMap((e) =>
        e.type === 'count' ? [] : [{ indicator: e.indicator, key: e.key }],
      ),
    ),
  )
  // Everything the event counted as it was goes first, so a marker falls back only on facts that
  // still count for it (another event's, for a person trained twice), never on this event's.
  for (const { f, gone } of moves)
    for (const e of gone) {
      if (e.type === 'count') {
        await engine.apply({ ...e, n: -(e.n ?? 1) }, f.id)
        continue
      }
      const cur = await markers.get(e.indicator, e.key)
      if (!cur || cur.fact_id !== f.id) continue
      await engine.replace(e.type, cur, await bestAmong(nowSrc, f, e))
      if (e.type === 'latest') await engine.refreshComposites(e.indicator, e.key)
    }
  for (const { f, come } of moves) for (const e of come) await engine.apply(e, f.id)
  await markers.flush()
  await store.addRollups(trx, engine.deltas.rows())
}
