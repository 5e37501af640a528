import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkAccessible,
  launch,
  pageErrors,
  phoneContext,
  screenshot,
  waitForServiceWorker,
} from './support/browser.ts'
import { type Proxy as DeployProxy, startProxy } from './support/proxy.ts'
import { type Server, startServer } from './support/server.ts'

let server: Server
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
})
afterAll(async () => {
  const errors = context ? pageErrors(context) : []
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

describe('the installable shell', () => {
  it('installs a service worker that precaches the shell, with an installable manifest', async () => {
    await page.goto('/')
    await waitForServiceWorker(page)
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!.href
      return (await fetch(href)).json()
    })
    expect(manifest.start_url).toBe('/?source=app')
    const cached = await page.evaluate(async () => {
      const names = await caches.keys()
      const shell = names.find((n) => n.startsWith('hocso-shell-'))!
      return (await (await caches.open(shell)).keys()).map((r) => new URL(r.url).pathname)
    })
    expect(cached).toContain('/offline')
    expect(cached).toContain('/downloads')
    expect(cached.some((p) => /^\/static\/app\.[0-9a-f]{10}\.css$/.test(p))).toBe(true)
    expect(cached.some((p) => /^\/static\/outbox\.[0-9a-f]{10}\.js$/.test(p))).toBe(true)
    await checkAccessible(page)
  })

  it('offline, a page never saved says so and leads to the downloads; "my downloads" still opens', async () => {
    await context.setOffline(true)
    await page.goto('/courses?never-saved=1')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Không có mạng')
    await expect.poll(() => page.locator('#offline-banner').isVisible()).toBe(true)
    expect(await page.locator('#offline-banner').textContent()).toContain('Bạn đang ngoại tuyến')
    // The count of records waiting is filled in once the outbox has been read.
    await expect
      .poll(() => page.locator('#offline-banner').textContent())
      .toContain('Không có bản ghi nào đang chờ gửi')
    await checkAccessible(page)
    await screenshot(page, 'offline-page')
    await page.goto('/downloads')
    expect(await page.locator('h1').textContent()).toBe('Tải về của tôi')
    await expect
      .poll(() => page.locator('[data-list]').textContent())
      .toContain('Chưa có khóa học nào được tải về')
    await checkAccessible(page)
    await context.setOffline(false)
  })
})

describe('an update of the shell', () => {
  let proxy: DeployProxy
  let ctx: BrowserContext
  let p: Page
  beforeAll(async () => {
    // The same server behind a proxy that can serve its worker under another version, as a
    // deployment with changed assets would.
    proxy = await startProxy(server.url)
    ctx = await phoneContext(browser, proxy.url)
    p = await ctx.newPage()
  })
  afterAll(async () => {
    await ctx?.close()
    await proxy?.close()
  })

  async function deploy(version: string) {
    proxy.rewrite('/sw.js', (body) => body.replace(/"version":"[0-9a-f]+"/, `"version":"${version}"`))
    const changed = p.evaluate(
      () =>
        new Promise<void>((r) =>
          navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true }),
        ),
    )
    await p.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())!.update()
    })
    await changed
    // The controller changes as the worker activates; its clean-up ends a moment later.
    await p.waitForFunction(
      async () => (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
    )
  }
  const shells = () =>
    p.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('hocso-shell-')))

  it('is taken at once, keeps the previous shell for open pages, and the open page goes on working', async () => {
    await p.goto('/downloads')
    await waitForServiceWorker(p)
    const [v1] = await shells()
    const cssBefore = await p.evaluate(
      () => document.querySelector<HTMLLinkElement>('link[rel=stylesheet]')!.href,
    )
    await deploy('aaaaaaaaaaaa')
    await expect.poll(shells).toEqual([v1, 'hocso-shell-aaaaaaaaaaaa'])
    // The open page still gets its own files from the worker, even with no network.
    await ctx.setOffline(true)
    expect(await p.evaluate(async (href) => (await fetch(href)).status, cssBefore)).toBe(200)
    // Its outbox still answers, and navigating still finds the saved pages.
    const counts = await p.evaluate(() =>
      (window as unknown as { hocso: { outbox: { counts(): Promise<unknown> } } }).hocso.outbox.counts(),
    )
    expect(counts).toEqual({ pending: 0, rejected: 0 })
    await p.goto('/offline')
    expect(await p.locator('h1').textContent()).toBe('Không có mạng')
    await ctx.setOffline(false)

    await deploy('bbbbbbbbbbbb')
    // Two versions on: the oldest shell is gone, the previous one stays for pages still open.
    await expect.poll(shells).toEqual(['hocso-shell-aaaaaaaaaaaa', 'hocso-shell-bbbbbbbbbbbb'])
  })
})
