import { type Db, type Holes, prepared } from '../../core/db.ts'
import { factsByIds, factsOfKindsAt } from './facts.reads.ts'
import type { StoredFact } from './facts.service.ts'

/**
 * Corrections that fork (decision 0204). On one node a fact is corrected once: a second correction
 * of it is refused ("correct the latest"). Two nodes apart may each correct the same fact, and when
 * their facts meet it has two corrections, each perhaps corrected again: a tree. Exactly one fact of
 * a tree stands (counts in the rollups, is listed): from the top, the later correction of each fact
 * (by when it happened, then by id), down to one not corrected. The others are out; the losing
 * corrections are kept (facts are never deleted) and shown beside the fact that stands, as a fork
 * to settle, until the winning branch is corrected after them.
 *
 * Everything here is read from the facts alone, so every node that holds the same facts settles
 * them the same way, whatever order they came in, and a rebuild gives what the live path gave.
 */

/** A fact as a correction tree sees it: its id, the fact it corrects, when it happened (ISO UTC). */
export type TreeFact = { id: string; corrects: string | null; at: string }

/**
 * Is `a` the later of two facts: by when it happened, then by id (the order "latest" markers and
 * household checks already keep, so the same fact wins there too)?
 */
export function later(a: TreeFact, b: TreeFact): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id)
}

/** A fact corrected more than once, apart: the correction that won, and the branches that lost. */
export type Fork = {
  /** The fact corrected twice (perhaps not stored here yet). */
  of: string
  /** The correction that won. */
  winner: string
  /** The fact that stands at the end of the winning branch. */
  standing: string
  /** The end of each losing branch: what its node showed before the two met. */
  lost: string[]
  /** Not settled yet: nothing in the winning branch was corrected after every fact of the losing ones. */
  open: boolean
}

export type Settled = {
  /** The one fact of each tree that stands. */
  standing: Set<string>
  /**
   * Every other fact of the trees, stored or only named by a correction, with the fact in its way:
   * its winning correction, or, at the end of a losing branch, the correction that won the fork.
   */
  out: Map<string, string>
  /** The forks on the way to each standing fact. */
  forks: Fork[]
}

/** Which fact of each tree stands, which are out, and the forks on the way. */
export function settle(facts: TreeFact[]): Settled {
  const byId = new Map(facts.map((f) => [f.id, f]))
  const children = new Map<string, TreeFact[]>()
  for (const f of facts) {
    if (!f.corrects) continue
    const kids = children.get(f.corrects)
    if (kids) kids.push(f)
    else children.set(f.corrects, [f])
  }
  const winnerOf = (kids: TreeFact[]) => kids.reduce((w, k) => (later(k, w) ? k : w))
  /** The facts below `id` (not `id` itself). */
  const below = (id: string, acc: TreeFact[] = [], seen = new Set<string>()): TreeFact[] => {
    if (seen.has(id)) return acc
    seen.add(id)
    for (const k of children.get(id) ?? []) {
      acc.push(k)
      below(k.id, acc, seen)
    }
    return acc
  }
  /** The end of a branch: down its winning corrections to one not corrected. */
  const endOf = (id: string): string => {
    const seen = new Set<string>()
    let cur = id
    for (let kids = children.get(cur); kids && !seen.has(cur); kids = children.get(cur)) {
      seen.add(cur)
      cur = winnerOf(kids).id
    }
    return cur
  }
  const standing = new Set<string>()
  const out = new Map<string, string>()
  const forks: Fork[] = []
  // A cycle of corrections can only be forged; each fact is walked once.
  const walked = new Set<string>()
  const walk = (id: string, lostTo: string | null) => {
    if (walked.has(id)) return
    walked.add(id)
    const kids = children.get(id)
    if (!kids) {
      if (lostTo) out.set(id, lostTo)
      else if (byId.has(id)) standing.add(id)
      return
    }
    const w = winnerOf(kids)
    out.set(id, w.id)
    if (kids.length > 1 && !lostTo) {
      const losers = kids.filter((k) => k !== w)
      const lostFacts = losers.flatMap((k) => [k, ...below(k.id)])
      const latest = lostFacts.reduce((m, f) => (later(f, m) ? f : m))
      forks.push({
        of: id,
        winner: w.id,
        standing: endOf(w.id),
        lost: losers.map((k) => endOf(k.id)),
        open: !below(w.id).some((f) => later(f, latest)),
      })
    }
    for (const k of kids) walk(k.id, k === w ? lostTo : (lostTo ?? w.id))
  }
  // The top of each tree: a fact that corrects nothing, or the fact (not stored here) its top corrects.
  const tops = new Set<string>()
  for (const f of facts) {
    if (!f.corrects) tops.add(f.id)
    else if (!byId.has(f.corrects)) tops.add(f.corrects)
  }
  for (const t of tops) walk(t, null)
  return { standing, out, forks }
}

