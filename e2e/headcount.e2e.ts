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
import { localIn } from './support/events.ts'
import { flush, outboxCounts } from './support/outbox.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * A festival's headcount on a 360 px phone (decision 0196): a count entered with no signal is kept
 * on the phone with an id of its own, shown at once as waiting, and counted once when the signal
 * comes back; a count typed wrong is corrected the same way.
 */
let server: Server
let browser: Browser
let context: BrowserContext
let page: Page
let festival: string

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
  await login(page, 'officer')
  const created = await page.request.post('/events', {
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    data: {
      title: 'Ngày hội chuyển đổi số xã Mường Chà',
      kind: 'festival',
      topic: 'digital_skills',
      audience: 'Mọi người dân',
      place_code: '3166',
      starts_at: localIn(-3_600_000),
      ends_at: localIn(3 * 3_600_000),
      capacity: 500,
      trainers: ['Ban tổ chức'],
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  festival = ((await created.json()) as { id: string }).id
})
afterAll(async () => {
  const errors = context ? pageErrors(context) : []
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

/** What the server holds: headcount facts, and the festival's counts that stand. */
const onServer = () => ({
  facts: server.query<{ n: number }>("select count(*) as n from facts where kind = 'festival_headcount'")[0]!
    .n,
  standing: server
    .query<{ visitors: number }>(
      'select visitors from event_headcounts where event_id = ? and replaced_by is null order by counted_at',
      festival,
    )
    .map((r) => r.visitors),
  attendance:
    server.query<{ value: number }>(
      "select value from campaign_rollups where indicator = 'festival_attendance' and place_code = '3166' and period = 'all'",
    )[0]?.value ?? 0,
})

const text = (selector: string) => page.locator(selector).first().textContent()

describe('a festival’s headcount on a phone', () => {
  it('is reached from the festival’s page, fits 360 px and is accessible', async () => {
    await page.goto(`/events/${festival}`)
    await Promise.all([
      page.waitForURL(`**/events/${festival}/headcount`),
      page.click(`a[href="/events/${festival}/headcount"]`),
    ])
    expect(await text('h1')).toBe('Đếm khách ngày hội')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await checkAccessible(page)
  })

  it('a count entered offline, and corrected before it is sent, is counted once as corrected back online', async () => {
    // The phone has the app saved, as after any earlier visit.
    await waitForServiceWorker(page)
    await page.reload()
    await context.setOffline(true)
    // 1500 typed for 150.
    await page.fill('#headcount-form input[name=visitors]', '1500')
    await page.fill('#headcount-form input[name=booth]', 'Gian cài VNeID')
    await page.click('#headcount-form button[type=submit]')
    await expect
      .poll(() => text('[data-headcount-flash]'))
      .toBe('Đã lưu trên máy. Máy sẽ tự gửi khi có mạng.')
    const row = page.locator('[data-headcounts] li', { hasText: 'Gian cài VNeID' })
    expect(await row.locator('[data-headcount-number]').textContent()).toBe('1.500 khách')
    expect(await row.locator('[data-outbox-state]').textContent()).toBe('chờ gửi')
    expect(await text('[data-headcount-counted]')).toBe('1500')
    // The form is empty again, ready for the next booth.
    expect(await page.inputValue('#headcount-form input[name=visitors]')).toBe('')

    // Seen at once, and corrected at once, still with no signal.
    await row.locator('summary').click()
    const fix = row.locator('form').first()
    expect(await fix.locator('input[name=visitors]').inputValue()).toBe('1500')
    await fix.locator('input[name=visitors]').fill('150')
    await fix.locator('button[type=submit]').click()
    await expect.poll(() => row.locator('[data-headcount-number]').textContent()).toBe('150 khách')
    expect(await text('[data-headcount-counted]')).toBe('150')
    expect(await text('[data-headcount-total]')).toBe('150')
    expect(await outboxCounts(page)).toEqual({ pending: 2, rejected: 0 })
    expect(onServer()).toMatchObject({ facts: 0, standing: [] })

    // Opened again with no signal: the saved page, with the corrected count still waiting on it.
    await page.reload()
    await expect.poll(() => text('[data-headcounts] li [data-outbox-state]')).toBe('chờ gửi')
    expect(await text('[data-headcounts] li [data-headcount-number]')).toBe('150 khách')
    expect(await text('[data-headcount-counted]')).toBe('150')
    await screenshot(page, 'headcount-offline')

    await context.setOffline(false)
    await expect.poll(() => outboxCounts(page), { timeout: 15_000 }).toEqual({ pending: 0, rejected: 0 })
    expect((await flush(page)).pending).toBe(0)
    expect(onServer()).toEqual({ facts: 2, standing: [150], attendance: 150 })
    await page.reload()
    expect(await page.locator('[data-headcounts] li').count()).toBe(1)
    expect(await text('[data-headcounts] li [data-headcount-number]')).toBe('150 khách')
    // The page marks what is still waiting once it has read the outbox: nothing, now.
    await expect
      .poll(() => page.locator('[data-headcounts] li [data-outbox-state]').first().isHidden())
      .toBe(true)
    expect(await text('[data-headcount-counted]')).toBe('150')
  })

  it('a count corrected offline replaces the old one once back online, counted once', async () => {
    await context.setOffline(true)
    const row = page.locator('[data-headcounts] li').first()
    await row.locator('summary').click()
    const form = row.locator('form').first()
    await form.locator('input[name=visitors]').fill('15')
    await form.locator('button[type=submit]').click()
    await expect.poll(() => row.locator('[data-headcount-number]').textContent()).toBe('15 khách')
    expect(await row.locator('[data-outbox-state]').textContent()).toBe('chờ gửi')
    expect(await text('[data-headcount-counted]')).toBe('15')
    expect(await outboxCounts(page)).toEqual({ pending: 1, rejected: 0 })
    expect(onServer()).toEqual({ facts: 2, standing: [150], attendance: 150 })
    await screenshot(page, 'headcount-corrected-offline')

    await context.setOffline(false)
    await expect.poll(() => outboxCounts(page), { timeout: 15_000 }).toEqual({ pending: 0, rejected: 0 })
    expect(onServer()).toEqual({ facts: 3, standing: [15], attendance: 15 })
    await page.reload()
    expect(await text('[data-headcounts] li [data-headcount-number]')).toBe('15 khách')
    expect(await page.locator('[data-headcounts] li').count()).toBe(1)
    expect(await text('[data-headcounts] li .badge')).toBe('đã sửa')
    // The correction forms open, as an organiser sees them: within 360 px, accessible.
    await page.locator('[data-headcounts] li summary').first().click()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await checkAccessible(page)
    await screenshot(page, 'headcount-correct')
  })

  it('a count entered by mistake is withdrawn with one tap: it counts nothing, and says so', async () => {
    const row = page.locator('[data-headcounts] li').first()
    await row.locator('button', { hasText: 'Nhập nhầm? Bỏ số này' }).click()
    await expect
      .poll(() => row.locator('[data-headcount-number]').textContent())
      .toBe('0 khách · đã bỏ vì nhập nhầm')
    expect(await text('[data-headcount-counted]')).toBe('0')
    // Online, it is sent at once and said so.
    await expect.poll(() => text('[data-headcount-flash]'), { timeout: 15_000 }).toBe('Đã lưu số khách.')
    expect(onServer().standing).toEqual([0])
    expect(onServer()).toEqual({ facts: 4, standing: [0], attendance: 0 })
    await page.reload()
    expect(await text('[data-headcounts] li [data-headcount-number]')).toBe('0 khách · đã bỏ vì nhập nhầm')
  })
})
