import { z } from 'zod'

/** A number written in a form field: digits, an optional sign and decimals; no exponent, hex or blanks. */
const NUMERIC_TEXT = /^\s*-?\d{1,15}(\.\d{1,6})?\s*$/

/**
 * A number as a form sends it (text) or as JSON sends it (a number). Only text that reads as a
 * plain decimal number becomes a number; everything else is left for `z.number()` to refuse.
 * `z.coerce.number()` must not be used on bodies: it turns `[10]` into 10, `true` into 1, `null`
 * and `""` into 0.
 */
export function scalarNumber(v: unknown): unknown {
  return typeof v === 'string' && NUMERIC_TEXT.test(v) ? Number(v) : v
}

/**
 * A whole number between `min` and `max` from a form or JSON (see scalarNumber). Arrays, booleans,
 * null, `1e-300`, NaN and Infinity are refused, said in the person's language (error.issue.*).
 */
export function wholeNumber(min: number, max: number, messages: { min?: string; max?: string } = {}) {
  return z.preprocess(
    scalarNumber,
    z
      .number({
        error: (iss) => (iss.input === undefined ? 'required' : 'must be a whole number'),
      })
      .int('must be a whole number')
      .min(min, messages.min ?? `must be at least ${min}`)
      .max(max, messages.max ?? `must be at most ${max}`),
  )
}
