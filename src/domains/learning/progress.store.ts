import { type Insertable, type Selectable, sql } from 'kysely'
import { type Db, type Holes, prepared, preparedRows } from '../../core/db.ts'
import type { LearningTables } from './learning.tables.ts'

export type ProgressRow = Selectable<LearningTables['learning_progress']>
export type CourseProgressRow = Selectable<LearningTables['course_progress']>
export type EventRow = Selectable<LearningTables['learning_events']>

/**
 * The progress row of a person and lesson, created empty if missing and locked on PostgreSQL,
 * so two facts of the same person applied at once cannot lose an update. One statement: inserted,
 * or left as it is (a write of a column to itself, which on PostgreSQL locks the row as `for
 * update` would), and returned either way.
 */
export async function lockProgress(
  db: Db,
  key: { account_id: string; course_slug: string; lesson_key: string; lesson_id: string; now: string },
): Promise<ProgressRow> {
  const [row] = await upsertProgress(db, key)
  return row!
}
type ProgressKey = {
  account_id: string
  course_slug: string
  lesson_key: string
  lesson_id: string
  now: string
}
const upsertProgress = prepared((db, p: Holes<ProgressKey>) =>
  db
    .insertInto('learning_progress')
    .values({
      account_id: p('account_id'),
      course_slug: p('course_slug'),
      lesson_key: p('lesson_key'),
      lesson_id: p('lesson_id'),
      quiz_attempts: 0,
      updated_at: p('now'),
    })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'course_slug', 'lesson_key'])
        .doUpdateSet((eb) => ({ updated_at: eb.ref('learning_progress.updated_at') })),
    )
    .returningAll(),
)

/** Writes back a progress row changed by a fact. */
export async function saveProgress(db: Db, row: ProgressRow): Promise<void> {
  await updateProgress(db, row)
}
const updateProgress = prepared((db, p: Holes<ProgressRow>) =>
  db
    .updateTable('learning_progress')
    .set({
      lesson_id: p('lesson_id'),
      first_opened_at: p('first_opened_at'),
      last_opened_at: p('last_opened_at'),
      completed_at: p('completed_at'),
      quiz_attempts: p('quiz_attempts'),
      quiz_best_score: p('quiz_best_score'),
      quiz_passed_at: p('quiz_passed_at'),
      updated_at: p('updated_at'),
    })
    .where('account_id', '=', p('account_id'))
    .where('course_slug', '=', p('course_slug'))
    .where('lesson_key', '=', p('lesson_key')),
)

/** The course row of a person, created if missing and locked on PostgreSQL (completion is made once). */
export async function lockCourseProgress(
  db: Db,
  accountId: string,
  slug: string,
  at: string,
): Promise<CourseProgressRow> {
  // As lockProgress: one upsert that locks the row on PostgreSQL and returns it.
  const [row] = await upsertCourseProgress(db, { account_id: accountId, course_slug: slug, at })
  return row!
}
const upsertCourseProgress = prepared(
  (db, p: Holes<{ account_id: string; course_slug: string; at: string }>) =>
    db
      .insertInto('course_progress')
      .values({
        account_id: p('account_id'),
        course_slug: p('course_slug'),
        last_activity_at: p('at'),
        started_at: p('at'),
      })
      .onConflict((oc) =>
        oc
          .columns(['account_id', 'course_slug'])
          .doUpdateSet((eb) => ({ started_at: eb.ref('course_progress.started_at') })),
      )
      .returningAll(),
)

/**
 * A lesson opened at `at`: the progress row made or merged in one statement (the earliest opening
 * and the latest, with the version seen at the latest), as `lockProgress` and `saveProgress` would
 * do in two. The row is locked on PostgreSQL by the update, as by theirs.
 */
export async function openedLesson(db: Db, row: Opened): Promise<void> {
  await openedLessons(db, [row])
}
const later = sql<boolean>`learning_progress.last_opened_at is null or excluded.last_opened_at > learning_progress.last_opened_at`

/** A lesson opened: who, which lesson version, when (`at`) and when it was stored (`now`). */
export type Opened = {
  account_id: string
  course_slug: string
  lesson_key: string
  lesson_id: string
  at: string
  now: string
}

/**
 * Many lesson openings (a group of views, a sync page): the same rows as `openedLesson` on each in
 * turn, in one statement per 64 rows. The openings of one person and lesson are merged first as the
 * statement merges them into the row (PostgreSQL refuses to update a row twice in one statement),
 * and the rows go in key order, so two writers lock them in the same order.
 */
