import { sql } from 'kysely'
import type { Db } from '../../core/db.ts'
import { batchingHooks } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { type FactRow, storeRemoteFact, storeRemoteFacts } from '../facts/facts.service.ts'
import { applyChange, type Change, rescope } from './sync.changes.ts'
import { type Cover, type Entry, entryId, entryOrder } from './sync.entries.ts'
import { placeTags, replicated } from './sync.replicated.ts'
import { type HubScope, type PlaceIndex, tagsReach } from './sync.scope.ts'
import { addRange } from './sync.vector.ts'

/** Who sent the records: a registered hub (its scope is enforced), or this hub's upstream (trusted). */
export type Sender = { node: string; hub: HubScope | null }

/** A record refused whole: outside the sender's scope, of another origin, or in conflict. */
export type Refusal = { stream: string; origin: string; seq: number; id: string; reason: string }

export type ApplyResult = { applied: number; duplicates: number; held: number; refused: Refusal[] }

/**
 * The scopes of the people these facts are about (their accounts' ledger rows), for the facts
 * without a place: one query per 500 people instead of one per fact. A person not held is null.
 */
export async function subjectScopes(trx: Db, entries: Entry[]): Promise<Map<string, string | null>> {
  const ids = [
    ...new Set(
      entries.flatMap((e) => (e.s === 'facts' && !e.f.place_code && e.f.subject_id ? [e.f.subject_id] : [])),
    ),
  ]
  const out = new Map<string, string | null>(ids.map((id) => [id, null]))
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx
      .selectFrom('sync_rows')
      .select(['row_key', 'scopes'])
      .where('tbl', '=', 'accounts')
      .where('row_key', 'in', ids.slice(i, i + 500))
      .execute()
    for (const r of rows) out.set(r.row_key, r.scopes)
  }
  return out
}

/**
 * Why a hub may not send this fact, or null when it may. `subjects` (subjectScopes) answers for
 * the people it holds; anyone else is read here.
 */
export async function factRefusal(
  trx: Db,
  index: PlaceIndex,
  scope: HubScope,
  f: Entry & { s: 'facts' },
  subjects?: Map<string, string | null>,
) {
  const row = f.f
  if (row.place_code) {
    const tags = await index.expand(trx, row.place_code)
    if (tags.some((t) => scope.places.has(t))) return null
    return `fact ${row.id}: place ${row.place_code} is outside the hub's scope ${scope.code}`
  }
  if (!row.subject_id) return null
  const scopes = subjects?.has(row.subject_id)
    ? subjects.get(row.subject_id)
    : (
        await trx
          .selectFrom('sync_rows')
          .select('scopes')
          .where('tbl', '=', 'accounts')
          .where('row_key', '=', row.subject_id)
          .executeTakeFirst()
      )?.scopes
  if (scopes && tagsReach(scopes, scope)) return null
  return `fact ${row.id}: person ${row.subject_id} is outside the hub's scope ${scope.code}`
}

/** Why a hub may not send this version of a row, or null when it may. */
export async function changeRefusal(trx: Db, index: PlaceIndex, scope: HubScope, c: Change) {
  const t = replicated(c.tbl)
  if (!t) return `${c.tbl}: this table does not replicate`
  const ledger = await trx
    .selectFrom('sync_rows')
    .selectAll()
    .where('tbl', '=', c.tbl)
    .where('row_key', '=', c.key)
    .executeTakeFirst()
  const first = ledger?.first_from ?? scope.node
  if (c.op === 'put' && c.row) {
    const rule = t.hubRule?.(c.row, scope)
    if (rule) return `${c.tbl} ${c.key}: ${rule}`
    const places = await placeTags(trx, index, t, c.row)
    if (t.only && c.row[t.only.column] !== t.only.value) return `${c.tbl} ${c.key}: does not replicate`
    const inside =
      places.some((p) => scope.places.has(p)) || (!!t.personal && places.length === 0 && first === scope.node)
    if (!inside)
      return `${c.tbl} ${c.key}: belongs to ${places.join(', ') || 'no place'}, outside the hub's scope ${scope.code}`
  }
  if (ledger && !ledger.deleted && !tagsReach(ledger.scopes, scope))
    return `${c.tbl} ${c.key}: held here outside the hub's scope ${scope.code}`
  return null
}

async function savepoint(
  trx: Db,
  name: string,
  verb: 'savepoint' | 'release savepoint' | 'rollback to savepoint',
) {
  await sql.raw(`${verb} ${name}`).execute(trx)
}

type Step = 'applied' | 'duplicate' | 'refused'

/** What a page already knows while it applies: facts held here by id (with their hash), people's scopes. */
type Known = { facts: Map<string, string>; subjects?: Map<string, string | null> }

