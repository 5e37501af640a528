/**
 * When people can be checked in to an event (decision 0172), shared by the check-in itself and by
 * an edit of the event's dates, which must not leave earlier check-ins outside them.
 */

/** The door opens this long before an event starts (people arrive early; the organiser sets up). */
export const CHECKIN_OPENS_BEFORE_MS = 3 * 3_600_000
const VN_MS = 7 * 3_600_000

/**
 * When check-in is open for an event: from 3 hours before its start to the end of the day (Vietnam
 * time) on which it ends, so a list typed in after the session still counts. A check-in outside
 * it would count a training as held, and people as trained, on a day it did not take place.
 */
export function checkinWindow(ev: { starts_at: string; ends_at: string }): { opens: string; closes: string } {
  const opens = new Date(Date.parse(ev.starts_at) - CHECKIN_OPENS_BEFORE_MS).toISOString()
  const endDay = new Date(Date.parse(ev.ends_at) + VN_MS).toISOString().slice(0, 10)
  const closes = new Date(Date.parse(`${endDay}T23:59:59.999+07:00`)).toISOString()
  return { opens, closes }
}

/** A time as people in Điện Biên read it: `2026-12-01 05:00` (UTC+7). */
export const localTime = (iso: string) =>
  new Date(Date.parse(iso) + VN_MS).toISOString().slice(0, 16).replace('T', ' ')
