import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { AppError, keyedError, notFound, validationError } from '../../core/errors.ts'
import { runDeferred } from '../../core/hooks.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can, PROVINCE } from '../people/policy.ts'
import type { RegisterPlace } from '../places/places.reads.ts'
import { liveHubs } from '../sync/sync.reads.ts'
import { writeAudit } from '../system/audit.ts'
import * as read from './campaign.read.ts'
import { scopeFor } from './dashboard.service.ts'
import { WINDOW_DAYS } from './indicators.ts'
import { dayOf, daysBefore } from './periods.ts'
import { Register } from './register.ts'
import type { VisitInput } from './targets.schemas.ts'

/** Rows of the matrix: 4G, telecom without 4G (3G/2G), no telecom at all, and off the power grid. */
export const CONNECTIVITY = ['4g', '3g_2g', 'no_telecom', 'off_grid'] as const
export type Connectivity = (typeof CONNECTIVITY)[number]
export const ACTIVITY = ['active', 'quiet', 'never'] as const
export type Activity = (typeof ACTIVITY)[number]
/**
 * Which villages the list shows: those the campaign cannot reach by the network (no telecom or off
 * the grid, the default), all, one connectivity, or those with signal but nothing recorded lately.
 */
export const SHOW = ['unreached', 'all', ...CONNECTIVITY, 'silent'] as const
export type Show = (typeof SHOW)[number]
/** Villages per page: 50 cards stay far under 100 KB of HTML and a few screens on a phone. */
export const PAGE_SIZE = 50

/** The list's filter and page, as the query string gives them (checked here, named in errors). */
export type ReachFilter = { show?: string; page?: string }

const inRow = (c: Connectivity, v: { has4g: boolean; hasTelecom: boolean; onGrid: boolean }) =>
  c === '4g'
    ? v.has4g
    : c === '3g_2g'
      ? v.hasTelecom && !v.has4g
      : c === 'no_telecom'
        ? !v.hasTelecom
        : !v.onGrid

function shown(show: Show, v: ReachVillage): boolean {
  if (show === 'all') return true
  if (show === 'unreached') return !v.hasTelecom || !v.onGrid
  if (show === 'silent') return v.hasTelecom && v.activity !== 'active'
  return inRow(show, v)
}

/** A 400 of an address (no form to show it on): said whole in the person's language, the field named in English beside. */
export const wholeError = (
  field: string,
  message: string,
  key: MessageKey,
  params?: Record<string, string>,
) => new AppError('validation', `${field}: ${message}`, { issues: [{ field, message }], key, params })

/** The filter of the query string, or a 400 naming the field in the person's language. */
export function readFilter(f: ReachFilter): { show: Show; page: number } {
  const show = (f.show ?? 'unreached') as Show
  if (!SHOW.includes(show))
    throw wholeError('show', `must be one of ${SHOW.join(', ')}`, 'dash.reach.error.show')
  const page = f.page === undefined ? 1 : Number(f.page)
  if (!Number.isInteger(page) || page < 1 || page > 10_000)
    throw wholeError('page', 'must be a whole number from 1', 'dash.reach.error.page')
  return { show, page }
}

/** A village as the reach planner sees it. */
export type ReachVillage = {
  code: string
  name: string
  communeCode: string
  communeName: string
  has4g: boolean
  hasTelecom: boolean
  onGrid: boolean
  activity: Activity
  lastActivityAt: string | null
  lastDataAt: string | null
  hub: { name: string; lastContactAt: string | null } | null
  nextVisit: Visit | null
}

/** A planned visit as the planner shows it. */
export type Visit = { kind: string; plannedOn: string; assignee: string | null; note: string | null }

/**
 * The reach planner of a scope: villages by connectivity crossed with activity (something recorded
 * there in the last 30 days, earlier, or never); the villages without telecom with their hub or
 * next planned visit and when their data last arrived; villages with signal but no recent activity.
 */
