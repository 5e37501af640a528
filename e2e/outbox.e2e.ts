import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkAccessible, launch, login, pageErrors, phoneContext, screenshot } from './support/browser.ts'
import { addFacts, flush, lessonsOf, outboxCounts, storedTimes } from './support/outbox.ts'
import { type Server, startServer } from './support/server.ts'

const COURSE = process.env.HOCSO_E2E_COURSE ?? 'paying-without-cash'

let server: Server
let browser: Browser
let context: BrowserContext
let page: Page
let lessonIds: string[]

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
  await login(page, 'learner')
  await page.goto('/downloads')
  lessonIds = lessonsOf(server, COURSE).map((l) => l.id)
  expect(lessonIds.length).toBeGreaterThan(1)
})
afterAll(async () => {
  const errors = context ? pageErrors(context) : []
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

/** `n` lesson_opened facts over the course's lessons. */
const opened = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    kind: 'lesson_opened',
    data: { lesson_id: lessonIds[i % lessonIds.length], lang: 'vi' },
  }))

describe('the outbox', () => {
  it('keeps every record when the server answers 500, and sends each once when it recovers', async () => {
    let refusedWith500 = 0
    await context.route('**/api/facts', (route) => {
      refusedWith500++
      return route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: '{"error":{"code":"internal"}}',
      })
    })
    const ids = await addFacts(page, opened(3))
    await expect.poll(() => refusedWith500, { timeout: 10_000 }).toBeGreaterThan(0)
    expect((await flush(page)).error).toContain('HTTP 500')
    expect(await outboxCounts(page)).toEqual({ pending: 3, rejected: 0 })
    expect(storedTimes(server, ids).size).toBe(0)
    await context.unrouteAll()
    // The connection "returns": the `online` event alone must send everything.
    await context.setOffline(true)
    await context.setOffline(false)
    await expect.poll(() => outboxCounts(page), { timeout: 15_000 }).toEqual({ pending: 0, rejected: 0 })
    expect([...storedTimes(server, ids).values()]).toEqual([1, 1, 1])
  })

  it('survives the server being killed while a batch is sent: after recovery every record is stored once', async () => {
    await context.setOffline(true)
    const ids = await addFacts(page, opened(130))
    expect(await outboxCounts(page)).toEqual({ pending: 130, rejected: 0 })
    let batches = 0
    await context.route('**/api/facts', async (route) => {
      batches++
      if (batches === 1) {
        // The server stores the first batch, then dies before the phone hears the answer.
        await route.fetch()
        await server.kill()
        return route.abort('connectionreset')
      }
      return route.continue()
    })
    await context.setOffline(false)
    await expect.poll(() => batches, { timeout: 15_000 }).toBeGreaterThan(0)
    // Every record is still on the phone: the answer never came.
    await expect.poll(async () => (await flush(page)).pending, { timeout: 10_000 }).toBe(130)
    const half = storedTimes(server, ids)
    expect(half.size).toBe(100)
    await server.restart()
    await context.unrouteAll()
    await expect.poll(async () => (await flush(page)).pending, { timeout: 30_000, interval: 1000 }).toBe(0)
    const times = storedTimes(server, ids)
    expect(times.size).toBe(130)
    expect([...times.values()].every((n) => n === 1)).toBe(true)
    // Each fact is counted once in the learning projections too.
    const events = server.query<{ n: number }>(
      `select count(*) as n from learning_events where fact_id in (${ids.map(() => '?').join(',')})`,
      ...ids,
    )[0]!.n
    expect(events).toBe(130)
  })

  it('a record written before the tab closed is sent by the next page that opens', async () => {
    await context.setOffline(true)
    const [id] = await addFacts(page, opened(1))
    await page.close()
    await context.setOffline(false)
    page = await context.newPage()
    await page.goto('/')
    await expect.poll(() => storedTimes(server, [id!]).get(id!), { timeout: 15_000 }).toBe(1)
    expect(await outboxCounts(page)).toEqual({ pending: 0, rejected: 0 })
  })

  it('keeps a refused record aside and shows it; signed out, records wait instead of being refused', async () => {
    const [bad] = await addFacts(page, [
      { kind: 'lesson_opened', data: { lesson_id: '00000000-0000-4000-8000-000000000000', lang: 'vi' } },
    ])
    await expect.poll(() => outboxCounts(page), { timeout: 15_000 }).toEqual({ pending: 0, rejected: 1 })
    await page.goto('/downloads')
    const item = page.locator(`[data-refused-list] [data-fact="${bad}"]`)
    await expect.poll(() => item.textContent()).toContain('404')
    await expect.poll(() => page.locator('#offline-banner [data-outbox-refused]').isVisible()).toBe(true)
    expect(await page.locator('#offline-banner').textContent()).toContain('1 bản ghi bị máy chủ từ chối')
    await screenshot(page, 'my-downloads-refused')
    await checkAccessible(page)

    await page.click('form[action="/logout"] button')
    await page.goto('/downloads')
    const [waiting] = await addFacts(page, opened(1))
    await flush(page)
    expect(await outboxCounts(page)).toEqual({ pending: 1, rejected: 1 })
    expect(storedTimes(server, [waiting!]).size).toBe(0)
    await login(page, 'learner')
    await expect.poll(() => storedTimes(server, [waiting!]).get(waiting!), { timeout: 15_000 }).toBe(1)
  })
})

describe('a phone shared by two people', () => {
  it("never sends one person's records under another's session", async () => {
    await login(page, 'learner')
    const [learner] = server.query<{ id: string }>("select id from accounts where username = 'learner'")
    // A live page (on a busy machine the worker may show a saved copy after 6 s; not here).
    await expect
      .poll(async () => {
        await page.goto('/downloads')
        return page.locator('html').getAttribute('data-saved-copy')
      })
      .toBeNull()
    // The server fails while the learner records, then the learner signs out…
    await context.route('**/api/facts', (route) => route.fulfill({ status: 503, body: '' }))
    const [mine] = await addFacts(page, opened(1))
    const entry = await page.evaluate(
      async (id) =>
        (
          await (
            window as unknown as { hocso: { outbox: { list(): Promise<{ id: string; account: string }[]> } } }
          ).hocso.outbox.list()
        ).find((e) => e.id === id),
      mine!,
    )
    expect(entry?.account).toBe(learner!.id)
    await page.click('form[action="/logout"] button')
    // …and someone else signs in on the same phone once the server is back.
    await login(page, 'ambassador')
    await context.unrouteAll()
    await flush(page)
    expect(storedTimes(server, [mine!]).size).toBe(0)
    expect((await outboxCounts(page)).pending).toBe(1)
    await page.click('form[action="/logout"] button')
    await login(page, 'learner')
    await expect.poll(() => storedTimes(server, [mine!]).get(mine!), { timeout: 15_000 }).toBe(1)
    const [row] = server.query<{ subject_id: string }>('select subject_id from facts where id = ?', mine)
    expect(row!.subject_id).toBe(learner!.id)
  })
})
