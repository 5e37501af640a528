import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Context, MiddlewareHandler } from 'hono'
import type { Ctx } from '../core/context.ts'
import { overlayGeneration } from '../core/i18n.ts'
import { Lru } from '../core/lru.ts'
import { publicStamp } from '../core/public-stamp.ts'
import { takesGzip } from './compress.ts'
import type { AppEnv } from './env.ts'
import { CSRF_COOKIE, csrfCookieName, SESSION_COOKIE } from './middleware.ts'

/**
 * Public pages kept rendered, per process, for people who are not signed in (decision 0195).
 *
 * A route that shows the same page to every signed-out visitor with the same inputs puts this
 * before its handler. A signed-out GET is answered from the cache when the same page was made
 * before under the same key: the whole URL, the interface language, every cookie of the request
 * but the form-token one (the content language, the listening choice…), the stamp of public
 * content in the database (read for every request, before rendering: `core/public-stamp.ts`) and
 * the generation of this process's Tai Dam and Hmong strings. Anything else the page shows comes
 * from the release (assets, catalogues), the same for the life of the process.
 *
 * What is kept is the body and its type, never a header of the visitor it was made for. A page is
 * kept only when it was a 200 in HTML, set no cookie but the visitor's form-token one, and does not
 * carry the visitor's form token; a request with a session cookie (signed in, or an expired session)
 * is never answered from here nor kept. Each page has a strong ETag; `If-None-Match` gets a 304.
 */

type Bytes = Uint8Array<ArrayBuffer>
type Page = { type: string; body: Bytes; gz: Bytes; etag: string }

/** Pages per database (tests run several apps in one process), and the URLs that have one. */
const caches = new WeakMap<Ctx['db'], { pages: Lru<string, Page>; urls: Lru<string, true> }>()
/**
 * At most this many pages per process, and at most this many bytes of them (a lesson page is
 * 7–30 kB, kept with its gzip beside): 500 large pages in several languages and cookie variants
 * would have held 20 MB, more than a village hub's whole heap (decision 0201).
 */
export const PUBLIC_CACHE = { pages: 500, bytes: 4 * 1024 * 1024 }

/** What a kept page costs: its key, both bodies, and a little for the rest. */
const weigh = (key: string, page: Page) => key.length + page.body.byteLength + page.gz.byteLength + 200

function cacheOf(ctx: Ctx) {
  let c = caches.get(ctx.db)
  if (!c) {
    c = {
      pages: new Lru(PUBLIC_CACHE.pages, { maxWeight: PUBLIC_CACHE.bytes, weigh }),
      urls: new Lru(PUBLIC_CACHE.pages),
    }
    caches.set(ctx.db, c)
  }
  return c
}

/** Kept pages, for tests: how many, their bytes, and how often one was found. */
export function publicCacheStats(ctx: Ctx): { size: number; bytes: number; hits: number; misses: number } {
  const { pages } = cacheOf(ctx)
  return { size: pages.size, bytes: pages.weight, hits: pages.hits, misses: pages.misses }
}

/** Starts this database's kept pages afresh within `bytes` (tests of the bound). */
export function keepPublicPagesWithin(ctx: Ctx, bytes: number): void {
  caches.set(ctx.db, {
    pages: new Lru(PUBLIC_CACHE.pages, { maxWeight: bytes, weigh }),
    urls: new Lru(PUBLIC_CACHE.pages),
  })
}

/** What the page depends on besides its URL: cookies, not the session (none here) nor the form-token id. */
function cookiesOf(c: Context<AppEnv>): string {
  const header = c.req.header('cookie')
  if (!header) return ''
  const skip = [CSRF_COOKIE, `__Host-${CSRF_COOKIE}`]
  return header
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p && !skip.includes(p.slice(0, p.indexOf('='))))
    .sort()
    .join('; ')
}

function hasCookie(header: string | undefined, name: string): boolean {
  if (!header) return false
  for (const p of header.split(';')) if (p.trim().startsWith(`${name}=`)) return true
  return false
}

