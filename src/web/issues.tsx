import { type FieldIssue, issueText } from '../core/errors.ts'
import type { Locale, MessageKey } from '../core/i18n.ts'
import { composedText, t } from '../core/i18n.ts'

/** Labels of the fields many forms share; a page passes its own for the others. */
const FIELD_LABELS: Partial<Record<string, MessageKey>> = {
  login: 'people.login.login',
  password: 'people.password',
  display_name: 'people.name',
  name: 'people.name',
  phone: 'people.phone',
  birth_year: 'people.year',
  place_code: 'people.place',
  consent: 'people.consent.short',
}

export type FieldLabels = Partial<Record<string, MessageKey>>

/**
 * One problem as the reader sees it: "Số điện thoại: cần 10 chữ số…", the field named by its label
 * and the problem in the interface language; a problem of the whole form has no label.
 */
export function issueLine(l: Locale, i: FieldIssue, labels: FieldLabels = {}): string {
  const text = issueText(l, i)
  const sep = l === 'fr' ? ' : ' : ': '
  // A file's problems are `line 9: phone` (core/csv readers): the line, then the column.
  const at = /^line (\d+): (.+)$/.exec(i.field)
  const field = at ? at[2]! : i.field
  const key = labels[field] ?? FIELD_LABELS[field]
  const line = at ? t(l, 'error.issue.line', { line: at[1]! }) : undefined
  const where = line ? `${line}${sep}` : ''
  const label = key ? t(l, key) : undefined
  // Vietnamese on a Tai Dam or Hmong page when its texts are (web/jsx/fallback-lang.ts).
  const parts = [line, label, text].filter((x) => x !== undefined)
  if (!key && (field === 'form' || field === 'body'))
    return composedText(where + text.charAt(0).toUpperCase() + text.slice(1), ...parts)
  return composedText(`${where}${label ?? field}${sep}${text}`, ...parts)
}

/**
 * A form's problems in the interface language, each with the exact technical text beside it,
 * smaller (what the API and the logs say, and what to quote when asking for help).
 */
export function Issues({
  l,
  issues,
  labels,
  lead,
}: {
  l: Locale
  issues: FieldIssue[]
  labels?: FieldLabels
  lead?: string
}) {
  if (!issues.length) return null
  return (
    <div class="error" role="alert">
      {lead ? <p>{lead}</p> : null}
      <IssueList l={l} issues={issues} labels={labels} />
    </div>
  )
}

/** The list alone, for a page that already frames its errors. */
export function IssueList({
  l,
  issues,
  labels,
}: {
  l: Locale
  issues: FieldIssue[]
  labels?: FieldLabels | undefined
}) {
  return (
    <ul>
      {issues.map((i) => (
        <li>
          <IssueItem l={l} issue={i} labels={labels} />
        </li>
      ))}
    </ul>
  )
}

/** One problem and, unless the page is in English, its technical text beside it. */
export function IssueItem({
  l,
  issue,
  labels,
}: {
  l: Locale
  issue: FieldIssue
  labels?: FieldLabels | undefined
}) {
  const line = issueLine(l, issue, labels)
  const technical = `${issue.field}: ${issue.message}`
  return (
    <>
      {line}
      {l === 'en' || line === technical ? null : (
        <>
          {' '}
          <small class="muted" lang="en">
            ({technical})
          </small>
        </>
      )}
    </>
  )
}
