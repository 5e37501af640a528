import { type ZodError, z } from 'zod'
import { type Locale, type MessageKey, t } from './i18n.ts'
import { JSON_NUMBER_TEXT } from './numbers.ts'

/** Stable machine codes for every error a client can see. */
export type ErrorCode =
  | 'validation'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'busy'
  | 'internal'

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  busy: 503,
  internal: 500,
}

/**
 * One field's problem, for forms and JSON clients alike. `message` is the exact technical text
 * (English: the API, the logs and the tests read it); `key` and `params`, when present, say it in
 * the reader's language, and `zod` keeps a validation issue for zod's own locales (`issueText`).
 */
export type FieldIssue = {
  field: string
  message: string
  key?: MessageKey
  params?: Record<string, string | number>
  zod?: ZodIssueData
}
type ZodIssueData = z.core.$ZodIssue extends infer I
  ? I extends unknown
    ? Omit<I, 'message' | 'path'>
    : never
  : never

/** The one error type of hocso: carries its HTTP status, a stable code and a message a person can act on. */
export class AppError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly issues: FieldIssue[]
  /** For `rate_limited` and `busy`: how long to wait, sent as Retry-After. */
  readonly retryAfterSeconds?: number
  /** A message key (a domain's *.messages.ts) saying the same in the person's language, with its params. */
  readonly key?: MessageKey
  readonly params?: Record<string, string | number>

  constructor(
    code: ErrorCode,
    message: string,
    opts: {
      issues?: FieldIssue[]
      cause?: unknown
      retryAfterSeconds?: number
      key?: MessageKey
      params?: Record<string, string | number>
    } = {},
  ) {
    super(message, { cause: opts.cause })
    this.code = code
    this.status = STATUS[code]
    this.issues = opts.issues ?? []
    this.retryAfterSeconds = opts.retryAfterSeconds
    this.key = opts.key
    this.params = opts.params
  }

  toJSON() {
    const issues = this.issues.map(({ field, message }) => ({ field, message }))
    return { error: { code: this.code, message: this.message, issues } }
  }
}

/**
 * A 400 naming the field: `phone: must be 10 digits starting with 0`. With a message key, pages and
 * JSON answers also say it in the person's language (`text`).
 */
export function validationError(
  field: string,
  message: string,
  key?: MessageKey,
  params?: Record<string, string | number>,
): AppError {
  return new AppError('validation', `${field}: ${message}`, { issues: [{ field, message }], key, params })
}

/** The params of a zod `refine` that says its issue by a catalogue key: `{ message, params: says('…') }`. */
export const says = (key: MessageKey) => ({ key })

/** A 400 naming the field, said in the reader's language by `key` (the English `message` stays beside). */
export function keyedError(
  field: string,
  message: string,
  key: MessageKey,
  params?: FieldIssue['params'],
): AppError {
  return new AppError('validation', `${field}: ${message}`, { issues: [{ field, message, key, params }] })
}

/** A 4xx of any code naming the field, said in the reader's language by `key` (the English beside). */
export function fieldError(
  code: ErrorCode,
  field: string,
  message: string,
  key: MessageKey,
  params?: FieldIssue['params'],
): AppError {
  return new AppError(code, `${field}: ${message}`, { issues: [{ field, message, key, params }] })
}

/** One zod issue as a field issue: the technical English message and the issue itself, for its locales. */
export function zodIssue(i: z.core.$ZodIssue, field = i.path.length ? i.path.join('.') : 'body'): FieldIssue {
  const { message: _m, path: _p, ...zod } = i
  if (i.code === 'unrecognized_keys') return { field: i.keys.join(', '), message: 'unknown field', zod }
  const required = i.code === 'invalid_type' && /received undefined/.test(i.message)
  return { field, message: required ? 'required' : i.message, zod }
}

/** Turns a zod error into a 400 that names every bad field. */
export function fromZod(err: ZodError): AppError {
  const issues = err.issues.map((i) => zodIssue(i))
  return new AppError('validation', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues })
}

const ZOD_LOCALES = { vi: z.locales.vi(), fr: z.locales.fr() }

/**
 * An issue in the reader's language, without the field: its own key first; a zod issue by its code
 * and limits (our words for the common ones, zod's own locale for the rest); else the message as made.
 */
export function issueText(l: Locale, i: FieldIssue): string {
  if (i.key) return t(l, i.key, i.params)
  if (!i.zod) return i.message
  const z = i.zod
  if (z.code === 'custom' && z.params?.key) return t(l, z.params.key as MessageKey, z.params)
  if (i.message === 'required') return t(l, 'error.issue.required')
  if (z.code === 'unrecognized_keys') return t(l, 'error.issue.unknown_field')
  if (z.code === 'invalid_type' && i.message === JSON_NUMBER_TEXT) return t(l, 'error.issue.json_number')
  if (z.code === 'invalid_type' && z.expected === 'int') return t(l, 'error.issue.whole_number')
  // A whole-number field (core/numbers.ts) says so when sent an array, a boolean or text.
  if (z.code === 'invalid_type' && z.expected === 'number')
    return t(l, i.message === 'must be a whole number' ? 'error.issue.whole_number' : 'error.issue.number')
  if (z.code === 'too_small' && z.origin === 'string')
    return Number(z.minimum) <= 1
      ? t(l, 'error.issue.required')
      : t(l, 'error.issue.min_chars', { count: Number(z.minimum) })
  if (z.code === 'too_big' && z.origin === 'string')
    return t(l, 'error.issue.max_chars', { count: Number(z.maximum) })
  if (z.code === 'too_small' && (z.origin === 'number' || z.origin === 'int'))
    return t(l, 'error.issue.min', { min: String(z.minimum) })
  if (z.code === 'too_big' && (z.origin === 'number' || z.origin === 'int'))
    return t(l, 'error.issue.max', { max: String(z.maximum) })
  if (z.code === 'invalid_value' && z.values.length === 1 && z.values[0] === true)
    return t(l, 'error.issue.must_agree')
  if (l === 'en') return i.message
  return (
    (ZOD_LOCALES[l === 'fr' ? 'fr' : 'vi'].localeError?.({ ...z, input: undefined } as never) as string) ??
    i.message
  )
}

export const notFound = (what: string) => new AppError('not_found', `${what}: not found`)
export const forbidden = (why = 'you do not have access to this') => new AppError('forbidden', why)
export const conflict = (message: string) => new AppError('conflict', message)

/**
 * A 409 for a create whose client-chosen id (or code) is already taken: nothing is changed, and the
 * person reads which field and value, in their language. Check before writing, and map a unique
 * violation to it too (two requests at once).
 */
export const alreadyExists = (field: string, value: string) =>
  new AppError('conflict', `${field}: ${value} already exists; nothing was changed`, {
    issues: [{ field, message: `${value} already exists` }],
    key: 'error.exists',
    params: { field, value },
  })

/** Recognises unique-constraint violations on both databases (by SQLSTATE / SQLite code, never by text). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}
