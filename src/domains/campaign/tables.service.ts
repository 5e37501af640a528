import type { Ctx } from '../../core/context.ts'
import { validationError } from '../../core/errors.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { can, PROVINCE_CODE } from '../people/policy.ts'
import * as read from './campaign.read.ts'
import { type Cell, cells, type Scope, scopeFor, seriesAt } from './dashboard.service.ts'
import {
  hasSeries,
  INDICATORS,
  type Indicator,
  indicator,
  type Level,
  TABLE_INDICATORS,
} from './indicators.ts'
import { visitsOf } from './reach.service.ts'
import { Register } from './register.ts'

/** A row of a places table: a commune or a village, its figures, and which of them lag. */
export type PlaceRow = {
  code: string
  name: string
  kind: string
  cells: Map<string, Cell>
  lagging: Set<string>
  laggard: boolean
}

/** A cell lags when its rate is below half the rate of the place above; a row lags on 3 cells or more. */
export const LAG_RATIO = 0.5
export const LAG_CELLS = 3

/** The comparable rate of a cell: its percentage, or its count per village. */
function rate(c: Cell | undefined, villages: number): number | null {
  if (!c) return null
  if (c.percent !== null) return c.percent
  if (c.denominator !== null) return null
  return villages > 0 ? c.value / villages : null
}

export type Sort = { by: string; dir: 'asc' | 'desc' }

/** Reads `?sort=indicator&dir=asc|desc`; anything else sorts by place code. */
export function parseSort(by: string | undefined, dir: string | undefined, columns: readonly string[]): Sort {
  return {
    by: by && (by === 'name' || columns.includes(by)) ? by : 'code',
    dir: dir === 'desc' ? 'desc' : 'asc',
  }
}

function sortRows(rows: PlaceRow[], s: Sort): PlaceRow[] {
  const key = (r: PlaceRow): number | string => {
    if (s.by === 'code') return r.code
    if (s.by === 'name') return r.name
    const c = r.cells.get(s.by)
    return c ? (c.percent ?? c.value) : -1
  }
  const sign = s.dir === 'desc' ? -1 : 1
  return [...rows].sort((a, b) => {
    const x = key(a)
    const y = key(b)
    if (x < y) return -sign
    if (x > y) return sign
    return a.code < b.code ? -1 : 1
  })
}

function tableIndicators(level: Level): Indicator[] {
  return TABLE_INDICATORS.map((id) => indicator(id)!).filter((d) => d.levels.includes(level))
}

async function placesTable(
  ctx: Ctx,
  reg: Register,
  parent: string,
  places: { code: string; name: string; kind: string }[],
  level: Level,
  sort: Sort,
) {
  const defs = tableIndicators(level)
  const ids = defs.map((d) => d.id)
  const all = await cells(ctx, reg, [parent, ...places.map((p) => p.code)], ids)
  const top = all.get(parent)!
  const topVillages = reg.of(parent).villages
  const rows: PlaceRow[] = places.map((p) => {
    const mine = all.get(p.code)!
    const villages = reg.of(p.code).villages
    const lagging = new Set<string>()
    for (const d of defs) {
      const r = rate(mine.get(d.id), villages)
      const ref = rate(top.get(d.id), topVillages)
      if (r !== null && ref !== null && ref > 0 && r < LAG_RATIO * ref) lagging.add(d.id)
    }
    return { ...p, cells: mine, lagging, laggard: lagging.size >= LAG_CELLS }
  })
  return { defs, parentCells: top, rows: sortRows(rows, sort) }
}

/** Every commune and ward with the key figures, sortable, laggards marked (province readers only). */
export async function communeTable(ctx: Ctx, user: CurrentUser | null, sort: Sort) {
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, user, PROVINCE_CODE, reg)
  const communes = reg.communes.map((c) => ({ code: c.code, name: c.name, kind: c.kind }))
  return { scope, reg, ...(await placesTable(ctx, reg, PROVINCE_CODE, communes, 'commune', sort)) }
}

/** A commune or ward: its own figures and the same table for its villages. */
export async function communePage(ctx: Ctx, user: CurrentUser | null, code: string, sort: Sort) {
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, user, code, reg)
  if (scope.kind !== 'commune') throw validationError('code', `${code} is not a commune or ward`)
  const villages = reg.villagesOf(code).map((v) => ({ code: v.code, name: v.name, kind: v.kind }))
  const overview = await cells(
    ctx,
    reg,
    [code],
    INDICATORS.filter((i) => i.levels.includes('commune') && !i.parent).map((i) => i.id),
  )
  return {
    scope,
    reg,
    stats: reg.of(code),
    own: overview.get(code)!,
    ...(await placesTable(ctx, reg, code, villages, 'village', sort)),
  }
}

/** A village: every figure that makes sense for a village, its trends, connectivity and planned visits. */
export async function villagePage(ctx: Ctx, user: CurrentUser | null, code: string) {
  const reg = await Register.load(ctx)
  const scope: Scope = await scopeFor(ctx, user, code, reg)
  if (scope.kind !== 'village') throw validationError('code', `${code} is not a village`)
  const defs = INDICATORS.filter((i) => i.levels.includes('village') && !i.parent)
  const own = (
    await cells(
      ctx,
      reg,
      [code],
      defs.map((d) => d.id),
    )
  ).get(code)!
  const place = reg.byCode.get(code)!
  const [arrived, activity] = await Promise.all([
    read.markersFor(ctx.db, 'data_arrived', [code]),
    read.markersFor(ctx.db, 'village_activity', [code]),
  ])
  const trends = await Promise.all(
    ['learners', 'help_given', 'households_digital'].map(async (id) => {
      const def = indicator(id)!
      return { def, points: await seriesAt(ctx, code, def) }
    }),
  )
  return {
    scope,
    reg,
    place,
    commune: reg.byCode.get(place.communeCode ?? '') ?? null,
    defs,
    own,
    trends,
    lastDataAt: arrived.get(code)?.at ?? null,
    lastActivityAt: activity.get(code)?.at ?? null,
    visits: await visitsOf(ctx, code),
    canPlan: can(user, 'targets.write', { code, communeCode: place.communeCode }),
  }
}

/** The weekly series of one indicator at a place the person may read. */
export async function trend(ctx: Ctx, user: CurrentUser | null, code: string, id: string) {
  const def = indicator(id)
  if (!def) throw validationError('indicator', `unknown indicator ${id}`)
  if (!hasSeries(def))
    throw validationError(
      'indicator',
      `${id} comes from the village register or the lessons and has no weekly series`,
    )
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, user, code, reg)
  if (!def.levels.includes(scope.kind))
    throw validationError('indicator', `${id} is not measured for a ${scope.kind}`)
  const now = (await cells(ctx, reg, [code], [id])).get(code)!.get(id)!
  return { scope, reg, def, now, points: await seriesAt(ctx, code, def) }
}
