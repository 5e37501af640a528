import type { Ctx } from '../../core/context.ts'
import { type Holes, prepared } from '../../core/db.ts'
import { notFound, validationError } from '../../core/errors.ts'
import { type PublicReads, publicReads } from '../../core/public-stamp.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { courseDetail } from './catalogue.service.ts'
import * as store from './catalogue.store.ts'
import { type ContentLang, SOURCE_LANG } from './learning.types.ts'
import { questionsOf } from './progress.facts.ts'
import * as progress from './progress.store.ts'

/** A lesson version's text in a language and in Vietnamese (one row when they are the same). */
const textsOf = prepared((db, p: Holes<{ id: string; lang: string }>) =>
  db
    .selectFrom('lesson_texts')
    .selectAll()
    .where('lesson_id', '=', p('id'))
    .where('lang', 'in', [p('lang'), SOURCE_LANG]),
)

/** A lesson in the reader's language, or in Vietnamese (`fallback`), with its place in the course. */
export async function lessonPage(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  key: string,
  lang: ContentLang,
  reads: PublicReads = publicReads(ctx),
) {
  const detail = await courseDetail(ctx, user, slug, lang, reads)
  const i = detail.lessons.findIndex((l) => l.key === key)
  if (i < 0) throw notFound(`lesson ${slug}/${key}`)
  const lesson = detail.lessons[i]!
  const texts = await reads(`texts:${lesson.id}:${lang}`, () => textsOf(ctx.db, { id: lesson.id, lang }))
  const text = texts.find((t) => t.lang === lang) ?? texts.find((t) => t.lang === SOURCE_LANG)
  if (!text) throw notFound(`lesson ${slug}/${key}`)
  return {
    ...detail,
    lesson,
    text,
    fallback: text.lang !== lang,
    prev: detail.lessons[i - 1] ?? null,
    next: detail.lessons[i + 1] ?? null,
  }
}
export type LessonPage = Awaited<ReturnType<typeof lessonPage>>

/** The quiz of a lesson in the reader's language, or in Vietnamese. */
export async function quizPage(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  key: string,
  lang: ContentLang,
) {
  const page = await lessonPage(ctx, user, slug, key, lang)
  if (!page.lesson.hasQuiz) throw notFound(`quiz of ${slug}/${key}`)
  const rows = await store.quizzesOf(ctx.db, [page.lesson.id])
  const row = rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === SOURCE_LANG)!
  return {
    ...page,
    questions: (await questionsOf(ctx.db, page.lesson.id, row.lang))!,
    quizLang: row.lang as ContentLang,
    quizFallback: row.lang !== lang,
  }
}
export type QuizPage = Awaited<ReturnType<typeof quizPage>>

/** One of the person's own quiz attempts, with the questions it answered; 404 for anyone else's. */
export async function attemptResult(ctx: Ctx, user: CurrentUser, factId: string, lang: ContentLang) {
  const ev = await progress.findEvent(ctx.db, factId)
  if (!ev || ev.kind !== 'quiz_attempt' || ev.account_id !== user.id) throw notFound(`attempt ${factId}`)
  const questions = (await questionsOf(ctx.db, ev.lesson_id!, lang)) ?? []
  const detail = await courseDetail(ctx, user, ev.course_slug, lang)
  const i = detail.lessons.findIndex((l) => l.key === ev.lesson_key)
  return {
    event: ev,
    answers: JSON.parse(ev.answers ?? '{}') as Record<string, string | string[] | boolean>,
    questions,
    detail,
    lesson: detail.lessons[i] ?? null,
    next: i >= 0 ? (detail.lessons[i + 1] ?? null) : null,
  }
}

/** "My learning": the person's courses, most recent first, with where to resume. */
export async function myLearning(ctx: Ctx, user: CurrentUser, lang: ContentLang) {
  const mine = await progress.coursesOf(ctx.db, user.id)
  const out = []
  for (const p of mine) {
    const row = await store.findCourse(ctx.db, p.course_slug)
    if (!row || row.retired) continue
    out.push({ progress: p, detail: await courseDetail(ctx, user, p.course_slug, lang) })
  }
  return out
}

/** Refuses (400) a lesson version id that is not a version of this course's lesson. */
export async function assertVersionOf(ctx: Ctx, lessonId: string, slug: string, key: string): Promise<void> {
  const row = await store.findLesson(ctx.db, lessonId)
  if (!row || row.course_slug !== slug || row.lesson_key !== key)
    throw validationError('lesson_id', `is not a version of lesson ${slug}/${key}`)
}
