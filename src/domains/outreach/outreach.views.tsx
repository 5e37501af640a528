import type { Context } from 'hono'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { formatDate, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'

/** True when the request is a JSON API call rather than a form post from a page. */
export function isJson(c: Context<AppEnv>): boolean {
  return (c.req.header('content-type') ?? '').startsWith('application/json')
}

/**
 * Errors a form page shows next to the form (bad fields, a full group, a duplicate); others
 * (sign-in, permission, CSRF, server faults) go to the one error handler.
 */
export function isFormError(err: unknown): err is AppError {
  return err instanceof AppError && ['validation', 'conflict', 'not_found'].includes(err.code)
}

/** The issues of an error, or the error itself as one issue of `fallback`. */
export function issuesOf(err: AppError, fallback = 'form'): FieldIssue[] {
  if (err.issues.length) return err.issues
  const m = /^([\w.]+): (.*)$/.exec(err.message)
  return [m ? { field: m[1]!, message: m[2]! } : { field: fallback, message: err.message }]
}

/** The list of problems at the top of a form, each naming its field. */
export function Errors({ issues }: { issues: FieldIssue[] }) {
  if (!issues.length) return null
  return (
    <div class="error" role="alert">
      <ul>
        {issues.map((i) => (
          <li>
            {i.field}: {i.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** A confirmation after a form post (the page was reached by a redirect). */
export function Flash({ text }: { text: string | null }) {
  return text ? (
    <p class="flash" role="status">
      {text}
    </p>
  ) : null
}

/** A date and time in Vietnam time, in the reader's language. */
export function When({ c, at }: { c: Context<AppEnv>; at: string }) {
  return (
    <time datetime={at}>{formatDate(c.get('locale'), at, { dateStyle: 'short', timeStyle: 'short' })}</time>
  )
}

/** Radio buttons drawn as large tiles, one per choice. */
export function Tiles({
  name,
  legend,
  choices,
  value,
  invalid,
  cols,
  required,
}: {
  name: string
  legend: string
  choices: { value: string; label: string }[]
  value?: unknown
  invalid?: boolean
  cols?: 2 | 3 | 4
  required?: boolean
}) {
  return (
    <fieldset class={`tiles cols${cols ?? 2}`} aria-invalid={invalid ? 'true' : undefined}>
      <legend>{legend}</legend>
      {choices.map((ch, i) => (
        <label class="tile">
          <input
            type="radio"
            name={name}
            value={ch.value}
            checked={value === ch.value}
            required={required && i === 0}
          />
          <span>{ch.label}</span>
        </label>
      ))}
    </fieldset>
  )
}

/** The value of a form field for re-display, as text. */
export function fieldValue(values: Record<string, unknown>, k: string): string {
  const v = values[k]
  return v === undefined || v === null || v === true ? '' : String(v)
}

/** The message of a key, or the raw value when there is none (e.g. an unknown code). */
export function label(
  c: Context<AppEnv>,
  prefix: 'help.sex' | 'help.age' | 'help.what' | 'grp.role',
  value: string | null,
): string {
  if (value === null) return ''
  const key = `${prefix}.${value}` as const
  const s = t(c.get('locale'), key)
  return s === key ? value : s
}