async function applyOne(
  tx: TxCtx,
  index: PlaceIndex,
  e: Entry,
  sender: Sender,
  known: Known,
  touched: Set<string>,
  refused: Refusal[],
): Promise<Step> {
  if (e.s === 'changes') {
    if (sender.hub && e.o !== sender.node) return refuseOther(e, refused)
    if (sender.hub) {
      const why = await changeRefusal(tx.db, index, sender.hub, e.c)
      if (why) return refuse(e, refused, why)
    }
    const r = await applyChange(tx, index, { origin: e.o, seq: e.q, change: e.c }, sender.node, touched)
    // A version older than the one held here changes nothing: it counts as already here, not new.
    return r === 'duplicate' || r === 'older' ? 'duplicate' : 'applied'
  }
  const row = await newFact(tx, index, e, sender, known, refused)
  if (typeof row === 'string') return row
  await storeRemoteFact(tx, row)
  return 'applied'
}

function refuse(e: Entry, refused: Refusal[], reason: string): Step {
  refused.push({ stream: e.s, origin: e.o, seq: e.q, id: entryId(e), reason })
  return 'refused'
}

const refuseOther = (e: Entry, refused: Refusal[]) =>
  refuse(e, refused, `${entryId(e)}: made on node ${e.o}; a hub may send only its own records`)

/**
 * A received fact checked: refused (reported in `refused`), a duplicate of one held here, or the
 * row to store, noted in `known` so the same id later in the page is a duplicate or a conflict.
 */
async function newFact(
  tx: TxCtx,
  index: PlaceIndex,
  e: Entry & { s: 'facts' },
  sender: Sender,
  known: Known,
  refused: Refusal[],
): Promise<FactRow | Step> {
  if (sender.hub && e.o !== sender.node) return refuseOther(e, refused)
  const f = e.f
  if (f.origin_node !== e.o || f.seq !== e.q)
    return refuse(e, refused, `fact ${f.id}: its origin and sequence number do not match the page`)
  const prior = known.facts.get(f.id)
  if (prior !== undefined) {
    if (prior === f.hash) return 'duplicate'
    return refuse(e, refused, `fact ${f.id}: already stored here with a different body`)
  }
  if (sender.hub) {
    const why = await factRefusal(tx.db, index, sender.hub, e, known.subjects)
    if (why) return refuse(e, refused, why)
  }
  known.facts.set(f.id, f.hash)
  // Recorded "tomorrow" by a node whose clock is ahead: it arrived now, as far as this node knows.
  const latest = tx.now().getTime() + tx.clock.maxDriftMs
  return Date.parse(f.recorded_at) > latest ? { ...f, recorded_at: tx.now().toISOString() } : f
}

