import { z } from 'zod'
import type { Db } from '../../core/db.ts'
import { AppError, notFound } from '../../core/errors.ts'
import { emit } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { defineFactKind, type StoredFact, storeFact } from '../facts/facts.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import * as catalogue from './catalogue.store.ts'
import { pick } from './content-lang.ts'
import {
  type Answer,
  CONTENT_LANGS,
  type ContentLang,
  type LangMap,
  type Question,
  withSourcePictures,
} from './learning.types.ts'
import * as store from './progress.store.ts'
import { scoreQuiz, unknownAnswers } from './quiz.ts'

/**
 * The learning facts. A fact names the exact lesson version the learner saw (its id), so a quiz
 * is scored against the questions that were on the screen even after the lesson changed; progress
 * is kept per lesson across versions. Course completion is a fact made here, once, in the same
 * transaction as the fact that completed the course.
 */
const id = z.string().uuid('must be the id of a lesson version')
const lang = z.enum(CONTENT_LANGS)
export const lessonFactSchema = z.object({ lesson_id: id, lang }).strict()
const answer = z.union([z.string().max(40), z.array(z.string().max(40)).max(50), z.boolean()])
export const quizFactSchema = z
  .object({ lesson_id: id, lang, answers: z.record(z.string().max(40), answer) })
  .strict()
  .refine((d) => Object.keys(d.answers).length <= 100, { path: ['answers'], message: 'at most 100 answers' })
export const completionFactSchema = z.object({ course: z.string().max(80), lang }).strict()

export type LessonFact = z.infer<typeof lessonFactSchema>
export type QuizFact = z.infer<typeof quizFactSchema>

export const LEARNING_KINDS = [
  'lesson_opened',
  'lesson_completed',
  'quiz_attempt',
  'course_completed',
] as const

type LessonOf = {
  lesson: NonNullable<Awaited<ReturnType<typeof catalogue.findLesson>>>
  course: NonNullable<Awaited<ReturnType<typeof catalogue.findCourse>>>
}
/** What a transaction has read of lessons: a fact's check and its effects read the same one. */
const readIn = new WeakMap<Db, Map<string, LessonOf>>()

async function lessonOf(db: Db, lessonId: string): Promise<LessonOf> {
  const seen = db.isTransaction ? readIn.get(db) : undefined
  const known = seen?.get(lessonId)
  if (known) return known
  const lesson = await catalogue.findLesson(db, lessonId)
  if (!lesson) throw notFound(`lesson_id: lesson ${lessonId}`)
  const course = await catalogue.findCourse(db, lesson.course_slug)
  if (!course) throw notFound(`course ${lesson.course_slug}`)
  const found = { lesson, course }
  if (db.isTransaction) {
    const m = seen ?? new Map<string, LessonOf>()
    // A sync page may name many lessons; a few are kept, which is all one fact needs.
    if (m.size >= 64) m.clear()
    m.set(lessonId, found)
    readIn.set(db, m)
  }
  return found
}

/** The quiz questions of a lesson version (Vietnamese: translations share ids and answers). */
export async function questionsOf(db: Db, lessonId: string, lang = 'vi'): Promise<Question[] | null> {
  const rows = await catalogue.quizzesOf(db, [lessonId])
  const source = rows.find((r) => r.lang === 'vi')
  const row = rows.find((r) => r.lang === lang) ?? source
  if (!row) return null
  const questions = JSON.parse(row.questions) as Question[]
  // A translation without pictures of its own shows the Vietnamese quiz's (they carry no language).
  return source && row !== source
    ? withSourcePictures(questions, JSON.parse(source.questions) as Question[])
    : questions
}

async function learner(user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to record your learning')
  return { subjectId: user.id, placeCode: user.placeCode }
}

/** The course row follows the person's latest activity (one upsert, `touchCourse`). */
async function touch(tx: TxCtx, f: StoredFact<LessonFact>, slug: string, key: string) {
  await store.touchCourse(tx.db, {
    account_id: f.subjectId!,
    course_slug: slug,
    lesson_key: key,
    at: f.occurredAt,
  })
}

