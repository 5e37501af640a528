import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { AppError, fieldError, keyedError, notFound, validationError } from '../../core/errors.ts'
import { emit } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { correctionsOfFact, later, outAmong, settleAround } from '../facts/facts.forks.ts'
import { factsByIds, factsOfKindsAt } from '../facts/facts.reads.ts'
import { defineFactKind, recordFact, type StoredFact, storeFacts } from '../facts/facts.service.ts'
import { accountIdByPhone } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan } from '../people/policy.ts'
import { canAt, placeRef } from '../places/places.service.ts'
import { type CheckinAsk, checkinRegistrations } from './events.reads.ts'
import { type CheckinData, checkinFactSchema } from './events.schemas.ts'
import { addRegistrations, attendedPayload, eventAtDoor } from './events.service.ts'
import * as store from './events.store.ts'
import { checkinWindow, localTime } from './events.window.ts'

/**
 * Check-in at the door is a fact (`checkin`), so it can be made offline on the organiser's phone and
 * sent later through the outbox. The projection `event_attendance` holds one row per registration:
 * a second scan is stored as a fact but counts once, and 'event.attended' is emitted only when the
 * row is first made, inside the same transaction as the fact. A check-in made by mistake is
 * corrected by a check-in that `corrects` it (the facts API): another person's, or `withdrawn:
 * true` (also from the attendance list, `withdrawCheckin`); the attendance follows the check-in
 * that stands (decision 0204, amended).
 */
