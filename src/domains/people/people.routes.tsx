import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { isLocale, isOffered, offeredCommunityLocales, t, UI_LOCALES } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Issues } from '../../web/issues.tsx'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { LANG_COOKIE, SESSION_COOKIE, secureCookies } from '../../web/middleware.ts'
import { homeFor } from '../../web/nav.ts'
import { clientAddress, readBody } from '../../web/request.ts'
import { assistedSignupSchema, loginSchema, signupSchema } from './people.schemas.ts'
import * as people from './people.service.ts'
import rolesRoutes from './roles.routes.tsx'

const routes = new Hono<AppEnv>()

function sessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: secureCookies(c.get('ctx'), c.req.url),
    maxAge: c.get('ctx').config.sessionDays * 86_400,
  })
}

/**
 * Only same-origin paths are followed after sign-in or a language change: `/` then anything but a
 * second `/` or a backslash, and no control characters (browsers drop tabs and newlines from a URL, so
 * `/<tab>/evil.example` is `//evil.example` to them, and CR/LF cannot go into a header).
 */
export function safeBack(back: string | undefined, fallback = '/'): string {
  if (!back || back.length > 2000) return fallback
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!/^\/(?![/\\])/.test(back) || /[\u0000-\u001f\u007f\\]/.test(back)) return fallback
  const base = 'http://hocso.invalid'
  return new URL(back, base).origin === base ? back : fallback
}

function LoginPage({
  c,
  issues = [],
  login = '',
}: {
  c: Context<AppEnv>
  issues?: FieldIssue[]
  login?: string
}) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'people.login.title')}>
      <h1>{t(l, 'people.login.title')}</h1>
      <Issues l={c.get('locale')} issues={issues} />
      <form
        method="post"
        action={c.req.query('back') ? `/login?back=${encodeURIComponent(c.req.query('back')!)}` : '/login'}
        class="stack"
      >
        <CsrfField c={c} />
        <label>
          {t(l, 'people.login.login')}
          <input name="login" value={login} autocomplete="username" inputmode="text" required />
        </label>
        <label>
          {t(l, 'people.password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">{t(l, 'nav.login')}</button>
      </form>
      <p>
        <a href="/signup">{t(l, 'people.signup.link')}</a>
      </p>
    </Layout>
  )
}

routes.get('/login', (c) => c.html(<LoginPage c={c} />))

routes.post('/login', async (c) => {
  const json = (c.req.header('content-type') ?? '').startsWith('application/json')
  try {
    const input = await readBody(c, loginSchema)
    const { token, user } = await people.login(c.get('ctx'), input, {
      address: clientAddress(c),
      userAgent: c.req.header('user-agent'),
    })
    sessionCookie(c, token)
    if (json) return c.json({ id: user.id, displayName: user.displayName, roles: user.roles })
    // Without a page to go back to, each person lands on their daily work (nav.ts).
    const back = c.req.query('back')
    return c.redirect(back && back !== '/' ? safeBack(back, homeFor(user)) : homeFor(user), 303)
  } catch (err) {
    if (json || !(err instanceof AppError) || err.code === 'csrf') throw err
    const form = await c.req.parseBody()
    c.status(err.status as 400)
    // A locked account stays locked for the whole lock, whichever attempt comes next.
    if (err.code === 'rate_limited' || err.code === 'busy')
      c.header('Retry-After', String(err.retryAfterSeconds ?? 60))
    const issues = err.issues.length
      ? err.issues
      : [{ field: 'login', message: err.message.replace(/^login: /, '') }]
    return c.html(<LoginPage c={c} issues={issues} login={String(form.login ?? '')} />)
  }
})

routes.post('/logout', async (c) => {
  const token = getCookie(c, SESSION_COOKIE)
  if (token) await people.logout(c.get('ctx'), token)
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
  return c.redirect('/', 303)
})

routes.get('/lang/:lang', (c) => {
  const lang = c.req.param('lang')
  if (!isLocale(lang) || !isOffered(lang))
    throw new AppError(
      'validation',
      `lang: must be one of ${[...UI_LOCALES, ...offeredCommunityLocales()].join(', ')}`,
    )
  setCookie(c, LANG_COOKIE, lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 })
  return c.redirect(safeBack(c.req.query('back')), 303)
})

function SignupPage({
  c,
  issues = [],
  values = {},
}: {
  c: Context<AppEnv>
  issues?: FieldIssue[]
  values?: Record<string, unknown>
}) {
  const l = c.get('locale')
  const bad = new Set(issues.map((i) => i.field))
  const v = (k: string) => (values[k] === undefined ? '' : String(values[k]))
  return (
    <Layout c={c} title={t(l, 'people.signup.title')}>
      <h1>{t(l, 'people.signup.title')}</h1>
      <Issues l={c.get('locale')} issues={issues} />
      <form method="post" action="/signup" class="stack">
        <CsrfField c={c} />
        <label>
          {t(l, 'people.name')}
          <input
            name="display_name"
            value={v('display_name')}
            autocomplete="name"
            required
            aria-invalid={bad.has('display_name') ? 'true' : undefined}
          />
        </label>
        <label>
          {t(l, 'people.phone')}
          <input
            name="phone"
            value={v('phone')}
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            required
            aria-invalid={bad.has('phone') ? 'true' : undefined}
          />
          <span class="muted small">{t(l, 'people.phone.hint')}</span>
        </label>
        <label>
          {t(l, 'people.password')}
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            minlength={8}
            required
            aria-invalid={bad.has('password') ? 'true' : undefined}
          />
          <span class="muted small">{t(l, 'people.password.hint')}</span>
        </label>
        <label>
          {t(l, 'people.birth_year')}
          <input
            name="birth_year"
            value={v('birth_year')}
            inputmode="numeric"
            aria-invalid={bad.has('birth_year') ? 'true' : undefined}
          />
        </label>
        <label class="check">
          <input type="checkbox" name="consent" required />
          <span>{t(l, 'people.consent')}</span>
        </label>
        <button type="submit">{t(l, 'people.signup.submit')}</button>
      </form>
    </Layout>
  )
}

routes.get('/signup', (c) => c.html(<SignupPage c={c} />))

routes.post('/signup', async (c) => {
  const json = (c.req.header('content-type') ?? '').startsWith('application/json')
  try {
    const input = await readBody(c, signupSchema)
    const { token, accountId } = await people.signup(c.get('ctx'), input, {
      userAgent: c.req.header('user-agent'),
      locale: c.get('locale'),
    })
    sessionCookie(c, token)
    if (json) return c.json({ id: accountId }, 201)
    return c.redirect('/courses', 303)
  } catch (err) {
    if (json || !(err instanceof AppError) || err.code === 'csrf') throw err
    const form = await c.req.parseBody()
    const { password, ...values } = form
    void password
    c.status(err.status as 400)
    const issues = err.issues.length ? err.issues : [{ field: 'form', message: err.message }]
    return c.html(<SignupPage c={c} issues={issues} values={values} />)
  }
})

/** Assisted sign-up by an ambassador or officer (JSON for the outbox, or the form). */
routes.post('/api/people', async (c) => {
  const input = await readBody(c, assistedSignupSchema)
  const id = await people.registerAssisted(c.get('ctx'), c.get('user'), input)
  return c.json({ id }, 201)
})

routes.route('/', rolesRoutes)

export default routes
