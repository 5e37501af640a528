import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import type { Ctx } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { notFound } from '../../core/errors.ts'
import { Lru } from '../../core/lru.ts'
import { bumpPublicStamp, type PublicReads, publicReads } from '../../core/public-stamp.ts'
import * as store from './catalogue.store.ts'
import { checkCourseFolder } from './content.check.ts'
import { pictureSize, renderLesson } from './content.markdown.ts'
import { type ContentLang, type LangMap, type Question, SOURCE_LANG } from './learning.types.ts'

/**
 * STUDIO BRIDGE: the service functions the translation studio (src/domains/studio) uses to read
 * lessons and to publish an approved translation, so studio never touches learning's tables.
 * Kept in one file so the change to learning stays small and easy to find.
 */

/** The Vietnamese original of a lesson, as files give it, and its current version id. */
export type LessonSource = {
  courseSlug: string
  courseTitle: string
  folder: string
  courseDir: string
  lessonKey: string
  lessonId: string
  title: string
  updated: string
  body: string
  questions: Question[] | null
}

/**
 * What a lesson version's files say, per process: parsing a course folder (YAML, Markdown, quizzes)
 * costs tens of milliseconds, and lesson pages ask on every view (which sections are recorded). A
 * version id is made from the lesson's files (decision 0041), so a changed lesson is a new key and
 * nothing needs invalidating; the bounds keep memory flat whatever the size of the content (a few
 * KB per lesson; V8 holds Vietnamese text at two bytes a character, hence the weight).
 */
const parsedLessons = new Lru<
  string,
  Pick<LessonSource, 'courseDir' | 'title' | 'updated' | 'body' | 'questions'> | null
>(500, { maxWeight: 4 * 1024 * 1024, weigh: (key, v) => 2 * (key.length + (v?.body.length ?? 0)) + 1000 })

/** Reads the Vietnamese original of a current lesson from its course folder (once per version). */
export async function lessonSource(ctx: Ctx, slug: string, key: string): Promise<LessonSource> {
  const course = await store.findCourse(ctx.db, slug)
  const row = course && !course.retired ? await store.currentLesson(ctx.db, slug, key) : undefined
  if (!course || !row) throw notFound(`lesson ${slug}/${key}`)
  const parsed = parsedLessons.getOr(`${course.source}\u0000${course.folder}\u0000${row.id}`, () => {
    const { course: c } = checkCourseFolder(course.source, course.folder)
    const lesson = c?.lessons.find((l) => l.key === key)
    const vi = lesson?.texts.get(SOURCE_LANG)
    if (!c || !lesson || !vi) return null
    return {
      courseDir: c.dir,
      title: vi.front.title,
      updated: vi.front.updated,
      body: vi.body,
      questions: (lesson.quizzes.get(SOURCE_LANG)?.quiz.questions as Question[] | undefined) ?? null,
    }
  })
  if (!parsed) throw notFound(`lesson ${slug}/${key}`)
  const titles = JSON.parse(course.titles) as LangMap
  return {
    courseSlug: slug,
    courseTitle: titles.vi ?? slug,
    folder: course.folder,
    lessonKey: key,
    lessonId: row.id,
    ...parsed,
  }
}

/**
 * The Vietnamese original of every current lesson of a course, from one reading of its folder
 * (counting a whole course's sections would otherwise read the folder once per lesson).
 */
export async function courseSources(ctx: Ctx, slug: string): Promise<LessonSource[]> {
  const course = await store.findCourse(ctx.db, slug)
  if (!course || course.retired) return []
  const rows = await store.currentLessons(ctx.db, slug)
  const { course: parsed } = checkCourseFolder(course.source, course.folder)
  if (!parsed) return []
  const titles = JSON.parse(course.titles) as LangMap
  const out: LessonSource[] = []
  for (const row of rows) {
    const lesson = parsed.lessons.find((l) => l.key === row.lesson_key)
    const vi = lesson?.texts.get(SOURCE_LANG)
    if (!lesson || !vi) continue
    out.push({
      courseSlug: slug,
      courseTitle: titles.vi ?? slug,
      folder: course.folder,
      courseDir: parsed.dir,
      lessonKey: row.lesson_key,
      lessonId: row.id,
      title: vi.front.title,
      updated: vi.front.updated,
      body: vi.body,
      questions: (lesson.quizzes.get(SOURCE_LANG)?.quiz.questions as Question[] | undefined) ?? null,
    })
  }
  return out
}

