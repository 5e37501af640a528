import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { counterValues } from '../facts/facts.reads.ts'
import { setCounter } from '../facts/facts.service.ts'
import { type NodeRow, vectorOfNode } from './sync.nodes.ts'
import { counterName, lockForWrite, STREAMS, type Stream } from './sync.vector.ts'

/**
 * A node restored from a backup has lost the records it made after the backup, but its upstream
 * still holds them: the upstream's "have" of this node's streams is above this node's counters, or
 * the record it holds at that number is not the one this node has there (the node made new
 * records after the restore, numbered again from the old counter). Left alone, the new records
 * would reuse numbers the upstream already holds and never be sent, and the lost ones would never
 * come back (a pull never returns a node's own records). See decision 0110, "Restored from a backup".
 */

/** How far the upstream holds this node's streams, and which record it holds at that number. */
export type HeldOfMe = Record<Stream, number> & { tip?: Record<Stream, string | null> }

/** What the recovery did, for the sync report and the hubs page. */
export type Recovery = { renumbered: number; lost: Record<Stream, number> }

/** A record's identity at one (origin, seq): the fact id, or the row version a change entry logged. */
export async function tipOf(db: Db, origin: string, stream: Stream, seq: number): Promise<string | null> {
  if (seq <= 0) return null
  if (stream === 'facts') {
    const r = await db
      .selectFrom('facts')
      .select('id')
      .where('origin_node', '=', origin)
      .where('seq', '=', seq)
      .executeTakeFirst()
    return r?.id ?? null
  }
  const r = await db
    .selectFrom('sync_changes')
    .select(['tbl', 'row_key', 'hlc', 'node'])
    .where('origin_node', '=', origin)
    .where('seq', '=', seq)
    .executeTakeFirst()
  return r ? `${r.tbl}/${r.row_key}/${r.hlc}/${r.node}` : null
}

/** The streams on which this node's own records differ from what the upstream holds of it. */
export async function restoredStreams(ctx: Ctx, held: HeldOfMe): Promise<Stream[]> {
  const mine = await ownCounters(ctx.db, ctx.nodeId)
  const out: Stream[] = []
  for (const s of STREAMS) {
    if (held[s] > mine[s]) out.push(s)
    else if (held.tip && held[s] > 0 && held.tip[s] !== (await tipOf(ctx.db, ctx.nodeId, s, held[s])))
      out.push(s)
  }
  return out
}

async function ownCounters(db: Db, me: string): Promise<Record<Stream, number>> {
  const out = { changes: 0, facts: 0 }
  const rows = await counterValues(
    db,
    STREAMS.map((s) => counterName(s, me)),
  )
  for (const [name, value] of rows) out[name.split(':')[0] as Stream] = value
  return out
}

/**
 * Takes a new incarnation of this node's streams after a restore, in one transaction:
 * - the records made since the restore (and any after the last number the upstream confirmed)
 *   move above everything the upstream holds of this node, so they travel as new records (those
 *   the upstream already has, by id or by version, are recognised there and change nothing);
 * - this node then holds its own streams only up to that confirmed number, plus the moved block,
 *   so its next pull asks the upstream for its own records in between: the ones lost with the disk.
 */
export async function recoverFromRestore(ctx: Ctx, upstream: NodeRow, held: HeldOfMe): Promise<Recovery> {
  const me = ctx.nodeId
  const confirmed = vectorOfNode(upstream)
  const result: Recovery = { renumbered: 0, lost: { changes: 0, facts: 0 } }
  await inTransaction(ctx, async (tx) => {
    await lockForWrite(tx.db)
    const mine = await ownCounters(tx.db, me)
    for (const s of STREAMS) {
      const known = Math.min(confirmed[s][me] ?? 0, held[s], mine[s])
      const base = Math.max(mine[s], held[s])
      const shift = base - known
      const table = s === 'facts' ? 'facts' : 'sync_changes'
      const moved = await tx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('origin_node', '=', me)
        .where('seq', '>', known)
        .executeTakeFirstOrThrow()
      result.renumbered += Number(moved.n)
      // Every new number is above every number held now, so the unique (origin, seq) never clashes mid-update.
      if (shift > 0)
        await sql`update ${sql.table(table)} set seq = seq + ${shift} where origin_node = ${me} and seq > ${known}`.execute(
          tx.db,
        )
      const top = mine[s] + shift
      await setCounter(tx.db, counterName(s, me), top)
      await tx.db.deleteFrom('sync_have').where('stream', '=', s).where('origin_node', '=', me).execute()
      // Two ranges (either may be empty) mark the gap: vectorOf reports the first while asking,
      // and the pull that fills the gap merges them into one (then the counter counts again).
      if (known < held[s])
        await tx.db
          .insertInto('sync_have')
          .values([
            { stream: s, origin_node: me, lo: 0, hi: known },
            { stream: s, origin_node: me, lo: held[s], hi: top },
          ])
          .execute()
      result.lost[s] = held[s] - known
    }
    await tx.db
      .insertInto('sync_log')
      .values({
        id: uuidv7(),
        at: tx.now().toISOString(),
        peer: upstream.node_id,
        kind: 'restore',
        records_in: 0,
        records_out: 0,
        refused: 0,
        bytes: 0,
        bundle_id: null,
        note: restoreNote(result),
      })
      .execute()
  })
  return result
}

/** One line for the command line and the hubs page. */
export function restoreNote(r: Recovery): string {
  return (
    `restored from a backup: the upstream holds up to ${r.lost.facts} fact(s) and ${r.lost.changes} ` +
    `row version(s) of this node that this copy lacks; they are pulled back, and ${r.renumbered} ` +
    'record(s) of this node are sent again under new numbers'
  )
}
