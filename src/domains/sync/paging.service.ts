import type { Ctx } from '../../core/context.ts'
import type { FactRow } from '../facts/facts.service.ts'
import { changeRefusal, factRefusal, subjectScopes } from './sync.apply.ts'
import type { Change } from './sync.changes.ts'
import type { Cover, Entry, Page } from './sync.entries.ts'
import type { HubScope, PlaceIndex } from './sync.scope.ts'
import { STREAMS, type Stream, type Vector, vectorOf } from './sync.vector.ts'

/**
 * The node a page is for. A hub receives every origin's records of its scope; an upstream receives
 * only this hub's own records, and only those inside this hub's scope (the rest stay here, listed
 * on the status page, and the upstream would refuse them anyway).
 */
export type Recipient =
  | { node: string; hub: HubScope }
  | { node: string; hub: null; ownScope: HubScope | null }

type ChangeRow = {
  origin_node: string
  seq: number
  tbl: string
  row_key: string
  hlc: string
  node: string
  op: string
  row: string | null
}

/** A change-log row as an entry. */
export function changeEntry(r: ChangeRow): Entry {
  const c: Change = {
    tbl: r.tbl,
    key: r.row_key,
    hlc: r.hlc,
    node: r.node,
    op: r.op as Change['op'],
    row: r.row ? JSON.parse(r.row) : null,
  }
  return { s: 'changes', o: r.origin_node, q: Number(r.seq), c }
}

/** A fact row as an entry (sequence numbers read back as numbers on both databases). */
export function factEntry(r: FactRow): Entry {
  return { s: 'facts', o: r.origin_node, q: Number(r.seq), f: { ...r, seq: Number(r.seq) } }
}

function changesQuery(ctx: Ctx, origin: string, from: number, to: number, hub: HubScope | null) {
  let q = ctx.db
    .selectFrom('sync_changes')
    .where('origin_node', '=', origin)
    .where('seq', '>', from)
    .where('seq', '<=', to)
    .where('op', '!=', 'gone')
  if (hub)
    q = q.where((eb) =>
      eb.or([
        eb('scopes', 'like', `%,${hub.code},%`),
        eb('scopes', 'like', `%,@${hub.node},%`),
        eb('scopes', 'like', '%,*,%'),
      ]),
    )
  return q
}

function factsQuery(ctx: Ctx, origin: string, from: number, to: number, hub: HubScope | null) {
  let q = ctx.db
    .selectFrom('facts')
    .where('origin_node', '=', origin)
    .where('seq', '>', from)
    .where('seq', '<=', to)
  if (hub)
    q = q.where((eb) =>
      eb.or([
        eb('place_code', 'in', [...hub.places]),
        eb(
          'subject_id',
          'in',
          eb
            .selectFrom('sync_rows')
            .select('row_key')
            .where('tbl', '=', 'accounts')
            .where((w) =>
              w.or([w('scopes', 'like', `%,${hub.code},%`), w('scopes', 'like', `%,@${hub.node},%`)]),
            ),
        ),
      ]),
    )
  return q
}

async function rows(
  ctx: Ctx,
  stream: Stream,
  origin: string,
  from: number,
  to: number,
  limit: number,
  hub: HubScope | null,
): Promise<Entry[]> {
  if (stream === 'changes')
    return (
      await changesQuery(ctx, origin, from, to, hub)
        .select(['origin_node', 'seq', 'tbl', 'row_key', 'hlc', 'node', 'op', 'row'])
        .orderBy('seq')
        .limit(limit)
        .execute()
    ).map(changeEntry)
  return (await factsQuery(ctx, origin, from, to, hub).selectAll().orderBy('seq').limit(limit).execute()).map(
    factEntry,
  )
}

async function count(
  ctx: Ctx,
  stream: Stream,
  origin: string,
  from: number,
  to: number,
  hub: HubScope | null,
) {
  const q =
    stream === 'changes' ? changesQuery(ctx, origin, from, to, hub) : factsQuery(ctx, origin, from, to, hub)
  const r = await (q as ReturnType<typeof factsQuery>)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/**
 * The origins a hub is served: every other one, and its own only when it holds less of it than
 * this node does (restored from a backup: its own records lost with the disk come back).
 */
function ownLacking(hub: string, s: Stream, theirs: Vector, mine: Vector) {
  return (o: string) => o !== hub || (theirs[s][o] ?? 0) < (mine[s][o] ?? 0)
}

/**
 * The next page of what `to` lacks, given what it holds (`theirs`): changes before facts, each
 * origin in sequence order, at most `limit` records, with covers saying which ranges the page
 * completes (a range can be covered with no record in it: everything there was outside the scope).
 */
export async function collectPage(
  ctx: Ctx,
  index: PlaceIndex,
  to: Recipient,
  theirs: Vector,
  limit: number,
): Promise<Page> {
  const mine = await vectorOf(ctx.db, ctx.nodeId)
  const entries: Entry[] = []
  const covers: Cover[] = []
  let more = false
  for (const s of STREAMS) {
    const origins = to.hub
      ? Object.keys(mine[s])
          .filter(ownLacking(to.node, s, theirs, mine))
          .sort()
      : [ctx.nodeId]
    for (const o of origins) {
      const from = theirs[s][o] ?? 0
      const upTo = mine[s][o] ?? 0
      if (upTo <= from) continue
      const room = limit - entries.length
      if (room <= 0) {
        more = true
        break
      }
      const got = await rows(ctx, s, o, from, upTo, room + 1, to.hub)
      const full = got.length > room
      const taken = full ? got.slice(0, room) : got
      const coverTo = full ? taken[taken.length - 1]!.q : upTo
      const subjects = !to.hub && to.ownScope ? await subjectScopes(ctx.db, taken) : undefined
      for (const [i, e] of taken.entries()) {
        // The checks below read the database one record at a time without giving way: every 200
        // records the requests waiting on this node (a hub's learners) are answered first.
        if (i % 200 === 199) await new Promise((go) => setImmediate(go))
        if (!to.hub && to.ownScope) {
          const why =
            e.s === 'facts'
              ? await factRefusal(ctx.db, index, to.ownScope, e, subjects)
              : await changeRefusal(ctx.db, index, to.ownScope, e.c)
          if (why) continue
        }
        entries.push(e)
      }
      covers.push({ s, o, from, to: coverTo })
      if (full) {
        more = true
        break
      }
    }
    if (more) break
  }
  return { entries, covers, more }
}

/** How many records `to` still lacks (the "waiting" figure of the status pages). */
export async function countWaiting(ctx: Ctx, to: Recipient, theirs: Vector): Promise<number> {
  const mine = await vectorOf(ctx.db, ctx.nodeId)
  let n = 0
  for (const s of STREAMS) {
    const origins = to.hub ? Object.keys(mine[s]).filter(ownLacking(to.node, s, theirs, mine)) : [ctx.nodeId]
    for (const o of origins) {
      const from = theirs[s][o] ?? 0
      const upTo = mine[s][o] ?? 0
      if (upTo <= from) continue
      n += await count(ctx, s, o, from, upTo, to.hub)
    }
  }
  return n
}