const COLUMNS = ['id', 'corrects', 'occurred_at'] as const
const CHUNK = 500
const asTree = (r: { id: string; corrects: string | null; occurred_at: string }): TreeFact => ({
  id: r.id,
  corrects: r.corrects,
  at: r.occurred_at,
})

/**
 * The facts that correct one fact: the question asked of nearly every fact received from another
 * node (was it corrected before it came?), so compiled once (decision 0198).
 */
const correctionsOfOne = prepared((db, p: Holes<{ id: string }>) =>
  db.selectFrom('facts').select(COLUMNS).where('corrects', '=', p('id')),
)

/** The facts that correct any of these. */
const correctionsOf = (db: Db, ids: string[]) =>
  ids.length === 1
    ? correctionsOfOne(db, { id: ids[0]! })
    : chunked(ids, (chunk) => db.selectFrom('facts').select(COLUMNS).where('corrects', 'in', chunk).execute())

/** The stored facts that correct one fact (for a kind's "correct the latest" check). */
export async function correctionsOfFact(db: Db, id: string): Promise<TreeFact[]> {
  return (await correctionsOfOne(db, { id })).map(asTree)
}

async function chunked<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))))
  return out
}

/**
 * The whole correction trees of some stored facts, as this node holds them: up by what each
 * corrects, then down by what corrects them (a few indexed queries; a fact nobody corrected and
 * that corrects nothing is a tree of one, read in one query).
 */
export async function treesOf(db: Db, seeds: TreeFact[]): Promise<TreeFact[]> {
  const known = new Map(seeds.map((f) => [f.id, f]))
  let up = [...new Set(seeds.flatMap((f) => (f.corrects && !known.has(f.corrects) ? [f.corrects] : [])))]
  while (up.length) {
    const rows = await chunked(up, (ids) =>
      db.selectFrom('facts').select(COLUMNS).where('id', 'in', ids).execute(),
    )
    for (const r of rows) known.set(r.id, asTree(r))
    up = [...new Set(rows.flatMap((r) => (r.corrects && !known.has(r.corrects) ? [r.corrects] : [])))]
  }
  // Down from every fact and every fact named but not stored here (its other corrections are siblings).
  let down = [
    ...new Set([...known.keys(), ...[...known.values()].flatMap((f) => (f.corrects ? [f.corrects] : []))]),
  ]
  const asked = new Set(down)
  while (down.length) {
    const rows = await correctionsOf(db, down)
    down = []
    for (const r of rows) {
      if (!known.has(r.id)) known.set(r.id, asTree(r))
      if (!asked.has(r.id)) {
        asked.add(r.id)
        down.push(r.id)
      }
    }
  }
  return [...known.values()]
}

/** The trees of these facts, settled (`treesOf`, then `settle`). */
export async function settleAround(db: Db, seeds: TreeFact[]): Promise<Settled> {
  return settle(await treesOf(db, seeds))
}

/** Every correction stored here, for settling all trees at once (`rollups rebuild`). */
export async function allCorrections(db: Db): Promise<TreeFact[]> {
  const rows = await db.selectFrom('facts').select(COLUMNS).where('corrects', 'is not', null).execute()
  return rows.map(asTree)
}

/**
 * The open forks on the way to each of these facts that stand (for the lists that show them), by
 * the standing fact's id. Pass the facts that correct another: only those can end a fork.
 */
