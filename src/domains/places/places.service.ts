import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { bool } from '../../core/db.ts'
import { notFound } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { PlaceRef } from '../people/policy.ts'
import { type DemoVillage, generateDemoVillages } from './demo-villages.ts'
import { findPlace } from './places.store.ts'
import { loadUnits } from './units.ts'

export { listCommunes, listVillages, villageTotals } from './places.store.ts'

/** The place as the policy module needs it; 404 when the code is unknown. */
export async function placeRef(ctx: Ctx, code: string): Promise<PlaceRef & { kind: string; name: string }> {
  const p = await findPlace(ctx.db, code)
  if (!p) throw notFound(`place ${code}`)
  return { code: p.code, communeCode: p.commune_code, kind: p.kind, name: p.name }
}

/** One place with all its attributes, or 404. */
export async function getPlace(ctx: Ctx, code: string) {
  const p = await findPlace(ctx.db, code)
  if (!p) throw notFound(`place ${code}`)
  return p
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
    {
      code: province.code,
      kind: 'province',
      parent_code: null,
      commune_code: null,
      name: province.name,
      codename: province.codename,
    },
    ...units.map((u) => ({
      code: u.code,
      kind: u.kind,
      parent_code: province.code,
      commune_code: u.code,
      name: u.name,
      codename: u.codename,
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

/** A village row ready to insert or update. */
export type VillageInput = Omit<DemoVillage, 'population' | 'households'> & {
  population: number | null
  households: number | null
  demo?: boolean
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
  let inserted = 0
  let updated = 0
  await ctx.db.transaction().execute(async (trx) => {
    const existing = new Set(
      (await trx.selectFrom('places').select('code').where('kind', '=', 'village').execute()).map(
        (r) => r.code,
      ),
    )
    const fresh: VillageInput[] = []
    for (const v of villages) {
      if (existing.has(v.code)) {
        await trx
          .updateTable('places')
          .set({
            ...stamp(ctx),
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
          .where('code', '=', v.code)
          .execute()
        updated++
      } else fresh.push(v)
    }
    for (let i = 0; i < fresh.length; i += 200) {
      const chunk = fresh.slice(i, i + 200)
      await trx
        .insertInto('places')
        .values(
          chunk.map((v) => ({
            id: uuidv7(),
            ...stamp(ctx),
            code: v.code,
            kind: 'village',
            parent_code: v.communeCode,
            commune_code: v.communeCode,
            name: v.name,
            codename: null,
            has_4g: bool(v.has4g),
            has_telecom: bool(v.hasTelecom),
            on_grid: bool(v.onGrid),
            population: v.population,
            households: v.households,
            demo: bool(!!v.demo),
          })),
        )
        .execute()
      inserted += chunk.length
      onProgress?.(updated + inserted)
    }
  })
  return { inserted, updated }
}

/** Creates the 1,446 demo villages (deterministic; see demo-villages.ts). */
export async function seedDemoVillages(ctx: Ctx, onProgress?: (done: number) => void): Promise<number> {
  await ensureUnits(ctx)
  const villages = generateDemoVillages(loadUnits().units).map((v) => ({ ...v, demo: true }))
  await upsertVillages(ctx, villages, onProgress)
  return villages.length
}
