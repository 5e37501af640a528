import type { Insertable } from 'kysely'
import type { Db } from '../../core/db.ts'
import type { StudioTables } from './studio.tables.ts'

/** Plain queries of the studio tables; the service owns the transactions. */
type Key = { slug: string; key: string; lang: string }

/** The latest drafts of a lesson in a language. */
export function segmentsOf(db: Db, k: Key) {
  return db
    .selectFrom('studio_segments')
    .selectAll()
    .where('course_slug', '=', k.slug)
    .where('lesson_key', '=', k.key)
    .where('lang', '=', k.lang)
    .execute()
}

/** One segment's draft. */
export function findSegment(db: Db, k: Key, segment: string) {
  return db
    .selectFrom('studio_segments')
    .selectAll()
    .where('course_slug', '=', k.slug)
    .where('lesson_key', '=', k.key)
    .where('lang', '=', k.lang)
    .where('segment', '=', segment)
    .executeTakeFirst()
}

/** Inserts or replaces a segment draft. */
export async function putSegment(db: Db, row: Insertable<StudioTables['studio_segments']>): Promise<void> {
  const { id: _id, course_slug, lesson_key, lang, segment, origin_node: _o, ...rest } = row
  const done = await db
    .updateTable('studio_segments')
    .set(rest)
    .where('course_slug', '=', course_slug)
    .where('lesson_key', '=', lesson_key)
    .where('lang', '=', lang)
    .where('segment', '=', segment)
    .executeTakeFirst()
  if (Number(done.numUpdatedRows) === 0) await db.insertInto('studio_segments').values(row).execute()
}

/** The translation record of a lesson in a language. */
export function findTranslation(db: Db, k: Key) {
  return db
    .selectFrom('studio_translations')
    .selectAll()
    .where('course_slug', '=', k.slug)
    .where('lesson_key', '=', k.key)
    .where('lang', '=', k.lang)
    .executeTakeFirst()
}

/** Every translation record (for progress and export). */
export function allTranslations(db: Db) {
  return db.selectFrom('studio_translations').selectAll().execute()
}

/** Inserts a translation record. */
export async function insertTranslation(
  db: Db,
  row: Insertable<StudioTables['studio_translations']>,
): Promise<void> {
  await db.insertInto('studio_translations').values(row).execute()
}

/** Updates a translation record by id. */
export async function updateTranslation(
  db: Db,
  id: string,
  set: Partial<Omit<StudioTables['studio_translations'], 'id'>>,
): Promise<void> {
  await db.updateTable('studio_translations').set(set).where('id', '=', id).execute()
}

/** Stores a recording's metadata. */
export async function insertAudio(db: Db, row: Insertable<StudioTables['studio_audio']>): Promise<void> {
  await db.insertInto('studio_audio').values(row).execute()
}

/** A recording by id. */
export function findAudio(db: Db, id: string) {
  return db.selectFrom('studio_audio').selectAll().where('id', '=', id).executeTakeFirst()
}

/** True when a recording is the approved one of some translation (then learners may hear it). */
export async function isApprovedAudio(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('studio_translations')
    .select('id')
    .where('approved_audio_id', '=', id)
    .executeTakeFirst()
  return !!row
}

/** Comments on a lesson in a language, oldest first (the service adds the authors' names). */
export function commentsOf(db: Db, k: Key) {
  return db
    .selectFrom('studio_comments')
    .select([
      'studio_comments.id',
      'studio_comments.segment',
      'studio_comments.body',
      'studio_comments.created_at',
      'studio_comments.author_id',
    ])
    .where('course_slug', '=', k.slug)
    .where('lesson_key', '=', k.key)
    .where('lang', '=', k.lang)
    .orderBy('studio_comments.id')
    .execute()
}

/** Stores a comment. */
export async function insertComment(db: Db, row: Insertable<StudioTables['studio_comments']>): Promise<void> {
  await db.insertInto('studio_comments').values(row).execute()
}

/** The glossary of a language, by term. */
export function glossaryOf(db: Db, lang: string) {
  return db.selectFrom('studio_glossary').selectAll().where('lang', '=', lang).orderBy('term').execute()
}

/** Every glossary entry (export). */
export function allGlossary(db: Db) {
  return db.selectFrom('studio_glossary').selectAll().orderBy('lang').orderBy('term').execute()
}

/** Inserts or replaces a glossary entry (one per language and term). */
export async function putTerm(db: Db, row: Insertable<StudioTables['studio_glossary']>): Promise<void> {
  const done = await db
    .updateTable('studio_glossary')
    .set({ translation: row.translation, note: row.note, hlc: row.hlc, updated_at: row.updated_at })
    .where('lang', '=', row.lang)
    .where('term', '=', row.term)
    .executeTakeFirst()
  if (Number(done.numUpdatedRows) === 0) await db.insertInto('studio_glossary').values(row).execute()
}
