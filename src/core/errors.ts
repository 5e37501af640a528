import type { ZodError } from 'zod'
import type { MessageKey } from './i18n.ts'

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
  internal: 500,
}

/** One field's problem, for forms and JSON clients alike. */
export type FieldIssue = { field: string; message: string }

/** The one error type of hocso: carries its HTTP status, a stable code and a message a person can act on. */
export class AppError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly issues: FieldIssue[]
  /** For `rate_limited`: how long to wait, sent as Retry-After. */
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
    return { error: { code: this.code, message: this.message, issues: this.issues } }
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

/** Turns a zod error into a 400 that names every bad field. */
export function fromZod(err: ZodError): AppError {
  const issues = err.issues.map((i) => {
    const field = i.path.length ? i.path.join('.') : 'body'
    let message = i.message
    if (i.code === 'unrecognized_keys') {
      return { field: i.keys.join(', '), message: 'unknown field' }
    }
    if (i.code === 'invalid_type' && /received undefined/.test(message)) message = 'required'
    return { field, message }
  })
  return new AppError('validation', issues.map((i) => `${i.field}: ${i.message}`).join('; '), { issues })
}

export const notFound = (what: string) => new AppError('not_found', `${what}: not found`)
export const forbidden = (why = 'you do not have access to this') => new AppError('forbidden', why)
export const conflict = (message: string) => new AppError('conflict', message)

/** Recognises unique-constraint violations on both databases (by SQLSTATE / SQLite code, never by text). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}
