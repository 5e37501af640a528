import type { Browser, BrowserContext, Page } from 'playwright-core'
import { PHONE } from './browser.ts'

/** DESIGN.md: a lesson on first visit ≤ 30 KB transferred (HTML, CSS, JS), readable in < 3 s on slow 3G. */
export const BUDGET_BYTES = 30_000
export const BUDGET_MS = 3_000
/** Slow 3G as the budget defines it: 400 kbps down (and up), 400 ms round trip. */
export const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 }

export type Transfer = { url: string; type: string; bytes: number; status: number }
export type Visit = {
  /** HTML + CSS + JS bytes on the wire (compressed, headers included), the budgeted figure. */
  budgetBytes: number
  /** Everything the page fetched (pictures and fonts included). */
  allBytes: number
  /** The service worker installing after the page has loaded: its script and the shell it precaches. */
  workerBytes: number
  workerFiles: number
  transfers: Transfer[]
  /** First contentful paint and largest contentful paint (the lesson text), from the page. */
  fcpMs: number
  lcpMs: number
}

const BUDGETED = new Set(['Document', 'Stylesheet', 'Script'])

/**
 * Opens `path` in a fresh page of `context` (which must hold no cached assets for a true first
 * visit), counting `Network.loadingFinished` encodedDataLength per request through CDP, optionally
 * under slow 3G emulation, and reads the paint timings the browser recorded.
 */
export async function measureVisit(
  context: BrowserContext,
  path: string,
  opts: { slow3g: boolean },
): Promise<Visit> {
  const page = await context.newPage()
  await page.setViewportSize(PHONE)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false })
  if (opts.slow3g) await cdp.send('Network.emulateNetworkConditions', SLOW_3G)
  const seen = new Map<string, { url: string; type: string; status: number }>()
  const transfers: Transfer[] = []
  cdp.on('Network.responseReceived', (e) => {
    seen.set(e.requestId, { url: e.response.url, type: e.type ?? 'Other', status: e.response.status })
  })
  cdp.on('Network.loadingFinished', (e) => {
    const r = seen.get(e.requestId)
    if (r) transfers.push({ ...r, url: new URL(r.url).pathname, bytes: e.encodedDataLength })
  })
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number }
    w.__lcp = 0
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__lcp = Math.max(w.__lcp, e.startTime)
    }).observe({ type: 'largest-contentful-paint', buffered: true })
  })
  // What the worker fetches while installing crosses the network too: counted apart.
  const worker: Promise<number>[] = []
  const onWorker = (req: import('playwright-core').Request) => {
    if (req.serviceWorker() || new URL(req.url()).pathname === '/sw.js')
      worker.push(
        req.sizes().then(
          (z) => z.responseBodySize + z.responseHeadersSize,
          () => 0,
        ),
      )
  }
  context.on('requestfinished', onWorker)
  await page.goto(path, { waitUntil: 'load' })
  await page.waitForLoadState('networkidle')
  await page.evaluate(async () => {
    await navigator.serviceWorker?.ready
  })
  context.off('requestfinished', onWorker)
  const workerSizes = await Promise.all(worker)
  const { fcp, lcp } = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    lcp: (window as unknown as { __lcp: number }).__lcp,
  }))
  await cdp.detach()
  await page.close()
  const sum = (ts: Transfer[]) => ts.reduce((a, t) => a + t.bytes, 0)
  const page_ = transfers.filter((t) => t.url !== '/sw.js')
  return {
    budgetBytes: sum(page_.filter((t) => BUDGETED.has(t.type))),
    allBytes: sum(page_),
    workerBytes: workerSizes.reduce((a, b) => a + b, 0),
    workerFiles: workerSizes.length,
    transfers,
    fcpMs: Math.round(fcp),
    lcpMs: Math.round(lcp || fcp),
  }
}

/** What a repeat visit cost: what went to the network (by the page or by its worker) and what the worker answered. */
export type RepeatVisit = {
  network: { url: string; bytes: number; by: 'page' | 'worker' }[]
  fromWorker: string[]
  networkBytes: number
}

/**
 * Opens `path` again in `context` (whose service worker is installed) and sorts every request:
 * answered by the worker from its caches, or sent to the network (by the page, or by the worker
 * itself, e.g. the network-first fetch of the page's HTML).
 */
