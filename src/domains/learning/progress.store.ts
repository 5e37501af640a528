import type { Insertable, Selectable } from 'kysely'
import type { Db, Dialect } from '../../core/db.ts'
import type { LearningTables } from './learning.tables.ts'

export type ProgressRow = Selectable<LearningTables['learning_progress']>
export type CourseProgressRow = Selectable<LearningTables['course_progress']>
export type EventRow = Selectable<LearningTables['learning_events']>

/**
 * The progress row of a person and lesson, created empty if missing and locked on PostgreSQL,
 * so two facts of the same person applied at once cannot lose an update.
 */
export async function lockProgress(
  db: Db,
  dialect: Dialect,
  key: { account_id: string; course_slug: string; lesson_key: string; lesson_id: string; now: string },
): Promise<ProgressRow> {
  const { now, ...k } = key
  await db
    .insertInto('learning_progress')
    .values({ ...k, quiz_attempts: 0, updated_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'course_slug', 'lesson_key']).doNothing())
    .execute()
  return db
    .selectFrom('learning_progress')
    .selectAll()
    .where('account_id', '=', k.account_id)
    .where('course_slug', '=', k.course_slug)
    .where('lesson_key', '=', k.lesson_key)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow()
}

/** Writes back a progress row changed by a fact. */
export async function saveProgress(db: Db, row: ProgressRow): Promise<void> {
  const { account_id, course_slug, lesson_key, ...rest } = row
  await db
    .updateTable('learning_progress')
    .set(rest)
    .where('account_id', '=', account_id)
    .where('course_slug', '=', course_slug)
    .where('lesson_key', '=', lesson_key)
    .execute()
}

/** The course row of a person, created if missing and locked on PostgreSQL (completion is made once). */
export async function lockCourseProgress(
  db: Db,
  dialect: Dialect,
  accountId: string,
  slug: string,
  at: string,
): Promise<CourseProgressRow> {
  await db
    .insertInto('course_progress')
    .values({ account_id: accountId, course_slug: slug, last_activity_at: at, started_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'course_slug']).doNothing())
    .execute()
  return db
    .selectFrom('course_progress')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('course_slug', '=', slug)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow()
}

/** Writes back a course progress row. */
export async function saveCourseProgress(db: Db, row: CourseProgressRow): Promise<void> {
  const { account_id, course_slug, ...rest } = row
  await db
    .updateTable('course_progress')
    .set(rest)
    .where('account_id', '=', account_id)
    .where('course_slug', '=', course_slug)
    .execute()
}

/** A person's progress on every lesson of a course. */
export function progressOf(db: Db, accountId: string, slug: string) {
  return db
    .selectFrom('learning_progress')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('course_slug', '=', slug)
    .execute()
}

/** A person's courses, most recent first. */
export function coursesOf(db: Db, accountId: string) {
  return db
    .selectFrom('course_progress')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('last_activity_at', 'desc')
    .execute()
}

/** Count of completed lessons per course for a person. */
export async function completedCounts(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('learning_progress')
    .select(['course_slug', (eb) => eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId)
    .where('completed_at', 'is not', null)
    .groupBy('course_slug')
    .execute()
  return new Map(rows.map((r) => [r.course_slug, Number(r.n)]))
}

/** Records the projection of one learning fact. */
export async function insertEvent(db: Db, row: Insertable<LearningTables['learning_events']>): Promise<void> {
  await db.insertInto('learning_events').values(row).execute()
}

/** One learning event (a quiz attempt for its result page). */
export function findEvent(db: Db, factId: string) {
  return db.selectFrom('learning_events').selectAll().where('fact_id', '=', factId).executeTakeFirst()
}
