import { readFileSync } from 'node:fs'
import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { writeAudit } from '../system/audit.ts'
import { INDICATORS } from './indicators.ts'
import { type Plan, type PlanIssue, type PlanRow, readPlan, writePlan } from './plan.file.ts'
import { Register } from './register.ts'
import * as store from './targets.store.ts'

/** The province plan shipped with hocso (data/plan/): the targets of the article it cites. */
export const PROVINCE_PLAN_FILE = new URL('../../../data/plan/dien-bien-2026.yaml', import.meta.url)

/** What an import does (or would do, in a dry run), target by target. */
export type PlanChange =
  | { type: 'add'; row: PlanRow }
  | { type: 'change'; row: PlanRow; id: string; before: store.TargetRow }
  | { type: 'same'; row: PlanRow; id: string }
  | { type: 'withdraw'; id: string; before: store.TargetRow }

export type PlanResult =
  | { ok: false; issues: PlanIssue[] }
  | { ok: true; plan: Plan; changes: PlanChange[]; applied: boolean }

/**
 * A target value as stored, read back: PostgreSQL keeps targets as `real` (single precision), so
 * 33.3 comes back as 33.29999923706055; four decimals are more than any plan writes.
 */
export const storedValue = (v: number | string) => Math.round(Number(v) * 1e4) / 1e4

const fields = (r: PlanRow) => ({ value: r.value, note: r.note, period: r.period, source: r.source })

/**
 * Reads a plan file and works out, target by target, what importing it changes: targets are
 * matched by indicator, place and deadline among the live ones (a target set by hand with the same
 * three is taken into the plan, not doubled); a target of this plan missing from the file is
 * withdrawn. With `apply`, writes it all in one transaction, each change in the audit log; without,
 * writes nothing (the dry run). Bad files write nothing either: every problem is returned.
 */
export async function importPlan(
  ctx: Ctx,
  text: string,
  opts: { apply: boolean; onStart?: (total: number) => void; onProgress?: (done: number) => void },
): Promise<PlanResult> {
  const reg = await Register.load(ctx)
  const kind = (code: string) => {
    if (code === PROVINCE_CODE) return 'province' as const
    const p = reg.byCode.get(code)
    if (!p) return null
    return p.kind === 'village' ? ('village' as const) : ('commune' as const)
  }
  const { plan, issues } = readPlan(text, kind)
  if (!plan) return { ok: false, issues }

  const live = await store.liveTargets(ctx.db)
  const byKey = new Map(live.map((t) => [`${t.indicator}|${t.scope_code}|${t.deadline}`, t]))
  const changes: PlanChange[] = []
  const kept = new Set<string>()
  for (const row of plan.targets) {
    const t = byKey.get(`${row.indicator}|${row.place}|${row.deadline}`)
    if (t && t.plan !== null && t.plan !== plan.id) {
      issues.push({
        line: row.line,
        field: 'targets',
        message: `this target belongs to the plan ${t.plan}; withdraw it there first`,
        key: 'plan.err.other_plan',
        params: { plan: t.plan },
      })
      continue
    }
    if (!t) {
      changes.push({ type: 'add', row })
      continue
    }
    kept.add(t.id)
    const now = { value: storedValue(t.value), note: t.note, period: t.period, source: t.source }
    const same = t.plan === plan.id && JSON.stringify(now) === JSON.stringify(fields(row))
    changes.push(same ? { type: 'same', row, id: t.id } : { type: 'change', row, id: t.id, before: t })
  }
  if (issues.length) return { ok: false, issues }
  for (const t of live)
    if (t.plan === plan.id && !kept.has(t.id)) changes.push({ type: 'withdraw', id: t.id, before: t })
  if (!opts.apply) return { ok: true, plan, changes, applied: false }

  const at = ctx.now().toISOString()
  const audit = { actorId: null, targetType: 'target' } as const
  opts.onStart?.(changes.length)
  await inTransaction(ctx, async (tx) => {
    let done = 0
    for (const c of changes) {
      if (c.type === 'add') {
        const id = uuidv7()
        await store.insertTarget(tx.db, {
          id,
          ...stamp(tx),
          indicator: c.row.indicator,
          scope_code: c.row.place,
          deadline: c.row.deadline,
          ...fields(c.row),
          plan: plan.id,
          created_at: at,
          created_by: null,
          updated_at: at,
          updated_by: null,
          deleted_at: null,
        })
        await writeAudit(tx, {
          ...audit,
          action: 'target.create',
          targetId: id,
          detail: {
            plan: plan.id,
            indicator: c.row.indicator,
            scope: c.row.place,
            value: c.row.value,
            deadline: c.row.deadline,
          },
        })
      } else if (c.type === 'change') {
        await store.updateTarget(tx.db, c.id, {
          ...stamp(tx),
          ...fields(c.row),
          plan: plan.id,
          updated_at: at,
          updated_by: null,
        })
        await writeAudit(tx, {
          ...audit,
          action: 'target.update',
          targetId: c.id,
          detail: {
            plan: plan.id,
            before: { value: storedValue(c.before.value), deadline: c.before.deadline, note: c.before.note },
            after: { value: c.row.value, deadline: c.row.deadline, note: c.row.note },
          },
        })
      } else if (c.type === 'withdraw') {
        await store.updateTarget(tx.db, c.id, {
          ...stamp(tx),
          deleted_at: at,
          updated_at: at,
          updated_by: null,
        })
        await writeAudit(tx, {
          ...audit,
          action: 'target.withdraw',
          targetId: c.id,
          detail: { plan: plan.id },
        })
      }
      opts.onProgress?.(++done)
    }
    await store.putPlan(tx.db, { id: plan.id, title: plan.title, source: plan.source, imported_at: at })
  })
  return { ok: true, plan, changes, applied: true }
}

/** The ids of the plans imported, in order. */
export async function planIds(ctx: Ctx): Promise<string[]> {
  return (await store.plans(ctx.db)).map((p) => p.id)
}

/** A plan's live targets as its file (what `hocso plan export` writes), or null for an unknown plan. */
export async function exportPlan(ctx: Ctx, id: string): Promise<string | null> {
  const p = (await store.plans(ctx.db)).find((x) => x.id === id)
  if (!p) return null
  // In a stable order: by deadline, the province before its communes, then the catalogue's order.
  const rank = new Map(INDICATORS.map((d, i) => [d.id, i]))
  const where = (code: string) => (code === PROVINCE_CODE ? '' : code)
  const rows = (await store.liveTargets(ctx.db))
    .filter((t) => t.plan === id)
    .sort(
      (a, b) =>
        a.deadline.localeCompare(b.deadline) ||
        where(a.scope_code).localeCompare(where(b.scope_code)) ||
        (rank.get(a.indicator) ?? 0) - (rank.get(b.indicator) ?? 0),
    )
  return writePlan({
    id,
    title: p.title,
    source: p.source,
    targets: rows.map((t) => ({
      indicator: t.indicator,
      place: t.scope_code,
      period: t.period ?? t.deadline,
      value: storedValue(t.value),
      note: t.note,
      source: t.source,
    })),
  })
}

/** Imports the province plan shipped with hocso (the demo uses it as an operator would). */
export async function importProvincePlan(ctx: Ctx): Promise<PlanResult> {
  return importPlan(ctx, readFileSync(PROVINCE_PLAN_FILE, 'utf8'), { apply: true })
}
