import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { notFound, validationError } from '../../core/errors.ts'
import { runDeferred } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can } from '../people/policy.ts'
import { writeAudit } from '../system/audit.ts'
import * as read from './campaign.read.ts'
import { liveHubs, type RegisterPlace } from './campaign.sources.ts'
import { scopeFor } from './dashboard.service.ts'
import { WINDOW_DAYS } from './indicators.ts'
import { dayOf, daysBefore } from './periods.ts'
import { Register } from './register.ts'
import type { VisitInput } from './targets.schemas.ts'

export const CONNECTIVITY = ['4g', 'no_telecom', 'off_grid'] as const
export const ACTIVITY = ['active', 'quiet', 'never'] as const
export type Activity = (typeof ACTIVITY)[number]

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
  nextVisit: { kind: string; plannedOn: string; note: string | null } | null
}

/**
 * The reach planner of a scope: villages by connectivity crossed with activity (something recorded
 * there in the last 30 days, earlier, or never); the villages without telecom with their hub or
 * next planned visit and when their data last arrived; villages with signal but no recent activity.
 */
export async function reachPlanner(ctx: Ctx, user: CurrentUser | null, code: string) {
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
    liveHubs(ctx),
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
    const inRow = rows.filter((r) => (c === '4g' ? r.has4g : c === 'no_telecom' ? !r.hasTelecom : !r.onGrid))
    return {
      connectivity: c,
      total: inRow.length,
      counts: Object.fromEntries(
        ACTIVITY.map((a) => [a, inRow.filter((r) => r.activity === a).length]),
      ) as Record<Activity, number>,
    }
  })
  return {
    scope,
    reg,
    matrix,
    total: rows.length,
    noTelecom: rows.filter((r) => !r.hasTelecom),
    signalNoActivity: rows.filter((r) => r.hasTelecom && r.activity !== 'active'),
    canPlan: can(user, 'targets.write', { code: scope.code, communeCode: scope.communeCode }),
  }
}

/** The next planned (not cancelled) hub or visit of each village, from today on. */
async function nextVisits(ctx: Ctx, codes: string[]) {
  const out = new Map<string, { kind: string; plannedOn: string; note: string | null }>()
  const from = daysBefore(ctx.now(), 0)
  for (let i = 0; i < codes.length; i += 400) {
    const rows = await ctx.db
      .selectFrom('campaign_visits')
      .select(['village_code', 'kind', 'planned_on', 'note'])
      .where('village_code', 'in', codes.slice(i, i + 400))
      .where('cancelled_at', 'is', null)
      .where('planned_on', '>=', from)
      .orderBy('planned_on')
      .execute()
    for (const r of rows)
      if (!out.has(r.village_code))
        out.set(r.village_code, { kind: r.kind, plannedOn: r.planned_on, note: r.note })
  }
  return out
}

/** Plans a hub installation or an ambassador visit to a village (officers of its commune, province admins). */
export async function planVisit(ctx: Ctx, user: CurrentUser | null, input: VisitInput): Promise<string> {
  const reg = await Register.load(ctx)
  const v = reg.byCode.get(input.village_code)
  if (!v || v.kind !== 'village')
    throw validationError('village_code', `${input.village_code} is not a village`)
  assertCan(user, 'targets.write', { code: v.code, communeCode: v.communeCode })
  const id = uuidv7()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('campaign_visits')
      .values({
        id,
        ...stamp(ctx),
        village_code: v.code,
        kind: input.kind,
        planned_on: input.planned_on,
        note: input.note ?? null,
        created_at: ctx.now().toISOString(),
        created_by: user.id,
        cancelled_at: null,
      })
      .execute()
    await writeAudit(ctx, trx, {
      actorId: user.id,
      action: 'visit.plan',
      targetType: 'visit',
      targetId: id,
      detail: { village: v.code, kind: input.kind, planned_on: input.planned_on },
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
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('campaign_visits')
      .set({ ...stamp(ctx), cancelled_at: ctx.now().toISOString() })
      .where('id', '=', id)
      .execute()
    await writeAudit(ctx, trx, {
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
