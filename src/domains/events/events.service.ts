import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import {
  AppError,
  alreadyExists,
  conflict,
  type FieldIssue,
  isUniqueViolation,
  keyedError,
  notFound,
  validationError,
} from '../../core/errors.ts'
import { emit, type Handler, type HookEvents } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { rowChanged } from '../../core/row-changes.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { nextCounter } from '../facts/facts.service.ts'
import { accountIdByPhone } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can, type PlaceRef, PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { placeRef } from '../places/places.service.ts'
import { writeAudit } from '../system/audit.ts'
import { newCode } from './events.codes.ts'
import {
  type EventInput,
  isAiTraining,
  type ParticipantInput,
  type RegSource,
  SECTORS,
} from './events.schemas.ts'
import * as store from './events.store.ts'
import { checkinWindow, localTime } from './events.window.ts'

export type EventView = store.EventRow & {
  placeName: string
  place: PlaceRef
  trainers: string[]
  counts: { registered: number; waiting: number; attended: number }
}

/** The commune or ward an event takes place in; events are organised at commune level. */
export async function communeOf(ctx: Ctx, code: string) {
  const place = await placeRef(ctx, code).catch(() => {
    throw validationError('place_code', `unknown place ${code}`)
  })
  if (place.kind !== 'commune' && place.kind !== 'ward')
    throw validationError('place_code', 'must be a commune or ward')
  return place
}

/** The per-event counter: taking a number from it serialises registrations of that event in both databases. */
export const seatCounter = (eventId: string) => `event_seats:${eventId}`

async function loadEvent(ctx: Ctx, id: string): Promise<EventView> {
  const ev = await store.findEvent(ctx.db, id)
  if (!ev) throw notFound(`event ${id}`)
  const place = await placeRef(ctx, ev.place_code)
  const trainers = (await store.trainersOf(ctx.db, [id])).get(id) ?? []
  const counts = (await store.countsOf(ctx.db, [id])).get(id)!
  return { ...ev, place, placeName: place.name, trainers, counts }
}

/**
 * The sector an event keeps: an AI training of officials must name one of the plan's four (the
 * dashboard counts trainings by sector); any other event keeps none.
 */
function sectorOf(input: EventInput): string | null {
  if (!isAiTraining(input)) return null
  if (!input.sector || !(SECTORS as readonly string[]).includes(input.sector))
    throw keyedError(
      'sector',
      `required for an AI training of officials: one of ${SECTORS.join(', ')}`,
      'events.err.sector_required',
    )
  return input.sector
}

/** Creates an event in a commune the organiser's scope covers. */
/** The columns an event's form sets, the same on creation and on edit. */
function columnsOf(input: EventInput, placeCode: string, sector: string | null) {
  return {
    title: input.title,
    kind: input.kind,
    topic: input.topic,
    audience: input.audience,
    summary: input.summary ?? null,
    place_code: placeCode,
    venue: input.venue ?? null,
    starts_at: input.starts_at,
    ends_at: input.ends_at,
    capacity: input.capacity,
    course_slug: input.course_slug ?? null,
    sector,
  }
}

export async function createEvent(ctx: Ctx, actor: CurrentUser | null, input: EventInput): Promise<string> {
  const place = await communeOf(ctx, input.place_code)
  assertCan(actor, 'events.manage', place)
  const sector = sectorOf(input)
  const id = input.id ?? uuidv7()
  // A client-chosen id already in use is a 409, checked first (and again by the key, for a race).
  if (input.id && (await store.findEvent(ctx.db, id))) throw alreadyExists('id', id)
  await inTransaction(ctx, async (tx) => {
    await store.insertEvent(tx.db, {
      id,
      ...stamp(tx),
      created_at: tx.now().toISOString(),
      created_by: actor.id,
      ...columnsOf(input, place.code, sector),
    })
    await store.putTrainers(tx.db, id, input.trainers)
    await nextCounter(tx.db, seatCounter(id))
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.create',
      targetType: 'event',
      targetId: id,
    })
  }).catch((err) => {
    throw isUniqueViolation(err) ? alreadyExists('id', id) : err
  })
  return id
}

