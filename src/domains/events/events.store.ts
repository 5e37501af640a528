import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../core/db.ts'
import { placeNames } from '../places/places.reads.ts'
import type { EventsTables } from './events.tables.ts'

export type EventRow = Selectable<EventsTables['events']>
export type RegistrationRow = Selectable<EventsTables['event_registrations']>
export type AttendanceRow = Selectable<EventsTables['event_attendance']>

/** One event, or undefined. */
export function findEvent(db: Db, id: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertEvent(db: Db, row: Insertable<EventsTables['events']>) {
  return db.insertInto('events').values(row).execute()
}

/** Replaces the trainer list of an event. */
export async function putTrainers(db: Db, eventId: string, names: string[]) {
  await db.deleteFrom('event_trainers').where('event_id', '=', eventId).execute()
  if (names.length)
    await db
      .insertInto('event_trainers')
      .values(names.map((name, position) => ({ event_id: eventId, position, name })))
      .execute()
}

/** Trainer names per event, in order. */
export async function trainersOf(db: Db, eventIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (!eventIds.length) return out
  const rows = await db
    .selectFrom('event_trainers')
    .selectAll()
    .where('event_id', 'in', eventIds)
    .orderBy('event_id')
    .orderBy('position')
    .execute()
  for (const r of rows) out.set(r.event_id, [...(out.get(r.event_id) ?? []), r.name])
  return out
}

/** Events in some communes (or all when `placeCodes` is null), latest start first (or soonest with `soonest`). */
export async function listEvents(
  db: Db,
  opts: { placeCodes: string[] | null; endsAfter?: string; limit: number; soonest?: boolean },
) {
  let q = db.selectFrom('events').selectAll()
  if (opts.placeCodes) {
    if (!opts.placeCodes.length) return []
    q = q.where('place_code', 'in', opts.placeCodes)
  }
  if (opts.endsAfter) q = q.where('ends_at', '>=', opts.endsAfter)
  const rows = await q
    .orderBy('starts_at', opts.soonest ? 'asc' : 'desc')
    .limit(opts.limit)
    .execute()
  // The names of the places shown, in one lookup for the whole list.
  const names = await placeNames(
    db,
    rows.map((r) => r.place_code),
  )
  return rows.map((r) => ({ ...r, place_name: names.get(r.place_code) ?? null }))
}

/** Registered, waiting and checked-in totals per event. */
export async function countsOf(db: Db, eventIds: string[]) {
  const out = new Map<string, { registered: number; waiting: number; attended: number }>()
  if (!eventIds.length) return out
  for (const id of eventIds) out.set(id, { registered: 0, waiting: 0, attended: 0 })
  const regs = await db
    .selectFrom('event_registrations')
    .select(['event_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', 'in', eventIds)
    .groupBy(['event_id', 'status'])
    .execute()
  for (const r of regs) {
    const c = out.get(r.event_id)!
    if (r.status === 'registered') c.registered = Number(r.n)
    else if (r.status === 'waiting') c.waiting = Number(r.n)
  }
  const att = await db
    .selectFrom('event_attendance')
    .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('event_id', 'in', eventIds)
    .groupBy('event_id')
    .execute()
  for (const r of att) out.get(r.event_id)!.attended = Number(r.n)
  return out
}

export function insertRegistrations(db: Db, rows: Insertable<EventsTables['event_registrations']>[]) {
  return db.insertInto('event_registrations').values(rows).execute()
}

export function findRegistration(db: Db, id: string): Promise<RegistrationRow | undefined> {
  return db.selectFrom('event_registrations').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findByCode(db: Db, eventId: string, code: string): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('code', '=', code)
    .executeTakeFirst()
}

/** The live (not cancelled) registration of a phone number in an event. */
export function liveByPhone(db: Db, eventId: string, phone: string): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('phone', '=', phone)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst()
}

/** The live registration of an account in an event. */
export function liveByAccount(
  db: Db,
  eventId: string,
  accountId: string,
): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('account_id', '=', accountId)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst()
}

/** Phones of the live registrations of an event (for duplicate checks of an import). */
export async function livePhones(db: Db, eventId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('event_registrations')
    .select('phone')
    .where('event_id', '=', eventId)
    .where('phone', 'is not', null)
    .where('cancelled_at', 'is', null)
    .execute()
  return new Set(rows.map((r) => r.phone!))
}

/** Every code ever given in an event (cancelled ones stay taken, so an old printout never matches anyone new). */
export async function codesOf(db: Db, eventId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('event_registrations')
    .select('code')
    .where('event_id', '=', eventId)
    .execute()
  return new Set(rows.map((r) => r.code))
}

