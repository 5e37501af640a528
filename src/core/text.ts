import { z } from 'zod'

/**
 * The one rule for free text (names, titles, notes, comments, translations; decision 0177). Text is
 * not filtered for what it might mean somewhere else: `Nhà văn hoá bản <Mường Chà>`, `a < b`,
 * `1=1` and `Bản Huổi Lèng -- khu 2` are ordinary Vietnamese and are kept as typed. Each output
 * encodes for its destination (JSX escapes HTML, core/csv.ts neutralises spreadsheet formulas,
 * Kysely binds SQL parameters). What is refused is what no person types and what deceives a reader:
 * control characters (NUL included), bidirectional overrides that reorder what is shown, text made
 * only of invisible characters, and broken Unicode. Decomposed (NFD) input is stored composed (NFC),
 * so `Mường` typed on any phone is one string to search, sort and compare.
 */

/** C0 and C1 controls and DEL, but tab, line feed and carriage return (allowed in multi-line text). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this rule's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u
/** Line breaks and tabs: refused in one-line text. */
const BREAK = /[\t\n\r\u2028\u2029\u0085]/u
/** Bidirectional embeddings, overrides, isolates and marks (the "Trojan source" characters). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u
/** What shows nothing: spaces, format characters, fillers and the blank Braille pattern. */
const INVISIBLE = /[\s\p{Cf}\p{Zs}\u115F\u1160\u3164\uFFA0\u2800\u17B4\u17B5\u180E]|\u034F/gu

/** Half of a UTF-16 pair without its other half: not a character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** The catalogue keys of the rule's messages (`text.*` in web/core.messages.ts). */
export type TextProblem =
  | 'not_text'
  | 'malformed'
  | 'required'
  | 'too_short'
  | 'too_long'
  | 'one_line'
  | 'control'
  | 'bidi'
  | 'invisible'

const ENGLISH: Record<TextProblem, (n: number) => string> = {
  not_text: () => 'must be text',
  malformed: () => 'is not valid text (broken Unicode)',
  required: () => 'required',
  too_short: (n) => `must be at least ${n} characters`,
  too_long: (n) => `must be at most ${n} characters`,
  one_line: () => 'must be one line',
  control: () => 'must not contain control characters (such as NUL)',
  bidi: () => 'must not contain right-to-left override characters, which change how text is shown',
  invisible: () => 'must contain visible characters, not only invisible ones',
}

/** The text in NFC, trimmed; line breaks are made `\n` in multi-line text. */
export function normaliseText(s: string, multiline = false): string {
  const nfc = s.normalize('NFC').trim()
  return multiline ? nfc.replace(/\r\n?/g, '\n') : nfc
}

/** Length as a person counts it: characters (code points) of the NFC text, not UTF-16 units. */
export const textLength = (s: string) => [...s].length

/** What is wrong with an already normalised text, or null. `min` 0 means optional-but-present. */
export function textProblem(
  s: string,
  opts: { min: number; max: number; multiline?: boolean },
): { problem: TextProblem; n: number } | null {
  if (LONE_SURROGATE.test(s)) return { problem: 'malformed', n: 0 }
  if (CONTROL.test(s)) return { problem: 'control', n: 0 }
  if (BIDI.test(s)) return { problem: 'bidi', n: 0 }
  if (!opts.multiline && BREAK.test(s)) return { problem: 'one_line', n: 0 }
  if (s !== '' && s.replace(INVISIBLE, '') === '') return { problem: 'invisible', n: 0 }
  const len = textLength(s)
  if (opts.min > 0 && len === 0) return { problem: 'required', n: 0 }
  if (len < opts.min) return { problem: 'too_short', n: opts.min }
  if (len > opts.max) return { problem: 'too_long', n: opts.max }
  return null
}

/** The English message of a problem, for the API and logs (the page says it in the person's language). */
export function textMessage(p: { problem: TextProblem; n: number }): string {
  return ENGLISH[p.problem](p.n)
}

/**
 * A free-text field: NFC, trimmed, `min` to `max` characters (a `min` of 1 means required), one line
 * unless `multiline`. Each refusal names the field and carries its catalogue key (`text.<problem>`).
 */
export function freeText(min: number, max: number, opts: { multiline?: boolean } = {}) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text') })
    .transform((s, ctx) => {
      const out = normaliseText(s, opts.multiline)
      const p = textProblem(out, { min, max, multiline: opts.multiline })
      if (p) {
        ctx.addIssue({
          code: 'custom',
          message: textMessage(p),
          params: { key: `text.${p.problem}`, n: p.n },
        })
        return z.NEVER
      }
      return out
    })
}

/** An optional free-text field: absent, or empty after trimming, becomes null. */
export function optionalText(max: number, opts: { multiline?: boolean } = {}) {
  return z
    .union([z.null(), freeText(0, max, opts)], { error: 'must be text' })
    .transform((s) => s || null)
    .optional()
}

/**
 * Identifiers have exact patterns, never the free-text rule: a node id is a UUID (hub ids took
 * `../../` before), place codes, slugs and keys have their own patterns in their schemas.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A node (server or hub) id: the UUIDv7 each installation makes for itself. */
export const nodeIdSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text') })
  .trim()
  .toLowerCase()
  .regex(UUID, 'must be a node id (a UUID such as 0190f7a0-…, shown by `hocso hub status`)')