/** Whether `If-None-Match` names this ETag (weak comparison, as RFC 9110 asks for this header). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((e) => e.trim().replace(/^W\//, '') === bare)
}

/** The answer to this visitor from a kept page: 304 when they have it, gzip when they take it. */
function answer(
  c: Context<AppEnv>,
  page: Page,
): { status: 200 | 304; body: Bytes | null; headers: Record<string, string> } {
  const gzip = takesGzip(c.req.header('accept-encoding'))
  const etag = gzip ? `"${page.etag}-gz"` : `"${page.etag}"`
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    // The page differs by language and by cookie (signed in, content language): no shared cache
    // may give one visitor's copy to another.
    Vary: 'Accept-Encoding, Accept-Language, Cookie',
    ETag: etag,
  }
  if (matches(c.req.header('if-none-match'), etag)) return { status: 304, body: null, headers }
  headers['Content-Type'] = page.type
  if (gzip) headers['Content-Encoding'] = 'gzip'
  return { status: 200, body: gzip ? page.gz : page.body, headers }
}

/** Whether the answer set a cookie other than the visitor's form-token id (which the page never shows). */
function setsOwnCookie(c: Context<AppEnv>, res: Response): boolean {
  const token = `${csrfCookieName(c.get('ctx'), c.req.url)}=`
  return res.headers.getSetCookie().some((s) => !s.startsWith(token))
}

/** Whether this request may be answered with, or make, a kept page: a GET, signed out, no session cookie. */
function eligible(c: Context<AppEnv>): boolean {
  return c.req.method === 'GET' && !c.get('user') && !hasCookie(c.req.header('cookie'), SESSION_COOKIE)
}

/** The key of this request's page. The stamp is read first, before any rendering. */
async function keyOf(c: Context<AppEnv>): Promise<string> {
  // A change committed during a rendering makes a new stamp: the page kept under the old one is
  // never asked for again.
  const stamp = await publicStamp(c.get('ctx').handle)
  return `${stamp}\u0000${overlayGeneration()}\u0000${c.get('locale')}\u0000${c.req.url}\u0000${cookiesOf(c)}`
}

function send(c: Context<AppEnv>, page: Page): Response {
  const a = answer(c, page)
  return a.body ? c.body(a.body, 200, a.headers) : c.body(null, 304, a.headers)
}

/**
 * The app's early answer (after the session, the domains' per-request work and the language, before
 * compression, the form token and the router): a signed-out GET of a URL that has a kept page is
 * answered from it. Every other request goes on, at the cost of one lookup in a Map.
 */
export const keptPublicPages: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!eligible(c)) return next()
  const cache = cacheOf(c.get('ctx'))
  if (!cache.urls.get(c.req.url)) return next()
  const kept = cache.pages.get(await keyOf(c))
  return kept ? send(c, kept) : next()
}

/**
 * What a public page's route puts before its handler: the page a signed-out visitor gets is kept
 * (or answered from the cache, when the early answer did not run).
 */
export const publicPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!eligible(c)) return next()
  const key = await keyOf(c)
  const cache = cacheOf(c.get('ctx'))
  const kept = cache.pages.get(key)
  if (kept) return send(c, kept)
  await next()
  const res = c.res
  const type = res.headers.get('content-type') ?? ''
  if (res.status !== 200 || !type.startsWith('text/html') || res.headers.has('content-encoding')) return
  if (setsOwnCookie(c, res) || c.get('user')) return
  const html = await res.text()
  // A page that shows the visitor's form token is theirs alone.
  if (c.get('csrf') && html.includes(c.get('csrf'))) {
    c.res = new Response(html, res)
    return
  }
  const body = new Uint8Array(Buffer.from(html))
  const page: Page = {
    type,
    body,
    gz: new Uint8Array(gzipSync(body)),
    etag: createHash('sha256').update(body).digest('base64url').slice(0, 32),
  }
  cache.pages.set(key, page)
  cache.urls.set(c.req.url, true)
  // The first visitor gets what the next ones will (with their own form-token cookie, if one was set).
  const a = answer(c, page)
  c.res = new Response(a.body, { status: a.status, headers: a.headers })
}