export const checkinFact = defineFactKind({
  kind: 'checkin',
  data: checkinFactSchema,
  authorize: async (ctx, user, d, { occurredAt }) => {
    const ev = await store.findEvent(ctx.db, d.event_id)
    if (!ev) throw validationError('event_id', 'no such event')
    assertCan(user, 'events.checkin', await placeRef(ctx, ev.place_code))
    // A withdrawal counts nobody, so it may come after the door closed: a mistake seen the next day.
    if (d.withdrawn) return { subjectId: null, placeCode: ev.place_code }
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

/**
 * The projection of one check-in. A check-in in no correction tree (nearly all) makes the attendance
 * of its registration, or is one more scan of it. One that corrects another, or that arrives from
 * another node already corrected, settles its correction tree (decision 0204): the attendance of
 * every registration the tree's check-ins name follows the check-ins that stand, so a check-in
 * withdrawn takes the attendance away (and 'event.attendance_withdrawn' revokes its certificate),
 * and one corrected to another person moves it, on one node, on two apart, in every arrival order.
 */
async function applyCheckin(tx: TxCtx, fact: StoredFact<CheckinData>): Promise<void> {
  const d = fact.data
  // A fact from another node was checked where it was made.
  const remote = !!tx.replica
  if (d.withdrawn && !fact.corrects && !remote)
    throw keyedError(
      'withdrawn',
      'only a correction withdraws a check-in: say which check-in it corrects',
      'events.checkin.withdraw_alone',
    )
  const ev = await store.findEvent(tx.db, d.event_id)
  if (!ev) throw validationError('event_id', 'no such event')
  if (fact.corrects && !remote) await assertCorrectsLatest(tx, fact)
  const reg = d.withdrawn ? undefined : await registrationOf(tx, ev, fact)
  const inTree = !!fact.corrects || (remote && (await isCorrected(tx.db, fact.id)))
  if (inTree) {
    const out = await followStanding(tx, fact)
    if (!remote && out.has(fact.id)) throw alreadyCorrected(fact.corrects!)
    return
  }
  const first = await store.insertAttendance(tx.db, {
    registration_id: reg!.id,
    event_id: ev.id,
    checked_in_at: fact.occurredAt,
    first_fact_id: fact.id,
    scans: 1,
  })
  if (!first) {
    await store.noteRescan(tx.db, reg!.id, fact.occurredAt)
    return
  }
  await emit(tx, 'event.attended', attendedPayload(ev, reg!, fact.occurredAt))
}

/** The registration a check-in names, made for a walk-in, given to the account of its phone. */
async function registrationOf(
  tx: TxCtx,
  ev: store.EventRow,
  fact: StoredFact<CheckinData>,
): Promise<store.RegistrationRow> {
  const d = fact.data
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
  return reg
}

const alreadyCorrected = (id: string) =>
  fieldError(
    'conflict',
    'corrects',
    `${id} was already corrected; correct the latest check-in`,
    'events.checkin.already_corrected',
  )

/**
 * Here a check-in is corrected once, by a check-in of the same event (a second correction is
 * refused: correct the latest; decision 0204 keeps the corrections made apart).
 */
async function assertCorrectsLatest(tx: TxCtx, fact: StoredFact<CheckinData>): Promise<void> {
  const [old] = await factsByIds(tx.db, [fact.corrects!])
  if (old && (old.data as CheckinData).event_id !== fact.data.event_id)
    throw keyedError(
      'event_id',
      'a correction stays with the event of the check-in it corrects',
      'events.checkin.other_event',
    )
  const other = (await correctionsOfFact(tx.db, fact.corrects!)).some((f) => f.id !== fact.id)
  if (other) throw alreadyCorrected(fact.corrects!)
}

async function isCorrected(db: Db, id: string): Promise<boolean> {
  return (await correctionsOfFact(db, id)).length > 0
}

const askOf = (f: StoredFact): CheckinAsk => {
  const d = f.data as CheckinData
  return { eventId: d.event_id, code: d.code, factId: f.id, phone: d.phone }
}

/**
 * Settles the correction tree of `fact` and sets the attendance of every registration its
 * check-ins name from the check-ins that stand (`attendanceFromStanding`). Returns the tree's facts
 * that are out.
 */
async function followStanding(tx: TxCtx, fact: StoredFact<CheckinData>): Promise<Set<string>> {
  const { standing, out } = await settleAround(tx.db, [
    { id: fact.id, corrects: fact.corrects, at: fact.occurredAt },
  ])
  const tree = (await factsByIds(tx.db, [...standing, ...out.keys()])).filter(
    (f) => f.kind === 'checkin' && !(f.data as CheckinData).withdrawn,
  )
  const byEvent = new Map<string, StoredFact[]>()
  for (const f of tree) {
    const id = (f.data as CheckinData).event_id
    byEvent.set(id, [...(byEvent.get(id) ?? []), f])
  }
  for (const [eventId, facts] of byEvent) {
    const ev = await store.findEvent(tx.db, eventId)
    if (!ev) continue
    const regs = await checkinRegistrations(tx.db, facts.map(askOf))
    const named = new Set(regs.flatMap((r) => (r ? [r.id] : [])))
    if (named.size)
      await attendanceFromStanding(
        tx,
        ev,
        named,
        facts.map((f) => f.placeCode),
      )
  }
  return new Set(out.keys())
}

/**
 * The attendance of these registrations of an event, from every check-in of the event that names
 * them and stands (scans outside the tree too): the earliest gives the time, each counts a scan;
 * none, and the attendance is taken away. An attendance made announces 'event.attended' (the
 * certificate), one taken away 'event.attendance_withdrawn' unless the person attends otherwise.
 */
async function attendanceFromStanding(
  tx: TxCtx,
  ev: store.EventRow,
  registrations: Set<string>,
  places: (string | null)[],
) {
  const standing = await standingCheckins(tx.db, ev, registrations, places)
  for (const id of registrations) {
    const facts = standing.get(id) ?? []
    const row = await store.attendanceOf(tx.db, id)
    if (!facts.length) {
      if (!row) continue
      await store.deleteAttendance(tx.db, id)
      const reg = await store.findRegistration(tx.db, id)
      if (reg?.account_id && !(await store.accountAttends(tx.db, ev.id, reg.account_id)))
        await emit(tx, 'event.attendance_withdrawn', {
          accountId: reg.account_id,
          eventId: ev.id,
          registrationId: id,
        })
      continue
    }
    const tf = (f: StoredFact) => ({ id: f.id, corrects: f.corrects, at: f.occurredAt })
    const first = facts.reduce((a, b) => (later(tf(a), tf(b)) ? b : a))
    const values = { checked_in_at: first.occurredAt, first_fact_id: first.id, scans: facts.length }
    if (row) {
      await store.setAttendance(tx.db, id, values)
      continue
    }
    await store.insertAttendance(tx.db, { registration_id: id, event_id: ev.id, ...values })
    const reg = await store.findRegistration(tx.db, id)
    if (reg) await emit(tx, 'event.attended', attendedPayload(ev, reg, first.occurredAt))
  }
}

/**
 * The check-ins of an event that name each of these registrations and stand, by registration: read
 * at the event's commune, and at `places` (where the check-ins already known were made: an event
 * moved to another commune keeps its earlier check-ins where they were).
 */
async function standingCheckins(
  db: Db,
  ev: store.EventRow,
  registrations: Set<string>,
  places: (string | null)[] = [],
): Promise<Map<string, StoredFact[]>> {
  const all: StoredFact[] = []
  for (const place of new Set([ev.place_code, ...places]))
    for (const f of await factsOfKindsAt(db, ['checkin'], place, '')) {
      const d = f.data as CheckinData
      if (d.event_id === ev.id && !d.withdrawn) all.push(f)
    }
  const regs = await checkinRegistrations(db, all.map(askOf))
  const named = all.flatMap((f, i) => {
    const r = regs[i]
    return r && registrations.has(r.id) ? [{ f, reg: r.id }] : []
  })
  const gone = await outAmong(
    db,
    named.map((n) => n.f),
  )
  const standing = new Map<string, StoredFact[]>()
  for (const { f, reg } of named) if (!gone.has(f.id)) standing.set(reg, [...(standing.get(reg) ?? []), f])
  return standing
}

/**
 * Withdraws a person's check-in from the attendance page: a correction `withdrawn: true` of each
 * check-in of theirs that stands (scanned twice, two), in one batch, by someone who may work the
 * door of the event. Their attendance goes, and the certificate issued for it is revoked. Sent
 * again (a double tap), nothing stands any more and nothing is written. Returns how many.
 */
export async function withdrawCheckin(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
  registrationId: string,
): Promise<{ registration: store.RegistrationRow; withdrawn: number }> {
  const ev = await eventAtDoor(ctx, actor, eventId)
  const reg = await store.findRegistration(ctx.db, registrationId)
  if (!reg || reg.event_id !== ev.id) throw notFound(`registration ${registrationId}`)
  const att = await store.attendanceOf(ctx.db, reg.id)
  const [first] = att ? await factsByIds(ctx.db, [att.first_fact_id]) : []
  const standing =
    (await standingCheckins(ctx.db, ev, new Set([reg.id]), [first?.placeCode ?? null])).get(reg.id) ?? []
  if (!standing.length) return { registration: reg, withdrawn: 0 }
  const at = ctx.now().toISOString()
  const r = await storeFacts(
    ctx,
    actor,
    standing.map((f) => ({
      id: uuidv7(),
      kind: 'checkin',
      occurred_at: at,
      data: { event_id: ev.id, withdrawn: true },
      corrects: f.id,
    })),
  )
  const bad = r.rejected[0]
  if (bad) throw new AppError(bad.code as 'conflict', bad.message)
  return { registration: reg, withdrawn: r.stored.length }
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
