import type { Ctx } from '../../core/context.ts'
import { notFound } from '../../core/errors.ts'
import { type PublicReads, publicReads } from '../../core/public-stamp.ts'
import type { CurrentUser } from '../people/people.types.ts'
import * as store from './catalogue.store.ts'
import { type Picked, pick } from './content-lang.ts'
import type { ContentLang, LangMap } from './learning.types.ts'
import * as progress from './progress.store.ts'

/** A course as the catalogue shows it, in the reader's language when it exists. */
export type CourseCard = {
  slug: string
  title: Picked
  summary: Picked
  audiences: string[]
  topics: string[]
  languages: string[]
  competency: string
  level: string
  minutes: number
  lessonCount: number
  /** The signed-in person's progress, when they started the course. */
  done: number
  completed: boolean
  started: boolean
}

const list = (framed: string) => framed.split(',').filter(Boolean)

function card(c: store.CourseRow, lang: ContentLang): CourseCard {
  return {
    slug: c.slug,
    title: pick(JSON.parse(c.titles) as LangMap, lang),
    summary: pick(JSON.parse(c.summaries) as LangMap, lang),
    audiences: list(c.audiences),
    topics: list(c.topics),
    languages: list(c.languages),
    competency: c.competency,
    level: c.level,
    minutes: c.minutes,
    lessonCount: (JSON.parse(c.lesson_keys) as string[]).length,
    done: 0,
    completed: false,
    started: false,
  }
}

/** The catalogue, filtered, with the person's progress on each course. */
export async function catalogue(
  ctx: Ctx,
  user: CurrentUser | null,
  filter: store.CourseFilter,
  lang: ContentLang,
): Promise<{ courses: CourseCard[]; topics: string[] }> {
  const rows = await store.listCourses(ctx.db, filter)
  const courses = rows.map((r) => card(r, lang))
  if (user) {
    const mine = new Map((await progress.coursesOf(ctx.db, user.id)).map((p) => [p.course_slug, p]))
    const counts = await progress.completedCounts(ctx.db, user.id)
    for (const c of courses) {
      c.started = mine.has(c.slug)
      c.completed = !!mine.get(c.slug)?.completed_at
      c.done = Math.min(counts.get(c.slug) ?? 0, c.lessonCount)
    }
  }
  return { courses, topics: await store.allTopics(ctx.db) }
}

/** One lesson of a course page, with the person's state on it. */
export type LessonItem = {
  id: string
  key: string
  position: number
  title: Picked
  minutes: number | null
  hasQuiz: boolean
  opened: boolean
  completed: boolean
  quizPassed: boolean
  bestScore: number | null
  /** Done = completed, and its quiz passed when it has one. */
  done: boolean
  locked: boolean
}

/** A course with its current lessons and the person's progress (no lesson bodies are read). */
export async function courseDetail(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  lang: ContentLang,
  reads: PublicReads = publicReads(ctx),
) {
  // The course's public part is kept under the public content stamp (decision 0202).
  const { row, lessons, titles } = await reads(`course:${slug}`, async () => {
    const row = await store.findCourse(ctx.db, slug)
    const lessons = row && !row.retired ? await store.currentLessons(ctx.db, slug) : []
    const titles = await store.titlesOf(
      ctx.db,
      lessons.map((l) => l.id),
    )
    return { row, lessons, titles }
  })
  if (!row || row.retired) throw notFound(`course ${slug}`)
  const both = user ? await progress.courseAndLessonsOf(ctx.db, user.id, slug) : undefined
  const mine = both ? new Map(both.lessons.map((p) => [p.lesson_key, p])) : null
  const cp = both?.course
  let blocked = false
  const items: LessonItem[] = lessons.map((l) => {
    const map: LangMap = {}
    for (const t of titles) if (t.lesson_id === l.id) map[t.lang as ContentLang] = t.title
    const p = mine?.get(l.lesson_key)
    const completed = !!p?.completed_at
    const quizPassed = !!p?.quiz_passed_at
    const done = completed && (!l.has_quiz || quizPassed)
    const item: LessonItem = {
      id: l.id,
      key: l.lesson_key,
      position: l.position,
      title: pick(map, lang),
      minutes: l.minutes,
      hasQuiz: !!l.has_quiz,
      opened: !!p?.first_opened_at,
      completed,
      quizPassed,
      bestScore: p?.quiz_best_score ?? null,
      done,
      locked: !!row.sequential && blocked,
    }
    if (!done) blocked = true
    return item
  })
  const resume =
    items.find((i) => i.key === cp?.last_lesson_key && !i.done) ??
    items.find((i) => !i.done && !i.locked) ??
    null
  return {
    course: card(row, lang),
    passMark: row.pass_mark,
    sequential: !!row.sequential,
    lessons: items,
    resume,
    started: !!cp,
    completedAt: cp?.completed_at ?? null,
  }
}
export type CourseDetail = Awaited<ReturnType<typeof courseDetail>>