function event(f: StoredFact<{ lang: string }>, slug: string, key: string | null, lessonId: string | null) {
  return {
    fact_id: f.id,
    kind: f.kind,
    account_id: f.subjectId!,
    place_code: f.placeCode,
    course_slug: slug,
    lesson_key: key,
    lesson_id: lessonId,
    lang: f.data.lang,
    occurred_at: f.occurredAt,
    stored_at: f.recordedAt,
    score: null,
    correct: null,
    total: null,
    passed: null,
    answers: null,
  }
}

async function applyLesson(tx: TxCtx, f: StoredFact<LessonFact>) {
  const { lesson, course } = await lessonOf(tx.db, f.data.lesson_id)
  if (f.kind === 'lesson_opened') {
    // The commonest fact: each row merged in one statement.
    await store.openedLesson(tx.db, {
      account_id: f.subjectId!,
      course_slug: course.slug,
      lesson_key: lesson.lesson_key,
      lesson_id: lesson.id,
      at: f.occurredAt,
      now: f.recordedAt,
    })
    await touch(tx, f, course.slug, lesson.lesson_key)
    await store.insertEvent(tx.db, event(f, course.slug, lesson.lesson_key, lesson.id))
    return
  }
  const p = await store.lockProgress(tx.db, {
    account_id: f.subjectId!,
    course_slug: course.slug,
    lesson_key: lesson.lesson_key,
    lesson_id: lesson.id,
    now: f.recordedAt,
  })
  const at = f.occurredAt
  if (!p.completed_at || at < p.completed_at) p.completed_at = at
  p.updated_at = f.recordedAt
  await store.saveProgress(tx.db, p)
  await touch(tx, f, course.slug, lesson.lesson_key)
  await store.insertEvent(tx.db, event(f, course.slug, lesson.lesson_key, lesson.id))
  if (f.kind === 'lesson_completed') await completeIfDone(tx, f, course.slug)
}

/**
 * Many `lesson_opened` facts at once (a group of views, decision 0202; a sync page): the rows
 * `applyLesson` makes for each, in three statements instead of three a fact.
 */
async function applyOpenedMany(tx: TxCtx, facts: StoredFact<LessonFact>[]) {
  const opened: store.Opened[] = []
  const touched: { account_id: string; course_slug: string; lesson_key: string; at: string }[] = []
  const events: store.EventRow[] = []
  for (const f of facts) {
    const { lesson, course } = await lessonOf(tx.db, f.data.lesson_id)
    const who = { account_id: f.subjectId!, course_slug: course.slug, lesson_key: lesson.lesson_key }
    opened.push({ ...who, lesson_id: lesson.id, at: f.occurredAt, now: f.recordedAt })
    touched.push({ ...who, at: f.occurredAt })
    events.push(event(f, course.slug, lesson.lesson_key, lesson.id))
  }
  await store.openedLessons(tx.db, opened)
  await store.touchCourses(tx.db, touched)
  await store.insertEvents(tx.db, events)
}

async function applyQuiz(tx: TxCtx, f: StoredFact<QuizFact>) {
  const { lesson, course } = await lessonOf(tx.db, f.data.lesson_id)
  const questions = (await questionsOf(tx.db, lesson.id)) ?? []
  const s = scoreQuiz(questions, f.data.answers as Record<string, Answer>)
  const passed = s.score >= course.pass_mark
  const p = await store.lockProgress(tx.db, {
    account_id: f.subjectId!,
    course_slug: course.slug,
    lesson_key: lesson.lesson_key,
    lesson_id: lesson.id,
    now: f.recordedAt,
  })
  p.quiz_attempts += 1
  p.quiz_best_score = Math.max(p.quiz_best_score ?? 0, s.score)
  if (passed && (!p.quiz_passed_at || f.occurredAt < p.quiz_passed_at)) p.quiz_passed_at = f.occurredAt
  p.updated_at = f.recordedAt
  await store.saveProgress(tx.db, p)
  await touch(tx, f, course.slug, lesson.lesson_key)
  await store.insertEvent(tx.db, {
    ...event(f, course.slug, lesson.lesson_key, lesson.id),
    score: s.score,
    correct: s.correct,
    total: s.total,
    passed: passed ? 1 : 0,
    answers: JSON.stringify(f.data.answers),
  })
  if (passed) await completeIfDone(tx, f, course.slug)
}

