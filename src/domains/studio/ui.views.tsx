import type { Context } from 'hono'
import type { FieldIssue } from '../../core/errors.ts'
import { formatPercent, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { IssueList } from '../../web/issues.tsx'
import { CsrfField } from '../../web/layout.tsx'
import { LANG_NAMES } from '../learning/learning.views.tsx'
import type { LineIssue } from './ui.exchange.ts'
import type { groupView, UiCoverage, UiEntry } from './ui.service.ts'
import { maxLength } from './ui.service.ts'

/** Pieces of the interface-translation pages. */
type C = Context<AppEnv>
type View = Awaited<ReturnType<typeof groupView>>

const STATUS = {
  none: 'studio.ui.status.none',
  pending: 'studio.ui.status.pending',
  returned: 'studio.ui.status.returned',
  approved: 'studio.ui.status.approved',
} as const

/** One line per language: approved, in review, translated, of all the keys. */
export function UiCoverageList({ c, coverage }: { c: C; coverage: UiCoverage[] }) {
  const l = c.get('locale')
  return (
    <ul class="st-ui-coverage">
      {coverage.map((p) => (
        <li>
          <strong lang={p.lang}>{LANG_NAMES[p.lang]}</strong>:{' '}
          {t(l, 'studio.ui.coverage.line', { ...p, pct: formatPercent(l, p.share) })}
        </li>
      ))}
    </ul>
  )
}

/** The parts of the interface (the first part of each key) with how far each is. */
export function GroupList({ c, v }: { c: C; v: View }) {
  const l = c.get('locale')
  return (
    <section>
      <h2>{t(l, 'studio.ui.groups')}</h2>
      <ul class="st-ui-groups">
        {v.groups.map((g) => (
          <li>
            <a href={`/studio/interface/${v.lang}?g=${encodeURIComponent(g.name)}`}>
              <code>{g.name}</code>
            </a>{' '}
            <span class="muted small">{t(l, 'studio.ui.group.line', g)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Download the PO file, and send it back translated. */
export function OfflinePanel({ c, v, issues = [] }: { c: C; v: View; issues?: LineIssue[] }) {
  const l = c.get('locale')
  return (
    <section class="card">
      <h2>{t(l, 'studio.ui.offline')}</h2>
      <p>
        <a class="button secondary" href={`/studio/interface/${v.lang}/export.po`} download>
          {t(l, 'studio.ui.export')}
        </a>
      </p>
      {v.mayTranslate ? (
        <form
          method="post"
          action={`/studio/interface/${v.lang}/import`}
          enctype="multipart/form-data"
          class="stack"
        >
          <CsrfField c={c} />
          <label>
            {t(l, 'studio.ui.import.file')}
            <input type="file" name="po" accept=".po,text/x-gettext-translation,text/plain" required />
          </label>
          <button type="submit">{t(l, 'studio.ui.import')}</button>
        </form>
      ) : null}
      {issues.length ? <ImportIssues c={c} issues={issues} /> : null}
    </section>
  )
}

/** Why a file was refused: each problem at its line. */
export function ImportIssues({ c, issues }: { c: C; issues: LineIssue[] }) {
  const l = c.get('locale')
  return (
    <div class="error" role="alert">
      <p>{t(l, 'studio.ui.import.refused')}</p>
      <ul>
        {issues.map((i) => (
          <li>
            {i.line ? `${t(l, 'studio.ui.import.line', { line: i.line })} · ` : ''}
            <IssueList l={l} issues={[i]} />
          </li>
        ))}
      </ul>
    </div>
  )
}

/** One key: the Vietnamese with its placeholders, French and English as help, the translation and its review. */
export function EntryCard({
  c,
  v,
  e,
  issue,
  typed,
}: {
  c: C
  v: View
  e: UiEntry
  issue?: FieldIssue
  typed?: string
}) {
  const l = c.get('locale')
  const own = e.translatedBy === v.userId
  const multiline = e.source.includes('\n') || e.source.length > 80
  const id = `k-${e.key.replace(/[^a-z0-9_-]/gi, '-')}`
  return (
    <article class={`card st-ui-entry st-ui-${e.status}`} id={id}>
      <h3>
        <code>{e.key}</code> <span class="badge">{t(l, STATUS[e.status])}</span>
      </h3>
      <p>
        <span class="muted small">{t(l, 'studio.ui.source')}: </span>
        <span lang="vi">{e.source}</span>
      </p>
      {e.placeholders.length ? (
        <p class="small">{t(l, 'studio.ui.keep', { list: e.placeholders.map((p) => `{${p}}`).join(' ') })}</p>
      ) : null}
      {e.plural ? <p class="small muted">{t(l, 'studio.ui.plural')}</p> : null}
      <details class="small">
        <summary>{t(l, 'studio.ui.help')}</summary>
        <p lang="fr">{e.fr}</p>
        <p lang="en">{e.en}</p>
      </details>
      {e.outdated ? <p class="notice info small">{t(l, 'studio.ui.outdated')}</p> : null}
      {e.status === 'returned' && e.reason ? (
        <p class="notice small">{t(l, 'studio.ui.reason.shown', { reason: e.reason })}</p>
      ) : null}
      {v.mayTranslate ? (
        <form method="post" action={`/studio/interface/${v.lang}/save`} class="stack">
          <CsrfField c={c} />
          <input type="hidden" name="g" value={v.group ?? ''} />
          <input type="hidden" name="key" value={e.key} />
          <label for={`${id}-text`}>
            {t(l, 'studio.ui.translation')} ({LANG_NAMES[v.lang]})
          </label>
          {multiline ? (
            <textarea
              id={`${id}-text`}
              name="text"
              lang={v.lang}
              rows={3}
              maxlength={maxLength(e.source)}
              aria-invalid={issue ? 'true' : undefined}
            >
              {typed ?? e.text}
            </textarea>
          ) : (
            <input
              id={`${id}-text`}
              type="text"
              name="text"
              lang={v.lang}
              value={typed ?? e.text}
              maxlength={maxLength(e.source)}
              aria-invalid={issue ? 'true' : undefined}
            />
          )}
          {issue ? (
            <div class="error" role="alert">
              <IssueList l={l} issues={[issue]} />
            </div>
          ) : null}
          <button type="submit" class="secondary">
            {t(l, 'studio.ui.save')}
          </button>
        </form>
      ) : (
        <p lang={v.lang}>{e.text}</p>
      )}
      {v.mayReview && e.status === 'pending' ? (
        own ? (
          <p class="small muted">{t(l, 'studio.ui.own')}</p>
        ) : (
          <form method="post" action={`/studio/interface/${v.lang}/review`} class="stack">
            <CsrfField c={c} />
            <input type="hidden" name="g" value={v.group ?? ''} />
            <input type="hidden" name="key" value={e.key} />
            <label>
              {t(l, 'studio.ui.reason')}
              <input type="text" name="reason" maxlength={500} />
            </label>
            <div class="row">
              <button type="submit" name="decision" value="approve">
                {t(l, 'studio.ui.approve')}
              </button>
              <button type="submit" name="decision" value="return" class="secondary">
                {t(l, 'studio.ui.return')}
              </button>
            </div>
          </form>
        )
      ) : null}
    </article>
  )
}
