import { z } from 'zod'

/**
 * Characters and sequences that no name, title or village ever contains, but markup and SQL
 * injection attempts do. Queries are always parameterised and pages always escaped, so this is
 * not the defence; it keeps such strings out of the records, where they would travel to hubs,
 * exports and spreadsheets (see docs/decisions/0009-refuse-markup-and-sql-in-free-text.md).
 */
export const MARKUP_OR_SQL = /[<>{}\\;=]|--|\/\*|\*\//

/** The message that names the refused characters, so a person knows what to change. */
export const MARKUP_OR_SQL_MESSAGE = 'must not contain < > { } \\ ; = -- /* or */'

/** True when a string holds none of the refused characters or sequences. */
export function isPlainText(s: string): boolean {
  return !MARKUP_OR_SQL.test(s)
}

/** A trimmed one-line text field of `min` to `max` characters without markup or SQL punctuation. */
export function plainText(min: number, max: number) {
  return z
    .string({ message: 'must be text' })
    .trim()
    .min(min, min === 1 ? 'required' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !/[\r\n]/.test(s), 'must be one line')
    .refine(isPlainText, MARKUP_OR_SQL_MESSAGE)
}
