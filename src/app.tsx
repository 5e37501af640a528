import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import type { Ctx } from './core/context.ts'
import { ping } from './core/db.ts'
import { diskFullState } from './core/disk.ts'
import { AppError } from './core/errors.ts'
import { t } from './core/i18n.ts'
import { isDraining } from './core/lifecycle.ts'
import { pendingMigrations } from './core/migrations.ts'
import { registerDomains } from './domains/index.ts'
import { assetByUrl } from './web/assets.ts'
import { compressAnswers } from './web/compress.ts'
import type { AppEnv } from './web/env.ts'
import { onError } from './web/errors.tsx'
import { Layout } from './web/layout.tsx'
import { csrf, withContext, withLocale, withUser } from './web/middleware.ts'
import { keptPublicPages } from './web/public-cache.ts'

/** Methods whose requests this server never reads a body of. */
const BODILESS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Builds the whole web app on a service context: one app for the province server and for hubs. */
export function createApp(ctx: Ctx) {
  const app = new Hono<AppEnv>()
  const domains = registerDomains()
  app.onError(onError)
  app.notFound((c) => {
    throw new AppError('not_found', `${c.req.path}: not found`)
  })

  app.use(withContext(ctx))

  // Security headers on every answer, static files and the health check included (ASVS 14.4).
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // An injected <base> or a form posting elsewhere could send a person's input off-site.
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  )

  // Static assets first: no session lookup, immutable when requested by their hashed name.
  app.get('/static/*', (c) => {
    const asset = assetByUrl(c.req.path)
    if (!asset) throw new AppError('not_found', `${c.req.path}: not found`)
    const accept = c.req.header('accept-encoding') ?? ''
    c.header('Content-Type', asset.type)
    c.header('Cache-Control', 'public, max-age=31536000, immutable')
    c.header('Vary', 'Accept-Encoding')
    if (asset.br && accept.includes('br')) {
      c.header('Content-Encoding', 'br')
      return c.body(new Uint8Array(asset.br))
    }
    if (asset.gz && accept.includes('gzip')) {
      c.header('Content-Encoding', 'gzip')
      return c.body(new Uint8Array(asset.gz))
    }
    return c.body(new Uint8Array(asset.body))
  })

  app.get('/healthz', async (c) => {
    const full = await diskFullState(() => probeWrite(ctx.db))
    if (full) return c.json({ status: 'disk full', ...full }, 503)
    const ok = await ping(ctx.db)
    return c.json(ok ? { status: 'ok' } : { status: 'unavailable' }, ok ? 200 : 503)
  })

  // Readiness, for a load balancer: the database answers, its schema is this code's, and this
  // process is not shutting down. /healthz stays "alive" while draining; /readyz does not.
  app.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store')
    if (isDraining(ctx)) return c.json({ status: 'draining' }, 503)
    if (!(await ping(ctx.db))) return c.json({ status: 'unavailable', reason: 'database unreachable' }, 503)
    const pending = await pendingMigrations(ctx.db, ctx.handle.schema).catch(() => ['?'])
    if (pending.length) return c.json({ status: 'unavailable', reason: 'migrations pending', pending }, 503)
    return c.json({ status: 'ready' })
  })

  app.use(withUser)
  // What a domain does on every request (the studio keeps the Tai Dam and Hmong strings current).
  for (const m of domains.middlewares) app.use(m)
  app.use(withLocale)
  // Signed out, a public page made before for the same inputs is answered here (decision 0195).
  app.use(keptPublicPages)
  app.use(compressAnswers)
  const limitBody = bodyLimit({
    maxSize: ctx.config.maxBodyBytes,
    onError: () => {
      throw new AppError(
        'payload_too_large',
        `body: larger than the limit of ${ctx.config.maxBodyBytes} bytes`,
      )
    },
  })
  // Only where a body is read: asking a GET for its body made the node server build a whole web
  // Request for it (45 µs of every signed-in lesson view), and no GET or HEAD handler reads one.
  app.use((c, next) => (BODILESS.has(c.req.method) ? next() : limitBody(c, next)))
  app.use(csrf)
  app.use(async (c, next) => {
    await next()
    // On the answer's own headers: `c.header` after the answer is made turns its body into a stream,
    // and the compression after this one could no longer take it as it is (web/compress.ts).
    if (!c.res.headers.get('Cache-Control')) c.res.headers.set('Cache-Control', 'no-cache')
  })

  app.get('/', (c) => {
    const l = c.get('locale')
    return c.html(
      <Layout c={c} title={t(l, 'home.title')}>
        <h1>{t(l, 'home.title')}</h1>
        <p>{t(l, 'home.lead')}</p>
        <div class="actions">
          <a class="button" href="/courses">
            {t(l, 'home.browse')}
          </a>
          {c.get('user') ? null : (
            <a class="button secondary" href="/signup">
              {t(l, 'home.signup')}
            </a>
          )}
        </div>
      </Layout>,
    )
  })

  // Every domain's pages and APIs, as each declares them in its register (src/domains/index.ts).
  for (const routes of domains.routes) app.route('/', routes)
  return app
}

export type App = ReturnType<typeof createApp>

class ProbeDone extends Error {}

/** A write of 64 kB that is always rolled back: can the database take new records again? */
async function probeWrite(db: Ctx['db']): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meta')
        .values({ key: 'healthz.probe', value: 'x'.repeat(65_536) })
        .execute()
      throw new ProbeDone()
    })
  } catch (err) {
    if (!(err instanceof ProbeDone)) throw err
  }
}
