import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { bool, isTrue } from '../../core/db.ts'
import { AppError, notFound } from '../../core/errors.ts'
import { fold } from '../../core/fold.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can, covers, type PlaceRef, PROVINCE, scopesFor } from '../people/policy.ts'
import { writeAudit } from '../system/audit.ts'
import { generateDemoVillages } from './demo-villages.ts'
import type { VillageEdit } from './places.schemas.ts'
import * as store from './places.store.ts'
import { findPlace, type PlaceRow } from './places.store.ts'
import { loadUnits } from './units.ts'
import { type LineIssue, parseVillageCsv, type VillageInput } from './village-csv.ts'

export { listCommunes, listVillages, villageTotals } from './places.store.ts'

/** A commune or ward with its number of villages and their connectivity. */
export type CommuneSummary = {
  code: string
  name: string
  kind: string
  villageCount: number
  with4g: number
  noTelecom: number
  offGrid: number
}

/** A village as pages and the JSON API show it. */
export type Village = {
  code: string
  name: string
  communeCode: string
  has4g: boolean
  hasTelecom: boolean
  onGrid: boolean
  population: number | null
  households: number | null
  demo: boolean
}

const toVillage = (p: PlaceRow): Village => ({
  code: p.code,
  name: p.name,
  communeCode: p.commune_code ?? '',
  has4g: isTrue(p.has_4g),
  hasTelecom: isTrue(p.has_telecom),
  onGrid: isTrue(p.on_grid),
  population: p.population,
  households: p.households,
  demo: isTrue(p.demo),
})

/** The place as the policy module needs it; 404 when the code is unknown. */
export async function placeRef(ctx: Ctx, code: string): Promise<PlaceRef & { kind: string; name: string }> {
  const p = await findPlace(ctx.db, code)
  if (!p) throw notFound(`place ${code}`)
  return { code: p.code, communeCode: p.commune_code, kind: p.kind, name: p.name }
}

/** May this person do `action` at the place with this code? False for a place that does not exist. */
export async function canAt(
  ctx: Ctx,
  user: CurrentUser | null,
  action: Parameters<typeof can>[1],
  code: string | null,
): Promise<boolean> {
  const p = code ? await findPlace(ctx.db, code) : undefined
  return !!p && can(user, action, { code: p.code, communeCode: p.commune_code })
}

/** One place with all its attributes, or 404. */
export async function getPlace(ctx: Ctx, code: string) {
  const p = await findPlace(ctx.db, code)
  if (!p) throw notFound(`place ${code}`)
  return p
}

/** Every commune and ward with its village counts (no access check: callers filter). */
async function allCommunes(ctx: Ctx): Promise<CommuneSummary[]> {
  const rows = await store.listCommunes(ctx.db)
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind,
    villageCount: Number(r.village_count ?? 0),
    with4g: Number(r.with_4g ?? 0),
    noTelecom: Number(r.no_telecom ?? 0),
    offGrid: Number(r.off_grid ?? 0),
  }))
}

/** The communes and wards this person may read: all 45 for province roles, their own for others. */
export async function readableCommunes(ctx: Ctx, user: CurrentUser | null): Promise<CommuneSummary[]> {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!scopesFor(user, 'places.read').length) throw new AppError('forbidden', 'you may not places.read')
  const all = await allCommunes(ctx)
  return all.filter((u) => can(user, 'places.read', { code: u.code, communeCode: u.code }))
}

/** The province page: 45 units, village totals and one row per unit. Province roles only. */
export async function provinceOverview(ctx: Ctx, user: CurrentUser | null) {
  assertCan(user, 'places.read', PROVINCE)
  const [province, communes, totals, demo] = await Promise.all([
    findPlace(ctx.db, PROVINCE.code),
    allCommunes(ctx),
    store.villageTotals(ctx.db),
    store.hasDemoVillages(ctx.db),
  ])
  return { province: { code: PROVINCE.code, name: province?.name ?? PROVINCE.code }, communes, totals, demo }
}

/**
 * Where a person's `places.read` grants point (their communes and villages, by name), for the
 * places menu of someone who cannot read the whole province.
 */
