import type { Context } from 'hono'
import { AppError } from '../../core/errors.ts'
import { formatDate, type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField } from '../../web/layout.tsx'
import { KINDS, SECTORS, TOPICS } from './events.schemas.ts'
import type { EventRow } from './events.store.ts'

/** True when the request body is JSON (an API client or the outbox), so the answer is JSON too. */
export const isJson = (c: Context<AppEnv>) =>
  (c.req.header('content-type') ?? '').startsWith('application/json')

/** True when a GET asks for JSON rather than a page. */
export const acceptsJson = (c: Context<AppEnv>) => {
  const a = c.req.header('accept') ?? ''
  return a.includes('application/json') && !a.includes('text/html')
}

/** The signed-in person, or 401. */
export function requireUser(c: Context<AppEnv>) {
  if (!c.get('user')) throw new AppError('unauthenticated', 'sign in to continue')
  return c.get('user')
}

const VN_MS = 7 * 3_600_000

/** An ISO instant as a `datetime-local` value in Vietnam time. */
export function toLocalInput(iso: string): string {
  return new Date(new Date(iso).getTime() + VN_MS).toISOString().slice(0, 16)
}

/** "1 thg 12, 2026, 08:00 – 11:30" in the reader's language, Vietnam time. */
export function when(l: Locale, ev: { starts_at: string; ends_at: string }): string {
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }
  const sameDay = toLocalInput(ev.starts_at).slice(0, 10) === toLocalInput(ev.ends_at).slice(0, 10)
  const end = sameDay ? formatDate(l, ev.ends_at, { timeStyle: 'short' }) : formatDate(l, ev.ends_at, opts)
  return `${formatDate(l, ev.starts_at, opts)} – ${end}`
}

/** A time of day in Vietnam time. */
export const timeOf = (l: Locale, iso: string) => formatDate(l, iso, { timeStyle: 'short' })

/** The kind, topic and (AI trainings) sector badges of an event. */
export function EventBadges({
  l,
  ev,
}: {
  l: Locale
  ev: Pick<EventRow, 'kind' | 'topic'> & { sector?: string | null }
}) {
  return (
    <>
      <span class="badge">{t(l, `events.kind.${ev.kind}`)}</span>{' '}
      <span class="badge">{t(l, `events.topic.${ev.topic}`)}</span>
      {ev.sector ? (
        <>
          {' '}
          <span class="badge">{t(l, `events.sector.${ev.sector}`)}</span>
        </>
      ) : null}
    </>
  )
}

type FormValues = Partial<Omit<EventRow, 'capacity'>> & { capacity?: number; trainers?: string[] }

/** The create / edit form of an event (also the shape of the JSON API). */
export function EventForm({
  c,
  action,
  values,
  communes,
  courses,
  attended = 0,
}: {
  c: Context<AppEnv>
  action: string
  values: FormValues
  communes: { code: string; name: string }[]
  courses: { slug: string; title: string }[]
  /**
   * People checked in: once any came, the commune is kept (decision 0204); a new kind, topic or
   * sector moves them in the figures (decision 0210), which the form says.
   */
  attended?: number
}) {
  const l = c.get('locale')
  const locked = attended > 0
  const places = locked ? communes.filter((p) => p.code === values.place_code) : communes
  return (
    <form method="post" action={action} class="stack">
      <CsrfField c={c} />
      <label>
        {t(l, 'events.f.title')}
        <input name="title" required maxlength={140} value={values.title ?? ''} />
        <span class="muted small">{t(l, 'events.f.title.hint')}</span>
      </label>
      <label>
        {t(l, 'events.f.kind')}
        <select name="kind">
          {KINDS.map((k) => (
            <option value={k} selected={values.kind === k}>
              {t(l, `events.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(l, 'events.f.topic')}
        <select name="topic">
          {TOPICS.map((k) => (
            <option value={k} selected={values.topic === k}>
              {t(l, `events.topic.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(l, 'events.f.sector')}
        <select name="sector">
          <option value="">{t(l, 'events.f.sector.none')}</option>
          {SECTORS.map((k) => (
            <option value={k} selected={values.sector === k}>
              {t(l, `events.sector.${k}`)}
            </option>
          ))}
        </select>
        <span class="muted small">
          {locked ? t(l, 'events.f.moves', { count: attended }) : t(l, 'events.f.sector.hint')}
        </span>
      </label>
      <label>
        {t(l, 'events.f.audience')}
        <input name="audience" required maxlength={140} value={values.audience ?? ''} />
      </label>
      <label>
        {t(l, 'events.f.place')}
        <select name="place_code">
          {places.map((p) => (
            <option value={p.code} selected={values.place_code === p.code}>
              {p.name}
            </option>
          ))}
        </select>
        {locked ? (
          <span class="muted small">{t(l, 'events.f.place.locked', { count: attended })}</span>
        ) : null}
      </label>
      <label>
        {t(l, 'events.f.venue')}
        <input name="venue" maxlength={140} value={values.venue ?? ''} />
      </label>
      <label>
        {t(l, 'events.f.starts_at')}
        <input
          name="starts_at"
          type="datetime-local"
          required
          value={values.starts_at ? toLocalInput(values.starts_at) : ''}
        />
      </label>
      <label>
        {t(l, 'events.f.ends_at')}
        <input
          name="ends_at"
          type="datetime-local"
          required
          value={values.ends_at ? toLocalInput(values.ends_at) : ''}
        />
      </label>
      <label>
        {t(l, 'events.f.capacity')}
        <input
          name="capacity"
          type="number"
          inputmode="numeric"
          min={1}
          required
          value={values.capacity ?? 50}
        />
      </label>
      <label>
        {t(l, 'events.f.trainers')}
        <textarea name="trainers" rows={2} required>
          {(values.trainers ?? []).join('\n')}
        </textarea>
        <span class="muted small">{t(l, 'events.f.trainers.hint')}</span>
      </label>
      <label>
        {t(l, 'events.f.course')}
        <select name="course_slug">
          <option value="">{t(l, 'events.f.course.none')}</option>
          {courses.map((k) => (
            <option value={k.slug} selected={values.course_slug === k.slug}>
              {k.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t(l, 'events.f.summary')}
        <textarea name="summary" rows={3} maxlength={600}>
          {values.summary ?? ''}
        </textarea>
      </label>
      <button type="submit">{t(l, 'events.save')}</button>
    </form>
  )
}

/** The fields of one participant (organiser's form and the walk-in form at the door). */
export function ParticipantFields({ l }: { l: Locale }) {
  return (
    <>
      <label>
        {t(l, 'events.p.name')}
        <input name="name" required maxlength={80} autocomplete="off" />
      </label>
      <label>
        {t(l, 'events.p.phone')}
        <input name="phone" type="tel" inputmode="tel" autocomplete="off" />
      </label>
      <label>
        {t(l, 'events.p.organisation')}
        <input name="organisation" maxlength={140} />
      </label>
      <label>
        {t(l, 'events.p.position')}
        <input name="position" maxlength={140} />
      </label>
    </>
  )
}
