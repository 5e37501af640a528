import type { Db } from '../../core/db.ts'
import { counterValues } from '../facts/facts.reads.ts'
import { touchCounter } from '../facts/facts.service.ts'

/** The two append-only streams that replicate: facts, and versions of editable rows. */
export const STREAMS = ['changes', 'facts'] as const
export type Stream = (typeof STREAMS)[number]

/** Per stream and origin, the sequence number up to which a node holds everything (for its scope). */
export type Vector = Record<Stream, Record<string, number>>

export const emptyVector = (): Vector => ({ changes: {}, facts: {} })

/** The counter that numbers this node's own entries of a stream (facts use the facts domain's counter). */
export const counterName = (stream: Stream, origin: string) => `${stream}:${origin}`

type Range = { lo: number; hi: number }

/** Merges sorted (lo, hi] ranges that touch or overlap. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].filter((r) => r.hi > r.lo).sort((a, b) => a.lo - b.lo)
  const out: Range[] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r.lo <= last.hi) last.hi = Math.max(last.hi, r.hi)
    else out.push({ ...r })
  }
  return out
}

/**
 * Records that a node now holds (lo, hi] of an origin's stream. Ranges let a bundle that arrives
 * before an earlier one count without pretending the gap is filled; the vector is the first range.
 */
export async function addRange(
  trx: Db,
  stream: Stream,
  origin: string,
  lo: number,
  hi: number,
): Promise<void> {
  if (hi <= lo) return
  const rows = await trx
    .selectFrom('sync_have')
    .select(['lo', 'hi'])
    .where('stream', '=', stream)
    .where('origin_node', '=', origin)
    .execute()
  const merged = mergeRanges([...rows.map((r) => ({ lo: Number(r.lo), hi: Number(r.hi) })), { lo, hi }])
  const same =
    merged.length === rows.length &&
    merged.every((m, i) => Number(rows[i]?.lo) === m.lo && Number(rows[i]?.hi) === m.hi)
  if (same) return
  await trx.deleteFrom('sync_have').where('stream', '=', stream).where('origin_node', '=', origin).execute()
  await trx
    .insertInto('sync_have')
    .values(merged.map((m) => ({ stream, origin_node: origin, lo: m.lo, hi: m.hi })))
    .execute()
}

/**
 * What this node holds: its own counters, and the first range of every other origin. `asking`:
 * the vector this node sends to be given what it lacks, where its own streams may have a gap.
 */
export async function vectorOf(db: Db, me: string, opts: { asking?: boolean } = {}): Promise<Vector> {
  const v = emptyVector()
  const rows = await db
    .selectFrom('sync_have')
    .select(['stream', 'origin_node', 'lo', 'hi'])
    .where('lo', '=', 0)
    .execute()
  for (const r of rows) if (r.origin_node !== me) v[r.stream as Stream][r.origin_node] = Number(r.hi)
  const own = await counterValues(
    db,
    STREAMS.map((s) => counterName(s, me)),
  )
  for (const [name, value] of own) v[name.split(':')[0] as Stream][me] = value
  for (const s of STREAMS) v[s][me] ??= 0
  // After a restore from backup (sync.restore.ts) a node holds its own stream with a gap, the
  // records lost with the disk: it reports the first range until a pull has filled the gap.
  if (!opts.asking) return v
  const gaps = await db
    .selectFrom('sync_have')
    .select(['stream', 'lo', 'hi'])
    .where('origin_node', '=', me)
    .execute()
  for (const s of STREAMS) {
    const mine = gaps.filter((g) => g.stream === s).sort((a, b) => Number(a.lo) - Number(b.lo))
    if (mine.length > 1 && Number(mine[0]!.lo) === 0) v[s][me] = Number(mine[0]!.hi)
  }
  return v
}

/** Takes the write lock first, so a sync transaction on SQLite never fails upgrading a stale read. */
export async function lockForWrite(trx: Db): Promise<void> {
  // An UPDATE takes SQLite's write lock even when it changes nothing; on PostgreSQL it locks the row,
  // which also serialises concurrent sync transactions (the row is made by the migration).
  await touchCounter(trx, 'sync:lock')
}

/** Parses a vector received from elsewhere, keeping only well-formed counts. */
export function readVector(raw: unknown): Vector {
  const v = emptyVector()
  if (!raw || typeof raw !== 'object') return v
  for (const s of STREAMS) {
    const part = (raw as Record<string, unknown>)[s]
    if (!part || typeof part !== 'object') continue
    for (const [k, n] of Object.entries(part as Record<string, unknown>))
      if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) v[s][k] = n
  }
  return v
}
