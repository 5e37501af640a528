import type { Ctx } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { keyedError, validationError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { defineFactKind, recordFact, type StoredFact } from '../facts/facts.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan } from '../people/policy.ts'
import { placeRef } from '../places/places.service.ts'
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
  apply: (tx, fact) => applyHeadcount(tx.db, fact),
})

async function applyHeadcount(trx: Db, fact: StoredFact<HeadcountData>): Promise<void> {
  await store.insertHeadcount(trx, {
    id: fact.id,
    event_id: fact.data.event_id,
    counted_at: fact.occurredAt,
    counted_by: fact.actorId,
    visitors: fact.data.visitors,
    booth: fact.data.booth ?? null,
    note: fact.data.note ?? null,
  })
}

/** Records a headcount from the festival's page (a form post or JSON), through the same fact as the outbox. */
export async function recordHeadcount(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
  data: HeadcountData,
  factId: string = uuidv7(),
): Promise<string> {
  await eventAtDoor(ctx, actor, eventId)
  if (data.event_id !== eventId) throw validationError('event_id', 'does not match the page')
  return recordFact(ctx, actor, 'festival_headcount', data, { id: factId })
}

export type HeadcountRow = store.HeadcountRow

/** A festival's headcounts (oldest first) and their sum, beside the number of people checked in. */
export async function headcountsFor(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
): Promise<{ event: EventView; rows: HeadcountRow[]; visitors: number }> {
  const event = await eventAtDoor(ctx, actor, eventId)
  const rows = await store.headcountsOf(ctx.db, eventId)
  const list = rows.map((r) => ({ ...r, visitors: Number(r.visitors) }))
  return { event, rows: list, visitors: list.reduce((a, r) => a + r.visitors, 0) }
}
