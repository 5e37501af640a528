import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { keyedError, notFound, validationError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { currentUserById } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can, PROVINCE, PROVINCE_CODE } from '../people/policy.ts'
import { auditFor, writeAudit } from '../system/audit.ts'
import {
  type Cell,
  cells,
  type Scope,
  type SeriesPoint,
  scopeFor,
  seriesOfMany,
  today,
} from './dashboard.service.ts'
import { hasSeries, type Indicator, indicator } from './indicators.ts'
import { type Projection, project } from './projection.ts'
import { Register } from './register.ts'
import { type TargetInput, valueProblem } from './targets.schemas.ts'
import * as store from './targets.store.ts'

/** A target with where it stands: the figure now, the weekly series, and the projection. */
export type TargetProgress = {
  target: store.TargetRow
  def: Indicator
  cell: Cell
  /** The target as a count (a percentage target times its denominator). */
  targetCount: number
  series: SeriesPoint[]
  projection: Projection
  canEdit: boolean
}

function placeOfScope(reg: Register, code: string) {
  if (code === PROVINCE_CODE) return { ...PROVINCE, kind: 'province' as const }
  const p = reg.byCode.get(code)
  if (!p || p.kind === 'village')
    throw validationError('scope_code', `must be the province (${PROVINCE_CODE}) or a commune or ward`)
  return { code: p.code, communeCode: p.code, kind: 'commune' as const }
}

/** The progress of each live target of a scope (the province, or a commune). */
export async function targetsWithProgress(
  ctx: Ctx,
  user: CurrentUser | null,
  scope: Scope,
  reg: Register,
): Promise<TargetProgress[]> {
  const rows = await store.targetsOf(ctx.db, [scope.code])
  const defs = [...new Set(rows.map((r) => indicator(r.indicator)).filter((d): d is Indicator => !!d))]
  const [figures, allSeries] = await Promise.all([
    cells(
      ctx,
      reg,
      [scope.code],
      defs.map((d) => d.id),
    ),
    seriesOfMany(ctx, scope.code, defs.filter(hasSeries)),
  ])
  const now = figures.get(scope.code)!
  const out: TargetProgress[] = []
  for (const target of rows) {
    const def = indicator(target.indicator)
    if (!def) continue
    const cell = now.get(def.id)!
    const targetCount =
      def.unit === 'percent' ? Math.ceil(((cell.denominator ?? 0) * target.value) / 100) : target.value
    const series = allSeries.get(def.id) ?? []
    // A window indicator's current (partial) week is not yet a level: the pace uses full weeks.
    const levels = def.read === 'window' ? series.slice(0, -1) : series
    out.push({
      target,
      def,
      cell,
      targetCount,
      series,
      projection: project({
        levels,
        current: cell.value,
        target: targetCount,
        deadline: target.deadline,
        today: today(ctx),
      }),
      canEdit: can(user, 'targets.write', { code: scope.code, communeCode: scope.communeCode }),
    })
  }
  return out
}

/** The overview of a scope: its targets with progress, and the figures asked for. */
export async function overview(
  ctx: Ctx,
  user: CurrentUser | null,
  code: string,
  figureIds: readonly string[] = [],
) {
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, user, code, reg)
  if (scope.kind === 'village')
    throw validationError('scope', 'targets are set for the province or a commune')
  const ids = figureIds.filter((id) => indicator(id)?.levels.includes(scope.kind))
  const [targets, figures] = await Promise.all([
    targetsWithProgress(ctx, user, scope, reg),
    cells(ctx, reg, [scope.code], ids),
  ])
  return { scope, reg, targets, figures: figures.get(scope.code)!, figureIds: ids }
}

function checkLevel(def: Indicator, kind: 'province' | 'commune') {
  if (!def.levels.includes(kind))
    throw validationError('indicator', `${def.id} is not measured for a ${kind}; choose another indicator`)
}