export async function reachPlanner(
  ctx: Ctx,
  user: CurrentUser | null,
  code: string,
  filter: ReachFilter = {},
) {
  const { show, page } = readFilter(filter)
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, user, code, reg)
  if (scope.kind === 'village')
    throw validationError('scope', 'the reach planner covers the province or a commune')
  const villages: RegisterPlace[] =
    scope.kind === 'province'
      ? reg.communes.flatMap((c) => reg.villagesOf(c.code))
      : reg.villagesOf(scope.code)
  const codes = villages.map((v) => v.code)
  // Facts whose rollups wait (decision 0191) are rolled up first: every figure includes them.
  await runDeferred(ctx)
  const [activity, arrived, hubs, visits] = await Promise.all([
    read.markersFor(ctx.db, 'village_activity', codes),
    read.markersFor(ctx.db, 'data_arrived', codes),
    liveHubs(ctx.db),
    nextVisits(ctx, codes),
  ])
  const hubOf = new Map(hubs.map((h) => [h.scopeCode, h]))
  const since = daysBefore(ctx.now(), WINDOW_DAYS - 1)
  const rows: ReachVillage[] = villages.map((v) => {
    const last = activity.get(v.code)?.at ?? null
    const hub = hubOf.get(v.code) ?? (v.communeCode ? hubOf.get(v.communeCode) : undefined)
    const act: Activity = !last ? 'never' : dayOf(last) >= since ? 'active' : 'quiet'
    return {
      code: v.code,
      name: v.name,
      communeCode: v.communeCode ?? '',
      communeName: (v.communeCode && reg.byCode.get(v.communeCode)?.name) || '',
      has4g: v.has4g,
      hasTelecom: v.hasTelecom,
      onGrid: v.onGrid,
      activity: act,
      lastActivityAt: last,
      lastDataAt: arrived.get(v.code)?.at ?? null,
      hub: hub ? { name: hub.name, lastContactAt: hub.lastContactAt } : null,
      nextVisit: visits.get(v.code) ?? null,
    }
  })
  const matrix = CONNECTIVITY.map((c) => {
    const row = rows.filter((r) => inRow(c, r))
    return {
      connectivity: c,
      total: row.length,
      counts: Object.fromEntries(
        ACTIVITY.map((a) => [a, row.filter((r) => r.activity === a).length]),
      ) as Record<Activity, number>,
    }
  })
  // The villages without a planned visit first (they are the work left), then in register order.
  const picked = rows
    .filter((r) => shown(show, r))
    .sort((a, b) => Number(!!a.nextVisit) - Number(!!b.nextVisit))
  const pages = Math.max(1, Math.ceil(picked.length / PAGE_SIZE))
  const at = Math.min(page, pages)
  return {
    scope,
    reg,
    matrix,
    total: rows.length,
    list: {
      show,
      page: at,
      pages,
      total: picked.length,
      planned: picked.filter((r) => r.nextVisit).length,
      rows: picked.slice((at - 1) * PAGE_SIZE, at * PAGE_SIZE),
      /** Every village of the filter, for the export. */
      all: picked,
    },
    /** The communes and wards a province-wide reader may narrow the list to. */
    communes: can(user, 'dashboard.read', PROVINCE)
      ? reg.communes.map((c) => ({ code: c.code, name: c.name }))
      : [],
    noTelecom: rows.filter((r) => !r.hasTelecom),
    signalNoActivity: rows.filter((r) => r.hasTelecom && r.activity !== 'active'),
    canPlan: can(user, 'targets.write', { code: scope.code, communeCode: scope.communeCode }),
  }
}

/** The next planned (not cancelled) hub or visit of each village, from today on. */
async function nextVisits(ctx: Ctx, codes: string[]) {
  const out = new Map<string, Visit>()
  const from = daysBefore(ctx.now(), 0)
  for (let i = 0; i < codes.length; i += 400) {
    const rows = await ctx.db
      .selectFrom('campaign_visits')
      .select(['village_code', 'kind', 'planned_on', 'assignee', 'note'])
      .where('village_code', 'in', codes.slice(i, i + 400))
      .where('cancelled_at', 'is', null)
      .where('planned_on', '>=', from)
      .orderBy('planned_on')
      .execute()
    for (const r of rows)
      if (!out.has(r.village_code))
        out.set(r.village_code, {
          kind: r.kind,
          plannedOn: r.planned_on,
          assignee: r.assignee,
          note: r.note,
        })
  }
  return out
}