/** The facts of these entries already held here (one query per 500), and people's scopes for a hub's. */
async function knownFacts(trx: Db, entries: Entry[], sender?: Sender): Promise<Known> {
  const ids = entries.filter((e) => e.s === 'facts').map((e) => (e as Entry & { s: 'facts' }).f.id)
  const facts = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await trx
      .selectFrom('facts')
      .select(['id', 'hash'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()
    for (const r of rows) facts.set(r.id, r.hash)
  }
  return { facts, subjects: sender?.hub ? await subjectScopes(trx, entries) : undefined }
}

async function heldKeys(trx: Db, entries: Entry[]): Promise<Set<string>> {
  const n = await trx
    .selectFrom('sync_held')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (!Number(n.n) || !entries.length) return new Set()
  const rows = await trx.selectFrom('sync_held').select(['stream', 'origin_node', 'seq']).execute()
  return new Set(rows.map((r) => `${r.stream}:${r.origin_node}:${r.seq}`))
}

async function hold(tx: TxCtx, e: Entry, err: unknown): Promise<void> {
  const reason = (err as Error)?.message?.slice(0, 500) ?? String(err)
  await tx.db
    .insertInto('sync_held')
    .values({
      stream: e.s,
      origin_node: e.o,
      seq: e.q,
      entry: JSON.stringify(e),
      reason,
      first_at: tx.now().toISOString(),
      tries: 1,
    })
    .onConflict((oc) => oc.columns(['stream', 'origin_node', 'seq']).doNothing())
    .execute()
}

/**
 * Applies records received from another node inside the caller's transaction (which holds the
 * write lock). Editable rows go first, then facts, each through the same path as a local record
 * (the fact kind's `apply` and the 'fact.stored' hook, so rollups follow). A record already here
 * changes nothing. A hub's record outside its scope, or not its own, is refused and reported. A
 * record that cannot apply yet (its reference not here yet) is held and retried later; covers
 * then advance the vector, so nothing is asked for twice.
 */
export async function applyEntries(
  tx: TxCtx,
  index: PlaceIndex,
  entries: Entry[],
  covers: Cover[],
  sender: Sender,
  opts: { relog: boolean },
): Promise<ApplyResult> {
  const result: ApplyResult = { applied: 0, duplicates: 0, held: 0, refused: [] }
  const rank = (tbl: string) => replicated(tbl)?.rank ?? 99
  const sorted = [...entries].sort(entryOrder(rank))
  const held = await heldKeys(tx.db, sorted)
  const todo = sorted.filter((e) => !held.has(`${e.s}:${e.o}:${e.q}`))
  result.duplicates += sorted.length - todo.length
  const touched = new Set<string>()
  const known = await knownFacts(tx.db, todo, sender)
  // Fast path: the whole page at once. Should any record fail, undo the page and go one by one,
  // so a failure never leaves half of a record's effects behind.
  await savepoint(tx.db, 'sync_page', 'savepoint')
  try {
    const refused: Refusal[] = []
    const counts = { applied: 0, duplicates: 0 }
    const count = (r: Step) => {
      if (r === 'applied') counts.applied++
      else if (r === 'duplicate') counts.duplicates++
    }
    // The rollups of the whole page in one go at its end (the one-by-one path below does not batch).
    await batchingHooks(tx, async () => {
      // Editable rows one by one, in order (they come first); the new facts, which follow them,
      // checked one by one and then stored together (storeRemoteFacts).
      const fresh: FactRow[] = []
      for (const e of todo) {
        if (e.s === 'changes') count(await applyOne(tx, index, e, sender, known, touched, refused))
        else {
          const row = await newFact(tx, index, e, sender, known, refused)
          if (typeof row === 'string') count(row)
          else {
            fresh.push(row)
            count('applied')
          }
        }
      }
      await storeRemoteFacts(tx, fresh)
    })
    await savepoint(tx.db, 'sync_page', 'release savepoint')
    result.applied += counts.applied
    result.duplicates += counts.duplicates
    result.refused.push(...refused)
  } catch {
    await savepoint(tx.db, 'sync_page', 'rollback to savepoint')
    await savepoint(tx.db, 'sync_page', 'release savepoint')
    index.reset()
    touched.clear()
    const again = await knownFacts(tx.db, todo, sender)
    for (const e of todo) {
      await savepoint(tx.db, 'sync_one', 'savepoint')
      try {
        const r = await applyOne(tx, index, e, sender, again, touched, result.refused)
        await savepoint(tx.db, 'sync_one', 'release savepoint')
        if (r === 'applied') result.applied++
        else if (r === 'duplicate') result.duplicates++
      } catch (err) {
        await savepoint(tx.db, 'sync_one', 'rollback to savepoint')
        await savepoint(tx.db, 'sync_one', 'release savepoint')
        index.reset()
        await hold(tx, e, err)
        result.held++
      }
    }
  }
  for (const c of covers) {
    if (sender.hub && c.o !== sender.node) continue
    await addRange(tx.db, c.s, c.o, c.from, c.to)
  }
  if (result.applied) result.applied += await retryHeld(tx, index, touched)
  await rescope(tx, index, touched, opts.relog)
  await recordRefusals(tx, sender.node, result.refused)
  return result
}

/** Tries the held records again (oldest first); returns how many now applied. */
export async function retryHeld(tx: TxCtx, index: PlaceIndex, touched = new Set<string>()): Promise<number> {
  let done = 0
  for (let pass = 0; pass < 5; pass++) {
    const rows = await tx.db
      .selectFrom('sync_held')
      .selectAll()
      .orderBy('stream')
      .orderBy('origin_node')
      .orderBy('seq')
      .limit(500)
      .execute()
    let progress = 0
    for (const h of rows) {
      const e = JSON.parse(h.entry) as Entry
      await savepoint(tx.db, 'sync_held', 'savepoint')
      try {
        const known = await knownFacts(tx.db, [e])
        // Held records passed the scope check when they arrived; the upstream is trusted the same way.
        await applyOne(tx, index, e, { node: e.o, hub: null }, known, touched, [])
        await tx.db
          .deleteFrom('sync_held')
          .where('stream', '=', h.stream)
          .where('origin_node', '=', h.origin_node)
          .where('seq', '=', h.seq)
          .execute()
        await savepoint(tx.db, 'sync_held', 'release savepoint')
        progress++
      } catch (err) {
        await savepoint(tx.db, 'sync_held', 'rollback to savepoint')
        await savepoint(tx.db, 'sync_held', 'release savepoint')
        index.reset()
        await tx.db
          .updateTable('sync_held')
          .set({ tries: h.tries + 1, reason: (err as Error)?.message?.slice(0, 500) ?? String(err) })
          .where('stream', '=', h.stream)
          .where('origin_node', '=', h.origin_node)
          .where('seq', '=', h.seq)
          .execute()
      }
    }
    done += progress
    if (!progress) break
  }
  return done
}

async function recordRefusals(tx: TxCtx, peer: string, refused: Refusal[]): Promise<void> {
  for (const r of refused) {
    await tx.db
      .insertInto('sync_refusals')
      .values({
        id: uuidv7(),
        at: tx.now().toISOString(),
        peer,
        stream: r.stream,
        origin_node: r.origin,
        seq: r.seq,
        record_id: r.id,
        reason: r.reason,
      })
      .onConflict((oc) => oc.columns(['peer', 'stream', 'origin_node', 'seq']).doNothing())
      .execute()
  }
}
