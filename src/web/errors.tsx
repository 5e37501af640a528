import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { diskFullMessage, isDiskFull } from '../core/disk.ts'
import { AppError } from '../core/errors.ts'
import { t } from '../core/i18n.ts'
import type { AppEnv } from './env.ts'
import { IssueList, issueLine } from './issues.tsx'
import { Layout } from './layout.tsx'

/** True when the client asked for JSON (API calls, the outbox) rather than a page. */
export function wantsJson(c: Context<AppEnv>): boolean {
  if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/xapi/')) return true
  if ((c.req.header('content-type') ?? '').startsWith('application/json')) return true
  const accept = c.req.header('accept') ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

/** The one error handler: AppError → its status and message; anything else → 500, logged, details hidden. */
export function onError(err: Error, c: Context<AppEnv>) {
  let appErr: AppError
  if (err instanceof AppError) appErr = err
  else if (err instanceof HTTPException && err.status === 413)
    appErr = new AppError('payload_too_large', 'body: too large')
  else if (err instanceof HTTPException && err.status < 500)
    appErr = new AppError(err.status === 404 ? 'not_found' : 'validation', err.message || 'bad request')
  else if (isDiskFull(err) || isDiskFull((err as { cause?: unknown }).cause)) {
    // Said as what it is, with where and how much room is left, once per request, not as a 500.
    const dir = c.get('ctx')?.config.dataDir ?? '.'
    appErr = new AppError('internal', diskFullMessage(dir, new Date()))
    c.get('ctx')?.log.error({ path: c.req.path, dataDir: dir }, appErr.message)
  } else {
    c.get('ctx')?.log.error({ err, path: c.req.path }, 'unhandled error')
    appErr = new AppError('internal', 'internal error: the problem was logged')
  }
  if (appErr.code === 'rate_limited' || appErr.code === 'busy')
    c.header('Retry-After', String(appErr.retryAfterSeconds ?? 60))
  const locale = c.get('locale') ?? 'vi'
  // A refusal with a message key says the whole problem in the person's language; otherwise each
  // named problem is said in it (the outbox and the recorder show it to the person).
  const keyed = appErr.key ? t(locale, appErr.key, appErr.params) : undefined
  if (wantsJson(c)) {
    const body = appErr.toJSON()
    const text =
      keyed ?? (appErr.issues.length ? appErr.issues.map((i) => issueLine(locale, i)).join('; ') : undefined)
    return c.json(text ? { error: { ...body.error, text } } : body, appErr.status as 400)
  }
  c.status(appErr.status as 400)
  return c.html(
    <Layout c={c} title={t(locale, 'error.title')}>
      <section class="error" role="alert">
        <h1>{t(locale, `error.${appErr.code}`)}</h1>
        {/* Each problem in the page's language with its exact text beside; else the exact text, smaller. */}
        {keyed ? (
          <p>
            {keyed}{' '}
            <small class="muted" lang="en">
              ({appErr.message})
            </small>
          </p>
        ) : appErr.issues.length ? (
          <IssueList l={locale} issues={appErr.issues} />
        ) : (
          <p>
            <small class="muted" lang="en">
              {appErr.message}
            </small>
          </p>
        )}
        <p>
          <a href="/">{t(locale, 'nav.home')}</a>
        </p>
      </section>
    </Layout>,
  )
}
