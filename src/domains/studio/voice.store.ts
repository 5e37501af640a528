import type { Insertable } from 'kysely'
import { type Db, type Holes, prepared } from '../../core/db.ts'
import type { StudioTables } from './studio.tables.ts'

/** Plain queries of the community-voice tables; the service owns the transactions. */
type Clip = StudioTables['studio_voice_clips']
const CLIP_META = [
  'id',
  'course_slug',
  'lesson_key',
  'lang',
  'section',
  'source_text',
  'mime',
  'bytes',
  'duration_ms',
  'sha256',
  'recorded_by',
  'recorded_at',
  'received_at',
  'status',
  'reviewed_by',
  'reviewed_at',
  'review_reason',
] as const
export type ClipMeta = Pick<Clip, (typeof CLIP_META)[number]>

/** A clip without its bytes. */
export function findClip(db: Db, id: string): Promise<ClipMeta | undefined> {
  return db.selectFrom('studio_voice_clips').select(CLIP_META).where('id', '=', id).executeTakeFirst()
}

export async function insertClip(db: Db, row: Insertable<Clip>): Promise<void> {
  await db.insertInto('studio_voice_clips').values(row).execute()
}

/** Every clip of a lesson in a language (newest first). */
export function clipsOfLesson(db: Db, slug: string, key: string, lang: string): Promise<ClipMeta[]> {
  return db
    .selectFrom('studio_voice_clips')
    .select(CLIP_META)
    .where('course_slug', '=', slug)
    .where('lesson_key', '=', key)
    .where('lang', '=', lang)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Clips in a state, in the given languages (oldest first: the review queue). */
export function clipsByStatus(db: Db, status: string, langs: string[]): Promise<ClipMeta[]> {
  if (!langs.length) return Promise.resolve([])
  return db
    .selectFrom('studio_voice_clips')
    .select(CLIP_META)
    .where('status', '=', status)
    .where('lang', 'in', langs)
    .orderBy('received_at')
    .orderBy('id')
    .execute()
}

/** A person's own recordings, newest first. */
export function clipsBy(db: Db, accountId: string): Promise<ClipMeta[]> {
  return db
    .selectFrom('studio_voice_clips')
    .select(CLIP_META)
    .where('recorded_by', '=', accountId)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Every clip's place in the curriculum and state, for coverage. */
export function allClipStates(db: Db) {
  return db
    .selectFrom('studio_voice_clips')
    .select(['course_slug', 'lesson_key', 'lang', 'section', 'status', 'source_text'])
    .execute()
}

/** Every approved clip's place and the text it was read from (for lessons heard whole). */
export function approvedStates(db: Db) {
  return db
    .selectFrom('studio_voice_clips')
    .select(['course_slug', 'lesson_key', 'lang', 'section', 'source_text'])
    .where('status', '=', 'approved')
    .execute()
}

/** Approved clips of a course in a language, for learners and downloads. */
/** The languages in which a lesson has at least one approved recording (most lessons: none). */
export async function approvedLangsOfLesson(db: Db, slug: string, key: string): Promise<string[]> {
  return (await approvedLangs(db, { slug, key })).map((r) => r.lang)
}
const approvedLangs = prepared((db, p: Holes<{ slug: string; key: string }>) =>
  db
    .selectFrom('studio_voice_clips')
    .select('lang')
    .distinct()
    .where('course_slug', '=', p('slug'))
    .where('lesson_key', '=', p('key'))
    .where('status', '=', 'approved'),
)

export function approvedOfCourse(db: Db, slug: string, lang: string): Promise<ClipMeta[]> {
  return db
    .selectFrom('studio_voice_clips')
    .select(CLIP_META)
    .where('course_slug', '=', slug)
    .where('lang', '=', lang)
    .where('status', '=', 'approved')
    .orderBy('reviewed_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function setReview(
  db: Db,
  id: string,
  set: { status: string; reviewed_by: string; reviewed_at: string; review_reason: string | null },
): Promise<void> {
  await db.updateTable('studio_voice_clips').set(set).where('id', '=', id).execute()
}

/** The parts received so far of an upload, in order. */
export function partsOf(db: Db, clipId: string) {
  return db
    .selectFrom('studio_voice_parts')
    .selectAll()
    .where('clip_id', '=', clipId)
    .orderBy('offset')
    .execute()
}

export async function insertPart(db: Db, row: Insertable<StudioTables['studio_voice_parts']>): Promise<void> {
  await db.insertInto('studio_voice_parts').values(row).execute()
}

export async function deleteParts(db: Db, clipId: string): Promise<void> {
  await db.deleteFrom('studio_voice_parts').where('clip_id', '=', clipId).execute()
}

/** Uploads left unfinished since before `before` (a phone that never came back). */
export async function deleteStaleParts(db: Db, before: string): Promise<void> {
  await db.deleteFrom('studio_voice_parts').where('created_at', '<', before).execute()
}

/** A person's recordings for an export on request: what and when, not the sound. */
export function clipsForExport(db: Db, accountId: string) {
  return db
    .selectFrom('studio_voice_clips')
    .select([
      'id',
      'course_slug',
      'lesson_key',
      'lang',
      'section',
      'bytes',
      'duration_ms',
      'recorded_at',
      'status',
    ])
    .where('recorded_by', '=', accountId)
    .orderBy('recorded_at')
    .execute()
}

/**
 * Erasure on request: the person's takes that learners do not hear (waiting or sent back) and any
 * upload still arriving go (the caller removes their bytes from the blob store); approved takes are lesson audio and stay, linked only by an account id
 * that names nobody once the account is erased (as for the studio's lesson recordings).
 */
export async function eraseUnapprovedOf(db: Db, accountId: string): Promise<string[]> {
  const gone = await db
    .selectFrom('studio_voice_clips')
    .select('id')
    .where('recorded_by', '=', accountId)
    .where('status', '!=', 'approved')
    .execute()
  if (gone.length)
    await db
      .deleteFrom('studio_voice_clips')
      .where(
        'id',
        'in',
        gone.map((g) => g.id),
      )
      .execute()
  await db.deleteFrom('studio_voice_parts').where('account_id', '=', accountId).execute()
  return gone.map((g) => g.id)
}