export async function openForks(db: Db, ids: string[]): Promise<Map<string, Fork[]>> {
  const out = new Map<string, Fork[]>()
  if (!ids.length) return out
  const seeds = (
    await chunked(ids, (chunk) => db.selectFrom('facts').select(COLUMNS).where('id', 'in', chunk).execute())
  ).map(asTree)
  for (const fork of settle(await treesOf(db, seeds)).forks) {
    if (!fork.open || !ids.includes(fork.standing)) continue
    const list = out.get(fork.standing)
    if (list) list.push(fork)
    else out.set(fork.standing, [fork])
  }
  return out
}

/**
 * For a projection that keeps one row per fact with the fact that replaced it (`replaced_by`):
 * what each row of this fact's tree should say once the fact is stored (null for the one that
 * stands), leaving out the fact's own row when it stands (it was just written so).
 */
export async function replacementsAround(
  db: Db,
  fact: { id: string; corrects: string | null; occurredAt: string },
): Promise<[string, string | null][]> {
  const { standing, out } = await settleAround(db, [
    { id: fact.id, corrects: fact.corrects, at: fact.occurredAt },
  ])
  return [...[...standing].map((id): [string, string | null] => [id, null]), ...out].filter(
    ([id, by]) => id !== fact.id || by !== null,
  )
}

/** The facts among these that a fact stored here corrects, by id. */
async function corrected(db: Db, ids: string[]): Promise<Set<string>> {
  return new Set((await correctionsOf(db, ids)).map((r) => r.corrects!))
}

const treeFact = (f: StoredFact): TreeFact => ({ id: f.id, corrects: f.corrects, at: f.occurredAt })

/** Which of these stored facts are out of their correction trees (corrected, or on a losing branch). */
export async function outAmong(db: Db, facts: StoredFact[]): Promise<Set<string>> {
  const parents = await corrected(
    db,
    facts.map((f) => f.id),
  )
  const seeds = facts.filter((f) => f.corrects || parents.has(f.id)).map(treeFact)
  return seeds.length ? new Set((await settleAround(db, seeds)).out.keys()) : new Set()
}

/**
 * For a projection that keeps the latest fact of each key (a household's checklist, a trader's
 * step): the keys that the correction trees of these facts touch, each with the latest fact of
 * that key that stands, or null when none does (a correction moved the only check of a household
 * to another label). Pass the facts that may take part in corrections: those that correct
 * another, and those from other nodes (whose correction may have come first). Keys no correction
 * touches are not in the answer: the latest fact still wins there, as it always did. Reads the
 * facts of `kind` at the places of the trees, so only when corrections are involved.
 */
export async function latestStanding(
  db: Db,
  kind: string,
  facts: StoredFact[],
  keyOf: (f: StoredFact) => string | null,
): Promise<Map<string, StoredFact | null>> {
  const keys = new Map<string, StoredFact | null>()
  if (!facts.length) return keys
  const parents = await corrected(
    db,
    facts.filter((f) => !f.corrects).map((f) => f.id),
  )
  const seeds = facts.filter((f) => f.corrects || parents.has(f.id)).map(treeFact)
  if (!seeds.length) return keys
  const { standing, out } = await settleAround(db, seeds)
  const inTrees = (await factsByIds(db, [...standing, ...out.keys()])).filter((f) => f.kind === kind)
  const places = new Set<string>()
  for (const f of inTrees) {
    const key = keyOf(f)
    if (key === null || !f.placeCode) continue
    keys.set(key, null)
    places.add(f.placeCode)
  }
  const candidates: StoredFact[] = []
  for (const place of places)
    for (const f of await factsOfKindsAt(db, [kind], place, ''))
      if (keys.has(keyOf(f) ?? '')) candidates.push(f)
  const gone = await outAmong(db, candidates)
  for (const f of candidates) {
    if (gone.has(f.id)) continue
    const key = keyOf(f)!
    const best = keys.get(key)
    if (!best || later(treeFact(f), treeFact(best))) keys.set(key, f)
  }
  return keys
}
