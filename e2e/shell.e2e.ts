import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkAccessible, launch, phoneContext, screenshot, waitForServiceWorker } from './support/browser.ts'
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
  await browser?.close()
  await server?.stop()
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
    expect(await page.locator('#offline-banner').textContent()).toContain('Không có bản ghi nào đang chờ gửi')
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
