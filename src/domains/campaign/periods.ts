/**
 * Periods of the rollups, in the province's time (Vietnam, UTC+7 all year): an activity at
 * 23:30 UTC on Sunday belongs to Monday's week there, which is how officers read their weeks.
 */
const VN_OFFSET_MS = 7 * 3_600_000
const DAY_MS = 86_400_000

/** The running total's period. */
export const ALL = 'all'

// ISO-8601 UTC text to the hour decides the local day and week: remember the last few thousand.
const dayCache = new Map<string, string>()
const weekCache = new Map<string, string>()
function cached(cache: Map<string, string>, at: string | Date, f: (at: string | Date) => string): string {
  if (typeof at !== 'string' || at[13] !== ':' || !at.endsWith('Z')) return f(at)
  const hour = at.slice(0, 13)
  let v = cache.get(hour)
  if (v === undefined) {
    if (cache.size > 50_000) cache.clear()
    v = f(at)
    cache.set(hour, v)
  }
  return v
}

/** The local calendar day of an instant, YYYY-MM-DD. */
export function dayOf(at: string | Date): string {
  return cached(dayCache, at, localDay)
}

function localDay(at: string | Date): string {
  return new Date(new Date(at).getTime() + VN_OFFSET_MS).toISOString().slice(0, 10)
}

/** The ISO week of an instant, `2026-W05` (ISO week-year, weeks start on Monday). */
export function weekOf(at: string | Date): string {
  return cached(weekCache, at, isoWeek)
}

function isoWeek(at: string | Date): string {
  const local = new Date(new Date(at).getTime() + VN_OFFSET_MS)
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
  const dow = d.getUTCDay() || 7
  d.setUTCDate(d.getUTCDate() + 4 - dow) // the Thursday of the week decides its year
  const year = d.getUTCFullYear()
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7)
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The Monday (YYYY-MM-DD) that starts an ISO week. */
export function weekStart(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week)
  if (!m) throw new Error(`not an ISO week: ${week}`)
  const year = Number(m[1])
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const monday1 = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS
  return new Date(monday1 + (Number(m[2]) - 1) * 7 * DAY_MS).toISOString().slice(0, 10)
}

/** Every ISO week from `from` to `to` inclusive, in order. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = []
  let t = new Date(`${weekStart(from)}T00:00:00Z`).getTime()
  const end = new Date(`${weekStart(to)}T00:00:00Z`).getTime()
  while (t <= end) {
    out.push(weekOf(new Date(t - VN_OFFSET_MS + 12 * 3_600_000)))
    t += 7 * DAY_MS
  }
  return out
}

/** True for a day period (YYYY-MM-DD), as opposed to a week or the total. */
export function isDay(period: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(period)
}

/** The local day `n` days before the day of `now`. */
export function daysBefore(now: Date, n: number): string {
  return dayOf(new Date(now.getTime() - n * DAY_MS))
}
