import type { Ctx } from '../../core/context.ts'
import * as catalogue from './catalogue.store.ts'
import { type Picked, pick } from './content-lang.ts'
import type { ContentLang, LangMap } from './learning.types.ts'
import { fold, queryTerms, type Segment, snippet, words } from './search.fold.ts'
import { searchDocs } from './search.store.ts'

/** One search result: a course or a lesson, in the language it matched, with a highlighted snippet. */
export type SearchResult = {
  kind: 'course' | 'lesson'
  href: string
  lang: string
  title: Segment[]
  course: Picked
  snippet: Segment[]
}

export type SearchOutcome = {
  /** empty: nothing typed; no_words: only punctuation or symbols; ok: searched (maybe no results). */
  state: 'empty' | 'no_words' | 'ok'
  terms: string[]
  truncated: boolean
  results: SearchResult[]
}

const PAGE = 20

/**
 * Searches courses and lessons in every language. A lesson matching in several languages is shown
 * once, in the reader's language when that version matched, else in the best-ranked one.
 */
export async function search(ctx: Ctx, q: string, lang: ContentLang): Promise<SearchOutcome> {
  if (!q.trim()) return { state: 'empty', terms: [], truncated: false, results: [] }
  const { terms, truncated } = queryTerms(q)
  if (!terms.length) return { state: 'no_words', terms, truncated, results: [] }
  const ranked = await searchDocs(ctx.db, ctx.dialect, terms, PAGE * 4)
  // The engine ranks by frequency; a reader expects the title that says what they typed first.
  // So: more query words in the title first, then the engine's order (the sort is stable).
  const inTitle = (title: string) => {
    const w = words(fold(title))
    return terms.filter((t) => w.some((x) => x.startsWith(t))).length
  }
  const hits = ranked
    .map((h) => ({ h, n: inTitle(h.title) }))
    .sort((a, b) => b.n - a.n)
    .map((x) => x.h)
  const best = new Map<string, (typeof hits)[number]>()
  for (const h of hits) {
    const k = `${h.course_slug}/${h.lesson_key ?? ''}`
    const seen = best.get(k)
    if (!seen || (h.lang === lang && seen.lang !== lang)) best.set(k, h)
  }
  const courses = new Map(
    (await catalogue.listCourses(ctx.db)).map((c) => [c.slug, JSON.parse(c.titles) as LangMap]),
  )
  const results: SearchResult[] = []
  for (const h of [...best.values()].slice(0, PAGE)) {
    const titles = courses.get(h.course_slug)
    if (!titles) continue
    const path = h.lesson_key ? `/courses/${h.course_slug}/${h.lesson_key}` : `/courses/${h.course_slug}`
    results.push({
      kind: h.kind === 'course' ? 'course' : 'lesson',
      href: `${path}?lang=${h.lang}`,
      lang: h.lang,
      title: snippet(h.title, terms, 200),
      course: pick(titles, h.lang as ContentLang),
      snippet: snippet(h.body, terms),
    })
  }
  return { state: 'ok', terms, truncated, results }
}