/** Number of registrations holding a seat. */
export async function seatsTaken(db: Db, eventId: string): Promise<number> {
  const r = await db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The waiting list of an event, first come first. */
export function waitingList(db: Db, eventId: string, limit: number) {
  return db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', 'waiting')
    .orderBy('seq')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Registrations of an event with their check-in, in arrival order. */
export function registrationsOf(db: Db, eventId: string) {
  return db
    .selectFrom('event_registrations as r')
    .leftJoin('event_attendance as a', 'a.registration_id', 'r.id')
    .selectAll('r')
    .select(['a.checked_in_at', 'a.scans'])
    .where('r.event_id', '=', eventId)
    .orderBy('r.seq')
    .orderBy('r.id')
    .execute()
}

/** Registrations of an account, and unclaimed ones carrying its phone number. */
export function registrationsOfPerson(db: Db, accountId: string, phone: string | null) {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('event_attendance as a', 'a.registration_id', 'r.id')
    .selectAll('r')
    .select(['e.title', 'e.starts_at', 'e.ends_at', 'e.kind', 'a.checked_in_at'])
    .where((eb) =>
      phone
        ? eb.or([
            eb('r.account_id', '=', accountId),
            eb.and([eb('r.account_id', 'is', null), eb('r.phone', '=', phone)]),
          ])
        : eb('r.account_id', '=', accountId),
    )
    .orderBy('e.starts_at', 'desc')
    .limit(200)
    .execute()
}

/** Inserts the attendance row unless the registration already has one; true when this call inserted it. */
export async function insertAttendance(db: Db, row: EventsTables['event_attendance']): Promise<boolean> {
  const r = await db
    .insertInto('event_attendance')
    .values(row)
    .onConflict((oc) => oc.column('registration_id').doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** A repeated check-in: one more scan, and the earliest time wins (facts may arrive out of order). */
export async function noteRescan(db: Db, registrationId: string, at: string) {
  const cur = await db
    .selectFrom('event_attendance')
    .select(['checked_in_at', 'scans'])
    .where('registration_id', '=', registrationId)
    .executeTakeFirstOrThrow()
  await db
    .updateTable('event_attendance')
    .set({ scans: cur.scans + 1, checked_in_at: at < cur.checked_in_at ? at : cur.checked_in_at })
    .where('registration_id', '=', registrationId)
    .execute()
}

/** Sets an attendance row to what the check-ins that stand say (decision 0204, amended). */
export async function setAttendance(
  db: Db,
  registrationId: string,
  v: { checked_in_at: string; first_fact_id: string; scans: number },
): Promise<void> {
  await db.updateTable('event_attendance').set(v).where('registration_id', '=', registrationId).execute()
}

/** Takes an attendance away: no check-in of that registration stands. */
export async function deleteAttendance(db: Db, registrationId: string): Promise<void> {
  await db.deleteFrom('event_attendance').where('registration_id', '=', registrationId).execute()
}

/** Does an account attend an event through any of its registrations? */
export async function accountAttends(db: Db, eventId: string, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('event_attendance as a')
    .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
    .select('a.registration_id')
    .where('a.event_id', '=', eventId)
    .where('r.account_id', '=', accountId)
    .executeTakeFirst()
  return !!row
}

export function attendanceOf(db: Db, registrationId: string): Promise<AttendanceRow | undefined> {
  return db
    .selectFrom('event_attendance')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .executeTakeFirst()
}

/** One festival headcount (the projection of a `festival_headcount` fact). */
export function insertHeadcount(db: Db, row: Insertable<EventsTables['event_headcounts']>) {
  return db.insertInto('event_headcounts').values(row).execute()
}

export type HeadcountRow = {
  id: string
  counted_at: string
  counted_by: string | null
  visitors: number
  booth: string | null
  note: string | null
  corrects: string | null
}

/** A festival's counts that stand (not replaced by a correction), oldest first. */
export function headcountsOf(db: Db, eventId: string): Promise<HeadcountRow[]> {
  return db
    .selectFrom('event_headcounts')
    .select(['id', 'counted_at', 'counted_by', 'visitors', 'booth', 'note', 'corrects'])
    .where('event_id', '=', eventId)
    .where('replaced_by', 'is', null)
    .orderBy('counted_at')
    .orderBy('id')
    .execute()
}

/** One headcount row (standing or replaced), or undefined. */
export function findHeadcount(db: Db, id: string) {
  return db.selectFrom('event_headcounts').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Marks a count as replaced by its correction; false when it was already replaced. */
export async function replaceHeadcount(db: Db, id: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable('event_headcounts')
    .set({ replaced_by: by })
    .where('id', '=', id)
    .where('replaced_by', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Sets which count replaced each of these (null: it stands), as its correction tree settles. */
export async function setHeadcountsReplaced(db: Db, rows: [string, string | null][]): Promise<void> {
  for (const [id, by] of rows)
    await db.updateTable('event_headcounts').set({ replaced_by: by }).where('id', '=', id).execute()
}
