import type { Db } from '../../core/db.ts'
import { ALL } from './periods.ts'

/**
 * Reads of the rollups. Every view is a handful of primary-key range reads: totals (`all`), the
 * day rows of a 30-day window, or the weekly rows of one place.
 */
export type Totals = Map<string, Map<string, number>>

const put = (m: Totals, place: string, indicator: string, v: number) => {
  let row = m.get(place)
  if (!row) {
    row = new Map()
    m.set(place, row)
  }
  row.set(indicator, (row.get(indicator) ?? 0) + v)
}

/** Running totals per place and indicator. */
export async function totals(db: Db, indicators: string[], places: string[]): Promise<Totals> {
  const out: Totals = new Map()
  if (!indicators.length || !places.length) return out
  for (let i = 0; i < places.length; i += 400) {
    const rows = await db
      .selectFrom('campaign_rollups')
      .select(['indicator', 'place_code', 'value'])
      .where('indicator', 'in', indicators)
      .where('place_code', 'in', places.slice(i, i + 400))
      .where('period', '=', ALL)
      .execute()
    for (const r of rows) put(out, r.place_code, r.indicator, Number(r.value))
  }
  return out
}

/** Sums of day rows from `fromDay` to `toDay` inclusive (the "last 30 days" windows). */
export async function windowSums(
  db: Db,
  indicators: string[],
  places: string[],
  fromDay: string,
  toDay: string,
): Promise<Totals> {
  const out: Totals = new Map()
  if (!indicators.length || !places.length) return out
  for (let i = 0; i < places.length; i += 400) {
    const rows = await db
      .selectFrom('campaign_rollups')
      .select(['indicator', 'place_code', (eb) => eb.fn.sum<number>('value').as('value')])
      .where('indicator', 'in', indicators)
      .where('place_code', 'in', places.slice(i, i + 400))
      .where('period', '>=', fromDay)
      .where('period', '<=', toDay)
      // Weeks (2026-W05) never fall between two days of the same year, but can across a new year.
      .where('period', 'not like', '%W%')
      .groupBy(['indicator', 'place_code'])
      .execute()
    for (const r of rows) put(out, r.place_code, r.indicator, Number(r.value))
  }
  return out
}

/** Weekly rows of some indicators at one place, oldest first. */
export async function weekly(
  db: Db,
  indicators: string[],
  place: string,
): Promise<{ indicator: string; period: string; value: number }[]> {
  if (!indicators.length) return []
  const rows = await db
    .selectFrom('campaign_rollups')
    .select(['indicator', 'period', 'value'])
    .where('indicator', 'in', indicators)
    .where('place_code', '=', place)
    .where('period', 'like', '%-W%')
    .orderBy('period')
    .execute()
  return rows.map((r) => ({ indicator: r.indicator, period: r.period, value: Number(r.value) }))
}

/** Markers of one indicator for some keys (e.g. when each village's data last arrived). */
export async function markersFor(db: Db, indicator: string, keys: string[]) {
  const out = new Map<string, { at: string; value: number }>()
  if (keys.length > 400) {
    // Many keys (every village of the province): one range read of the indicator beats a long IN list.
    const want = new Set(keys)
    const rows = await db
      .selectFrom('campaign_markers')
      .select(['key', 'at', 'value'])
      .where('indicator', '=', indicator)
      .execute()
    for (const r of rows) if (want.has(r.key)) out.set(r.key, { at: r.at, value: Number(r.value) })
    return out
  }
  for (let i = 0; i < keys.length; i += 400) {
    const rows = await db
      .selectFrom('campaign_markers')
      .select(['key', 'at', 'value'])
      .where('indicator', '=', indicator)
      .where('key', 'in', keys.slice(i, i + 400))
      .execute()
    for (const r of rows) out.set(r.key, { at: r.at, value: Number(r.value) })
  }
  return out
}
