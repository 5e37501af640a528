import type { Ctx } from '../../core/context.ts'
import { AppError, notFound } from '../../core/errors.ts'
import { runDeferred } from '../../core/hooks.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can, PROVINCE, PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { isVoiceLang, lessonsWithAudio } from '../studio/voice.service.ts'
import * as read from './campaign.read.ts'
import { INDICATORS, type Indicator, indicator, seriesOf, WINDOW_DAYS } from './indicators.ts'
import { dayOf, daysBefore, weekOf, weekStart, weeksBetween } from './periods.ts'
import { Register } from './register.ts'

/** One figure of one place: the count, and for percentages the denominator and the percentage. */
export type Cell = { value: number; denominator: number | null; percent: number | null }

/** A place the dashboards can show, with what the policy needs. */
export type Scope = {
  code: string
  name: string
  kind: 'province' | 'commune' | 'village'
  communeCode: string | null
}

/** The place a person may read, or 403/404. Province roles read everything; an officer their commune. */
export async function scopeFor(
  ctx: Ctx,
  user: CurrentUser | null,
  code: string,
  reg?: Register,
): Promise<Scope> {
  if (code === PROVINCE_CODE) assertCan(user, 'dashboard.read', PROVINCE)
  const r = reg ?? (await Register.load(ctx))
  if (code === PROVINCE_CODE) return { code, name: r.provinceName, kind: 'province', communeCode: null }
  const p = r.byCode.get(code)
  if (!p) throw notFound(`place ${code}`)
  const communeCode = p.kind === 'village' ? p.communeCode : p.code
  assertCan(user, 'dashboard.read', { code: p.code, communeCode })
  return { code: p.code, name: p.name, kind: p.kind === 'village' ? 'village' : 'commune', communeCode }
}

/** Where a person lands on /dashboard: the province, or the first commune they may read. */
export function homeScope(user: CurrentUser | null): string {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (can(user, 'dashboard.read', PROVINCE)) return PROVINCE_CODE
  const first = scopesFor(user, 'dashboard.read')[0]
  if (!first) throw new AppError('forbidden', 'you may not dashboard.read')
  return first
}

/** Today in the province (the day windows end on). */
export function today(ctx: Ctx): string {
  return dayOf(ctx.now())
}

/** Figures of several places for several indicators, read from the rollups and the register. */
export async function cells(
  ctx: Ctx,
  reg: Register,
  places: string[],
  ids: readonly string[],
): Promise<Map<string, Map<string, Cell>>> {
  const defs = ids.map((id) => indicator(id)).filter((i): i is Indicator => !!i)
  const day = today(ctx)
  // Facts whose rollups wait (decision 0191) are rolled up first: every figure includes them.
  await runDeferred(ctx)
  const [tot, win] = await Promise.all([
    read.totals(
      ctx.db,
      defs.filter((d) => d.read === 'total').map((d) => d.id),
      places,
    ),
    read.windowSums(
      ctx.db,
      defs.filter((d) => d.read === 'window').map((d) => d.id),
      places,
      daysBefore(ctx.now(), WINDOW_DAYS - 1),
      day,
    ),
  ])
  // Lessons are the province's, not a place's: read once, from the studio's read function.
  const audio = defs.some((d) => d.read === 'content') ? await lessonsWithAudio(ctx) : null
  const out = new Map<string, Map<string, Cell>>()
  for (const place of places) {
    const row = new Map<string, Cell>()
    const stats = reg.of(place)
    for (const d of defs) {
      let value = 0
      if (d.read === 'total') value = tot.get(place)?.get(d.id) ?? 0
      else if (d.read === 'window') value = win.get(place)?.get(d.id) ?? 0
      else if (d.id === 'villages_4g') value = stats.with4g
      else if (d.id === 'villages_no_telecom') value = stats.noTelecom
      else if (d.id === 'villages_off_grid') value = stats.offGrid
      else if (audio && d.id === 'lessons_with_audio') value = audio.anyLang
      else if (audio && d.read === 'content') {
        const lang = d.id.split('.').pop()
        value = isVoiceLang(lang) ? audio.byLang[lang] : 0
      }
      const denominator =
        d.unit === 'percent' && d.denominator
          ? d.denominator === 'lessons'
            ? (audio?.lessons ?? 0)
            : reg.denominator(place, d.denominator)
          : null
      const percent = denominator === null ? null : denominator > 0 ? (100 * value) / denominator : null
      row.set(d.id, { value, denominator, percent })
    }
    out.set(place, row)
  }
  return out
}

/** A weekly series: the value each week and, for running totals, the level reached by then. */
export type SeriesPoint = { week: string; weekStart: string; value: number; level: number }

/**
 * The weekly series of an indicator at a place, from `from` (default: the first week with data,
 * at most 78 weeks back) to this week. Running totals accumulate; window indicators give the
 * number active in each week.
 */
export async function seriesAt(
  ctx: Ctx,
  place: string,
  def: Indicator,
  opts: { from?: string } = {},
): Promise<SeriesPoint[]> {
  return (await seriesOfMany(ctx, place, [def], opts)).get(def.id)!
}

/** The weekly series of several indicators at one place, read in one query. */
export async function seriesOfMany(
  ctx: Ctx,
  place: string,
  defs: Indicator[],
  opts: { from?: string } = {},
): Promise<Map<string, SeriesPoint[]>> {
  // Facts whose rollups wait (decision 0191) are rolled up first: every figure includes them.
  await runDeferred(ctx)
  const all = await read.weekly(ctx.db, [...new Set(defs.map(seriesOf))], place)
  const now = weekOf(ctx.now())
  const earliest = weekOf(new Date(ctx.now().getTime() - 78 * 7 * 86_400_000))
  const out = new Map<string, SeriesPoint[]>()
  for (const def of defs) {
    const rows = all.filter((r) => r.indicator === seriesOf(def))
    const first = rows[0]?.period ?? now
    // biome-ignore lint/complexity/useMathMinMax: ISO weeks are text, compared as text
    const from = opts.from ?? (first < earliest ? earliest : first)
    const byWeek = new Map(rows.map((r) => [r.period, r.value]))
    // Anything before the window still counts in the level of a running total.
    let level =
      def.read === 'total' ? rows.filter((r) => r.period < from).reduce((a, r) => a + r.value, 0) : 0
    out.set(
      def.id,
      weeksBetween(from, now).map((week) => {
        const value = byWeek.get(week) ?? 0
        level = def.read === 'total' ? level + value : value
        return { week, weekStart: weekStart(week), value, level }
      }),
    )
  }
  return out
}

export { INDICATORS, Register }