/** Changes an event; a larger capacity promotes people from the waiting list at once. */
export async function updateEvent(
  ctx: Ctx,
  actor: CurrentUser | null,
  id: string,
  input: EventInput,
): Promise<void> {
  const ev = await loadEvent(ctx, id)
  assertCan(actor, 'events.manage', ev.place)
  const place = await communeOf(ctx, input.place_code)
  assertCan(actor, 'events.manage', place)
  const sector = sectorOf(input)
  assertKeptOnceAttended(ev, place.code)
  await inTransaction(ctx, async (tx) => {
    await nextCounter(tx.db, seatCounter(id))
    if (input.starts_at !== ev.starts_at || input.ends_at !== ev.ends_at)
      await assertCheckinsStayInside(tx.db, id, input)
    const before = await store.findEvent(tx.db, id)
    await tx.db
      .updateTable('events')
      .set({
        ...stamp(tx),
        ...columnsOf(input, place.code, sector),
      })
      .where('id', '=', id)
      .execute()
    // The figures its check-ins made move with what the event now is, as a version from another
    // node moves them (decision 0210).
    const after = await store.findEvent(tx.db, id)
    if (before && after) await rowChanged(tx, 'events', before, after)
    await store.putTrainers(tx.db, id, input.trainers)
    await promote(tx, id, input.capacity)
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.update',
      targetType: 'event',
      targetId: id,
    })
  })
}

/**
 * Once people came, an event keeps its commune. The dashboard counts a check-in in the commune
 * where it was made (the fact says so), so a move would not change a figure: the event would say
 * one commune and its attendance count in another (decision 0204, amended). Its kind, topic and
 * sector may still change: the figures count its check-ins by what the event is, and move with
 * it (decision 0210).
 */
function assertKeptOnceAttended(ev: EventView, placeCode: string): void {
  if (ev.counts.attended === 0 || placeCode === ev.place_code) return
  throw keyedError('place_code', 'cannot change once people have been checked in', 'events.err.place_locked')
}

/**
 * Refuses new dates that would leave check-ins already made outside the check-in window (3 hours
 * before the start to the end of the last day, decision 0172): they would count a training as held,
 * and people as trained, on days it did not take place. Says how many, on the field to change
 * (`starts_at` for those before, `ends_at` for those after); nothing is written.
 */
async function assertCheckinsStayInside(
  trx: Db,
  id: string,
  dates: { starts_at: string; ends_at: string },
): Promise<void> {
  const { opens, closes } = checkinWindow(dates)
  const count = async (op: '<' | '>', at: string) =>
    Number(
      (
        await trx
          .selectFrom('event_attendance')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('event_id', '=', id)
          .where('checked_in_at', op, at)
          .executeTakeFirstOrThrow()
      ).n,
    )
  const before = await count('<', opens)
  const after = await count('>', closes)
  const issues: FieldIssue[] = []
  if (before)
    issues.push({
      field: 'starts_at',
      message: `${before} check-in(s) made before ${opens} would fall outside the new dates (check-in opens 3 hours before the start)`,
      key: 'events.err.dates_leave_checkins_before',
      params: { count: before, opens: localTime(opens) },
    })
  if (after)
    issues.push({
      field: 'ends_at',
      message: `${after} check-in(s) made after ${closes} would fall outside the new dates (check-in closes at the end of the last day)`,
      key: 'events.err.dates_leave_checkins_after',
      params: { count: after, closes: localTime(closes) },
    })
  if (issues.length)
    throw new AppError('validation', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues })
}

/** One event as anyone signed in sees it, with what this person may do there. */
export async function getEvent(ctx: Ctx, actor: CurrentUser | null, id: string) {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const ev = await loadEvent(ctx, id)
  const mine = await myRegistrationIn(ctx, actor, id)
  return {
    event: ev,
    mine,
    canManage: can(actor, 'events.manage', ev.place),
    canCheckin: can(actor, 'events.checkin', ev.place),
  }
}

/** An event the person may manage (403 otherwise). */
export async function eventToManage(ctx: Ctx, actor: CurrentUser | null, id: string): Promise<EventView> {
  const ev = await loadEvent(ctx, id)
  assertCan(actor, 'events.manage', ev.place)
  return ev
}

/** An event the person may check people in at (403 otherwise). */
export async function eventAtDoor(ctx: Ctx, actor: CurrentUser | null, id: string): Promise<EventView> {
  const ev = await loadEvent(ctx, id)
  assertCan(actor, 'events.checkin', ev.place)
  return ev
}

