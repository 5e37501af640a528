import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { compress } from 'hono/compress'
import { secureHeaders } from 'hono/secure-headers'
import type { Ctx } from './core/context.ts'
import { ping } from './core/db.ts'
import { diskFullState } from './core/disk.ts'
import { AppError } from './core/errors.ts'
import { registerMessages, t } from './core/i18n.ts'
import { campaignMessages } from './domains/campaign/campaign.messages.ts'
import campaignRoutes from './domains/campaign/campaign.routes.tsx'
import { certificatesMessages } from './domains/certificates/certificates.messages.ts'
import certificatesRoutes from './domains/certificates/certificates.routes.tsx'
import { eventsMessages } from './domains/events/events.messages.ts'
import eventsRoutes from './domains/events/events.routes.tsx'
import factsRoutes from './domains/facts/facts.routes.ts'
import { learningMessages } from './domains/learning/learning.messages.ts'
import learningRoutes from './domains/learning/learning.routes.ts'
import { marketMessages } from './domains/market/market.messages.ts'
import marketRoutes from './domains/market/market.routes.tsx'
import { offlineMessages } from './domains/offline/offline.messages.ts'
import offlineRoutes from './domains/offline/offline.routes.tsx'
import { outreachMessages } from './domains/outreach/outreach.messages.ts'
import outreachRoutes from './domains/outreach/outreach.routes.ts'
import { peopleMessages } from './domains/people/people.messages.ts'
import peopleRoutes from './domains/people/people.routes.tsx'
import { privacyMessages } from './domains/people/privacy.messages.ts'
import privacyRoutes from './domains/people/privacy.routes.tsx'
import { placesMessages } from './domains/places/places.messages.ts'
import placesRoutes from './domains/places/places.routes.tsx'
import { studioMessages } from './domains/studio/studio.messages.ts'
import studioRoutes from './domains/studio/studio.routes.tsx'
import syncApi from './domains/sync/sync.api.ts'
import { syncMessages } from './domains/sync/sync.messages.ts'
import syncRoutes from './domains/sync/sync.routes.tsx'
import { assetByUrl } from './web/assets.ts'
import { coreMessages } from './web/core.messages.ts'
import type { AppEnv } from './web/env.ts'
import { onError } from './web/errors.tsx'
import { Layout } from './web/layout.tsx'
import { csrf, withContext, withLocale, withUser } from './web/middleware.ts'

registerMessages(coreMessages)
registerMessages(peopleMessages)
registerMessages(privacyMessages)
registerMessages(learningMessages)
registerMessages(placesMessages)
registerMessages(certificatesMessages)
registerMessages(outreachMessages)
registerMessages(marketMessages)
registerMessages(eventsMessages)
registerMessages(offlineMessages)
registerMessages(syncMessages)
registerMessages(campaignMessages)
registerMessages(studioMessages)

/** Builds the whole web app on a service context: one app for the province server and for hubs. */
export function createApp(ctx: Ctx) {
  const app = new Hono<AppEnv>()
  app.onError(onError)
  app.notFound((c) => {
    throw new AppError('not_found', `${c.req.path}: not found`)
  })

  app.use(withContext(ctx))

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
      },
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.use(compress())
  app.use(
    bodyLimit({
      maxSize: ctx.config.maxBodyBytes,
      onError: () => {
        throw new AppError(
          'payload_too_large',
          `body: larger than the limit of ${ctx.config.maxBodyBytes} bytes`,
        )
      },
    }),
  )
  app.use(withUser)
  app.use(withLocale)
  app.use(csrf)
  app.use(async (c, next) => {
    await next()
    if (!c.res.headers.get('Cache-Control')) c.header('Cache-Control', 'no-cache')
  })

  app.get('/', (c) => {
    const l = c.var.locale
    return c.html(
      <Layout c={c} title={t(l, 'home.title')}>
        <h1>{t(l, 'home.title')}</h1>
        <p>{t(l, 'home.lead')}</p>
        <div class="actions">
          <a class="button" href="/courses">
            {t(l, 'home.browse')}
          </a>
          {c.var.user ? null : (
            <a class="button secondary" href="/signup">
              {t(l, 'home.signup')}
            </a>
          )}
        </div>
      </Layout>,
    )
  })

  app.route('/', peopleRoutes)
  app.route('/', privacyRoutes)
  app.route('/', placesRoutes)
  app.route('/', factsRoutes)
  app.route('/', learningRoutes)
  app.route('/', certificatesRoutes)
  app.route('/', outreachRoutes)
  app.route('/', marketRoutes)
  app.route('/', eventsRoutes)
  app.route('/', offlineRoutes)
  app.route('/', syncApi)
  app.route('/', syncRoutes)
  app.route('/', campaignRoutes)
  app.route('/', studioRoutes)
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
