// @ts-check
/**
 * hocso service worker, hand-written (docs/decisions/0030-hand-written-service-worker.md).
 * Served at /sw.js by src/domains/offline/offline.routes.tsx, which prepends
 * `self.HOCSO_SW = { version, shell, pages, outbox, offline }`: the hashed shell assets and the pages
 * to precache, the outbox script, and the offline page. Any asset change changes those bytes, so browsers see a new
 * worker.
 *
 * Caches:
 *   hocso-shell-<version>  the app shell (hashed, immutable assets; the offline page)
 *   hocso-course-<slug>    one downloaded course (filled by downloads.js, never by this file)
 *   hocso-pages            pages visited, so a page read online can be read again offline
 *   hocso-media            pictures of those pages
 */
/** @type {any} */
const sw = self
const CONF =
  /** @type {{ version: string, shell: string[], pages: string[], outbox: string, offline: string }} */ (
    sw.HOCSO_SW
  )
const SHELL = `hocso-shell-${CONF.version}`
const PAGES = 'hocso-pages'
const PAGES_MAX = 60
const MEDIA = 'hocso-media'
const MEDIA_MAX = 120
/** How long a page waits for the network before the saved copy is shown (slow 3G stays usable). */
const NETWORK_WAIT_MS = 6000

sw.importScripts(CONF.outbox)

sw.addEventListener('install', (/** @type {any} */ ev) => {
  ev.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL)
      // Each asset once; already-cached hashed files are reused from older shells, not refetched.
      await Promise.all(
        CONF.shell.map(async (url) => {
          const old = await caches.match(url)
          // Default cache mode: the page that registered us has just loaded these immutable
          // files, so the browser's HTTP cache answers and nothing crosses the network twice.
          await cache.put(url, old ?? (await fetchOk(url, 'default')))
        }),
      )
      for (const p of CONF.pages) await cache.put(p, await fetchOk(p))
      // Take over at once: pages already open keep working because the previous shell is kept
      // (see activate) and hashed URLs never change meaning.
      await sw.skipWaiting()
    })(),
  )
})

sw.addEventListener('activate', (/** @type {any} */ ev) => {
  ev.waitUntil(
    (async () => {
      const shells = (await caches.keys()).filter((k) => k.startsWith('hocso-shell-') && k !== SHELL)
      // Keep the newest previous shell for pages opened before the update; drop the rest.
      for (const k of shells.slice(0, -1)) await caches.delete(k)
      await sw.clients.claim()
    })(),
  )
})

sw.addEventListener('message', (/** @type {any} */ ev) => {
  if (ev.data === 'flush') ev.waitUntil(sw.hocso.outbox.flush())
  if (ev.data === 'refresh-pages')
    ev.waitUntil(
      caches.open(SHELL).then(async (cache) => {
        for (const p of CONF.pages)
          await fetchOk(p)
            .then((res) => cache.put(p, res))
            .catch(() => {})
      }),
    )
})

// Background Sync: the browser wakes the worker when a connection returns, even with no page open.
sw.addEventListener('sync', (/** @type {any} */ ev) => {
  if (ev.tag !== sw.hocso.outbox.SYNC_TAG) return
  ev.waitUntil(
    sw.hocso.outbox.flush().then((/** @type {any} */ r) => {
      // Failing the event asks the browser to try again later with its own backoff.
      if (r.error && r.pending > 0) throw new Error(r.error)
    }),
  )
})

sw.addEventListener('fetch', (/** @type {any} */ ev) => {
  /** @type {Request} */
  const req = ev.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== location.origin) return
  // A download asks for fresh bytes (`cache: 'reload'`): straight to the network, not to a copy.
  if (req.cache === 'reload' || req.cache === 'no-store') return
  if (url.pathname.startsWith('/api/') || url.pathname === '/sw.js' || url.pathname.startsWith('/xapi/'))
    return
  if (url.pathname.startsWith('/static/')) return ev.respondWith(staticAsset(req))
  if (req.mode === 'navigate' || (req.headers.get('accept') ?? '').includes('text/html'))
    return ev.respondWith(page(ev, req))
  ev.respondWith(media(req))
})

/** @param {string} url @param {RequestCache} [mode] @returns {Promise<Response>} */
async function fetchOk(url, mode = 'no-cache') {
  const res = await fetch(url, { credentials: 'same-origin', cache: mode })
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return res
}

/**
 * Hashed assets never change: the cache answers, the network only fills gaps. A page saved long
 * ago may name an asset two versions old that neither the cache nor the server has any more: it
 * gets the current file of the same name (app.<old>.css → app.<new>.css) rather than no style.
 * @param {Request} req
 */
