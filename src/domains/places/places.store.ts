import type { Selectable } from 'kysely'
import type { Db } from '../../core/db.ts'
import type { PlacesTables } from './places.tables.ts'

export type PlaceRow = Selectable<PlacesTables['places']>

/** One place by its official code. */
export function findPlace(db: Db, code: string) {
  return db.selectFrom('places').selectAll().where('code', '=', code).executeTakeFirst()
}

/** Communes and wards with their number of villages, in name order. */
export function listCommunes(db: Db) {
  return db
    .selectFrom('places as u')
    .leftJoin('places as v', (j) => j.onRef('v.parent_code', '=', 'u.code').on('v.kind', '=', 'village'))
    .select((eb) => [
      'u.code',
      'u.name',
      'u.kind',
      eb.fn.count<number>('v.code').as('village_count'),
      eb.fn.sum<number>(eb.case().when('v.has_4g', '=', 1).then(1).else(0).end()).as('with_4g'),
      eb.fn.sum<number>(eb.case().when('v.has_telecom', '=', 0).then(1).else(0).end()).as('no_telecom'),
      eb.fn.sum<number>(eb.case().when('v.on_grid', '=', 0).then(1).else(0).end()).as('off_grid'),
    ])
    .where('u.kind', 'in', ['commune', 'ward'])
    .groupBy(['u.code', 'u.name', 'u.kind'])
    .orderBy('u.code')
    .execute()
}

/** Villages of one commune or ward. */
export function listVillages(db: Db, communeCode: string) {
  return db
    .selectFrom('places')
    .selectAll()
    .where('kind', '=', 'village')
    .where('parent_code', '=', communeCode)
    .orderBy('code')
    .execute()
}

/** Counts villages by connectivity flag, province-wide. */
export async function villageTotals(db: Db) {
  const r = await db
    .selectFrom('places')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(eb.case().when('has_4g', '=', 1).then(1).else(0).end()).as('with_4g'),
      eb.fn.sum<number>(eb.case().when('has_telecom', '=', 0).then(1).else(0).end()).as('no_telecom'),
      eb.fn.sum<number>(eb.case().when('on_grid', '=', 0).then(1).else(0).end()).as('off_grid'),
    ])
    .where('kind', '=', 'village')
    .executeTakeFirstOrThrow()
  return {
    total: Number(r.total),
    with4g: Number(r.with_4g ?? 0),
    noTelecom: Number(r.no_telecom ?? 0),
    offGrid: Number(r.off_grid ?? 0),
  }
}

/** Codes of the communes and wards (what a village's commune_code must be). */
export async function communeCodes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('places').select('code').where('kind', 'in', ['commune', 'ward']).execute()
  return new Set(rows.map((r) => r.code))
}

/** Codes of the villages that exist now. */
export async function villageCodes(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('places').select('code').where('kind', '=', 'village').execute()
  return new Set(rows.map((r) => r.code))
}

/** The commune of each village that exists now, by village code. */
export async function villageCommunes(db: Db): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('places')
    .select(['code', 'commune_code'])
    .where('kind', '=', 'village')
    .execute()
  return new Map(rows.map((r) => [r.code, r.commune_code]))
}

/** Number of places of each kind. */
export async function countByKind(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('places')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute()
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]))
}

/** True when at least one village was generated as demonstration data. */
export async function hasDemoVillages(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('places')
    .select('code')
    .where('kind', '=', 'village')
    .where('demo', '=', 1)
    .limit(1)
    .executeTakeFirst()
  return !!row
}