/** Every live course with its current lessons (Vietnamese titles), for the studio's index. */
export async function lessonIndex(ctx: Ctx) {
  const out = []
  for (const c of await store.listCourses(ctx.db)) {
    const lessons = await store.currentLessons(ctx.db, c.slug)
    const titles = await store.titlesOf(
      ctx.db,
      lessons.map((l) => l.id),
    )
    out.push({
      slug: c.slug,
      folder: c.folder,
      source: c.source,
      title: (JSON.parse(c.titles) as LangMap).vi ?? c.slug,
      lessons: lessons.map((l) => ({
        key: l.lesson_key,
        id: l.id,
        title: titles.find((t) => t.lesson_id === l.id && t.lang === SOURCE_LANG)?.title ?? l.lesson_key,
      })),
    })
  }
  return out
}

/**
 * Rendered Markdown of lesson versions, per process. With `version` (the lesson version id, which
 * covers its pictures), the same text of the same version is rendered once; drafts being edited
 * pass none and are rendered each time. Its key holds the Markdown: bounded by bytes too.
 */
const rendered = new Lru<string, string>(2000, {
  maxWeight: 4 * 1024 * 1024,
  weigh: (key, html) => 2 * (key.length + html.length),
})

/** Renders lesson Markdown exactly as the importer does (pictures point at the course's media). */
export function renderForLearners(
  slug: string,
  courseDir: string,
  markdown: string,
  version?: string,
): string {
  if (version)
    return rendered.getOr(`${version}\u0000${courseDir}\u0000${markdown}`, () =>
      renderForLearners(slug, courseDir, markdown),
    )
  return renderLesson(markdown, (src) => {
    const clean = posix.normalize(src.replaceAll('\\', '/'))
    const file = join(courseDir, clean)
    if (!existsSync(file)) return null
    const body = readFileSync(file)
    const v = createHash('sha256').update(body).digest('hex').slice(0, 10)
    return {
      url: `/media/${slug}/${clean.split('/').map(encodeURIComponent).join('/')}?v=${v}`,
      ...pictureSize(body, clean),
    }
  })
}

/** What an approved translation puts in front of learners. */
export type Publication = {
  slug: string
  lessonId: string
  lang: ContentLang
  title: string
  updated: string
  bodyHtml: string
  audioUrl: string | null
  questions: Question[] | null
  file: string
}

/** Puts an approved translation on the lesson version it was made for (inside the caller's transaction). */
export async function publishTranslation(trx: Db, p: Publication): Promise<void> {
  await trx
    .deleteFrom('lesson_texts')
    .where('lesson_id', '=', p.lessonId)
    .where('lang', '=', p.lang)
    .execute()
  await trx
    .insertInto('lesson_texts')
    .values({
      lesson_id: p.lessonId,
      lang: p.lang,
      title: p.title,
      updated: p.updated,
      minutes: null,
      audio_url: p.audioUrl,
      body_html: p.bodyHtml,
      file: p.file,
    })
    .execute()
  await trx
    .deleteFrom('lesson_quizzes')
    .where('lesson_id', '=', p.lessonId)
    .where('lang', '=', p.lang)
    .execute()
  if (p.questions)
    await trx
      .insertInto('lesson_quizzes')
      .values({ lesson_id: p.lessonId, lang: p.lang, questions: JSON.stringify(p.questions) })
      .execute()
  const course = await store.findCourse(trx, p.slug)
  if (course && !course.languages.includes(`,${p.lang},`)) {
    const langs =
      course.languages === ',,' || !course.languages ? `,${p.lang},` : `${course.languages}${p.lang},`
    await trx.updateTable('courses').set({ languages: langs }).where('slug', '=', p.slug).execute()
  }
  // Signed-out visitors see it at once (pages kept rendered are kept under the stamp, decision 0195).
  await bumpPublicStamp(trx)
}

