import type { Context } from 'hono'
import { Hono } from 'hono'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { type FieldLabels, Issues } from '../../web/issues.tsx'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { headcountsFor, recordHeadcount } from './events.headcount.ts'
import { HEADCOUNT_MAX, headcountFactSchema } from './events.schemas.ts'
import { acceptsJson, isJson, requireUser, timeOf } from './events.views.tsx'

/**
 * A festival's headcount: the visitors who did not check in one by one, entered as a number per
 * booth or at the end of the day, beside the number who did (decision 0196).
 */
const routes = new Hono<AppEnv>()

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

const LABELS: FieldLabels = {
  visitors: 'events.headcount.visitors',
  booth: 'events.headcount.booth',
  note: 'events.headcount.note',
  event_id: 'events.headcount.event',
  occurred_at: 'events.headcount.when',
}

async function HeadcountPage({
  c,
  id,
  issues = [],
  values = {},
  saved,
}: {
  c: Context<AppEnv>
  id: string
  issues?: FieldIssue[]
  values?: Record<string, unknown>
  saved?: boolean
}) {
  const l = c.var.locale
  const { event: ev, rows, visitors } = await headcountsFor(c.var.ctx, requireUser(c), id)
  const checkedIn = ev.counts.attended
  const v = (k: string) => (values[k] === undefined ? '' : String(values[k]))
  const bad = new Set(issues.map((i) => i.field))
  return (
    <Layout c={c} title={`${t(l, 'events.headcount')} · ${ev.title}`}>
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
      {saved ? (
        <p class="flash" role="status">
          {t(l, 'events.headcount.saved')}
        </p>
      ) : null}
      <Issues l={l} issues={issues} labels={LABELS} />
      {ev.kind === 'festival' ? (
        <form method="post" action={`/events/${ev.id}/headcount`} class="stack" id="headcount-form">
          <CsrfField c={c} />
          <input type="hidden" name="event_id" value={ev.id} />
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
              {t(l, 'events.headcount.visitors.hint', { max: HEADCOUNT_MAX.toLocaleString('vi-VN') })}
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
      {rows.length ? (
        <ul class="plain" data-headcounts>
          {rows.map((r) => (
            <li class="card">
              <b>{t(l, 'events.headcount.row', { count: r.visitors })}</b> · {timeOf(l, r.counted_at)}
              {r.booth ? ` · ${r.booth}` : ''}
              {r.note ? <div class="muted small">{r.note}</div> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>
  )
}

routes.get('/events/:id/headcount', async (c) => {
  const id = c.req.param('id')
  if (acceptsJson(c)) {
    const { rows, visitors, event } = await headcountsFor(c.var.ctx, requireUser(c), id)
    return c.json({ checked_in: event.counts.attended, counted: visitors, headcounts: rows })
  }
  return c.html(<HeadcountPage c={c} id={id} saved={c.req.query('saved') === '1'} />)
})

/** A headcount from the form (no JavaScript needed) or as JSON; nothing is stored when it is refused. */
routes.post('/events/:id/headcount', async (c) => {
  const user = requireUser(c)
  const id = c.req.param('id')
  try {
    const data = await readBody(c, headcountFactSchema)
    const factId = await recordHeadcount(c.var.ctx, user, id, data)
    if (isJson(c)) return c.json({ fact_id: factId }, 201)
    return c.redirect(`/events/${id}/headcount?saved=1`, 303)
  } catch (err) {
    if (isJson(c) || !(err instanceof AppError) || err.code !== 'validation') throw err
    const form = await c.req.parseBody()
    c.status(400)
    const issues = err.issues.length ? err.issues : [{ field: 'form', message: err.message }]
    return c.html(<HeadcountPage c={c} id={id} issues={issues} values={form} />)
  }
})

export default routes
