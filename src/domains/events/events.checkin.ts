import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { validationError } from '../../core/errors.ts'
import { emit } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { defineFactKind, recordFact, type StoredFact } from '../facts/facts.service.ts'
import { accountIdByPhone } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan } from '../people/policy.ts'
import { canAt, placeRef } from '../places/places.service.ts'
import { type CheckinData, checkinFactSchema } from './events.schemas.ts'
import { addRegistrations, attendedPayload, eventAtDoor } from './events.service.ts'
import * as store from './events.store.ts'
import { checkinWindow, localTime } from './events.window.ts'

/**
 * Check-in at the door is a fact (`checkin`), so it can be made offline on the organiser's phone and
 * sent later through the outbox. The projection `event_attendance` holds one row per registration:
 * a second scan is stored as a fact but counts once, and 'event.attended' is emitted only when the
 * row is first made, inside the same transaction as the fact.
 */
export const checkinFact = defineFactKind({
  kind: 'checkin',
  data: checkinFactSchema,
  authorize: async (ctx, user, d, { occurredAt }) => {
    const ev = await store.findEvent(ctx.db, d.event_id)
    if (!ev) throw validationError('event_id', 'no such event')
    assertCan(user, 'events.checkin', await placeRef(ctx, ev.place_code))
    assertInCheckinWindow(ev, occurredAt)
    if (!d.code) {
      const prior = d.phone ? await store.liveByPhone(ctx.db, ev.id, d.phone) : undefined
      return { subjectId: prior?.account_id ?? null, placeCode: ev.place_code }
    }
    const reg = await registrationByCode(ctx.db, ev.id, d.code)
    const owner = !reg.account_id && reg.phone ? await accountIdByPhone(ctx.db, reg.phone) : null
    return { subjectId: reg.account_id ?? owner, placeCode: ev.place_code }
  },
  mayCorrect: (ctx, user, original) => canAt(ctx, user, 'events.checkin', original.placeCode),
  apply: (tx, fact) => applyCheckin(tx, fact),
})

/** Refuses a check-in dated outside the event's check-in window (400 naming `occurred_at`). */
export function assertInCheckinWindow(ev: { starts_at: string; ends_at: string }, occurredAt: string): void {
  const { opens, closes } = checkinWindow(ev)
  if (occurredAt < opens)
    throw validationError(
      'occurred_at',
      `check-in opens at ${opens}, 3 hours before the event starts`,
      'events.checkin.too_early',
      { opens: localTime(opens) },
    )
  if (occurredAt > closes)
    throw validationError(
      'occurred_at',
      `check-in closed at ${closes}, at the end of the day the event ended`,
      'events.checkin.too_late',
      { closes: localTime(closes) },
    )
}

async function registrationByCode(db: Db, eventId: string, code: string) {
  const reg = await store.findByCode(db, eventId, code)
  if (!reg) throw validationError('code', `${code} is not a registration code of this event`)
  if (reg.cancelled_at) throw validationError('code', `${code} belongs to a cancelled registration`)
  return reg
}

async function applyCheckin(tx: TxCtx, fact: StoredFact<CheckinData>): Promise<void> {
  const d = fact.data
  const ev = await store.findEvent(tx.db, d.event_id)
  if (!ev) throw validationError('event_id', 'no such event')
  let reg = d.code ? await registrationByCode(tx.db, ev.id, d.code) : undefined
  if (!reg && d.phone) reg = await store.liveByPhone(tx.db, ev.id, d.phone)
  if (!reg) {
    // A walk-in: the registration takes the fact's id, so the same fact replayed anywhere makes the same record.
    const [row] = await addRegistrations(
      tx,
      ev,
      [
        {
          name: d.name!,
          phone: d.phone,
          organisation: d.organisation,
          position: d.position,
          source: 'walk_in',
        },
      ],
      fact.actorId,
      { ids: [fact.id] },
    )
    reg = row!
  }
  if (!reg.account_id && reg.phone && !tx.replica) {
    // Registered from a list before (or without) signing up: the account that owns the phone now
    // gets the registration, so this check-in earns its attendance certificate.
    const owner = await accountIdByPhone(tx.db, reg.phone)
    if (owner) {
      await tx.db
        .updateTable('event_registrations')
        .set({ ...stamp(tx), account_id: owner })
        .where('id', '=', reg.id)
        .where('account_id', 'is', null)
        .execute()
      reg = { ...reg, account_id: owner }
    }
  }
  if (reg.status === 'waiting') {
    // Someone from the waiting list who came anyway is in the room: they hold a seat now.
    await tx.db
      .updateTable('event_registrations')
      .set({ ...stamp(tx), status: 'registered', promoted_at: fact.occurredAt })
      .where('id', '=', reg.id)
      .execute()
  }
  const first = await store.insertAttendance(tx.db, {
    registration_id: reg.id,
    event_id: ev.id,
    checked_in_at: fact.occurredAt,
    first_fact_id: fact.id,
    scans: 1,
  })
  if (!first) {
    await store.noteRescan(tx.db, reg.id, fact.occurredAt)
    return
  }
  await emit(tx, 'event.attended', attendedPayload(ev, reg, fact.occurredAt))
}

/** What the door page shows after a check-in: who it was, and whether they had already been counted. */
export type CheckinResult = {
  factId: string
  registration: store.RegistrationRow
  first: boolean
  checkedInAt: string
}

/** Checks a person in from the door page (a form post or JSON), through the same fact as the outbox. */
export async function checkInAtDoor(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
  data: CheckinData,
  factId: string = uuidv7(),
): Promise<CheckinResult> {
  await eventAtDoor(ctx, actor, eventId)
  if (data.event_id !== eventId) throw validationError('event_id', 'does not match the page')
  await recordFact(ctx, actor, 'checkin', data, { id: factId })
  const reg =
    (data.code ? await store.findByCode(ctx.db, eventId, data.code) : undefined) ??
    (await store.findRegistration(ctx.db, factId)) ??
    (data.phone ? await store.liveByPhone(ctx.db, eventId, data.phone) : undefined)
  const att = reg ? await store.attendanceOf(ctx.db, reg.id) : undefined
  if (!reg || !att) throw new Error(`check-in ${factId} stored without its attendance`)
  return { factId, registration: reg, first: att.first_fact_id === factId, checkedInAt: att.checked_in_at }
}

/** Codes and names of the live registrations, so the door page can answer at once, even offline. */
export async function doorList(ctx: Ctx, actor: CurrentUser | null, eventId: string) {
  const ev = await eventAtDoor(ctx, actor, eventId)
  const regs = await store.registrationsOf(ctx.db, ev.id)
  return {
    event: ev,
    people: regs
      .filter((r) => !r.cancelled_at)
      .map((r) => ({ code: r.code, name: r.name, checkedIn: !!r.checked_in_at })),
  }
}