export async function reachablePlaces(ctx: Ctx, user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const codes = [...new Set(scopesFor(user, 'places.read'))]
  const places = (await Promise.all(codes.map((c) => findPlace(ctx.db, c)))).filter((p): p is PlaceRow => !!p)
  return {
    province: can(user, 'places.read', PROVINCE),
    places: places.map((p) => ({ code: p.code, name: p.name, kind: p.kind, communeCode: p.commune_code })),
  }
}

/** A commune or ward and all its villages; 404 when unknown, 403 outside the person's scope. */
export async function communeWithVillages(ctx: Ctx, user: CurrentUser | null, code: string) {
  const unit = await findPlace(ctx.db, code)
  if (!unit || (unit.kind !== 'commune' && unit.kind !== 'ward')) throw notFound(`commune ${code}`)
  assertCan(user, 'places.read', { code: unit.code, communeCode: unit.code })
  const villages = (await store.listVillages(ctx.db, unit.code)).map(toVillage)
  return { unit: { code: unit.code, name: unit.name, kind: unit.kind }, villages }
}

/** One village of one commune; 404 when it does not lie there, 403 outside the person's scope. */
export async function villageIn(ctx: Ctx, user: CurrentUser | null, communeCode: string, code: string) {
  const v = await findPlace(ctx.db, code)
  if (!v || v.kind !== 'village' || v.commune_code !== communeCode) throw notFound(`village ${code}`)
  assertCan(user, 'places.read', { code: v.code, communeCode: v.commune_code })
  const unit = await findPlace(ctx.db, communeCode)
  return {
    village: toVillage(v),
    unit: { code: communeCode, name: unit?.name ?? communeCode, kind: unit?.kind ?? 'commune' },
  }
}

/** The commune a village lies in, for /places/v/:code; 404 when there is no such village. */
export async function communeOfVillage(ctx: Ctx, code: string): Promise<string> {
  const v = await findPlace(ctx.db, code)
  if (!v || v.kind !== 'village' || !v.commune_code) throw notFound(`village ${code}`)
  return v.commune_code
}

/** Inserts the province and its 45 official units if missing (every start; idempotent). */
export async function ensureUnits(ctx: Ctx): Promise<void> {
  const { province, units } = loadUnits()
  const existing = new Set(
    (await ctx.db.selectFrom('places').select('code').where('kind', '!=', 'village').execute()).map(
      (r) => r.code,
    ),
  )
  const rows = [
    { code: province.code, kind: 'province', parent_code: null, commune_code: null, ...pick(province) },
    ...units.map((u) => ({
      code: u.code,
      kind: u.kind,
      parent_code: province.code,
      commune_code: u.code,
      ...pick(u),
    })),
  ].filter((r) => !existing.has(r.code))
  if (!rows.length) return
  await ctx.db
    .insertInto('places')
    .values(
      rows.map((r) => ({
        id: uuidv7(),
        ...stamp(ctx),
        ...r,
        has_4g: null,
        has_telecom: null,
        on_grid: null,
        population: null,
        households: null,
        demo: 0,
      })),
    )
    .execute()
}

const pick = (u: { name: string; codename: string }) => ({ name: u.name, codename: u.codename })

export type { VillageInput }

/** The columns a village row gets from its input (the same on insert and update). */
const villageColumns = (v: VillageInput) => ({
  name: v.name,
  parent_code: v.communeCode,
  commune_code: v.communeCode,
  has_4g: bool(v.has4g),
  has_telecom: bool(v.hasTelecom),
  on_grid: bool(v.onGrid),
  population: v.population,
  households: v.households,
  demo: bool(!!v.demo),
})

/** Inserts new villages and updates existing ones (by code) inside the caller's transaction. */
async function upsertVillagesIn(
  tx: TxCtx,
  villages: VillageInput[],
  onProgress?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  const existing = await store.villageCodes(tx.db)
  const fresh: VillageInput[] = []
  let updated = 0
  for (const v of villages) {
    if (!existing.has(v.code)) {
      fresh.push(v)
      continue
    }
    await tx.db
      .updateTable('places')
      .set({ ...stamp(tx), ...villageColumns(v) })
      .where('code', '=', v.code)
      .execute()
    if (++updated % 200 === 0) onProgress?.(updated)
  }
  let inserted = 0
  for (let i = 0; i < fresh.length; i += 200) {
    const chunk = fresh.slice(i, i + 200)
    await tx.db
      .insertInto('places')
      .values(
        chunk.map((v) => ({
          id: uuidv7(),
          ...stamp(tx),
          code: v.code,
          kind: 'village',
          codename: null,
          ...villageColumns(v),
        })),
      )
      .execute()
    inserted += chunk.length
    onProgress?.(updated + inserted)
  }
  return { inserted, updated }
}