/**
 * Makes the course_completed fact when every current lesson is completed and every quiz passed.
 * The course progress row is locked first, so however many facts arrive at once, one completes.
 */
async function completeIfDone(tx: TxCtx, f: StoredFact<{ lang: string }>, slug: string) {
  // Facts received from another node: that node made the completion, which arrives with them.
  if (tx.replica) return
  const accountId = f.subjectId!
  const cp = await store.lockCourseProgress(tx.db, accountId, slug, f.occurredAt)
  if (cp.completed_at) return
  const lessons = await catalogue.currentLessons(tx.db, slug)
  const progress = new Map((await store.progressOf(tx.db, accountId, slug)).map((p) => [p.lesson_key, p]))
  const done = lessons.every((l) => {
    const p = progress.get(l.lesson_key)
    return !!p?.completed_at && (!l.has_quiz || !!p.quiz_passed_at)
  })
  if (!lessons.length || !done) return
  const fact: StoredFact<{ course: string; lang: string }> = {
    id: uuidv7(),
    kind: 'course_completed',
    originNode: tx.nodeId,
    actorId: null,
    subjectId: accountId,
    placeCode: f.placeCode,
    occurredAt: f.occurredAt,
    recordedAt: tx.now().toISOString(),
    data: { course: slug, lang: f.data.lang },
    corrects: null,
  }
  // Stored like any fact: its kind's `apply` (below) records the completion on the row locked above.
  await storeFact(tx, fact)
}

async function recordCompletion(
  tx: TxCtx,
  fact: StoredFact<{ course: string; lang: string }>,
  cp: store.CourseProgressRow,
) {
  cp.completed_at = fact.occurredAt
  cp.completion_fact_id = fact.id
  await store.saveCourseProgress(tx.db, cp)
  await store.insertEvent(tx.db, event(fact, fact.data.course, null, null))
  const course = await catalogue.findCourse(tx.db, fact.data.course)
  const lang = fact.data.lang as ContentLang
  await emit(tx, 'course.completed', {
    accountId: fact.subjectId!,
    courseSlug: fact.data.course,
    lang: fact.data.lang,
    completedAt: fact.occurredAt,
    factId: fact.id,
    ...(course
      ? {
          courseTitle: pick(JSON.parse(course.titles) as LangMap, lang).text,
          courseSummary: pick(JSON.parse(course.summaries) as LangMap, lang).text,
          competency: course.competency,
          level: course.level,
        }
      : {}),
  })
}

export const lessonOpenedFact = defineFactKind({
  kind: 'lesson_opened',
  data: lessonFactSchema,
  authorize: async (ctx, user, d) => {
    const who = await learner(user)
    await lessonOf(ctx.db, d.lesson_id)
    return who
  },
  apply: applyLesson,
  applyMany: applyOpenedMany,
})

export const lessonCompletedFact = defineFactKind({
  kind: 'lesson_completed',
  data: lessonFactSchema,
  authorize: async (ctx, user, d) => {
    const who = await learner(user)
    await lessonOf(ctx.db, d.lesson_id)
    return who
  },
  apply: applyLesson,
})

export const quizAttemptFact = defineFactKind({
  kind: 'quiz_attempt',
  data: quizFactSchema,
  authorize: async (ctx, user, d) => {
    const who = await learner(user)
    await lessonOf(ctx.db, d.lesson_id)
    const questions = await questionsOf(ctx.db, d.lesson_id)
    if (!questions) throw new AppError('validation', 'lesson_id: this lesson has no quiz')
    const bad = unknownAnswers(questions, d.answers as Record<string, Answer>)
    if (bad.length) throw new AppError('validation', bad.join('; '))
    return who
  },
  apply: applyQuiz,
})

// Made only by the server (above) or replicated from another node, never sent by a client.
export const courseCompletedFact = defineFactKind({
  kind: 'course_completed',
  data: completionFactSchema,
  authorize: async () => {
    throw new AppError(
      'forbidden',
      'kind: course_completed is recorded by the server when a course is completed',
    )
  },
  apply: async (tx, fact) => {
    const cp = await store.lockCourseProgress(tx.db, fact.subjectId!, fact.data.course, fact.occurredAt)
    if (!cp.completed_at) await recordCompletion(tx, fact, cp)
  },
})
