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

/** One choice of a single/multiple question. */
export type Choice = { id: string; text: string; correct?: boolean; explanation: string }

/** One quiz question, as in the quiz YAML files. */
export type Question =
  | { id: string; type: 'single'; prompt: string; choices: Choice[] }
  | { id: string; type: 'multiple'; prompt: string; choices: Choice[] }
  | { id: string; type: 'truefalse'; prompt: string; answer: boolean; explanation: string }
  | { id: string; type: 'order'; prompt: string; steps: { id: string; text: string }[]; explanation: string }

/** A learner's answer to one question: a choice id, choice ids, true/false, or step ids in order. */
export type Answer = string | string[] | boolean
