import type { Db } from '../../core/db.ts'
import { settleAround } from '../facts/facts.forks.ts'
import { factsByIds } from '../facts/facts.reads.ts'
import type { StoredFact } from '../facts/facts.service.ts'
import * as store from './rollup.store.ts'

/**
 * The rollups of corrections (decision 0204). A fact counts unless it is out of its correction tree:
 * corrected, or on a branch that lost a fork (the fact corrected on two nodes apart, the later
 * correction winning). `campaign_corrected` holds the facts that are out, stored here or only named
 * by a correction; every other fact rolled up counts. When a fact of a tree arrives, the tree is
 * settled again from the facts, and what changed moves in the rollups: a fact that was counted and
 * is now out is taken out, one that was out and now stands is counted. Every order of arrival ends
 * with the winning branch counted once, as `rollups rebuild` counts it.
 */
export type Moves = {
  /** Takes a counted fact out of the rollups (its counts subtracted, its markers falling back). */
  takeOut: (f: StoredFact) => Promise<void>
  /** Counts a fact that was out. */
  count: (f: StoredFact) => Promise<void>
}

/**
 * Settles the trees of `facts` (facts of a batch that correct another, or that were corrected
 * before they came) and moves what changed; `batch` holds the ids of every fact of the batch, not
 * counted yet. Returns the facts of the batch that are out, which the caller must not count.
 */
export async function settleCorrections(
  db: Db,
  facts: Pick<StoredFact, 'id' | 'corrects' | 'occurredAt'>[],
  batch: Set<string>,
  moves: Moves,
): Promise<Set<string>> {
  const skip = new Set<string>()
  if (!facts.length) return skip
  const { standing, out } = await settleAround(
    db,
    facts.map((f) => ({ id: f.id, corrects: f.corrects, at: f.occurredAt })),
  )
  const ids = [...standing, ...out.keys()]
  const wasOut = new Set<string>()
  for (let i = 0; i < ids.length; i += 500)
    for (const id of await store.correctedAmong(db, ids.slice(i, i + 500))) wasOut.add(id)
  const leaving: string[] = []
  const coming: string[] = []
  for (const id of ids) {
    const isOut = out.has(id)
    if (batch.has(id)) {
      if (isOut) skip.add(id)
    } else if (isOut && !wasOut.has(id)) leaving.push(id)
    else if (!isOut && wasOut.has(id)) coming.push(id)
  }
  // The facts that are out are written first: a marker that falls back must not land on one.
  await markOut(
    db,
    out,
    ids.filter((id) => !out.has(id) && wasOut.has(id)),
  )
  const here = new Map((await factsByIds(db, [...leaving, ...coming])).map((f) => [f.id, f]))
  for (const id of [...leaving, ...coming]) {
    const f = here.get(id)
    // Not stored here (named by a correction only), or stored but not rolled up yet (decision 0191):
    // nothing counted to move; it is counted or skipped when it is rolled up.
    if (!f || (await store.isPending(db, id))) continue
    await (out.has(id) ? moves.takeOut(f) : moves.count(f))
  }
  return skip
}

/** Records which facts are out (with the fact in their way) and that `back` count again. */
async function markOut(db: Db, out: Map<string, string>, back: string[]): Promise<void> {
  for (let i = 0; i < back.length; i += 500)
    await db
      .deleteFrom('campaign_corrected')
      .where('fact_id', 'in', back.slice(i, i + 500))
      .execute()
  const rows = [...out].map(([fact_id, by_fact_id]) => ({ fact_id, by_fact_id }))
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('campaign_corrected')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.column('fact_id').doUpdateSet((eb) => ({ by_fact_id: eb.ref('excluded.by_fact_id') })),
      )
      .execute()
}
