import { z } from 'zod'
import type { MessageKey } from './i18n.ts'

/**
 * Dates and times that people and phones send (forms, JSON, the outbox) are read strictly, in one
 * place: a real calendar day (no 30 February: `new Date('2027-02-30')` silently gives 2 March), a
 * real time of day, and a year inside a sane range. Outside it the answer names the field, in the
 * person's language (error.issue.*), and nothing is written.
 */

/** Years a date given by a person may fall in: hocso's records and plans all lie in this century. */
export const YEAR_MIN = 2000
export const YEAR_MAX = 2100

/** Vietnam keeps UTC+7 all year, so a local date and time converts without a zone table. */
export const VN_OFFSET = '+07:00'

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/
const ZONED_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/

/** True when year-month-day is a day of the (proleptic Gregorian) calendar. */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const last = new Date(Date.UTC(2000, m, 0)).getUTCDate() // days in month m of a leap year
  if (d > last) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  return !(m === 2 && d === 29 && !leap)
}

type Problem = { message: string; key: MessageKey; params?: Record<string, string | number> }

/** Why a day (YYYY-MM-DD parts) cannot be accepted, or null. */
function dayProblem(s: string, y: number, m: number, d: number): Problem | null {
  if (!isCalendarDay(y, m, d))
    return { message: 'must be a real date', key: 'error.issue.no_such_day', params: { value: s } }
  if (y < YEAR_MIN || y > YEAR_MAX)
    return {
      message: `the year must be between ${YEAR_MIN} and ${YEAR_MAX}`,
      key: 'error.issue.year_range',
      params: { min: String(YEAR_MIN), max: String(YEAR_MAX) },
    }
  return null
}

/**
 * Reads a calendar day `YYYY-MM-DD`, as a date input or JSON sends it; returns it unchanged.
 * Throws nothing: the problem, if any, is returned for the schema to report.
 */
export function readDay(s: string): { day: string } | Problem {
  const m = DAY_RE.exec(s)
  if (!m)
    return {
      message: 'must be a date such as 2026-12-31',
      key: 'error.issue.date',
      params: { example: '2026-12-31' },
    }
  return dayProblem(s, Number(m[1]), Number(m[2]), Number(m[3])) ?? { day: s }
}

/**
 * Reads a date and time: `2026-12-01T08:00` (a form's `datetime-local`, Vietnam time) or ISO-8601
 * with a zone (`Z`, `+07:00`). Returns the instant as ISO-8601 in UTC.
 */
export function readDateTime(s: string, example = '2026-12-01T08:00'): { iso: string } | Problem {
  const bad: Problem = {
    message: `must be a date and time such as ${example}`,
    key: 'error.issue.date_time',
    params: { example },
  }
  const local = LOCAL_RE.exec(s)
  const zoned = local ? null : ZONED_RE.exec(s)
  const m = local ?? zoned
  if (!m) return bad
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[]
  const day = dayProblem(s.slice(0, 10), y!, mo!, d!)
  if (day) return day
  if (h! > 23 || mi! > 59 || sec! > 59) return bad
  if (zoned?.[9] && (Number(zoned[10]) > 14 || Number(zoned[11]) > 59)) return bad
  const at = new Date(local ? `${s.length === 16 ? `${s}:00` : s}${VN_OFFSET}` : s)
  if (Number.isNaN(at.getTime())) return bad
  return { iso: at.toISOString() }
}

/** A zod schema for a calendar day `YYYY-MM-DD` (see readDay). */
export function daySchema() {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a date such as 2026-12-31') })
    .trim()
    .transform((s, ctx) => {
      const r = readDay(s)
      if ('day' in r) return r.day
      ctx.addIssue({ code: 'custom', message: r.message, params: { key: r.key, ...r.params } })
      return z.NEVER
    })
}

/** A zod schema for a date and time, stored as ISO-8601 UTC (see readDateTime). */
export function dateTimeSchema(example?: string) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined ? 'required' : 'must be a date and time such as 2026-12-01T08:00',
    })
    .trim()
    .transform((s, ctx) => {
      const r = readDateTime(s, example)
      if ('iso' in r) return r.iso
      ctx.addIssue({ code: 'custom', message: r.message, params: { key: r.key, ...r.params } })
      return z.NEVER
    })
}
