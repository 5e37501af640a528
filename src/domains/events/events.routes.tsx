import type { Context } from 'hono'
import { Hono } from 'hono'
import { raw } from 'hono/html'
import { notFound } from '../../core/errors.ts'
import { type Locale, t } from '../../core/i18n.ts'
import { publicBaseUrl } from '../../core/lan.ts'
import { qrSvg } from '../../core/qr.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { Share } from '../../web/share.tsx'
import { myCertificates } from '../certificates/certificates.service.ts'
import { catalogue } from '../learning/catalogue.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { listCommunes } from '../places/places.service.ts'
import doorRoutes from './door.routes.tsx'
import { eventSchema } from './events.schemas.ts'
import * as events from './events.service.ts'
import { acceptsJson, EventBadges, EventForm, isJson, requireUser, when } from './events.views.tsx'
import headcountRoutes from './headcount.routes.tsx'

const routes = new Hono<AppEnv>()

const signIn = (c: Context<AppEnv>) => c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)

/** Communes the person may organise events in (all of them for a province-wide role). */
async function communesFor(c: Context<AppEnv>, user: CurrentUser) {
  const scopes = scopesFor(user, 'events.manage')
  const all = await listCommunes(c.get('ctx').db)
  const mine = scopes.includes(PROVINCE_CODE) ? all : all.filter((p) => scopes.includes(p.code))
  return mine.map((p) => ({ code: p.code, name: p.name }))
}

async function courseOptions(c: Context<AppEnv>) {
  const { courses } = await catalogue(c.get('ctx'), null, {}, c.get('locale'))
  return courses.map((k) => ({ slug: k.slug, title: k.title.text }))
}

routes.get('/events', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return signIn(c)
  const { managed, upcoming } = await events.listEventsFor(c.get('ctx'), c.get('user'))
  if (acceptsJson(c)) return c.json({ managed, upcoming })
  const canCreate = scopesFor(c.get('user'), 'events.manage').length > 0
  return c.html(
    <Layout c={c} title={t(l, 'events.title')}>
      <h1>{t(l, 'events.title')}</h1>
      <div class="actions">
        {canCreate ? (
          <a class="button" href="/events/new">
            {t(l, 'events.new')}
          </a>
        ) : null}
        <a class="button secondary" href="/events/mine">
          {t(l, 'events.mine')}
        </a>
      </div>
      {canCreate ? (
        <>
          <h2>{t(l, 'events.managed')}</h2>
          <EventList l={l} list={managed} />
        </>
      ) : null}
      <h2>{t(l, 'events.upcoming')}</h2>
      <EventList l={l} list={upcoming} />
    </Layout>,
  )
})

function EventList({
  l,
  list,
}: {
  l: Locale
  list: Awaited<ReturnType<typeof events.listEventsFor>>['managed']
}) {
  if (!list.length) return <p class="muted">{t(l, 'events.none')}</p>
  return (
    <ul class="plain">
      {list.map((e) => (
        <li class="card">
          <a href={`/events/${e.id}`}>
            <b>{e.title}</b>
          </a>{' '}
          <EventBadges l={l} ev={e} />
          <div class="muted small">
            {when(l, e)} · {e.place_name}
          </div>
          <div class="small">
            {t(l, 'events.seats', { registered: e.counts.registered, capacity: e.capacity })}
            {e.counts.waiting ? ` · ${t(l, 'events.waiting', { count: e.counts.waiting })}` : ''}
            {e.counts.attended ? ` · ${t(l, 'events.attended', { count: e.counts.attended })}` : ''}
          </div>
        </li>
      ))}
    </ul>
  )
}

routes.get('/events/new', async (c) => {
  const l = c.get('locale')
  const user = c.get('user')
  if (!user) return signIn(c)
  const communes = await communesFor(c, user)
  return c.html(
    <Layout c={c} title={t(l, 'events.new')}>
      <p class="crumbs">
        <a href="/events">{t(l, 'nav.events')}</a>
      </p>
      <h1>{t(l, 'events.new')}</h1>
      <EventForm
        c={c}
        action="/events"
        values={{ trainers: [user.displayName], place_code: user.placeCode ?? undefined }}
        communes={communes}
        courses={await courseOptions(c)}
      />
    </Layout>,
  )
})