/**
 * Inserts new villages and updates existing ones (by code) in one transaction: a failure
 * leaves the database as it was.
 */
export async function upsertVillages(
  ctx: Ctx,
  villages: VillageInput[],
  onProgress?: (done: number) => void,
): Promise<{ inserted: number; updated: number }> {
  return inTransaction(ctx, (tx) => upsertVillagesIn(tx, villages, onProgress))
}

/** A village the file puts in another commune than the one it belongs to now. */
export type VillageMove = { line: number; code: string; name: string; from: string; to: string }

/**
 * What a village import did: every problem by line and field (then nothing was written), or the
 * counts. `moves` lists the villages the file moves to another commune, either way.
 */
export type ImportResult =
  | { ok: false; issues: LineIssue[]; moves: VillageMove[] }
  | { ok: true; inserted: number; updated: number; total: number; moves: VillageMove[] }

/**
 * Imports a village CSV: all rows or none. Trusted callers only (the command line); the import
 * page goes through `importVillagesAs`, which checks the policy first.
 *
 * A row whose code belongs to a village of another commune would move that village, and with it
 * every figure counted there. That is refused, each such row named by line with its from → to,
 * unless the operator chose to move them (`allowMoves`: the page's box, `--move-villages`).
 */
export async function importVillagesCsv(
  ctx: Ctx,
  text: string,
  opts: {
    actorId?: string | null
    allowMoves?: boolean
    onStart?: (total: number) => void
    onProgress?: (n: number) => void
  } = {},
): Promise<ImportResult> {
  await ensureUnits(ctx)
  const { villages, issues, lineOf } = parseVillageCsv(text, await store.communeCodes(ctx.db))
  const now = await store.villageCommunes(ctx.db)
  const moves: VillageMove[] = []
  for (const v of villages) {
    const from = now.get(v.code)
    if (from && from !== v.communeCode)
      moves.push({ line: lineOf.get(v.code) ?? 0, code: v.code, name: v.name, from, to: v.communeCode })
  }
  if (moves.length && !opts.allowMoves)
    for (const m of moves)
      issues.push({
        line: m.line,
        field: 'commune_code',
        message: `village ${m.code} belongs to commune ${m.from}; moving it to ${m.to} must be chosen explicitly (allow moves)`,
        key: 'places.import.move_refused',
        params: { code: m.code, from: m.from, to: m.to },
      })
  issues.sort((a, b) => a.line - b.line)
  if (issues.length) return { ok: false, issues, moves }
  opts.onStart?.(villages.length)
  const r = await inTransaction(ctx, async (tx) => {
    const counts = await upsertVillagesIn(tx, villages, opts.onProgress)
    await writeAudit(tx, {
      actorId: opts.actorId ?? null,
      action: 'places.import',
      targetType: 'places',
      targetId: 'villages',
      detail: {
        ...counts,
        ...(moves.length ? { moves: moves.map(({ code, from, to }) => ({ code, from, to })) } : {}),
      },
    })
    return counts
  })
  return { ok: true, ...r, total: villages.length, moves }
}

/** The import page: a province administrator (places.write on the province) imports a CSV. */
export async function importVillagesAs(
  ctx: Ctx,
  user: CurrentUser | null,
  text: string,
  opts: { allowMoves?: boolean } = {},
) {
  assertCan(user, 'places.write', PROVINCE)
  return importVillagesCsv(ctx, text, { actorId: user.id, allowMoves: opts.allowMoves })
}

