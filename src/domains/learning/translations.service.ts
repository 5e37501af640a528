import type { Ctx } from '../../core/context.ts'
import { forbidden } from '../../core/errors.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { can, PROVINCE } from '../people/policy.ts'
import * as store from './catalogue.store.ts'
import { CONTENT_LANGS, type ContentLang, type LangMap, SOURCE_LANG } from './learning.types.ts'

/**
 * Where each translation stands, per course and lesson: present, missing, or older than the
 * Vietnamese original (by the `updated` date of the files), and whether the quiz is translated.
 */
export type CellState = 'source' | 'ok' | 'missing' | 'outdated'
export type Cell = { state: CellState; updated: string | null; quiz: boolean | null }
export type StatusRow = { key: string; title: string; cells: Record<ContentLang, Cell> }
export type CourseStatus = { slug: string; title: string; titleLangs: ContentLang[]; rows: StatusRow[] }

/** True for content editors and translators (anywhere). */
export function mayTranslate(user: CurrentUser | null): boolean {
  return (
    can(user, 'content.translate', PROVINCE) ||
    can(user, 'content.edit', PROVINCE) ||
    can(user, 'content.review', PROVINCE)
  )
}

/** The status of every live course. */
export async function translationStatus(ctx: Ctx, user: CurrentUser | null): Promise<CourseStatus[]> {
  if (!user) throw forbidden('sign in as a content editor or translator')
  if (!mayTranslate(user)) throw forbidden('you may not see the translation status')
  const out: CourseStatus[] = []
  for (const c of await store.listCourses(ctx.db)) {
    const lessons = await store.currentLessons(ctx.db, c.slug)
    const ids = lessons.map((l) => l.id)
    const texts = await store.titlesOf(ctx.db, ids)
    const quizzes = await ctx.db
      .selectFrom('lesson_quizzes')
      .select(['lesson_id', 'lang'])
      .where('lesson_id', 'in', ids.length ? ids : [''])
      .execute()
    const titles = JSON.parse(c.titles) as LangMap
    out.push({
      slug: c.slug,
      title: titles.vi ?? c.slug,
      titleLangs: CONTENT_LANGS.filter((l) => titles[l]),
      rows: lessons.map((l) => {
        const mine = texts.filter((t) => t.lesson_id === l.id)
        const vi = mine.find((t) => t.lang === SOURCE_LANG)
        const hasQuiz = (lang: string) =>
          l.has_quiz ? quizzes.some((q) => q.lesson_id === l.id && q.lang === lang) : null
        const cells = {} as Record<ContentLang, Cell>
        for (const lang of CONTENT_LANGS) {
          const t = mine.find((x) => x.lang === lang)
          const state: CellState =
            lang === SOURCE_LANG
              ? 'source'
              : !t
                ? 'missing'
                : vi && t.updated < vi.updated
                  ? 'outdated'
                  : 'ok'
          cells[lang] = { state, updated: t?.updated ?? null, quiz: t ? hasQuiz(lang) : null }
        }
        return { key: l.lesson_key, title: vi?.title ?? l.lesson_key, cells }
      }),
    })
  }
  return out
}
