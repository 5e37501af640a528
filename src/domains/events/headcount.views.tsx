import type { Context } from 'hono'
import type { FieldIssue } from '../../core/errors.ts'
import { type Locale, t } from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { AppEnv } from '../../web/env.ts'
import { ForkChoice } from '../../web/forks.tsx'
import { type FieldLabels, Issues } from '../../web/issues.tsx'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { clientText } from '../../web/offline.tsx'
import type { HeadcountEntry } from './events.headcount.ts'
import { HEADCOUNT_MAX } from './events.schemas.ts'
import type { EventView } from './events.service.ts'
import { timeOf } from './events.views.tsx'

/**
 * The headcount page of a festival (decision 0196): the numbers checked in and counted, the form
 * for a new count, and the counts that stand, each with its correction. Every form posts without
 * JavaScript; with it, the outbox keeps what is sent on the phone first (headcount.js shows it at
 * once, marked as waiting, and the totals with it).
 */

const LABELS: FieldLabels = {
  visitors: 'events.headcount.visitors',
  booth: 'events.headcount.booth',
  note: 'events.headcount.note',
  event_id: 'events.headcount.event',
  occurred_at: 'events.headcount.when',
  corrects: 'events.headcount.corrects',
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const thousands = (n: number) => n.toLocaleString('vi-VN')

export type HeadcountPageProps = {
  c: Context<AppEnv>
  event: EventView
  rows: HeadcountEntry[]
  visitors: number
  issues?: FieldIssue[]
  /** What was typed in the form that was refused, and which count it corrected (if one). */
  values?: Record<string, unknown>
  correcting?: string
  saved?: boolean
}

/** The page. */
export function HeadcountPage(p: HeadcountPageProps) {
  const { c, event: ev, rows, visitors } = p
  const l = c.get('locale')
  const checkedIn = ev.counts.attended
  const issues = p.issues ?? []
  const typed = p.correcting ? {} : (p.values ?? {})
  const v = (k: string) => (typed[k] === undefined ? '' : String(typed[k]))
  const bad = new Set(p.correcting ? [] : issues.map((i) => i.field))
  return (
    <Layout c={c} title={`${t(l, 'events.headcount')} · ${ev.title}`} scripts={['headcount.js']}>
      <p class="crumbs">
        <a href="/events">{t(l, 'nav.events')}</a> › <a href={`/events/${ev.id}`}>{ev.title}</a>
      </p>
      <h1>{t(l, 'events.headcount')}</h1>
      <div class="stats">
        <div class="stat">
          <b data-headcount-checked-in>{checkedIn}</b>
          <span class="small">{t(l, 'events.headcount.checked_in')}</span>
        </div>
        <div class="stat">
          <b data-headcount-counted>{visitors}</b>
          <span class="small">{t(l, 'events.headcount.counted')}</span>
        </div>
        <div class="stat">
          <b data-headcount-total>{checkedIn + visitors}</b>
          <span class="small">{t(l, 'events.headcount.total')}</span>
        </div>
      </div>
      {p.saved ? (
        <p class="flash" role="status">
          {t(l, 'events.headcount.saved')}
        </p>
      ) : null}
      <p class="flash" role="status" hidden data-headcount-flash />
      <Issues l={l} issues={issues} labels={LABELS} />
      {ev.kind === 'festival' ? (
        <form
          method="post"
          action={`/events/${ev.id}/headcount`}
          class="stack"
          id="headcount-form"
          data-outbox-kind="festival_headcount"
          data-outbox-reset
        >
          <CsrfField c={c} />
          <input type="hidden" name="event_id" value={ev.id} />
          <input type="hidden" name="id" value={v('id') || uuidv7()} />
          <label>
            {t(l, 'events.headcount.visitors')}
            <input
              name="visitors"
              value={v('visitors')}
              type="number"
              inputmode="numeric"
              min={1}
              max={HEADCOUNT_MAX}
              step={1}
              required
              aria-invalid={bad.has('visitors') ? 'true' : undefined}
            />
            <span class="muted small">
              {t(l, 'events.headcount.visitors.hint', { max: thousands(HEADCOUNT_MAX) })}
            </span>
          </label>
          <label>
            {t(l, 'events.headcount.booth')}
            <input name="booth" value={v('booth')} maxlength={80} />
          </label>
          <label>
            {t(l, 'events.headcount.note')}
            <textarea name="note" rows={2} maxlength={300}>
              {v('note')}
            </textarea>
          </label>
          <button type="submit" class="big">
            {t(l, 'events.headcount.submit')}
          </button>
        </form>
      ) : (
        <p class="notice">{capitalised(t(l, 'events.headcount.not_festival'))}</p>
      )}
      {ev.kind === 'festival' || rows.length ? (
        <>
          <h2>{t(l, 'events.headcount.list')}</h2>
          <p class="muted small" id="headcount-none" hidden={rows.length > 0}>
            {t(l, 'events.headcount.none')}
          </p>
          <ul
            class="plain headcounts"
            data-headcounts
            data-event={ev.id}
            data-text={clientText(l, [
              'events.headcount.row',
              'events.headcount.withdrawn',
              'events.headcount.waiting',
              'events.headcount.refused',
              'events.headcount.saved',
              'events.headcount.saved.device',
            ])}
          >
            {rows.map((r) => (
              <CountItem
                c={c}
                ev={ev}
                row={r}
                issues={p.correcting === r.id ? issues : undefined}
                values={p.correcting === r.id ? p.values : undefined}
              />
            ))}
          </ul>
        </>
      ) : null}
      {ev.kind === 'festival' ? (
        // What headcount.js fills for a count kept on the phone, so it can be corrected before it is sent.
        <template id="headcount-item">
          <CountItem c={c} ev={ev} row={TEMPLATE_ROW} />
        </template>
      ) : null}
    </Layout>
  )
}

const TEMPLATE_ROW: HeadcountEntry = {
  id: '',
  counted_at: new Date(0).toISOString(),
  counted_by: null,
  visitors: 1,
  booth: null,
  note: null,
  corrects: null,
  byName: null,
}

/** One count that stands: its number, where, when and who, and the forms that correct it. */
function CountItem({
  c,
  ev,
  row: r,
  issues,
  values,
}: {
  c: Context<AppEnv>
  ev: EventView
  row: HeadcountEntry
  issues?: FieldIssue[] | undefined
  values?: Record<string, unknown> | undefined
}) {
  const l = c.get('locale')
  const typed = values ?? { visitors: r.visitors, booth: r.booth ?? '', note: r.note ?? '' }
  const v = (k: string) => (typed[k] === undefined ? '' : String(typed[k]))
  const bad = new Set((issues ?? []).map((i) => i.field))
  const action = `/events/${ev.id}/headcount/${r.id}/correct`
  return (
    <li class="card" id={`hc-${r.id}`} data-headcount={r.id} data-visitors={r.visitors}>
      <b data-headcount-number>{countText(l, r.visitors)}</b>
      {r.corrects && r.visitors > 0 ? <span class="badge">{t(l, 'events.headcount.corrected')}</span> : null}{' '}
      <span class="badge warn" data-outbox-state hidden />
      <div class="muted small">
        {[r.booth, timeOf(l, r.counted_at), r.byName].filter(Boolean).join(' · ')}
      </div>
      {r.note ? <div class="muted small">{r.note}</div> : null}
      {r.apart?.length ? (
        <ForkChoice
          c={c}
          action={action}
          idField="id"
          counted={{ text: countSummary(l, r), fields: countFields(ev, r) }}
          apart={r.apart.map((x) => ({ text: countSummary(l, x), fields: countFields(ev, x) }))}
        />
      ) : null}
      {ev.kind === 'festival' ? (
        <details open={issues ? true : undefined}>
          <summary>{t(l, 'events.headcount.correct')}</summary>
          <form
            method="post"
            action={action}
            class="stack"
            data-outbox-kind="festival_headcount"
            data-outbox-corrects={r.id}
          >
            <CsrfField c={c} />
            <input type="hidden" name="event_id" value={ev.id} />
            <input type="hidden" name="id" value={v('id') || uuidv7()} />
            <label>
              {t(l, 'events.headcount.correct.visitors')}
              <input
                name="visitors"
                value={v('visitors')}
                type="number"
                inputmode="numeric"
                min={0}
                max={HEADCOUNT_MAX}
                step={1}
                required
                aria-invalid={bad.has('visitors') ? 'true' : undefined}
              />
              <span class="muted small">{t(l, 'events.headcount.correct.hint')}</span>
            </label>
            <label>
              {t(l, 'events.headcount.booth')}
              <input name="booth" value={v('booth')} maxlength={80} />
            </label>
            <label>
              {t(l, 'events.headcount.note')}
              <textarea name="note" rows={2} maxlength={300}>
                {v('note')}
              </textarea>
            </label>
            <button type="submit">{t(l, 'events.headcount.correct.submit')}</button>
          </form>
          {r.visitors > 0 ? (
            <form
              method="post"
              action={action}
              class="stack"
              data-outbox-kind="festival_headcount"
              data-outbox-corrects={r.id}
            >
              <CsrfField c={c} />
              <input type="hidden" name="event_id" value={ev.id} />
              <input type="hidden" name="id" value={uuidv7()} />
              <input type="hidden" name="visitors" value="0" data-outbox-number />
              <input type="hidden" name="booth" value={r.booth ?? ''} />
              <button type="submit" class="secondary">
                {t(l, 'events.headcount.withdraw')}
              </button>
            </form>
          ) : null}
        </details>
      ) : null}
    </li>
  )
}

/** A count in one line, to set beside another: its number, booth, time and who entered it. */
function countSummary(l: Locale, r: HeadcountEntry): string {
  return [countText(l, r.visitors), r.booth, timeOf(l, r.counted_at), r.byName].filter(Boolean).join(' · ')
}

/** The correction form's fields that say a count again (keeping it, decision 0204). */
function countFields(ev: EventView, r: HeadcountEntry): Record<string, string> {
  return { event_id: ev.id, visitors: String(r.visitors), booth: r.booth ?? '', note: r.note ?? '' }
}

/** "150 khách", or for a count withdrawn as entered by mistake, "0 khách · entered by mistake". */
function countText(l: Locale, visitors: number): string {
  const n = t(l, 'events.headcount.row', { count: visitors })
  return visitors === 0 ? `${n} · ${t(l, 'events.headcount.withdrawn')}` : n
}