/** Sets a new target (province admins anywhere, commune officers for their own commune), audited. */
export async function createTarget(ctx: Ctx, user: CurrentUser | null, input: TargetInput): Promise<string> {
  const reg = await Register.load(ctx)
  const place = placeOfScope(reg, input.scope_code)
  assertCan(user, 'targets.write', place)
  const def = indicator(input.indicator)!
  checkLevel(def, place.kind)
  const id = uuidv7()
  const now = ctx.now().toISOString()
  await inTransaction(ctx, async (tx) => {
    await store.insertTarget(tx.db, {
      id,
      ...stamp(tx),
      indicator: def.id,
      scope_code: place.code,
      value: input.value,
      deadline: input.deadline,
      note: input.note ?? null,
      created_at: now,
      created_by: user.id,
      updated_at: now,
      updated_by: user.id,
      deleted_at: null,
    })
    await writeAudit(tx, {
      actorId: user.id,
      action: 'target.create',
      targetType: 'target',
      targetId: id,
      detail: { indicator: def.id, scope: place.code, value: input.value, deadline: input.deadline },
    })
  })
  return id
}

async function editable(ctx: Ctx, user: CurrentUser | null, id: string) {
  const row = await store.findTarget(ctx.db, id)
  if (!row || row.deleted_at) throw notFound(`target ${id}`)
  const reg = await Register.load(ctx)
  const place = placeOfScope(reg, row.scope_code)
  assertCan(user, 'targets.write', place)
  return { row, user }
}

/** Changes a target's value, deadline or note; the audit record keeps what it was. */
export async function updateTarget(
  ctx: Ctx,
  user: CurrentUser | null,
  id: string,
  input: Pick<TargetInput, 'value' | 'deadline' | 'note'> & { indicator?: string; scope_code?: string },
): Promise<void> {
  const { row, user: actor } = await editable(ctx, user, id)
  if (input.indicator !== undefined && input.indicator !== row.indicator)
    throw validationError('indicator', 'cannot change; withdraw this target and set a new one')
  if (input.scope_code !== undefined && input.scope_code !== row.scope_code)
    throw validationError('scope_code', 'cannot change; withdraw this target and set a new one')
  const problem = valueProblem(indicator(row.indicator)?.unit ?? 'count', input.value)
  if (problem) throw keyedError('value', problem.message, problem.params.key)
  const before = { value: row.value, deadline: row.deadline, note: row.note }
  const after = { value: input.value, deadline: input.deadline, note: input.note ?? null }
  await inTransaction(ctx, async (tx) => {
    await store.updateTarget(tx.db, id, {
      ...stamp(tx),
      ...after,
      updated_at: tx.now().toISOString(),
      updated_by: actor.id,
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'target.update',
      targetType: 'target',
      targetId: id,
      detail: { before, after },
    })
  })
}

/** Withdraws a target (kept for the audit trail). */
export async function withdrawTarget(ctx: Ctx, user: CurrentUser | null, id: string): Promise<void> {
  const { user: actor } = await editable(ctx, user, id)
  await inTransaction(ctx, async (tx) => {
    await store.updateTarget(tx.db, id, {
      ...stamp(tx),
      deleted_at: tx.now().toISOString(),
      updated_at: tx.now().toISOString(),
      updated_by: actor.id,
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'target.withdraw',
      targetType: 'target',
      targetId: id,
    })
  })
}

/** One target with its audit trail, for whoever may read its scope. */
export async function targetWithHistory(ctx: Ctx, user: CurrentUser | null, id: string) {
  const row = await store.findTarget(ctx.db, id)
  if (!row) throw notFound(`target ${id}`)
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, user, row.scope_code, reg)
  const history = await auditFor(ctx.db, 'target', id)
  const names = new Map<string, string>()
  for (const actorId of new Set(history.map((h) => h.actor_id).filter((a): a is string => !!a)))
    names.set(
      actorId,
      await currentUserById(ctx, actorId).then(
        (u) => u.displayName,
        () => actorId,
      ),
    )
  return {
    row,
    scope,
    def: indicator(row.indicator),
    history: history.map((h) => ({
      ...h,
      actorName: h.actor_id ? (names.get(h.actor_id) ?? h.actor_id) : null,
    })),
    canEdit:
      !row.deleted_at && can(user, 'targets.write', { code: scope.code, communeCode: scope.communeCode }),
  }
}
