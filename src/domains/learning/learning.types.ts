/**
 * The vocabulary of the learning domain, shared by the content checker, the importer and the pages.
 * Codes come from docs/content-format.md; changing one is a content-format change.
 */

/** Languages a lesson may be written in; Vietnamese is required for every lesson and quiz. */
export const CONTENT_LANGS = ['vi', 'fr', 'en', 'blt', 'hnj'] as const
export type ContentLang = (typeof CONTENT_LANGS)[number]
export const SOURCE_LANG: ContentLang = 'vi'

/** True when the string is one of the content language codes. */
export function isContentLang(s: unknown): s is ContentLang {
  return typeof s === 'string' && (CONTENT_LANGS as readonly string[]).includes(s)
}

export const AUDIENCES = ['citizen', 'official', 'trader_farmer', 'pupil'] as const
export type Audience = (typeof AUDIENCES)[number]

/** The six competency areas of Circular 02/2025/TT-BGDĐT (digital competence of learners). */
export const COMPETENCIES = [
  'information_data',
  'communication_collaboration',
  'content_creation',
  'safety',
  'problem_solving',
  'applying_ai',
] as const
export type Competency = (typeof COMPETENCIES)[number]

export const LEVELS = ['basic', 'intermediate', 'advanced', 'specialised'] as const
export type Level = (typeof LEVELS)[number]

/** Tai Viet script block: text in it needs the bundled font. */
const TAI_VIET = /[\uAA80-\uAADF]/

/** True when any of the strings holds Tai Viet characters (the page must load the font). */
export function hasTaiViet(...texts: (string | null | undefined)[]): boolean {
  return texts.some((t) => !!t && TAI_VIET.test(t))
}

/** A text per content language, e.g. a course title. */
export type LangMap = Partial<Record<ContentLang, string>>

/**
 * One choice of a single/multiple question. `picture` (a file of the course folder, like a lesson's
 * pictures) is shown beside the text, for a learner who does not read.
 */
export type Choice = { id: string; text: string; correct?: boolean; explanation: string; picture?: string }

/** One quiz question, as in the quiz YAML files (`picture`: shown under the prompt). */
export type Question = { picture?: string } & (
  | { id: string; type: 'single'; prompt: string; choices: Choice[] }
  | { id: string; type: 'multiple'; prompt: string; choices: Choice[] }
  | { id: string; type: 'truefalse'; prompt: string; answer: boolean; explanation: string }
  | { id: string; type: 'order'; prompt: string; steps: { id: string; text: string }[]; explanation: string }
)

/** The pictures of a quiz (prompts and choices), as paths in the course folder. */
export function quizPictures(questions: Question[]): string[] {
  const out: string[] = []
  for (const q of questions) {
    if (q.picture) out.push(q.picture)
    if (q.type === 'single' || q.type === 'multiple')
      for (const c of q.choices) if (c.picture) out.push(c.picture)
  }
  return out
}

/**
 * A translated quiz with the Vietnamese quiz's pictures where its own question or choice (same id)
 * names none: a picture carries no language, and a person who does not read needs it whatever the
 * language of the words beside it. A picture of the translation's own is kept.
 */
export function withSourcePictures(questions: Question[], source: Question[]): Question[] {
  const byId = new Map(source.map((q) => [q.id, q]))
  return questions.map((q) => {
    const src = byId.get(q.id)
    if (!src) return q
    const out = { ...q }
    if (!out.picture && src.picture) out.picture = src.picture
    if (
      (out.type === 'single' || out.type === 'multiple') &&
      (src.type === 'single' || src.type === 'multiple')
    ) {
      const choices = new Map(src.choices.map((c) => [c.id, c]))
      out.choices = out.choices.map((c) => {
        const pic = choices.get(c.id)?.picture
        return !c.picture && pic ? { ...c, picture: pic } : c
      })
    }
    return out
  })
}

/** Where a quiz picture is served: the course's media, as a lesson's pictures. */
export function quizPictureUrl(slug: string, path: string): string {
  return `/media/${slug}/${path.split('/').map(encodeURIComponent).join('/')}`
}

/** A learner's answer to one question: a choice id, choice ids, true/false, or step ids in order. */
export type Answer = string | string[] | boolean