export async function openedLessons(db: Db, rows: readonly Opened[]): Promise<void> {
  const merged = new Map<string, OpenedRow>()
  for (const r of rows) {
    const key = `${r.account_id}\u0000${r.course_slug}\u0000${r.lesson_key}`
    const m = merged.get(key)
    if (!m) {
      merged.set(key, {
        account_id: r.account_id,
        course_slug: r.course_slug,
        lesson_key: r.lesson_key,
        lesson_id: r.lesson_id,
        first_opened_at: r.at,
        last_opened_at: r.at,
        updated_at: r.now,
      })
      continue
    }
    if (r.at < m.first_opened_at) m.first_opened_at = r.at
    if (r.at > m.last_opened_at) {
      m.last_opened_at = r.at
      m.lesson_id = r.lesson_id
    }
    m.updated_at = r.now
  }
  await upsertOpenedRows(db, inKeyOrder(merged))
}
type OpenedRow = {
  account_id: string
  course_slug: string
  lesson_key: string
  lesson_id: string
  first_opened_at: string
  last_opened_at: string
  updated_at: string
}
const upsertOpenedRows = preparedRows<OpenedRow>(
  ['account_id', 'course_slug', 'lesson_key', 'lesson_id', 'first_opened_at', 'last_opened_at', 'updated_at'],
  64,
  (db, rows) =>
    db
      .insertInto('learning_progress')
      .values(rows.map((r) => ({ ...r, quiz_attempts: 0 })))
      .onConflict((oc) =>
        oc.columns(['account_id', 'course_slug', 'lesson_key']).doUpdateSet({
          first_opened_at: sql<string>`case when learning_progress.first_opened_at is null or excluded.first_opened_at < learning_progress.first_opened_at then excluded.first_opened_at else learning_progress.first_opened_at end`,
          last_opened_at: sql<string>`case when ${later} then excluded.last_opened_at else learning_progress.last_opened_at end`,
          lesson_id: sql<string>`case when ${later} then excluded.lesson_id else learning_progress.lesson_id end`,
          updated_at: sql<string>`excluded.updated_at`,
        }),
      ),
)

/** The values of a map of rows, ordered by their keys. */
function inKeyOrder<R>(rows: Map<string, R>): R[] {
  return [...rows.keys()].sort().map((k) => rows.get(k)!)
}

/**
 * Many people's activity on courses: the same rows as `touchCourse` on each in turn, merged per
 * person and course first (the latest activity, its lesson on a tie the last given, the earliest
 * start), in key order, one statement per 64 rows.
 */
export async function touchCourses(
  db: Db,
  rows: readonly { account_id: string; course_slug: string; lesson_key: string; at: string }[],
): Promise<void> {
  const merged = new Map<string, TouchRow>()
  for (const r of rows) {
    const key = `${r.account_id}\u0000${r.course_slug}`
    const m = merged.get(key)
    if (!m) {
      merged.set(key, {
        account_id: r.account_id,
        course_slug: r.course_slug,
        last_lesson_key: r.lesson_key,
        last_activity_at: r.at,
        started_at: r.at,
      })
      continue
    }
    if (r.at >= m.last_activity_at) {
      m.last_lesson_key = r.lesson_key
      m.last_activity_at = r.at
    }
    if (r.at < m.started_at) m.started_at = r.at
  }
  await upsertTouchRows(db, inKeyOrder(merged))
}
type TouchRow = {
  account_id: string
  course_slug: string
  last_lesson_key: string
  last_activity_at: string
  started_at: string
}
const upsertTouchRows = preparedRows<TouchRow>(
  ['account_id', 'course_slug', 'last_lesson_key', 'last_activity_at', 'started_at'],
  64,
  (db, rows) =>
    db
      .insertInto('course_progress')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['account_id', 'course_slug']).doUpdateSet({
          last_lesson_key: sql<string>`case when ${newer} then excluded.last_lesson_key else course_progress.last_lesson_key end`,
          last_activity_at: sql<string>`case when ${newer} then excluded.last_activity_at else course_progress.last_activity_at end`,
          started_at: sql<string>`case when excluded.started_at < course_progress.started_at then excluded.started_at else course_progress.started_at end`,
        }),
      ),
)

/**
 * A person's activity on a course at `at` in lesson `lesson_key`: the course row made or merged in
 * one statement (the lesson of the latest activity, the earliest start), as `lockCourseProgress`
 * and `saveCourseProgress` would do in two.
 */
export async function touchCourse(
  db: Db,
  row: { account_id: string; course_slug: string; lesson_key: string; at: string },
): Promise<void> {
  await touchCourses(db, [row])
}
const newer = sql<boolean>`excluded.last_activity_at >= course_progress.last_activity_at or course_progress.last_lesson_key is null`

/** Writes back a course progress row. */
export async function saveCourseProgress(db: Db, row: CourseProgressRow): Promise<void> {
  await updateCourseProgress(db, row)
}
const updateCourseProgress = prepared((db, p: Holes<CourseProgressRow>) =>
  db
    .updateTable('course_progress')
    .set({
      last_lesson_key: p('last_lesson_key'),
      last_activity_at: p('last_activity_at'),
      started_at: p('started_at'),
      completed_at: p('completed_at'),
      completion_fact_id: p('completion_fact_id'),
    })
    .where('account_id', '=', p('account_id'))
    .where('course_slug', '=', p('course_slug')),
)