/** The events a person organises (their scope) and the upcoming events anyone may register for. */
export async function listEventsFor(ctx: Ctx, actor: CurrentUser | null) {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const scopes = scopesFor(actor, 'events.manage')
  let managed: Awaited<ReturnType<typeof store.listEvents>> = []
  if (scopes.includes(PROVINCE_CODE))
    managed = await store.listEvents(ctx.db, { placeCodes: null, limit: 200 })
  else if (scopes.length) {
    // A scope below a commune (a village) does not reach a commune's events.
    const communes: string[] = []
    for (const code of scopes) {
      const p = await placeRef(ctx, code).catch(() => null)
      if (p && (p.kind === 'commune' || p.kind === 'ward')) communes.push(p.code)
    }
    managed = await store.listEvents(ctx.db, { placeCodes: communes, limit: 200 })
  }
  const upcoming = await store.listEvents(ctx.db, {
    placeCodes: null,
    endsAfter: ctx.now().toISOString(),
    limit: 50,
    soonest: true,
  })
  const ids = [...new Set([...managed, ...upcoming].map((e) => e.id))]
  const counts = await store.countsOf(ctx.db, ids)
  const withCounts = (e: (typeof managed)[number]) => ({ ...e, counts: counts.get(e.id)! })
  return { managed: managed.map(withCounts), upcoming: upcoming.map(withCounts) }
}

type NewPerson = ParticipantInput & { accountId?: string | null; source: RegSource; lang?: string }

/**
 * Adds registrations inside the caller's transaction: seats first come first served, the rest on the
 * waiting list (walk-ins are in the room, so they always get a seat). Takes the event's counter first,
 * which makes concurrent registrations of one event wait for each other.
 */
export async function addRegistrations(
  tx: TxCtx,
  ev: { id: string; capacity: number },
  people: NewPerson[],
  actorId: string | null,
  opts: { ids?: string[]; onProgress?: (done: number) => void } = {},
): Promise<store.RegistrationRow[]> {
  if (!people.length) return []
  const firstSeq = await nextCounter(tx.db, seatCounter(ev.id))
  const codes = await store.codesOf(tx.db, ev.id)
  let taken = await store.seatsTaken(tx.db, ev.id)
  const now = tx.now().toISOString()
  const rows: store.RegistrationRow[] = []
  // A person registered from a list by phone who has an account gets the registration on it, so
  // their check-in reaches the account and its attendance certificate.
  const owners = new Map<string, string | null>()
  for (const p of people)
    if (!p.accountId && p.phone && !owners.has(p.phone))
      owners.set(p.phone, await accountIdByPhone(tx.db, p.phone))
  for (const [i, p] of people.entries()) {
    const seq = i === 0 ? firstSeq : await nextCounter(tx.db, seatCounter(ev.id))
    const seat = p.source === 'walk_in' || taken < ev.capacity
    if (seat) taken++
    rows.push({
      id: opts.ids?.[i] ?? uuidv7(),
      ...stamp(tx),
      created_at: now,
      created_by: actorId,
      event_id: ev.id,
      account_id: p.accountId ?? (p.phone ? (owners.get(p.phone) ?? null) : null),
      name: p.name,
      phone: p.phone ?? null,
      organisation: p.organisation ?? null,
      position: p.position ?? null,
      code: newCode(codes),
      status: seat ? 'registered' : 'waiting',
      source: p.source,
      seq,
      lang: p.lang ?? 'vi',
      promoted_at: null,
      cancelled_at: null,
    })
    opts.onProgress?.(i + 1)
  }
  for (let i = 0; i < rows.length; i += 100) {
    try {
      await store.insertRegistrations(tx.db, rows.slice(i, i + 100))
    } catch (err) {
      // The partial unique indexes guard against a twin registration made at the same moment elsewhere.
      if (isUniqueViolation(err)) throw conflict('phone: already registered for this event')
      throw err
    }
  }
  return rows
}

/** Moves people from the waiting list to free seats, in the order they registered. */
export async function promote(tx: TxCtx, eventId: string, capacity: number): Promise<string[]> {
  const free = capacity - (await store.seatsTaken(tx.db, eventId))
  if (free <= 0) return []
  const next = await store.waitingList(tx.db, eventId, free)
  const at = tx.now().toISOString()
  for (const r of next)
    await tx.db
      .updateTable('event_registrations')
      .set({ ...stamp(tx), status: 'registered', promoted_at: at })
      .where('id', '=', r.id)
      .execute()
  return next.map((r) => r.id)
}