export async function measureRepeatVisit(context: BrowserContext, path: string): Promise<RepeatVisit> {
  const network: RepeatVisit['network'] = []
  const fromWorker: string[] = []
  const pending: Promise<void>[] = []
  const onFinished = (req: import('playwright-core').Request) => {
    pending.push(
      (async () => {
        const res = await req.response()
        const url = new URL(req.url()).pathname
        if (!req.serviceWorker() && res?.fromServiceWorker()) {
          fromWorker.push(url)
          return
        }
        const sizes = await req.sizes().catch(() => ({ responseBodySize: 0, responseHeadersSize: 0 }))
        network.push({
          url,
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          by: req.serviceWorker() ? 'worker' : 'page',
        })
      })(),
    )
  }
  context.on('requestfinished', onFinished)
  const page = await context.newPage()
  await page.goto(path, { waitUntil: 'load' })
  await page.waitForLoadState('networkidle')
  await page.close()
  context.off('requestfinished', onFinished)
  await Promise.all(pending)
  return { network, fromWorker, networkBytes: network.reduce((a, n) => a + n.bytes, 0) }
}

/** A fresh browser profile, signed in as `who` through the login API (no page, so nothing cached). */
export async function freshSignedIn(browser: Browser, baseURL: string, who: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: PHONE,
    locale: 'vi-VN',
    serviceWorkers: 'allow',
  })
  const res = await context.request.post('/login', {
    data: { login: who, password: 'demo1234' },
    headers: { 'content-type': 'application/json', origin: baseURL },
  })
  if (!res.ok()) throw new Error(`login as ${who}: ${res.status()} ${await res.text()}`)
  return context
}

/** One line per transfer, for reports. */
export function describeTransfers(v: Visit): string {
  return v.transfers
    .map((t) => `  ${t.type.padEnd(10)} ${String(t.bytes).padStart(7)} B  ${t.status}  ${t.url}`)
    .join('\n')
}

export type { Page }

/** The main-thread work of a page load on a slow phone, as Lighthouse's total blocking time counts it. */
export type Blocking = {
  /** CPU slowdown applied (4 = Lighthouse's mobile setting). */
  cpuSlowdown: number
  fcpMs: number
  /** Sum over long tasks after first contentful paint of their time beyond 50 ms. */
  tbtMs: number
  longTasks: { startMs: number; ms: number }[]
  /** Main-thread CPU time by script (the page's own scripts and the browser's work), in ms, from a profile. */
  cpuByScript: Record<string, number>
}

/**
 * Loads `path` in a fresh page of `context` with the CPU slowed down `cpuSlowdown` times, and
 * watches for `watchMs` after the load event: every long task (over 50 ms, PerformanceObserver
 * 'longtask'), the total blocking time after first contentful paint, and a CPU profile that says
 * which script the time went to.
 */
export async function measureBlocking(
  context: BrowserContext,
  path: string,
  opts: { cpuSlowdown?: number; watchMs?: number } = {},
): Promise<Blocking> {
  const cpuSlowdown = opts.cpuSlowdown ?? 4
  const page = await context.newPage()
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { startMs: number; ms: number }[] }
    w.__longTasks = []
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ startMs: e.startTime, ms: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown })
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  await page.goto(path, { waitUntil: 'load' })
  await page.waitForTimeout(opts.watchMs ?? 5000)
  const { profile } = await cdp.send('Profiler.stop')
  const got = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { startMs: number; ms: number }[] }
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0
    return { fcpMs: fcp, longTasks: w.__longTasks }
  })
  await page.close()

  const cpuByScript: Record<string, number> = {}
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < (profile.samples ?? []).length; i++) {
    const node = byId.get(profile.samples![i]!)
    if (!node || node.callFrame.functionName === '(idle)') continue
    const url = node.callFrame.url
    const name = url
      ? `${new URL(url).pathname.replace(/\.[0-9a-f]{10}\.js$/, '.js')}${process.env.HOCSO_PROFILE_FUNCTIONS ? ` ${node.callFrame.functionName}:${node.callFrame.lineNumber}` : ''}`
      : node.callFrame.functionName
    cpuByScript[name] = (cpuByScript[name] ?? 0) + (deltas[i] ?? 0) / 1000
  }
  for (const k of Object.keys(cpuByScript)) cpuByScript[k] = Math.round(cpuByScript[k]!)
  const longTasks = got.longTasks.map((t) => ({ startMs: Math.round(t.startMs), ms: Math.round(t.ms) }))
  // Lighthouse counts the part of each long task beyond 50 ms, after first contentful paint.
  const tbtMs = longTasks
    .filter((t) => t.startMs + t.ms > got.fcpMs)
    .reduce((sum, t) => sum + Math.max(0, t.ms - 50), 0)
  return { cpuSlowdown, fcpMs: Math.round(got.fcpMs), tbtMs, longTasks, cpuByScript }
}