/** A person's progress on every lesson of a course. */
export function progressOf(db: Db, accountId: string, slug: string) {
  return progressRows(db, { accountId, slug })
}
const progressRows = prepared((db, p: Holes<{ accountId: string; slug: string }>) =>
  db
    .selectFrom('learning_progress')
    .selectAll()
    .where('account_id', '=', p('accountId'))
    .where('course_slug', '=', p('slug')),
)

/**
 * A person's progress on a course and on each of its lessons, in one query (a signed-in course or
 * lesson page reads both; on PostgreSQL a round trip each): one row with no lesson when they have
 * none, the course's columns on every row (`course_*`, null when they never started it).
 */
export async function courseAndLessonsOf(
  db: Db,
  accountId: string,
  slug: string,
): Promise<{ course: CourseProgressRow | undefined; lessons: ProgressRow[] }> {
  const rows = await bothRows(db, { accountId, slug })
  const first = rows[0]
  const course: CourseProgressRow | undefined =
    first?.course_started_at == null
      ? undefined
      : {
          account_id: accountId,
          course_slug: slug,
          last_lesson_key: first.course_last_lesson_key,
          last_activity_at: first.course_last_activity_at!,
          started_at: first.course_started_at,
          completed_at: first.course_completed_at,
          completion_fact_id: first.course_completion_fact_id,
        }
  const lessons: ProgressRow[] = []
  for (const r of rows)
    if (r.lesson_key != null)
      lessons.push({
        account_id: accountId,
        course_slug: slug,
        lesson_key: r.lesson_key,
        lesson_id: r.lesson_id!,
        first_opened_at: r.first_opened_at,
        last_opened_at: r.last_opened_at,
        completed_at: r.completed_at,
        quiz_attempts: r.quiz_attempts!,
        quiz_best_score: r.quiz_best_score,
        quiz_passed_at: r.quiz_passed_at,
        updated_at: r.updated_at!,
      })
  return { course, lessons }
}
const bothRows = prepared((db, p: Holes<{ accountId: string; slug: string }>) =>
  db
    .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('x'))
    .leftJoin('course_progress as c', (j) =>
      j.on('c.account_id', '=', p('accountId')).on('c.course_slug', '=', p('slug')),
    )
    .leftJoin('learning_progress as l', (j) =>
      j.on('l.account_id', '=', p('accountId')).on('l.course_slug', '=', p('slug')),
    )
    .select([
      'c.last_lesson_key as course_last_lesson_key',
      'c.last_activity_at as course_last_activity_at',
      'c.started_at as course_started_at',
      'c.completed_at as course_completed_at',
      'c.completion_fact_id as course_completion_fact_id',
      'l.lesson_key',
      'l.lesson_id',
      'l.first_opened_at',
      'l.last_opened_at',
      'l.completed_at',
      'l.quiz_attempts',
      'l.quiz_best_score',
      'l.quiz_passed_at',
      'l.updated_at',
    ]),
)

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
  await insertEventRow(db, {
    ...row,
    place_code: row.place_code ?? null,
    lesson_key: row.lesson_key ?? null,
    lesson_id: row.lesson_id ?? null,
    score: row.score ?? null,
    correct: row.correct ?? null,
    total: row.total ?? null,
    passed: row.passed ?? null,
    answers: row.answers ?? null,
  })
}
const insertEventRow = prepared((db, p: Holes<EventRow>) =>
  db.insertInto('learning_events').values({
    fact_id: p('fact_id'),
    kind: p('kind'),
    account_id: p('account_id'),
    place_code: p('place_code'),
    course_slug: p('course_slug'),
    lesson_key: p('lesson_key'),
    lesson_id: p('lesson_id'),
    lang: p('lang'),
    occurred_at: p('occurred_at'),
    stored_at: p('stored_at'),
    score: p('score'),
    correct: p('correct'),
    total: p('total'),
    passed: p('passed'),
    answers: p('answers'),
  }),
)

/** Many learning events at once (a group of views, a sync page), one statement per 64. */
export async function insertEvents(db: Db, rows: readonly EventRow[]): Promise<void> {
  await insertEventRows(db, rows)
}
const insertEventRows = preparedRows<EventRow>(
  [
    'fact_id',
    'kind',
    'account_id',
    'place_code',
    'course_slug',
    'lesson_key',
    'lesson_id',
    'lang',
    'occurred_at',
    'stored_at',
    'score',
    'correct',
    'total',
    'passed',
    'answers',
  ],
  64,
  (db, rows) => db.insertInto('learning_events').values(rows),
)

/** One learning event (a quiz attempt for its result page). */
export function findEvent(db: Db, factId: string) {
  return db.selectFrom('learning_events').selectAll().where('fact_id', '=', factId).executeTakeFirst()
}