routes.post('/events', async (c) => {
  const input = await readBody(c, eventSchema)
  const id = await events.createEvent(c.get('ctx'), requireUser(c), input)
  if (isJson(c)) return c.json({ id }, 201)
  return c.redirect(`/events/${id}`, 303)
})

/**
 * An organiser's daily work: today's training. One event today in their communes opens its door
 * check-in at once; several are listed with their check-in button; none says so and lists the next.
 */
routes.get('/events/today', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return signIn(c)
  const { managed } = await events.listEventsFor(c.get('ctx'), c.get('user'))
  // The day as people in Điện Biên live it (UTC+7), whatever the server's clock zone.
  const day = new Date(c.get('ctx').now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10)
  const from = new Date(`${day}T00:00:00+07:00`).toISOString()
  const to = new Date(`${day}T23:59:59+07:00`).toISOString()
  const today = managed.filter((e) => e.starts_at <= to && e.ends_at >= from)
  if (today.length === 1) return c.redirect(`/events/${today[0]!.id}/checkin`, 303)
  const next = managed.filter((e) => e.starts_at > to).sort((a, b) => (a.starts_at < b.starts_at ? -1 : 1))
  return c.html(
    <Layout c={c} title={t(l, 'nav.checkin_today')}>
      <h1>{t(l, 'nav.checkin_today')}</h1>
      {today.length ? (
        <ul class="plain">
          {today.map((e) => (
            <li class="card">
              <b>{e.title}</b>
              <div class="muted small">
                {when(l, e)} · {e.place_name}
              </div>
              <div class="actions">
                <a class="button" href={`/events/${e.id}/checkin`}>
                  {t(l, 'events.checkin')}
                </a>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <p class="notice">{t(l, 'nav.today.none')}</p>
          {next.length ? <h2>{t(l, 'nav.today.next')}</h2> : null}
          <EventList l={l} list={next.slice(0, 5)} />
        </>
      )}
      <div class="actions">
        <a class="button secondary" href="/events">
          {t(l, 'nav.events')}
        </a>
      </div>
    </Layout>,
  )
})

routes.get('/events/mine', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return signIn(c)
  const rows = await events.myRegistrations(c.get('ctx'), c.get('user'))
  if (acceptsJson(c)) return c.json({ registrations: rows })
  return c.html(
    <Layout c={c} title={t(l, 'events.mine')}>
      <p class="crumbs">
        <a href="/events">{t(l, 'nav.events')}</a>
      </p>
      <h1>{t(l, 'events.mine')}</h1>
      {rows.length ? (
        <ul class="plain">
          {rows.map((r) => (
            <li class="card">
              <a href={`/events/${r.event_id}/registrations/${r.id}`}>
                <b>{r.title}</b>
              </a>{' '}
              <span class={`badge ${r.checked_in_at ? 'good' : r.status === 'waiting' ? 'warn' : ''}`}>
                {r.checked_in_at ? t(l, 'events.checked_in') : t(l, `events.status.${r.status}`)}
              </span>
              <div class="muted small">{when(l, r)}</div>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(l, 'events.mine.none')}</p>
      )}
    </Layout>,
  )
})

routes.get('/events/:id', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return signIn(c)
  const {
    event: ev,
    mine,
    canManage,
    canCheckin,
  } = await events.getEvent(c.get('ctx'), c.get('user'), c.req.param('id'))
  if (acceptsJson(c)) return c.json({ event: ev, mine: mine ?? null })
  const ended = ev.ends_at < c.get('ctx').now().toISOString()
  const course = ev.course_slug ? (await courseOptions(c)).find((k) => k.slug === ev.course_slug) : undefined
  return c.html(
    <Layout c={c} title={ev.title} scripts={ended ? [] : ['share.js']}>
      <p class="crumbs">
        <a href="/events">{t(l, 'nav.events')}</a> › {ev.placeName}
      </p>
      <h1>{ev.title}</h1>
      <p>
        <EventBadges l={l} ev={ev} />
      </p>
      <p>
        <b>{when(l, ev)}</b>
        <br />
        {ev.venue ? `${ev.venue}, ` : ''}
        {ev.placeName}
      </p>
      <p>
        {t(l, 'events.audience')}: {ev.audience}
        <br />
        {t(l, 'events.trainers')}: {ev.trainers.join(', ')}
        {ev.course_slug ? (
          <>
            <br />
            {t(l, 'events.course')}:{' '}
            <a href={`/courses/${ev.course_slug}`}>{course?.title ?? ev.course_slug}</a>
          </>
        ) : null}
      </p>
      {ev.summary ? <p>{ev.summary}</p> : null}
      <div class="stats">
        <div class="stat">
          <b>{t(l, 'events.seats', { registered: ev.counts.registered, capacity: ev.capacity })}</b>
        </div>
        {ev.counts.waiting ? (
          <div class="stat">
            <b>{t(l, 'events.waiting', { count: ev.counts.waiting })}</b>
          </div>
        ) : null}
        <div class="stat">
          <b>{t(l, 'events.attended', { count: ev.counts.attended })}</b>
        </div>
      </div>
      {mine ? (
        <section class="card">
          <p>{t(l, mine.status === 'waiting' ? 'events.waiting.you' : 'events.registered.you')}</p>
          <a class="button" href={`/events/${ev.id}/registrations/${mine.id}`}>
            {t(l, 'events.ticket.show')}
          </a>
        </section>
      ) : ended ? (
        <p class="notice">{t(l, 'events.ended')}</p>
      ) : (
        <form method="post" action={`/events/${ev.id}/register`}>
          <CsrfField c={c} />
          <button type="submit">{t(l, 'events.register')}</button>
        </form>
      )}
      {ended ? null : (
        <section>
          <h2>{t(l, 'events.share')}</h2>
          <Share
            l={l}
            url={`${publicBaseUrl(c.get('ctx').config)}/events/${ev.id}`}
            title={ev.title}
            text={t(l, 'events.share.text')}
          />
        </section>
      )}
      {canManage || canCheckin ? (
        <div class="actions">
          {canCheckin ? (
            <a class="button" href={`/events/${ev.id}/checkin`}>
              {t(l, 'events.checkin')}
            </a>
          ) : null}
          {canManage ? (
            <>
              <a class="button secondary" href={`/events/${ev.id}/registrations`}>
                {t(l, 'events.registrations')}
              </a>
              <a class="button secondary" href={`/events/${ev.id}/import`}>
                {t(l, 'events.import')}
              </a>
              <a class="button secondary" href={`/events/${ev.id}/attendance`}>
                {t(l, 'events.attendance')}
              </a>
              {ev.kind === 'festival' ? (
                <a class="button secondary" href={`/events/${ev.id}/headcount`}>
                  {t(l, 'events.headcount')}
                </a>
              ) : null}
              <a class="button secondary" href={`/events/${ev.id}/edit`}>
                {t(l, 'events.edit')}
              </a>
            </>
          ) : null}
        </div>
      ) : null}
    </Layout>,
  )
})

routes.get('/events/:id/edit', async (c) => {
  const l = c.get('locale')
  const user = c.get('user')
  if (!user) return signIn(c)
  const ev = await events.eventToManage(c.get('ctx'), user, c.req.param('id'))
  return c.html(
    <Layout c={c} title={t(l, 'events.edit')}>
      <p class="crumbs">
        <a href="/events">{t(l, 'nav.events')}</a> › <a href={`/events/${ev.id}`}>{ev.title}</a>
      </p>
      <h1>{t(l, 'events.edit')}</h1>
      <EventForm
        c={c}
        action={`/events/${ev.id}/edit`}
        values={ev}
        communes={await communesFor(c, user)}
        courses={await courseOptions(c)}
        attended={ev.counts.attended}
      />
    </Layout>,
  )
})

routes.post('/events/:id/edit', async (c) => {
  const input = await readBody(c, eventSchema)
  await events.updateEvent(c.get('ctx'), requireUser(c), c.req.param('id'), input)
  if (isJson(c)) return c.json({ ok: true })
  return c.redirect(`/events/${c.req.param('id')}`, 303)
})

routes.post('/events/:id/register', async (c) => {
  const reg = await events.registerSelf(c.get('ctx'), requireUser(c), c.req.param('id'))
  if (isJson(c)) return c.json({ id: reg.id, code: reg.code, status: reg.status }, 201)
  return c.redirect(`/events/${reg.event_id}/registrations/${reg.id}`, 303)
})

/** The person's check-in page: the QR and the short code, large enough to scan from a phone screen. */
routes.get('/events/:id/registrations/:rid', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return signIn(c)
  const r = await events.getRegistration(c.get('ctx'), c.get('user'), c.req.param('rid'))
  if (r.event.id !== c.req.param('id')) throw notFound(`registration ${c.req.param('rid')}`)
  const reg = r.registration
  const certificate =
    r.mine && r.attendance
      ? (await myCertificates(c.get('ctx'), c.get('user'))).find(
          (x) => x.kind === 'event' && x.subject_ref === r.event.id,
        )
      : undefined
  if (acceptsJson(c))
    return c.json({
      registration: reg,
      checkedInAt: r.attendance?.checked_in_at ?? null,
      certificateId: certificate?.id ?? null,
    })
  const svg = reg.cancelled_at
    ? null
    : await qrSvg(reg.code, { title: `${t(l, 'events.ticket.title')} ${reg.code}` })
  return c.html(
    <Layout c={c} title={`${t(l, 'events.ticket.title')} · ${r.event.title}`}>
      <p class="crumbs">
        <a href={`/events/${r.event.id}`}>{r.event.title}</a>
      </p>
      <h1>{reg.name}</h1>
      <p>
        <span class={`badge ${r.attendance ? 'good' : reg.status === 'waiting' ? 'warn' : ''}`}>
          {r.attendance ? t(l, 'events.checked_in') : t(l, `events.status.${reg.status}`)}
        </span>
      </p>
      {reg.status === 'waiting' ? <p class="notice">{t(l, 'events.waiting.you')}</p> : null}
      {svg ? (
        <section class="card ticket">
          <p>{t(l, 'events.ticket.lead')}</p>
          <div class="ticket-qr">{raw(svg)}</div>
          <p class="ticket-code">{reg.code}</p>
        </section>
      ) : null}
      <p>
        <b>{when(l, r.event)}</b> · {r.event.placeName}
      </p>
      {certificate ? (
        <p>
          <a class="button" href={`/certificates/${certificate.id}`}>
            {t(l, 'events.certificate')}
          </a>
        </p>
      ) : null}
      {!reg.cancelled_at && !r.attendance && (r.mine || r.canManage) ? (
        <form method="post" action={`/events/${r.event.id}/registrations/${reg.id}/cancel`}>
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {t(l, 'events.cancel')}
          </button>
        </form>
      ) : null}
    </Layout>,
  )
})

routes.post('/events/:id/registrations/:rid/cancel', async (c) => {
  const user = requireUser(c)
  const { promoted } = await events.cancelRegistration(c.get('ctx'), user, c.req.param('rid'))
  if (isJson(c)) return c.json({ ok: true, promoted })
  const back = c.req.header('referer')?.includes('/registrations/') ? `/events/${c.req.param('id')}` : null
  return c.redirect(back ?? `/events/${c.req.param('id')}/registrations`, 303)
})

routes.route('/', doorRoutes)
routes.route('/', headcountRoutes)

export default routes
