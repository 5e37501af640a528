import type { Insertable } from 'kysely'
import type { Db } from '../../core/db.ts'
import { codesWithin, placeNames } from '../places/places.reads.ts'
import type { MarketTables } from './market.tables.ts'

export function insertTrader(db: Db, row: Insertable<MarketTables['traders']>) {
  return db.insertInto('traders').values(row).execute()
}

export function findTrader(db: Db, id: string) {
  return db
    .selectFrom('traders')
    .selectAll()
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
}

/** Traders whose place lies in the scope (a village, a commune or the whole province). */
export async function tradersIn(db: Db, scope: { code: string; kind: string }) {
  let q = db
    .selectFrom('traders')
    .select(['id', 'name', 'market', 'products', 'place_code', 'bank_bin', 'bank_account'])
    .where('erased_at', 'is', null)
  if (scope.kind === 'village') q = q.where('place_code', '=', scope.code)
  else if (scope.kind !== 'province') q = q.where('place_code', 'in', await codesWithin(db, scope.code))
  const rows = await q.orderBy('name').limit(1000).execute()
  // The names of the places shown, in one lookup for the whole list.
  const names = await placeNames(
    db,
    rows.map((r) => r.place_code),
  )
  return rows.map((r) => ({ ...r, place_name: names.get(r.place_code) ?? null }))
}

export function stepsOf(db: Db, traderIds: string[]) {
  if (!traderIds.length) return Promise.resolve([])
  return db.selectFrom('trader_steps').selectAll().where('trader_id', 'in', traderIds).execute()
}

/** Keeps the latest state of one step (by time of the fact, then fact id, so any order of arrival agrees). */
export async function putStep(db: Db, row: MarketTables['trader_steps']) {
  const cur = await db
    .selectFrom('trader_steps')
    .selectAll()
    .where('trader_id', '=', row.trader_id)
    .where('step', '=', row.step)
    .executeTakeFirst()
  if (!cur) return db.insertInto('trader_steps').values(row).execute()
  if (cur.at > row.at || (cur.at === row.at && cur.fact_id >= row.fact_id)) return
  return db
    .updateTable('trader_steps')
    .set({ done: row.done, at: row.at, fact_id: row.fact_id })
    .where('trader_id', '=', row.trader_id)
    .where('step', '=', row.step)
    .execute()
}

/** Writes one step from this tick, later or not (its correction tree settled on it). */
export async function setStep(db: Db, row: MarketTables['trader_steps']) {
  const { trader_id: _t, step: _s, ...rest } = row
  await db
    .insertInto('trader_steps')
    .values(row)
    .onConflict((oc) => oc.columns(['trader_id', 'step']).doUpdateSet(rest))
    .execute()
}

/** Unticks a step whose every tick was corrected away. */
export async function deleteStep(db: Db, traderId: string, step: string) {
  await db.deleteFrom('trader_steps').where('trader_id', '=', traderId).where('step', '=', step).execute()
}

export function tradersOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom('traders')
    .select(['id', 'place_code'])
    .where('account_id', '=', accountId)
    .where('erased_at', 'is', null)
    .execute()
}
