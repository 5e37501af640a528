import type { Context } from 'hono'
import { Hono } from 'hono'
import { raw } from 'hono/html'
import { toCsv } from '../../core/csv.ts'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { type Locale, t } from '../../core/i18n.ts'
import { qrSvg } from '../../core/qr.ts'
import { assetUrl } from '../../web/assets.ts'
import type { AppEnv } from '../../web/env.ts'
import { type FieldLabels, Issues } from '../../web/issues.tsx'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { type CheckinResult, checkInAtDoor, doorList, withdrawCheckin } from './events.checkin.ts'
import { importParticipants } from './events.import.ts'
import { checkinFactSchema, importSchema, participantSchema } from './events.schemas.ts'
import type { EventView } from './events.service.ts'
import * as events from './events.service.ts'
import { acceptsJson, isJson, ParticipantFields, requireUser, timeOf, when } from './events.views.tsx'

/** Pages of the organiser and the door: registrations, CSV import, printable list, check-in, attendance. */
const routes = new Hono<AppEnv>()

function Crumbs({ l, ev }: { l: Locale; ev: EventView }) {
  return (
    <p class="crumbs">
      <a href="/events">{t(l, 'nav.events')}</a> › <a href={`/events/${ev.id}`}>{ev.title}</a>
    </p>
  )
}

routes.get('/events/:id/registrations', async (c) => {
  const l = c.get('locale')
  const { event: ev, registrations } = await events.registrationsFor(
    c.get('ctx'),
    requireUser(c),
    c.req.param('id'),
  )
  if (acceptsJson(c)) return c.json({ event: ev, registrations })
  const flash = c.req.query('added')
  return c.html(
    <Layout c={c} title={`${t(l, 'events.registrations')} · ${ev.title}`}>
      <Crumbs l={l} ev={ev} />
      <h1>{t(l, 'events.registrations')}</h1>
      {flash ? <p class="flash">{flash}</p> : null}
      <p class="muted">
        {t(l, 'events.seats', { registered: ev.counts.registered, capacity: ev.capacity })}
        {ev.counts.waiting ? ` · ${t(l, 'events.waiting', { count: ev.counts.waiting })}` : ''}
      </p>
      <div class="actions">
        <a class="button secondary" href={`/events/${ev.id}/import`}>
          {t(l, 'events.import')}
        </a>
        <a class="button secondary" href={`/events/${ev.id}/print`}>
          {t(l, 'events.print')}
        </a>
      </div>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t(l, 'events.col.name')}</th>
              <th>{t(l, 'events.col.organisation')}</th>
              <th>{t(l, 'events.col.code')}</th>
              <th>{t(l, 'events.col.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {registrations.map((r) => (
              <tr>
                <td>
                  <a href={`/events/${ev.id}/registrations/${r.id}`}>{r.name}</a>
                  {r.phone ? <div class="muted small">{r.phone}</div> : null}
                </td>
                <td>
                  {r.organisation ?? ''}
                  {r.position ? <div class="muted small">{r.position}</div> : null}
                </td>
                <td>
                  <code>{r.code}</code>
                </td>
                <td>
                  {r.checked_in_at ? t(l, 'events.checked_in') : t(l, `events.status.${r.status}`)}
                  <div class="muted small">{t(l, `events.source.${r.source}`)}</div>
                </td>
                <td>
                  {!r.cancelled_at && !r.checked_in_at ? (
                    <form method="post" action={`/events/${ev.id}/registrations/${r.id}/cancel`}>
                      <CsrfField c={c} />
                      <button type="submit" class="secondary small">
                        {t(l, 'events.cancel')}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(l, 'events.add_one')}</h2>
      <form method="post" action={`/events/${ev.id}/registrations`} class="stack">
        <CsrfField c={c} />
        <ParticipantFields l={l} />
        <button type="submit">{t(l, 'events.add')}</button>
      </form>
    </Layout>,
  )
})

routes.post('/events/:id/registrations', async (c) => {
  const input = await readBody(c, participantSchema)
  const reg = await events.registerOne(c.get('ctx'), requireUser(c), c.req.param('id'), input)
  if (isJson(c)) return c.json({ id: reg.id, code: reg.code, status: reg.status }, 201)
  const note = `${reg.name} · ${reg.code} · ${t(c.get('locale'), `events.status.${reg.status}`)}`
  return c.redirect(`/events/${reg.event_id}/registrations?added=${encodeURIComponent(note)}`, 303)
})

/** The columns of a participants file, as the import's problems name them. */
const IMPORT_LABELS: FieldLabels = {
  name: 'events.col.name',
  phone: 'people.phone',
  organisation: 'events.col.organisation',
  position: 'events.col.position',
  header: 'events.col.header',
  row: 'events.col.row',
  file: 'events.import.file',
}

function ImportPage({
  c,
  ev,
  issues,
  done,
}: {
  c: Context<AppEnv>
  ev: EventView
  issues?: FieldIssue[]
  done?: { registered: number; waiting: number }
}) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={`${t(l, 'events.import')} · ${ev.title}`}>
      <Crumbs l={l} ev={ev} />
      <h1>{t(l, 'events.import')}</h1>
      {done ? (
        <p class="flash" role="status">
          {t(l, 'events.import.done', done)}{' '}
          <a href={`/events/${ev.id}/registrations`}>{t(l, 'events.registrations')}</a>
        </p>
      ) : null}
      <Issues l={l} issues={issues ?? []} labels={IMPORT_LABELS} lead={t(l, 'events.import.bad')} />
      <p>{t(l, 'events.import.lead')}</p>
      <pre class="small">name,phone,organisation,position{'\n'}Lò Văn A,0912345678,UBND xã,Công chức</pre>
      <form method="post" action={`/events/${ev.id}/import`} enctype="multipart/form-data" class="stack">
        <CsrfField c={c} />
        <label>
          {t(l, 'events.import.file')}
          <input type="file" name="file" accept=".csv,text/csv" />
        </label>
        <label>
          {t(l, 'events.import.paste')}
          <textarea name="csv" rows={5} />
        </label>
        <button type="submit">{t(l, 'events.import.submit')}</button>
      </form>
    </Layout>
  )
}