/** Plans a hub installation or an ambassador visit to a village (officers of its commune, province admins). */
export async function planVisit(ctx: Ctx, user: CurrentUser | null, input: VisitInput): Promise<string> {
  const reg = await Register.load(ctx)
  const v = reg.byCode.get(input.village_code)
  if (!v || v.kind !== 'village')
    throw keyedError('village_code', `${input.village_code} is not a village`, 'dash.visit.error.village')
  assertCan(user, 'targets.write', { code: v.code, communeCode: v.communeCode })
  if (input.planned_on < daysBefore(ctx.now(), 0))
    throw keyedError('planned_on', 'must be today or later', 'dash.visit.error.past')
  const id = uuidv7()
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .insertInto('campaign_visits')
      .values({
        id,
        ...stamp(tx),
        village_code: v.code,
        kind: input.kind,
        planned_on: input.planned_on,
        assignee: input.assignee,
        note: input.note ?? null,
        created_at: tx.now().toISOString(),
        created_by: user.id,
        cancelled_at: null,
      })
      .execute()
    await writeAudit(tx, {
      actorId: user.id,
      action: 'visit.plan',
      targetType: 'visit',
      targetId: id,
      detail: { village: v.code, kind: input.kind, planned_on: input.planned_on, assignee: input.assignee },
    })
  })
  return id
}

/** Cancels a planned visit. */
export async function cancelVisit(ctx: Ctx, user: CurrentUser | null, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('campaign_visits').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.cancelled_at) throw notFound(`visit ${id}`)
  const reg = await Register.load(ctx)
  const v = reg.byCode.get(row.village_code)
  assertCan(user, 'targets.write', { code: row.village_code, communeCode: v?.communeCode ?? null })
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('campaign_visits')
      .set({ ...stamp(tx), cancelled_at: tx.now().toISOString() })
      .where('id', '=', id)
      .execute()
    await writeAudit(tx, {
      actorId: user.id,
      action: 'visit.cancel',
      targetType: 'visit',
      targetId: id,
    })
  })
}

/** Planned visits of one village (for its page). */
export async function visitsOf(ctx: Ctx, villageCode: string) {
  return ctx.db
    .selectFrom('campaign_visits')
    .selectAll()
    .where('village_code', '=', villageCode)
    .where('cancelled_at', 'is', null)
    .orderBy('planned_on')
    .execute()
}

/** A village to plan a visit to, for the planning form: its place, connectivity and planned visits. */
export async function villageToPlan(ctx: Ctx, user: CurrentUser | null, code: string) {
  const reg = await Register.load(ctx)
  const v = reg.byCode.get(code)
  if (!v || v.kind !== 'village')
    throw wholeError('village', `${code} is not a village`, 'dash.visit.error.no_village', { code })
  assertCan(user, 'targets.write', { code: v.code, communeCode: v.communeCode })
  return {
    village: v,
    communeName: (v.communeCode && reg.byCode.get(v.communeCode)?.name) || '',
    visits: await visitsOf(ctx, v.code),
  }
}

/** A visit just planned, as the planner confirms it (null when unknown or cancelled). */
export async function plannedVisit(
  ctx: Ctx,
  user: CurrentUser | null,
  id: string,
): Promise<{ name: string; visit: Visit } | null> {
  const row = await ctx.db
    .selectFrom('campaign_visits')
    .selectAll()
    .where('id', '=', id)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  const reg = await Register.load(ctx)
  const v = reg.byCode.get(row.village_code)
  if (!v || !can(user, 'dashboard.read', { code: v.code, communeCode: v.communeCode })) return null
  return {
    name: v.name,
    visit: { kind: row.kind, plannedOn: row.planned_on, assignee: row.assignee, note: row.note },
  }
}