/** The signed-in person registers themself; a registration an organiser made with their phone becomes theirs. */
export async function registerSelf(ctx: Ctx, actor: CurrentUser | null, eventId: string) {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const ev = await loadEvent(ctx, eventId)
  if (ev.ends_at < ctx.now().toISOString()) throw conflict('event: has ended; registration is closed')
  return inTransaction(ctx, async (tx) => {
    await nextCounter(tx.db, seatCounter(ev.id))
    const own = await store.liveByAccount(tx.db, ev.id, actor.id)
    if (own) return own
    if (actor.phone) {
      const byPhone = await store.liveByPhone(tx.db, ev.id, actor.phone)
      if (byPhone && !byPhone.account_id) {
        await claim(tx, byPhone.id, actor.id)
        return { ...byPhone, account_id: actor.id }
      }
      if (byPhone) throw conflict(`phone: ${actor.phone} is already registered for this event`)
    }
    const [row] = await addRegistrations(
      tx,
      ev,
      [
        {
          name: actor.displayName,
          phone: actor.phone ?? undefined,
          accountId: actor.id,
          source: 'self',
          lang: actor.locale,
        },
      ],
      actor.id,
    )
    return row!
  })
}

/**
 * Gives an unclaimed registration to the account that owns its phone. When the person was already
 * checked in, 'event.attended' is announced now with the account, so the attendance certificate
 * is issued (once: the certificate is keyed by account and event). Runs in the caller's transaction
 * when `ctx` is one; outside a transaction (a page claiming on view), in one of its own.
 */
export async function claim(ctx: Ctx, registrationId: string, accountId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const r = await tx.db
      .updateTable('event_registrations')
      .set({ ...stamp(tx), account_id: accountId })
      .where('id', '=', registrationId)
      .where('account_id', 'is', null)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return
    const att = await store.attendanceOf(tx.db, registrationId)
    if (!att) return
    const reg = await store.findRegistration(tx.db, registrationId)
    const ev = reg ? await store.findEvent(tx.db, reg.event_id) : undefined
    if (!reg || !ev) return
    await emit(
      tx,
      'event.attended',
      attendedPayload(ev, { ...reg, account_id: accountId }, att.checked_in_at),
    )
  })
}

/** What 'event.attended' carries for one registration of one event. */
export function attendedPayload(
  ev: store.EventRow,
  reg: Pick<store.RegistrationRow, 'id' | 'account_id' | 'lang'>,
  attendedAt: string,
): HookEvents['event.attended'] {
  return {
    accountId: reg.account_id,
    eventId: ev.id,
    registrationId: reg.id,
    attendedAt,
    eventTitle: ev.title,
    eventSummary: ev.summary ?? undefined,
    lang: reg.lang,
    eventKind: ev.kind,
    eventTopic: ev.topic,
    placeCode: ev.place_code,
    startsAt: ev.starts_at,
    endsAt: ev.ends_at,
  }
}

