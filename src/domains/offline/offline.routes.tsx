import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import { fromZod } from '../../core/errors.ts'
import { isLocale, type MessageKey, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { clientText } from '../../web/offline.tsx'
import { contentLang, LISTEN_COOKIE } from '../learning/content-lang.ts'
import { CONTENT_LANGS } from '../learning/learning.types.ts'
import { courseManifest, quizKey, serviceWorkerScript, webManifest } from './offline.service.ts'

const routes = new Hono<AppEnv>()

/**
 * The service worker is served from the root so its scope is the whole site, and with no-cache so
 * a browser checks it on every start: an updated shell reaches phones on their next visit.
 */
routes.get('/sw.js', (c) => {
  const { body, version } = serviceWorkerScript()
  c.header('Content-Type', 'text/javascript; charset=utf-8')
  c.header('Cache-Control', 'no-cache')
  c.header('Service-Worker-Allowed', '/')
  c.header('ETag', `"${version}"`)
  if (c.req.header('if-none-match') === `"${version}"`) return c.body(null, 304)
  return c.body(body)
})

routes.get('/manifest.webmanifest', (c) => {
  const lang = c.req.query('lang')
  c.header('Content-Type', 'application/manifest+json; charset=utf-8')
  c.header('Cache-Control', 'no-cache')
  return c.body(JSON.stringify(webManifest(isLocale(lang) ? lang : 'vi')))
})

/** What the service worker shows for a page that was never saved on this device. */
routes.get('/offline', (c) => {
  const l = c.get('locale')
  return c.html(
    <Layout c={c} title={t(l, 'offline.page.title')}>
      <h1>{t(l, 'offline.page.title')}</h1>
      <p>{t(l, 'offline.page.lead')}</p>
      <p>
        <a class="button" href="/downloads">
          {t(l, 'offline.page.downloads')}
        </a>
      </p>
    </Layout>,
  )
})

const DOWNLOADS_KEYS: MessageKey[] = [
  'offline.downloads.empty',
  'offline.downloads.storage',
  'offline.downloads.partial',
  'offline.downloads.open',
  'offline.download.done',
  'offline.download.remove',
  'offline.download.resume',
  'offline.download.unsupported',
  'offline.pending',
  'offline.pending.none',
  'offline.outbox.retry',
  'offline.outbox.discard',
  'offline.outbox.discard.confirm',
  'offline.outbox.sent',
]

/**
 * "My downloads": what lives on this device (courses kept for offline use, records waiting or
 * refused). The lists are the browser's own state, so downloads.js fills them in; the page itself
 * is precached and works offline.
 */
routes.get('/downloads', (c) => {
  const l = c.get('locale')
  return c.html(
    <Layout c={c} title={t(l, 'offline.downloads.title')}>
      <h1>{t(l, 'offline.downloads.title')}</h1>
      <div id="downloads" data-text={clientText(l, DOWNLOADS_KEYS)}>
        <p>{t(l, 'offline.downloads.lead')}</p>
        <p class="muted small" data-storage />
        <noscript>
          <p class="notice">{t(l, 'offline.download.nojs')}</p>
        </noscript>
        <ul class="plain" data-list aria-live="polite" />
        <h2 id="outbox">{t(l, 'offline.outbox.title')}</h2>
        <p>{t(l, 'offline.outbox.lead')}</p>
        <p data-outbox-summary aria-live="polite" />
        <p>
          <button type="button" class="secondary" data-action="flush">
            {t(l, 'offline.outbox.send')}
          </button>
        </p>
        <section data-refused hidden>
          <h3>{t(l, 'offline.outbox.refused.title')}</h3>
          <ul class="plain" data-refused-list />
        </section>
      </div>
    </Layout>,
  )
})

const manifestQuery = z.object({ lang: z.enum(CONTENT_LANGS).optional() }).strip()

/**
 * Every URL a phone must cache to follow a course offline (downloads.js fetches them one by one).
 * Public like the course pages; `lang` defaults to the reader's content language.
 */
routes.get('/api/offline/courses/:slug', async (c) => {
  const q = manifestQuery.safeParse(c.req.query())
  if (!q.success) throw fromZod(q.error)
  const m = await courseManifest(
    c.get('ctx'),
    c.get('user'),
    c.req.param('slug'),
    q.data.lang ?? contentLang(c),
    getCookie(c, LISTEN_COOKIE) ?? null,
  )
  c.header('Cache-Control', 'no-store')
  return c.json(m)
})

/** The answer key of a course's quizzes (see quizKey); downloaded with the course, served from the cache offline. */
routes.get('/offline/courses/:slug/quizzes', async (c) => {
  const q = manifestQuery.safeParse(c.req.query())
  if (!q.success) throw fromZod(q.error)
  const key = await quizKey(c.get('ctx'), c.get('locale'), c.req.param('slug'), q.data.lang ?? contentLang(c))
  c.header('Cache-Control', 'no-cache')
  return c.json(key)
})

export default routes