async function staticAsset(req) {
  const hit = await caches.match(req, { ignoreVary: true })
  if (hit) return hit
  try {
    const res = await fetch(req)
    if (res.ok) {
      const copy = res.clone()
      void caches.open(SHELL).then((c) => c.put(req, copy))
      return res
    }
    return (res.status === 404 && (await sameName(req.url))) || res
  } catch (err) {
    const alt = await sameName(req.url)
    if (alt) return alt
    throw err
  }
}

/** The current shell's file with the same name as an outdated hashed URL. @param {string} url */
async function sameName(url) {
  const m = /^(\/static\/.+)\.[0-9a-f]{10}(\.[a-z0-9]+)$/.exec(new URL(url).pathname)
  if (!m) return undefined
  const cache = await caches.open(SHELL)
  for (const k of await cache.keys()) {
    const p = new URL(k.url).pathname
    if (p.startsWith(`${m[1]}.`) && p.endsWith(m[2]) && p.length === m[1].length + 11 + m[2].length)
      return cache.match(k)
  }
  return undefined
}

/**
 * Images and audio: a downloaded course answers first, with byte ranges for audio seeking. A
 * picture seen online is kept with the visited pages, so those pages read the same offline;
 * audio is kept only by a download (recordings are large).
 * @param {Request} req
 */
async function media(req) {
  const hit = await caches.match(req.url, { ignoreVary: true, ignoreSearch: false })
  if (hit) {
    const range = req.headers.get('range')
    return range ? ranged(hit, range) : hit
  }
  const res = await fetch(req)
  if (res.ok && res.status === 200 && (res.headers.get('content-type') ?? '').startsWith('image/')) {
    const copy = res.clone()
    void caches.open(MEDIA).then(async (c) => {
      await c.put(req.url, copy)
      const keys = await c.keys()
      for (const k of keys.slice(0, Math.max(0, keys.length - MEDIA_MAX))) await c.delete(k)
    })
  }
  return res
}

/** Builds a 206 from a cached full response. @param {Response} res @param {string} range */
async function ranged(res, range) {
  const blob = await res.blob()
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim())
  if (!m) return new Response(blob, { status: 200, headers: res.headers })
  let start = m[1] === '' ? blob.size - Number(m[2]) : Number(m[1])
  let end = m[1] !== '' && m[2] !== '' ? Number(m[2]) : blob.size - 1
  start = Math.max(0, start)
  end = Math.min(end, blob.size - 1)
  if (start > end)
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${blob.size}` } })
  const headers = new Headers(res.headers)
  headers.set('content-range', `bytes ${start}-${end}/${blob.size}`)
  headers.set('content-length', String(end - start + 1))
  return new Response(blob.slice(start, end + 1), { status: 206, headers })
}

/**
 * Pages: the network first (fresh progress and content), a saved copy when the network fails or
 * is too slow, the offline page when there is no copy. A good answer refreshes the saved copy.
 * @param {any} ev @param {Request} req
 */
async function page(ev, req) {
  const network = fetch(req).then(async (res) => {
    if (res.ok && (res.headers.get('content-type') ?? '').includes('text/html')) {
      ev.waitUntil(remember(req.url, res.clone()))
    }
    return res
  })
  /** @type {Promise<'timeout'>} */
  const slow = new Promise((r) => setTimeout(() => r('timeout'), NETWORK_WAIT_MS))
  try {
    const first = await Promise.race([network, slow])
    if (first !== 'timeout') return first
  } catch {
    // Offline or the server is down: fall through to a saved copy.
  }
  const saved = await savedPage(req.url)
  if (saved) {
    network.catch(() => {})
    return saved
  }
  try {
    return await network
  } catch {
    const off = await caches.match(CONF.offline)
    return off ? markSaved(off) : new Response('offline', { status: 503 })
  }
}

/**
 * Stores a page: into its downloaded course's cache when it belongs to one (keeping the download
 * fresh), else into the visited-pages cache, which keeps only the latest PAGES_MAX pages.
 * @param {string} url @param {Response} res
 */
async function remember(url, res) {
  for (const name of await caches.keys()) {
    if (!name.startsWith('hocso-course-')) continue
    const c = await caches.open(name)
    if (await c.match(url, { ignoreVary: true })) return c.put(url, res)
  }
  const c = await caches.open(PAGES)
  await c.delete(url)
  await c.put(url, res)
  const keys = await c.keys()
  for (const k of keys.slice(0, Math.max(0, keys.length - PAGES_MAX))) await c.delete(k)
}

/** @param {string} url */
async function savedPage(url) {
  const hit = await caches.match(url, { ignoreVary: true })
  return hit ? markSaved(hit) : null
}

/**
 * Marks a saved copy so the page can say it is not live (`<html data-saved-copy>`); rebuilding the
 * response also clears the redirect flag a cached redirect would carry, which navigations refuse.
 * @param {Response} res
 */
async function markSaved(res) {
  const html = (await res.text()).replace(/<html\b/i, '<html data-saved-copy=""')
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  headers.delete('content-encoding')
  return new Response(html, { status: 200, headers })
}
