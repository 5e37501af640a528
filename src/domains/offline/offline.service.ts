import { createHash } from 'node:crypto'
import { type Locale, t } from '../../core/i18n.ts'
import { allAssets, assetUrl } from '../../web/assets.ts'

/** Pages every installed app keeps, so that even a first offline moment shows something useful. */
export const SHELL_PAGES = ['/offline', '/downloads'] as const

/**
 * The app shell the service worker precaches: the hashed styles, scripts and icons every page
 * uses. Fonts and pictures of courses are left to course downloads (a learner who never reads
 * Tai Dam does not pay for its font); sw.js itself is served from the root, never from /static.
 */
export function shellAssets(): string[] {
  return allAssets()
    .filter((a) => /\.(css|js|svg)$/.test(a.path) && a.path !== 'sw.js' && !a.path.startsWith('manifest/'))
    .map((a) => a.url)
    .sort()
}

let cachedWorker: { body: string; version: string } | null = null

/**
 * The service worker script: sw.js preceded by its configuration. The version hashes the shell
 * list and the worker's own code, so any change of an asset or of the worker makes the browser
 * install the new worker, and nothing else does.
 */
export function serviceWorkerScript(): { body: string; version: string } {
  if (cachedWorker) return cachedWorker
  const sw = allAssets().find((a) => a.path === 'sw.js')
  if (!sw) throw new Error('src/web/static/sw.js is missing')
  const shell = shellAssets()
  const version = createHash('sha256')
    .update(JSON.stringify({ shell, sw: sw.hash, pages: SHELL_PAGES }))
    .digest('hex')
    .slice(0, 12)
  const conf = { version, shell, pages: SHELL_PAGES, outbox: assetUrl('outbox.js'), offline: '/offline' }
  const body = `self.HOCSO_SW = ${JSON.stringify(conf)};\n${sw.body.toString('utf8')}`
  cachedWorker = { body, version }
  return cachedWorker
}

/** The web app manifest (installable app): Vietnamese by default, in the asked language otherwise. */
export function webManifest(locale: Locale) {
  return {
    id: '/',
    name: t(locale, 'offline.app.name'),
    short_name: 'hocso',
    description: t(locale, 'offline.app.description'),
    lang: locale,
    dir: 'ltr',
    start_url: '/?source=app',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f6f7f9',
    theme_color: '#0b6e4f',
    categories: ['education'],
    icons: [
      { src: assetUrl('manifest/icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: assetUrl('manifest/icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      {
        src: assetUrl('manifest/icon-maskable-512.png'),
        sizes: '512x512',
        type: 'image/png',
        purpose: 'maskable',
      },
      { src: assetUrl('icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  }
}
