import type { Ctx } from '../../core/context.ts'
import { fieldError, keyedError, validationError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { openForks, replacementsAround } from '../facts/facts.forks.ts'
import { defineFactKind, recordFact, type StoredFact } from '../facts/facts.service.ts'
import { displayNames } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan } from '../people/policy.ts'
import { canAt, placeRef } from '../places/places.service.ts'
import { assertInCheckinWindow } from './events.checkin.ts'
import { type HeadcountData, headcountFactSchema } from './events.schemas.ts'
import { type EventView, eventAtDoor } from './events.service.ts'
import * as store from './events.store.ts'

/**
 * A festival's visitors who did not check in one by one, counted as a number by an organiser (at a
 * booth, or at the end of the day): a fact (`festival_headcount`), so it can be entered offline and
 * sent through the outbox, and the campaign adds it to the festival's attendance. The people who
 * checked in are never in it: the form asks for those who did not, beside the number who did, so
 * nobody is counted twice (decision 0196).
 *
 * A count typed wrong (1500 for 150) is corrected by a new fact that `corrects` it, made by anyone
 * who may count for the festival's commune: the right number, or 0 for a count entered by mistake.
 * The correction replaces the count in the list, and the rollups take the old number out.
 */
export const headcountFact = defineFactKind({
  kind: 'festival_headcount',
  data: headcountFactSchema,
  authorize: async (ctx, user, d, { occurredAt }) => {
    const ev = await store.findEvent(ctx.db, d.event_id)
    if (!ev) throw validationError('event_id', 'no such event')
    assertCan(user, 'events.checkin', await placeRef(ctx, ev.place_code))
    if (ev.kind !== 'festival')
      throw keyedError(
        'event_id',
        'only a festival takes a headcount; a training counts the people who check in',
        'events.headcount.not_festival',
      )
    // Counted on the festival's day, as a check-in is: not before it, not weeks after.
    assertInCheckinWindow(ev, occurredAt)
    return { subjectId: null, placeCode: ev.place_code }
  },
  mayCorrect: (ctx, user, original) => canAt(ctx, user, 'events.checkin', original.placeCode),
  apply: (tx, fact) => applyHeadcount(tx, fact),
})

/**
 * The projection: one row per fact; a correction marks the row it corrects as replaced. A fact
 * from another node was checked where it was made, and may arrive before the count it corrects or
 * after its own correction, or correct a count corrected here too: every order ends with the same
 * rows, and one count of each tree standing (decision 0204).
 */
async function applyHeadcount(tx: TxCtx, fact: StoredFact<HeadcountData>): Promise<void> {
  const d = fact.data
  const remote = !!tx.replica
  if (!remote && !fact.corrects && d.visitors < 1)
    // 0 only withdraws a count, as a correction: a new count of nobody counts nothing.
    throw keyedError('visitors', 'must be at least 1', 'error.issue.min', { min: '1' })
  if (fact.corrects) {
    const old = await store.findHeadcount(tx.db, fact.corrects)
    if (!old && !remote) throw validationError('corrects', `no headcount ${fact.corrects}`)
    if (old && !remote && old.event_id !== d.event_id)
      throw keyedError(
        'event_id',
        'a correction keeps the festival of the count it corrects',
        'events.headcount.other_festival',
      )
    if (old && !(await store.replaceHeadcount(tx.db, old.id, fact.id)) && !remote)
      throw fieldError(
        'conflict',
        'corrects',
        `${old.id} was already corrected by ${old.replaced_by}; correct the latest count`,
        'events.headcount.already_corrected',
      )
  }
  await store.insertHeadcount(tx.db, {
    id: fact.id,
    event_id: d.event_id,
    counted_at: fact.occurredAt,
    counted_by: fact.actorId,
    visitors: d.visitors,
    booth: d.booth ?? null,
    note: d.note ?? null,
    corrects: fact.corrects,
    replaced_by: null,
  })
  if (fact.corrects || remote) await store.setHeadcountsReplaced(tx.db, await replacementsAround(tx.db, fact))
}

/**
 * Records a headcount, or with `corrects` a correction of one, from the festival's page (a form
 * post or JSON), through the same fact as the outbox. `factId` is the id the page made: a form
 * sent twice (a double tap, a resend after a timeout) is stored once, and the second send answers
 * with the first.
 */
export async function recordHeadcount(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
  data: HeadcountData,
  opts: { factId?: string; corrects?: string } = {},
): Promise<{ id: string; stored: boolean }> {
  await eventAtDoor(ctx, actor, eventId)
  if (data.event_id !== eventId) throw validationError('event_id', 'does not match the page')
  const id = opts.factId ?? uuidv7()
  const known = async () => {
    const row = opts.factId ? await store.findHeadcount(ctx.db, id) : undefined
    return row?.event_id === eventId && row.counted_by === actor?.id
  }
  if (await known()) return { id, stored: false }
  try {
    await recordFact(ctx, actor, 'festival_headcount', data, { id, corrects: opts.corrects })
  } catch (err) {
    // Stored meanwhile by the same form's first send (its time differs, so its body does).
    if (await known()) return { id, stored: false }
    throw err
  }
  return { id, stored: true }
}

/**
 * A count as the headcount page lists it: who entered it, and whether it corrects another; `apart`,
 * the corrections of it made on another server while the two were apart and set aside (decision
 * 0204), until one is kept.
 */
export type HeadcountEntry = store.HeadcountRow & { byName: string | null; apart?: HeadcountEntry[] }

/** A festival's counts that stand (oldest first) and their sum, beside the number of people checked in. */
export async function headcountsFor(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
): Promise<{ event: EventView; rows: HeadcountEntry[]; visitors: number }> {
  const event = await eventAtDoor(ctx, actor, eventId)
  const rows = await store.headcountsOf(ctx.db, eventId)
  const forks = await openForks(
    ctx.db,
    rows.filter((r) => r.corrects).map((r) => r.id),
  )
  const lost = [...forks.values()].flat().flatMap((f) => f.lost)
  const apart = (await Promise.all(lost.map((id) => store.findHeadcount(ctx.db, id)))).flatMap((r) =>
    r ? [r] : [],
  )
  const names = await displayNames(
    ctx,
    [...rows, ...apart].flatMap((r) => (r.counted_by ? [r.counted_by] : [])),
  )
  const entry = (r: store.HeadcountRow): HeadcountEntry => ({
    id: r.id,
    counted_at: r.counted_at,
    counted_by: r.counted_by,
    visitors: Number(r.visitors),
    booth: r.booth,
    note: r.note,
    corrects: r.corrects,
    byName: r.counted_by ? (names.get(r.counted_by) ?? null) : null,
  })
  const set = new Map(apart.map((r) => [r.id, entry(r)]))
  const list = rows.map((r) => {
    const mine = (forks.get(r.id) ?? []).flatMap((f) => f.lost.flatMap((id) => set.get(id) ?? []))
    return mine.length ? { ...entry(r), apart: mine } : entry(r)
  })
  return { event, rows: list, visitors: list.reduce((a, r) => a + r.visitors, 0) }
}
