import type { Insertable, Selectable } from 'kysely'
import { type Db, type Holes, prepared } from '../../core/db.ts'
import type { LearningTables } from './learning.tables.ts'

export type CourseRow = Selectable<LearningTables['courses']>
export type LessonRow = Selectable<LearningTables['lessons']>
export type LessonTextRow = Selectable<LearningTables['lesson_texts']>

/** One course by slug (retired ones too: old progress still points at them). */
export async function findCourse(db: Db, slug: string) {
  return (await courseBySlug(db, { slug }))[0]
}
const courseBySlug = prepared((db, p: Holes<{ slug: string }>) =>
  db.selectFrom('courses').selectAll().where('slug', '=', p('slug')),
)

/** Courses imported from one content directory, for the fast "unchanged" check. */
export function coursesFromSource(db: Db, source: string) {
  return db
    .selectFrom('courses')
    .select(['slug', 'folder', 'content_hash', 'retired'])
    .where('source', '=', source)
    .execute()
}

export type CourseFilter = { audience?: string; lang?: string; topic?: string; competency?: string }

/** The catalogue: live courses, in folder order, filtered. */
export function listCourses(db: Db, f: CourseFilter = {}) {
  let q = db.selectFrom('courses').selectAll().where('retired', '=', 0)
  if (f.audience) q = q.where('audiences', 'like', `%,${f.audience},%`)
  if (f.lang) q = q.where('languages', 'like', `%,${f.lang},%`)
  if (f.topic) q = q.where('topics', 'like', `%,${f.topic},%`)
  if (f.competency) q = q.where('competency', '=', f.competency)
  return q.orderBy('position').orderBy('slug').execute()
}

/** Every topic keyword in use, for the filter. */
export async function allTopics(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('courses').select('topics').where('retired', '=', 0).execute()
  return [...new Set(rows.flatMap((r) => r.topics.split(',').filter(Boolean)))].sort()
}

/** Inserts or replaces a course by slug. */
export async function upsertCourse(db: Db, row: Insertable<LearningTables['courses']>): Promise<void> {
  const { id: _id, slug: _slug, ...rest } = row
  await db
    .insertInto('courses')
    .values(row)
    .onConflict((oc) => oc.column('slug').doUpdateSet(rest))
    .execute()
}

/** Marks courses whose folder disappeared as retired (kept for the progress that points at them). */
export async function retireCourses(db: Db, slugs: string[]): Promise<void> {
  if (slugs.length) await db.updateTable('courses').set({ retired: 1 }).where('slug', 'in', slugs).execute()
}

/** Every version of every lesson of a course. */
export function lessonVersions(db: Db, slug: string) {
  return db.selectFrom('lessons').selectAll().where('course_slug', '=', slug).orderBy('version').execute()
}

/** The current versions of a course's lessons, in order. */
export function currentLessons(db: Db, slug: string) {
  return currentOf(db, { slug })
}
const currentOf = prepared((db, p: Holes<{ slug: string }>) =>
  db
    .selectFrom('lessons')
    .selectAll()
    .where('course_slug', '=', p('slug'))
    .where('current', '=', 1)
    .orderBy('position'),
)

const lessonById = prepared((db, p: Holes<{ id: string }>) =>
  db.selectFrom('lessons').selectAll().where('id', '=', p('id')),
)

/** One lesson version by id. */
export async function findLesson(db: Db, id: string) {
  const [lesson] = await lessonById(db, { id })
  if (lesson) return lesson
  // A fact recorded before lesson ids were made from content names the version's old id.
  return db
    .selectFrom('lesson_aliases')
    .innerJoin('lessons', 'lessons.id', 'lesson_aliases.lesson_id')
    .selectAll('lessons')
    .where('lesson_aliases.old_id', '=', id)
    .executeTakeFirst()
}

/** The current version of one lesson. */
export function currentLesson(db: Db, slug: string, key: string) {
  return db
    .selectFrom('lessons')
    .selectAll()
    .where('course_slug', '=', slug)
    .where('lesson_key', '=', key)
    .where('current', '=', 1)
    .executeTakeFirst()
}

/** Adds a lesson version with its texts and quizzes. */
export async function insertLesson(
  db: Db,
  row: Insertable<LearningTables['lessons']>,
  texts: Insertable<LearningTables['lesson_texts']>[],
  quizzes: Insertable<LearningTables['lesson_quizzes']>[],
): Promise<void> {
  await db.insertInto('lessons').values(row).execute()
  if (texts.length) await db.insertInto('lesson_texts').values(texts).execute()
  if (quizzes.length) await db.insertInto('lesson_quizzes').values(quizzes).execute()
}

/** Updates the order and the current flag of a lesson version. */
export async function setLessonState(
  db: Db,
  id: string,
  state: { position?: number; current: number; hlc: string },
) {
  await db.updateTable('lessons').set(state).where('id', '=', id).execute()
}

/** Titles (per language) of many lesson versions. */
export function textsOf(db: Db, lessonIds: string[]) {
  if (!lessonIds.length) return Promise.resolve([] as LessonTextRow[])
  return db.selectFrom('lesson_texts').selectAll().where('lesson_id', 'in', lessonIds).execute()
}

/** Titles and dates only (no bodies), for lists and the translation status. */
export function titlesOf(db: Db, lessonIds: string[]) {
  if (!lessonIds.length) return Promise.resolve([])
  return db
    .selectFrom('lesson_texts')
    .select(['lesson_id', 'lang', 'title', 'updated', 'minutes', 'file'])
    .where('lesson_id', 'in', lessonIds)
    .execute()
}

/** The quiz of a lesson version in each language it exists in. */
export function quizzesOf(db: Db, lessonIds: string[]) {
  if (!lessonIds.length) return Promise.resolve([])
  return db.selectFrom('lesson_quizzes').selectAll().where('lesson_id', 'in', lessonIds).execute()
}