/** Corrects one village's attributes; needs places.write on that village; leaves an audit record. */
export async function editVillage(
  ctx: Ctx,
  user: CurrentUser | null,
  code: string,
  input: VillageEdit,
): Promise<Village> {
  const before = await findPlace(ctx.db, code)
  if (!before || before.kind !== 'village') throw notFound(`village ${code}`)
  assertCan(user, 'places.write', { code: before.code, communeCode: before.commune_code })
  const set = {
    name: input.name,
    has_4g: bool(input.has_4g),
    has_telecom: bool(input.has_telecom),
    on_grid: bool(input.on_grid),
    population: input.population ?? null,
    households: input.households ?? null,
  }
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('places')
      .set({ ...stamp(tx), ...set })
      .where('code', '=', code)
      .execute()
    await writeAudit(tx, {
      actorId: user.id,
      action: 'place.edit',
      targetType: 'place',
      targetId: code,
      detail: {
        before: {
          name: before.name,
          has_4g: before.has_4g,
          has_telecom: before.has_telecom,
          on_grid: before.on_grid,
          population: before.population,
          households: before.households,
        },
        after: set,
      },
    })
  })
  return toVillage((await findPlace(ctx.db, code))!)
}

/** Creates the 1,446 demo villages (deterministic; see demo-villages.ts). */
export async function seedDemoVillages(ctx: Ctx, onProgress?: (done: number) => void): Promise<number> {
  await ensureUnits(ctx)
  const villages = generateDemoVillages(loadUnits().units).map((v) => ({ ...v, demo: true }))
  await upsertVillages(ctx, villages, onProgress)
  return villages.length
}

/** Counts of places by kind (province, ward, commune, village). */
export function countPlaces(ctx: Ctx) {
  return store.countByKind(ctx.db)
}

/** One choice of a place picker: its code, its name, and the commune it lies in (villages). */
export type PlaceChoice = { code: string; name: string; kind: string; communeName?: string }

/** How many villages a search across the province lists at most (the rest: narrow by commune). */
export const PICKER_LIMIT = 60

/**
 * The places a picker offers within `scopes` (the scope codes of the person's grants): the
 * communes first (and the province when a scope is the province), then, for a chosen commune,
 * its villages; `q` keeps those whose name holds every word typed, with or without diacritics
 * ("muong cha" finds "Mường Chà"), across every commune in reach when none is chosen.
 */
export async function placeChoices(
  ctx: Ctx,
  scopes: string[],
  opts: { commune?: string; q?: string } = {},
): Promise<{ communes: PlaceChoice[]; places: PlaceChoice[]; more: boolean }> {
  const reaches = (p: PlaceRef) => scopes.some((s) => covers(s, p))
  const all = await store.listCommunes(ctx.db)
  // A commune is offered when it is in reach, or holds a village in reach (a village's scope).
  const holding = new Set<string>()
  for (const s of scopes) {
    const p = s === PROVINCE.code ? undefined : await findPlace(ctx.db, s)
    if (p?.commune_code) holding.add(p.commune_code)
  }
  const communes = all
    .filter((c) => reaches({ code: c.code, communeCode: c.code }) || holding.has(c.code))
    .map((c) => ({ code: c.code, name: c.name, kind: c.kind }))
  const terms = fold(opts.q ?? '')
    .split(/\s+/)
    .filter(Boolean)
  // Every word typed starts a word of the name: "mau 3" finds "Bản mẫu 3" and "Bản mẫu 30", not "mẫu 13".
  const matches = (name: string) => {
    const words = fold(name).split(/[^\p{L}\p{N}]+/u)
    return terms.every((w) => words.some((x) => x.startsWith(w)))
  }
  const chosen = communes.find((c) => c.code === opts.commune)
  let places: PlaceChoice[] = []
  if (chosen) {
    const villages = (await store.listVillages(ctx.db, chosen.code))
      .filter((v) => reaches({ code: v.code, communeCode: chosen.code }) && matches(v.name))
      .map((v) => ({ code: v.code, name: v.name, kind: v.kind, communeName: chosen.name }))
    places = [...(reaches({ code: chosen.code, communeCode: chosen.code }) ? [chosen] : []), ...villages]
  } else if (terms.length) {
    places = communes.filter((c) => matches(c.name))
    for (const c of communes) {
      if (places.length > PICKER_LIMIT) break
      for (const v of await store.listVillages(ctx.db, c.code))
        if (reaches({ code: v.code, communeCode: c.code }) && matches(v.name))
          places.push({ code: v.code, name: v.name, kind: v.kind, communeName: c.name })
    }
  } else {
    places = [
      ...(scopes.includes(PROVINCE.code) ? [{ code: PROVINCE.code, name: '', kind: 'province' }] : []),
      ...communes,
    ]
  }
  return { communes, places: places.slice(0, PICKER_LIMIT), more: places.length > PICKER_LIMIT }
}