/** Per-language progress lines a studio may add to the translation status page. */
export type ProgressLine = {
  lang: ContentLang
  translated: number
  recorded: number
  reviewed: number
  total: number
}
let progressProvider: ((ctx: Ctx) => Promise<ProgressLine[]>) | null = null

/** Studio registers how it counts progress; the status page shows it when present. */
export function registerTranslationProgress(fn: (ctx: Ctx) => Promise<ProgressLine[]>): void {
  progressProvider = fn
}

/** Whether a studio registered its progress and its recordings (for the test that importing registers nothing). */
export function studioBridged(): { progress: boolean; voices: boolean } {
  return { progress: progressProvider !== null, voices: voiceProvider !== null }
}

/** The registered per-language progress, or nothing when no studio is loaded. */
export async function translationProgress(ctx: Ctx): Promise<ProgressLine[]> {
  return progressProvider ? progressProvider(ctx) : []
}

/** The blocks of a Markdown body, blank-line separated, trimmed: the sections of a lesson. */
export function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
}

/** An approved recording of one section of a lesson (`title`, `p:1`…), for learners. */
export type SectionVoice = { url: string; durationMs: number; bytes: number }

/** Per course and language: sections in all, recorded, waiting for review, approved. */
export type VoiceCoverageLine = {
  courseSlug: string
  courseTitle: string
  lang: string
  sections: number
  recorded: number
  inReview: number
  approved: number
}

/** How the studio tells learning which sections are recorded in a language, and their files. */
export type VoiceProvider = {
  sections: (ctx: Ctx, slug: string, key: string, lang: string) => Promise<Map<string, SectionVoice>>
  /** The languages in which the lesson has any approved recording (`sections` may still be empty). */
  languages: (ctx: Ctx, slug: string, key: string) => Promise<string[]>
  courseFiles: (ctx: Ctx, slug: string, lang: string) => Promise<{ url: string; bytes: number }[]>
  coverage: (ctx: Ctx) => Promise<VoiceCoverageLine[]>
}
let voiceProvider: VoiceProvider | null = null

/** Studio registers its community recordings; lessons offer "listen" when present. */
export function registerVoices(p: VoiceProvider): void {
  voiceProvider = p
}

/** The approved recording of each section of a lesson in a language (none without a studio). */
export async function lessonVoices(ctx: Ctx, slug: string, key: string, lang: string) {
  return voiceProvider ? voiceProvider.sections(ctx, slug, key, lang) : new Map<string, SectionVoice>()
}

/**
 * The approved recording of each section of a lesson, by language, for the languages given that
 * have any (none without a studio). One query when the lesson has no recordings, as most have not.
 */
export async function lessonVoicesByLang(
  ctx: Ctx,
  slug: string,
  key: string,
  langs: readonly string[],
  reads: PublicReads = publicReads(ctx),
) {
  const out = new Map<string, Map<string, SectionVoice>>()
  if (!voiceProvider) return out
  const provider = voiceProvider
  // Which languages have approved recordings: kept under the public content stamp (decision 0202).
  const some = new Set(await reads(`voices:${slug}/${key}`, () => provider.languages(ctx, slug, key)))
  for (const g of langs) {
    if (!some.has(g)) continue
    const v = await voiceProvider.sections(ctx, slug, key, g)
    if (v.size) out.set(g, v)
  }
  return out
}

/** The coverage of community recordings, for the translations page (none without a studio). */
export async function voiceCoverage(ctx: Ctx): Promise<VoiceCoverageLine[]> {
  return voiceProvider ? voiceProvider.coverage(ctx) : []
}

/** The approved recordings of a course in a language, for a download. */
export async function courseVoices(ctx: Ctx, slug: string, lang: string) {
  return voiceProvider ? voiceProvider.courseFiles(ctx, slug, lang) : []
}

/**
 * The Vietnamese lesson cut into the sections voices record: its title and each block, rendered
 * for learners (pictures included), keyed as the studio keys them.
 */
export async function lessonSections(ctx: Ctx, slug: string, key: string) {
  const src = await lessonSource(ctx, slug, key)
  return {
    title: src.title,
    sections: paragraphs(src.body).map((md, i) => ({
      key: `p:${i + 1}`,
      html: renderForLearners(slug, src.courseDir, md, src.lessonId),
    })),
  }
}
