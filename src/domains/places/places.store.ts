import type { Db } from '../../core/db.ts'

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
