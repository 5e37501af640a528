import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  checkAccessible,
  launch,
  login,
  pageErrors,
  phoneContext,
  screenshot,
  waitForServiceWorker,
} from './support/browser.ts'
import { type Server, startServer } from './support/server.ts'

const COURSE = process.env.HOCSO_E2E_COURSE ?? 'paying-without-cash'

let server: Server
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
  await login(page, 'learner')
  await page.goto(`/courses/${COURSE}`)
  await waitForServiceWorker(page)
})
afterAll(async () => {
  const errors = context ? pageErrors(context) : []
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

type Rec = { course: string; state: string; urls: string[]; sizes: Record<string, number> } | undefined
const record = () =>
  page.evaluate(async (slug) => {
    const d = (window as unknown as { hocso: { downloads: { list(): Promise<NonNullable<Rec>[]> } } }).hocso
      .downloads
    return (await d.list()).find((x) => x.course === slug)
  }, COURSE) as Promise<Rec>
const cachedCount = () =>
  page.evaluate(async (slug) => (await (await caches.open(`hocso-course-${slug}`)).keys()).length, COURSE)

describe('downloading a course', () => {
  it('an interrupted download is not marked downloaded, says so, and resumes by itself when the signal returns', async () => {
    const box = page.locator('[data-offline-course]')
    let files = 0
    // The signal is lost after six files.
    await context.route(
      (url) =>
        url.pathname.startsWith('/courses/') ||
        url.pathname.startsWith('/media/') ||
        url.pathname.startsWith('/offline/'),
      async (route) => {
        if (!route.request().headers()['x-hocso-offline-download']) return route.continue()
        files++
        if (files > 6) return route.abort('internetdisconnected')
        return route.continue()
      },
    )
    await box.locator('[data-action="download"]').click()
    await expect
      .poll(() => box.locator('[data-status]').textContent(), { timeout: 30_000 })
      .toMatch(/gián đoạn/)
    expect(await box.getAttribute('class')).not.toContain('downloaded')
    expect(await box.locator('[data-action="download"]').textContent()).toBe('Tiếp tục tải về')
    const partial = await record()
    expect(partial?.state).toBe('partial')
    const kept = Object.keys(partial!.sizes).length
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(partial!.urls.length)
    await checkAccessible(page)

    // "My downloads" does not offer to open it either.
    await page.goto('/downloads')
    const item = page.locator(`[data-course="${COURSE}"]`)
    await expect.poll(() => item.getAttribute('data-state')).toBe('partial')
    expect(await item.locator('a.button').count()).toBe(0)
    expect(await item.textContent()).toMatch(
      new RegExp(`Chưa tải xong \\(${kept} / ${partial!.urls.length} tệp\\)`),
    )
    await screenshot(page, 'my-downloads-partial')
    await checkAccessible(page)

    // The signal returns on the course page: the download goes on from where it stopped.
    await page.goto(`/courses/${COURSE}`)
    await context.unrouteAll()
    const fetched: string[] = []
    page.on('request', (r) => {
      if (r.headers()['x-hocso-offline-download']) fetched.push(r.url())
    })
    await context.setOffline(true)
    await context.setOffline(false)
    await expect.poll(() => box.getAttribute('class'), { timeout: 60_000 }).toContain('downloaded')
    const done = await record()
    expect(done?.state).toBe('complete')
    expect(fetched.length).toBe(done!.urls.length - kept)
    expect(await cachedCount()).toBe(done!.urls.length)
  })

  it('"remove" forgets the mark first, then the files', async () => {
    const box = page.locator('[data-offline-course]')
    await box.locator('[data-action="remove"]').click()
    await expect.poll(() => box.locator('[data-action="download"]').isVisible()).toBe(true)
    expect(await record()).toBeUndefined()
    expect(await page.evaluate((slug) => caches.has(`hocso-course-${slug}`), COURSE)).toBe(false)
  })
})