/** Links the registrations made with a phone number to the account that now owns it. */
export async function claimByPhone(tx: TxCtx, accountId: string, phone: string): Promise<number> {
  const rows = await tx.db
    .selectFrom('event_registrations')
    .select('id')
    .where('phone', '=', phone)
    .where('account_id', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute()
  for (const r of rows) await claim(tx, r.id, accountId)
  return rows.length
}

/** Reaction to 'account.created': the registrations made with the new account's phone become its. */
export const claimForNewAccount: Handler<'account.created'> = async (tx, p) => {
  // On a replica the registrations arrive claimed from the node where the account was made.
  if (tx.replica || !p.phone) return
  await claimByPhone(tx, p.accountId, p.phone)
}

/** An organiser registers one participant. */
export async function registerOne(
  ctx: Ctx,
  actor: CurrentUser | null,
  eventId: string,
  input: ParticipantInput,
): Promise<store.RegistrationRow> {
  const ev = await eventToManage(ctx, actor, eventId)
  return inTransaction(ctx, async (tx) => {
    await nextCounter(tx.db, seatCounter(ev.id))
    if (input.phone && (await store.liveByPhone(tx.db, ev.id, input.phone)))
      throw conflict(`phone: ${input.phone} is already registered for this event`)
    const [row] = await addRegistrations(tx, ev, [{ ...input, source: 'organiser' }], actor!.id)
    await writeAudit(tx, {
      actorId: actor!.id,
      action: 'event.register',
      targetType: 'event',
      targetId: ev.id,
      detail: { registration: row!.id },
    })
    return row!
  })
}

/** Cancels a registration (the person or an organiser); the first on the waiting list takes the seat. */
export async function cancelRegistration(ctx: Ctx, actor: CurrentUser | null, registrationId: string) {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const reg = await store.findRegistration(ctx.db, registrationId)
  if (!reg) throw notFound(`registration ${registrationId}`)
  const ev = await loadEvent(ctx, reg.event_id)
  const own = reg.account_id === actor.id
  if (!own) assertCan(actor, 'events.manage', ev.place)
  if (reg.cancelled_at) return { promoted: [] as string[] }
  if (await store.attendanceOf(ctx.db, reg.id))
    throw conflict('registration: already checked in; it cannot be cancelled')
  return inTransaction(ctx, async (tx) => {
    await nextCounter(tx.db, seatCounter(ev.id))
    const now = tx.now().toISOString()
    await tx.db
      .updateTable('event_registrations')
      .set({ ...stamp(tx), status: 'cancelled', cancelled_at: now })
      .where('id', '=', reg.id)
      .where('cancelled_at', 'is', null)
      .execute()
    const promoted = await promote(tx, ev.id, ev.capacity)
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.cancel_registration',
      targetType: 'event',
      targetId: ev.id,
      detail: { registration: reg.id, promoted },
    })
    return { promoted }
  })
}

async function myRegistrationIn(ctx: Ctx, actor: CurrentUser, eventId: string) {
  const own = await store.liveByAccount(ctx.db, eventId, actor.id)
  if (own) return own
  if (!actor.phone) return undefined
  const byPhone = await store.liveByPhone(ctx.db, eventId, actor.phone)
  if (!byPhone || byPhone.account_id) return undefined
  await claim(ctx, byPhone.id, actor.id)
  return { ...byPhone, account_id: actor.id }
}

/**
 * The person's registrations. Registrations an organiser made with the phone number of this account
 * are claimed here: from then on the check-in reaches the account (and its attendance certificate).
 */
export async function myRegistrations(ctx: Ctx, actor: CurrentUser | null) {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const rows = await store.registrationsOfPerson(ctx.db, actor.id, actor.phone)
  for (const r of rows)
    if (!r.account_id && !r.cancelled_at) {
      await claim(ctx, r.id, actor.id)
      r.account_id = actor.id
    }
  return rows.filter((r) => r.account_id === actor.id)
}

/** One registration, for its person or for those who run the event. */
export async function getRegistration(ctx: Ctx, actor: CurrentUser | null, registrationId: string) {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  let reg = await store.findRegistration(ctx.db, registrationId)
  if (!reg) throw notFound(`registration ${registrationId}`)
  const ev = await loadEvent(ctx, reg.event_id)
  const mine = reg.account_id === actor.id || (!reg.account_id && !!actor.phone && reg.phone === actor.phone)
  if (!mine && !can(actor, 'events.checkin', ev.place)) throw notFound(`registration ${registrationId}`)
  if (mine && !reg.account_id && !reg.cancelled_at) {
    await claim(ctx, reg.id, actor.id)
    reg = { ...reg, account_id: actor.id }
  }
  const attendance = await store.attendanceOf(ctx.db, reg.id)
  return { registration: reg, event: ev, attendance, mine, canManage: can(actor, 'events.manage', ev.place) }
}

/** Every registration of an event with its check-in, for the organiser. */
export async function registrationsFor(ctx: Ctx, actor: CurrentUser | null, eventId: string) {
  const ev = await eventToManage(ctx, actor, eventId)
  return { event: ev, registrations: await store.registrationsOf(ctx.db, ev.id) }
}

/** The attendance list: who checked in, in the order they arrived. */
export async function attendanceFor(ctx: Ctx, actor: CurrentUser | null, eventId: string) {
  const { event, registrations } = await registrationsFor(ctx, actor, eventId)
  const present = registrations
    .filter((r) => r.checked_in_at)
    .sort((a, b) => (a.checked_in_at! < b.checked_in_at! ? -1 : a.checked_in_at! > b.checked_in_at! ? 1 : 0))
  return { event, present, count: present.length }
}
