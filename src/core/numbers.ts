import { z } from 'zod'

/** A number written in a form field: digits, an optional sign and decimals; no exponent, hex or blanks. */
const NUMERIC_TEXT = /^\s*-?\d{1,15}(\.\d{1,6})?\s*$/

/**
 * True while a JSON body is being checked (`safeParseJson`): a JSON client says a number as a JSON
 * number, so text such as `"10"` is refused there, while a form, which only sends text, keeps its
 * text read as a number. Zod checks synchronously, so the flag holds for exactly one check.
 */
let jsonBody = false

/**
 * Checks a JSON body with a schema: its number fields then take only JSON numbers. The error is
 * read inside, because zod words its issues only when the error is first read.
 */
export function safeParseJson<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): z.ZodSafeParseResult<z.infer<S>> {
  const was = jsonBody
  jsonBody = true
  try {
    const r = schema.safeParse(raw)
    if (!r.success) void r.error.issues
    return r
  } finally {
    jsonBody = was
  }
}

/** The message of a number sent as JSON text (`"10"`); said in the person's language by error.issue.json_number. */
export const JSON_NUMBER_TEXT = 'must be a JSON number, not text in quotes'

/**
 * A number as a form sends it (text) or as JSON sends it (a number). Only form text that reads as
 * a plain decimal number becomes a number; everything else is left for `z.number()` to refuse.
 * `z.coerce.number()` must not be used on bodies: it turns `[10]` into 10, `true` into 1, `null`
 * and `""` into 0.
 */
export function scalarNumber(v: unknown): unknown {
  return typeof v === 'string' && !jsonBody && NUMERIC_TEXT.test(v) ? Number(v) : v
}

/**
 * What a number field says when its input is not a number: `required` when absent, the JSON rule
 * when a JSON body sent a number as text, else `otherwise`.
 */
export function numberIssue(otherwise: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined
      ? 'required'
      : jsonBody && typeof iss.input === 'string' && NUMERIC_TEXT.test(iss.input)
        ? JSON_NUMBER_TEXT
        : otherwise
}

/**
 * A whole number between `min` and `max` from a form or JSON (see scalarNumber). Arrays, booleans,
 * null, `1e-300`, NaN and Infinity are refused, said in the person's language (error.issue.*).
 */
export function wholeNumber(min: number, max: number, messages: { min?: string; max?: string } = {}) {
  return z.preprocess(
    scalarNumber,
    z
      .number({ error: numberIssue('must be a whole number') })
      .int('must be a whole number')
      .min(min, messages.min ?? `must be at least ${min}`)
      .max(max, messages.max ?? `must be at most ${max}`),
  )
}
