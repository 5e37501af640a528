import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import { z } from 'zod'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { SESSION_COOKIE } from '../../web/middleware.ts'
import { readBody } from '../../web/request.ts'
import { erasePerson, erasureTarget, exportPerson, type FollowUp, findPerson } from './privacy.service.ts'

/** Export and erasure on request: the person's own page, and the officers' pages per person. */
const routes = new Hono<AppEnv>()

const eraseSchema = z
  .object({
    reason: z.string().max(1000, 'must be at most 1000 characters').optional(),
    password: z.string().max(200, 'must be at most 200 characters').optional(),
  })
  .strict()

const isJson = (c: Context<AppEnv>) => (c.req.header('content-type') ?? '').startsWith('application/json')

function download(c: Context<AppEnv>, data: { account: { id: string } }) {
  c.header('Content-Type', 'application/json; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="hocso-${data.account.id}.json"`)
  c.header('Cache-Control', 'no-store')
  return c.body(`${JSON.stringify(data, null, 2)}\n`)
}

function Issues({ issues }: { issues: FieldIssue[] }) {
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

/** What an erasure removes and what stays, in plain words; then the confirming form. */
function ErasePage({
  c,
  name,
  action,
  self,
  issues = [],
}: {
  c: Context<AppEnv>
  name: string
  action: string
  self: boolean
  issues?: FieldIssue[]
}) {
  const l = c.get('locale')
  const removed = ['account', 'access', 'market', 'events', 'certificates', 'studio']
  // The error list sits above the explanation, far from the field on a phone: mark the field too.
  const bad = new Set(issues.map((i) => i.field))
  const inv = (f: string) => (bad.has(f) ? 'true' : undefined)
  return (
    <Layout c={c} title={t(l, 'privacy.erase.title')}>
      <h1>{t(l, 'privacy.erase.title')}</h1>
      <p>{t(l, 'privacy.erase.person', { name })}</p>
      <Issues issues={issues} />
      <h2>{t(l, 'privacy.erase.removed_title')}</h2>
      <ul>
        {removed.map((k) => (
          <li>{t(l, `privacy.erase.removed.${k}`)}</li>
        ))}
      </ul>
      <h2>{t(l, 'privacy.erase.kept_title')}</h2>
      <p>{t(l, 'privacy.erase.kept')}</p>
      <p class="notice">{t(l, 'privacy.erase.final')}</p>
      <form method="post" action={action} class="stack">
        <CsrfField c={c} />
        {self ? (
          <label>
            {t(l, 'privacy.erase.password')}
            <input
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={inv('password')}
            />
          </label>
        ) : (
          <label>
            {t(l, 'privacy.erase.reason')}
            <input name="reason" required minlength={3} maxlength={200} aria-invalid={inv('reason')} />
          </label>
        )}
        <button type="submit" class="danger">
          {t(l, 'privacy.erase.submit')}
        </button>
      </form>
    </Layout>
  )
}

function ErasedPage({
  c,
  back,
  followUps = [],
}: {
  c: Context<AppEnv>
  back?: string
  followUps?: FollowUp[]
}) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'privacy.erased.title')}>
      <h1>{t(l, 'privacy.erased.title')}</h1>
      <p role="status">{t(l, 'privacy.erased.lead')}</p>
      {followUps.map((f) => (
        <p class="notice">
          {t(l, f.text)} <a href={f.href}>{t(l, 'privacy.erased.follow_up')}</a>
        </p>
      ))}
      {back ? (
        <p>
          <a href={back}>{t(l, 'privacy.back_people')}</a>
        </p>
      ) : null}
    </Layout>
  )
}

routes.get('/my/data', (c) => {
  const l = c.get('locale')
  const user = c.get('user')
  if (!user) return c.redirect('/login?back=/my/data', 303)
  return c.html(
    <Layout c={c} title={t(l, 'privacy.my.title')}>
      <h1>{t(l, 'privacy.my.title')}</h1>
      <p>{t(l, 'privacy.my.lead')}</p>
      <p class="actions">
        <a class="button" href="/my/data/export" download>
          {t(l, 'privacy.export.link')}
        </a>
        <a class="button secondary" href="/my/data/erase">
          {t(l, 'privacy.erase.title')}
        </a>
      </p>
    </Layout>,
  )
})

routes.get('/my/data/export', async (c) => {
  const user = c.get('user')
  if (!user) return c.redirect('/login?back=/my/data', 303)
  return download(c, await exportPerson(c.get('ctx'), { user }, user.id))
})

routes.get('/my/data/erase', (c) => {
  const user = c.get('user')
  if (!user) return c.redirect('/login?back=/my/data/erase', 303)
  return c.html(<ErasePage c={c} name={user.displayName} action="/my/data/erase" self />)
})

routes.post('/my/data/erase', async (c) => {
  const user = c.get('user')
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  try {
    const input = await readBody(c, eraseSchema)
    const done = await erasePerson(c.get('ctx'), { user }, user.id, input)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    if (isJson(c)) return c.json({ id: done.id, erased_at: done.erasedAt })
    c.set('user', null)
    return c.html(<ErasedPage c={c} />)
  } catch (err) {
    if (isJson(c) || !(err instanceof AppError) || err.code === 'csrf') throw err
    c.status(err.status as 400)
    const issues = err.issues.length ? err.issues : [{ field: 'form', message: err.message }]
    return c.html(<ErasePage c={c} name={user.displayName} action="/my/data/erase" self issues={issues} />)
  }
})

routes.get('/admin/people/:id/export', async (c) => {
  const user = c.get('user')
  if (!user) return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
  return download(c, await exportPerson(c.get('ctx'), { user }, c.req.param('id')))
})

routes.get('/admin/people/:id/erase', async (c) => {
  const user = c.get('user')
  if (!user) return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
  const id = c.req.param('id')
  const person = await erasureTarget(c.get('ctx'), user, id)
  return c.html(
    <ErasePage c={c} name={person.displayName} action={`/admin/people/${id}/erase`} self={false} />,
  )
})

routes.post('/admin/people/:id/erase', async (c) => {
  const user = c.get('user')
  const id = c.req.param('id')
  try {
    const input = await readBody(c, eraseSchema)
    const done = await erasePerson(c.get('ctx'), { user }, id, input)
    if (isJson(c)) return c.json({ id: done.id, erased_at: done.erasedAt })
    return c.html(<ErasedPage c={c} back="/admin/people" followUps={done.followUps} />)
  } catch (err) {
    if (isJson(c) || !(err instanceof AppError) || !['validation'].includes(err.code)) throw err
    const person = await findPerson(c.get('ctx'), id)
    if (!person) throw err
    c.status(err.status as 400)
    return c.html(
      <ErasePage
        c={c}
        name={person.display_name}
        action={`/admin/people/${id}/erase`}
        self={person.id === user?.id}
        issues={err.issues}
      />,
    )
  }
})

export default routes