routes.get('/events/:id/import', async (c) => {
  const ev = await events.eventToManage(c.get('ctx'), requireUser(c), c.req.param('id'))
  return c.html(<ImportPage c={c} ev={ev} />)
})

routes.post('/events/:id/import', async (c) => {
  const user = requireUser(c)
  const ev = await events.eventToManage(c.get('ctx'), user, c.req.param('id'))
  const body = await readBody(c, importSchema)
  const text = body.file && body.file.size ? await body.file.text() : (body.csv ?? '')
  try {
    const done = await importParticipants(c.get('ctx'), user, ev.id, text)
    if (isJson(c)) return c.json(done, 201)
    return c.html(
      <ImportPage c={c} ev={await events.eventToManage(c.get('ctx'), user, ev.id)} done={done} />,
      201,
    )
  } catch (err) {
    if (isJson(c) || !(err instanceof AppError) || err.code !== 'validation') throw err
    return c.html(<ImportPage c={c} ev={ev} issues={err.issues} />, 400)
  }
})

/** The printable list: one row per person with their QR and code, to cut out or tick at the door. */
routes.get('/events/:id/print', async (c) => {
  const l = c.get('locale')
  const { event: ev, registrations } = await events.registrationsFor(
    c.get('ctx'),
    requireUser(c),
    c.req.param('id'),
  )
  const live = registrations.filter((r) => !r.cancelled_at)
  const svgs = await Promise.all(live.map((r) => qrSvg(r.code, { title: r.code, margin: 2 })))
  return c.html(
    <Layout c={c} title={`${t(l, 'events.print.title')} · ${ev.title}`}>
      <h1>{ev.title}</h1>
      <p>
        {when(l, ev)} · {ev.venue ? `${ev.venue}, ` : ''}
        {ev.placeName}
      </p>
      <div class="table-wrap">
        <table class="print-list">
          <thead>
            <tr>
              <th>#</th>
              <th>{t(l, 'events.col.name')}</th>
              <th>{t(l, 'events.col.code')}</th>
              <th>QR</th>
              <th>{t(l, 'events.checked_in')}</th>
            </tr>
          </thead>
          <tbody>
            {live.map((r, i) => (
              <tr>
                <td class="num">{i + 1}</td>
                <td>
                  <b>{r.name}</b>
                  <div class="small">{[r.position, r.organisation].filter(Boolean).join(', ')}</div>
                  {r.status === 'waiting' ? <div class="small">{t(l, 'events.status.waiting')}</div> : null}
                </td>
                <td>
                  <code class="ticket-code small">{r.code}</code>
                </td>
                <td class="print-qr">{raw(svgs[i]!)}</td>
                <td>{r.checked_in_at ? '✓' : '☐'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  )
})

async function CheckinPage({
  c,
  id,
  result,
  error,
}: {
  c: Context<AppEnv>
  id: string
  result?: { name: string; code: string; first: boolean; at: string }
  error?: string
}) {
  const l = c.get('locale')
  const { event: ev, people } = await doorList(c.get('ctx'), c.get('user'), id)
  const map = Object.fromEntries(people.map((p) => [p.code, [p.name, p.checkedIn ? 1 : 0]]))
  const texts = Object.fromEntries(
    (
      [
        'events.checkin.ok',
        'events.checkin.queued',
        'events.checkin.walkin.queued',
        'events.checkin.unknown',
        'events.checkin.dup',
      ] as const
    ).map((k) => [k, t(l, k)]),
  )
  const registered = people.length
  const attended = people.filter((p) => p.checkedIn).length
  return (
    <Layout
      c={c}
      title={`${t(l, 'events.checkin')} · ${ev.title}`}
      scripts={['qr-camera.js', 'events-checkin.js']}
    >
      <Crumbs l={l} ev={ev} />
      <h1>{t(l, 'events.checkin')}</h1>
      <p class="stats">
        <span class="stat">
          <b data-checkin-count>{t(l, 'events.checkin.count', { attended, registered })}</b>
        </span>
      </p>
      <div id="checkin-result" role="status" aria-live="polite">
        {result ? (
          <p class={result.first ? 'flash' : 'notice'}>
            {result.first
              ? t(l, 'events.checkin.ok', { name: result.name, code: result.code })
              : t(l, 'events.checkin.again', {
                  name: result.name,
                  code: result.code,
                  time: timeOf(l, result.at),
                })}
          </p>
        ) : null}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <p>{t(l, 'events.checkin.lead')}</p>
      <form
        method="post"
        action={`/events/${ev.id}/checkin`}
        class="stack"
        id="checkin-form"
        data-outbox-kind="checkin"
        data-outbox-reset
      >
        <CsrfField c={c} />
        <input type="hidden" name="event_id" value={ev.id} />
        <label>
          {t(l, 'events.checkin.code')}
          <input
            name="code"
            required
            maxlength={12}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            class="code-input"
            autofocus
          />
        </label>
        <div class="actions">
          <button type="submit">{t(l, 'events.checkin.submit')}</button>
          <button
            type="button"
            class="secondary"
            id="scan-qr"
            hidden
            data-qr-scan
            data-qr-video="scan-video"
            data-decoder={assetUrl('vendor/jsqr.js')}
            data-stop={t(l, 'events.checkin.stop')}
          >
            {t(l, 'events.checkin.scan')}
          </button>
        </div>
        <video id="scan-video" hidden playsinline muted class="scan-video" />
      </form>
      <h2>{t(l, 'events.checkin.walkin')}</h2>
      <form
        method="post"
        action={`/events/${ev.id}/checkin`}
        class="stack"
        id="walkin-form"
        data-outbox-kind="checkin"
        data-outbox-reset
      >
        <CsrfField c={c} />
        <input type="hidden" name="event_id" value={ev.id} />
        <ParticipantFields l={l} />
        <button type="submit">{t(l, 'events.checkin.walkin.submit')}</button>
      </form>
      <script type="application/json" id="checkin-data">
        {raw(JSON.stringify({ people: map, texts, attended, registered }).replace(/</g, '\\u003c'))}
      </script>
    </Layout>
  )
}

routes.get('/events/:id/checkin', async (c) => {
  requireUser(c)
  const rid = c.req.query('r')
  let result: { name: string; code: string; first: boolean; at: string } | undefined
  if (rid) {
    const r = await events.getRegistration(c.get('ctx'), c.get('user'), rid).catch(() => null)
    if (r?.attendance && r.event.id === c.req.param('id'))
      result = {
        name: r.registration.name,
        code: r.registration.code,
        first: c.req.query('first') === '1',
        at: r.attendance.checked_in_at,
      }
  }
  return c.html(<CheckinPage c={c} id={c.req.param('id')} result={result} />)
})

/** Check-in without JavaScript (a plain form post) or as JSON; the outbox posts the same fact to /api/facts. */
routes.post('/events/:id/checkin', async (c) => {
  const user = requireUser(c)
  const id = c.req.param('id')
  let r: CheckinResult
  try {
    const data = await readBody(c, checkinFactSchema)
    r = await checkInAtDoor(c.get('ctx'), user, id, data)
  } catch (err) {
    if (isJson(c) || !(err instanceof AppError) || err.code !== 'validation') throw err
    c.status(400)
    // Said in the organiser's language when it can be, the exact text beside.
    const said = err.key ? `${t(c.get('locale'), err.key, err.params)} (${err.message})` : err.message
    return c.html(<CheckinPage c={c} id={id} error={said} />)
  }
  if (isJson(c))
    return c.json(
      {
        fact_id: r.factId,
        registration_id: r.registration.id,
        name: r.registration.name,
        code: r.registration.code,
        first: r.first,
        checked_in_at: r.checkedInAt,
      },
      r.first ? 201 : 200,
    )
  return c.redirect(`/events/${id}/checkin?r=${r.registration.id}&first=${r.first ? 1 : 0}`, 303)
})

routes.get('/events/:id/attendance', async (c) => {
  const l = c.get('locale')
  const {
    event: ev,
    present,
    count,
  } = await events.attendanceFor(c.get('ctx'), requireUser(c), c.req.param('id'))
  if (acceptsJson(c)) return c.json({ event: ev, count, present })
  const rid = c.req.query('withdrawn')
  const withdrawn = rid
    ? (await events.getRegistration(c.get('ctx'), c.get('user'), rid).catch(() => null))?.registration.name
    : null
  return c.html(
    <Layout c={c} title={`${t(l, 'events.attendance')} · ${ev.title}`}>
      <Crumbs l={l} ev={ev} />
      <h1>{t(l, 'events.attendance')}</h1>
      {withdrawn ? (
        <p class="notice" role="status">
          {t(l, 'events.attendance.withdrawn', { name: withdrawn })}
        </p>
      ) : null}
      <div class="stats">
        <div class="stat">
          <b data-attendance-count>{t(l, 'events.attended', { count })}</b>
          {t(l, 'events.seats', { registered: ev.counts.registered, capacity: ev.capacity })}
        </div>
      </div>
      <div class="actions">
        <a class="button secondary" href={`/events/${ev.id}/attendance.csv`} download>
          {t(l, 'events.export')}
        </a>
        <a class="button secondary" href={`/events/${ev.id}/checkin`}>
          {t(l, 'events.checkin')}
        </a>
      </div>
      {present.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t(l, 'events.col.name')}</th>
                <th>{t(l, 'events.col.organisation')}</th>
                <th>{t(l, 'events.col.time')}</th>
              </tr>
            </thead>
            <tbody>
              {present.map((r, i) => (
                <tr>
                  <td class="num">{i + 1}</td>
                  <td>
                    {r.name}
                    <div class="muted small">{t(l, `events.source.${r.source}`)}</div>
                  </td>
                  <td>
                    {r.organisation ?? ''}
                    {r.position ? <div class="muted small">{r.position}</div> : null}
                  </td>
                  <td>
                    {timeOf(l, r.checked_in_at!)}
                    <details class="small">
                      <summary>{t(l, 'events.attendance.withdraw')}</summary>
                      <form
                        method="post"
                        action={`/events/${ev.id}/attendance/${r.id}/withdraw`}
                        class="stack"
                      >
                        <CsrfField c={c} />
                        <p class="muted">{t(l, 'events.attendance.withdraw.hint')}</p>
                        <button type="submit" class="secondary">
                          {t(l, 'events.attendance.withdraw.submit')}
                        </button>
                      </form>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(l, 'events.attendance.none')}</p>
      )}
    </Layout>,
  )
})

/**
 * "Checked in by mistake": withdraws the person's check-in (decision 0204, amended); their
 * attendance goes on every server as the facts travel, and an attendance certificate already
 * issued is revoked.
 */
routes.post('/events/:id/attendance/:rid/withdraw', async (c) => {
  const id = c.req.param('id')
  const r = await withdrawCheckin(c.get('ctx'), requireUser(c), id, c.req.param('rid'))
  if (isJson(c)) return c.json({ registration_id: r.registration.id, withdrawn: r.withdrawn })
  return c.redirect(`/events/${id}/attendance?withdrawn=${encodeURIComponent(r.registration.id)}`, 303)
})

/** ISO-8601 in Vietnam time with its offset: unambiguous, and what a spreadsheet shows as local time. */
const vnTime = (iso: string) =>
  `${new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`

/** The attendance list as CSV; its first four columns are the import format, so a list can be reused. */
routes.get('/events/:id/attendance.csv', async (c) => {
  const { event: ev, present } = await events.attendanceFor(c.get('ctx'), requireUser(c), c.req.param('id'))
  const csv = toCsv(
    ['name', 'phone', 'organisation', 'position', 'code', 'registered_via', 'checked_in_at'],
    present.map((r) => [
      r.name,
      r.phone,
      r.organisation,
      r.position,
      r.code,
      r.source,
      vnTime(r.checked_in_at!),
    ]),
  )
  const file = `attendance-${ev.starts_at.slice(0, 10)}-${ev.id.slice(-6)}.csv`
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${file}"`)
  // A BOM makes spreadsheet programs read the Vietnamese letters as UTF-8.
  return c.body(`\ufeff${csv}`)
})

export default routes
