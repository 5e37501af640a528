import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../core/db.ts'
import type { StudioTables } from './studio.tables.ts'

/** Plain queries of the interface strings; the service owns the rules and the transactions. */
export type UiString = Selectable<StudioTables['studio_ui_strings']>

/** Every string of a language (any state). */
export function stringsOf(db: Db, lang: string): Promise<UiString[]> {
  return db.selectFrom('studio_ui_strings').selectAll().where('lang', '=', lang).orderBy('key').execute()
}

/** One string of a language, or undefined. */
export function findString(db: Db, lang: string, key: string): Promise<UiString | undefined> {
  return db
    .selectFrom('studio_ui_strings')
    .selectAll()
    .where('lang', '=', lang)
    .where('key', '=', key)
    .executeTakeFirst()
}

/** Every approved string, for the overlay (language, key, text and the Vietnamese it was approved for). */
export function approvedStrings(db: Db) {
  return db
    .selectFrom('studio_ui_strings')
    .select(['lang', 'key', 'approved_text', 'approved_source'])
    .where('approved_text', 'is not', null)
    .execute()
}

/** Changes whenever a string is approved, by any process: the overlay is re-read when it does. */
export async function approvedStamp(db: Db): Promise<string> {
  const r = await db
    .selectFrom('studio_ui_strings')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('approved_at').as('at')])
    .where('approved_text', 'is not', null)
    .executeTakeFirstOrThrow()
  return `${Number(r.n)}|${r.at ?? ''}`
}

/** Inserts or replaces the translation of one key in one language. */
export async function putString(db: Db, row: Insertable<StudioTables['studio_ui_strings']>): Promise<void> {
  const { id: _id, lang: _l, key: _k, ...set } = row
  await db
    .insertInto('studio_ui_strings')
    .values(row)
    .onConflict((oc) => oc.columns(['lang', 'key']).doUpdateSet(set))
    .execute()
}

/** Records a review decision. */
export async function setReview(
  db: Db,
  id: string,
  set: Partial<
    Pick<
      UiString,
      | 'status'
      | 'reviewed_by'
      | 'reviewed_at'
      | 'review_reason'
      | 'approved_text'
      | 'approved_source'
      | 'approved_at'
      | 'updated_at'
    >
  >,
): Promise<void> {
  await db.updateTable('studio_ui_strings').set(set).where('id', '=', id).execute()
}
