import type { Db } from '../../core/db.ts'

/**
 * A person's course and lesson progress, for the export of their data. Progress rows are
 * projections of the learning facts and hold only the account id, so erasure leaves them: they
 * keep the counts right and name nobody once the account is blanked.
 */
export async function progressOf(db: Db, accountId: string) {
  const courses = await db
    .selectFrom('course_progress')
    .select(['course_slug', 'started_at', 'last_activity_at', 'last_lesson_key', 'completed_at'])
    .where('account_id', '=', accountId)
    .orderBy('started_at')
    .execute()
  const lessons = await db
    .selectFrom('learning_progress')
    .select([
      'course_slug',
      'lesson_key',
      'first_opened_at',
      'last_opened_at',
      'completed_at',
      'quiz_attempts',
      'quiz_best_score',
      'quiz_passed_at',
    ])
    .where('account_id', '=', accountId)
    .orderBy('course_slug')
    .orderBy('lesson_key')
    .execute()
  return { courses, lessons }
}
