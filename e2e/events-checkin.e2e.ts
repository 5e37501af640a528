import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkAccessible, launch, login, openNav, phoneContext, screenshot } from './support/browser.ts'
import { trainingToday } from './support/events.ts'
import { flush, outboxCounts } from './support/outbox.ts'
import { type Server, startServer } from './support/server.ts'

let server: Server
let browser: Browser
let context: BrowserContext
let page: Page
let eventId: string
let people: { id: string; name: string; code: string }[]

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
  await login(page, 'trainer')
  // A training taking place now (started an hour ago), with five participants from a list.
  const made = await trainingToday(page, server, {
    startsInMs: -3_600_000,
    endsInMs: 3 * 3_600_000,
    people: [1, 2, 3, 4, 5].map((n) => ({ name: `Cán bộ mẫu ${n}` })),
  })
  eventId = made.id
  people = made.registrations
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const attendance = () =>
  server.query<{ n: number }>('select count(*) as n from event_attendance where event_id = ?', eventId)[0]!.n
const checkinFacts = () =>
  server.query<{ n: number }>("select count(*) as n from facts where kind = 'checkin'")[0]!.n

describe('check-in at the door, on a phone', () => {
  it('is reachable from the trainer’s menu and accessible at 360 px', async () => {
    await page.goto('/')
    await openNav(page, '/events')
    await page.click(`a[href="/events/${eventId}"]`)
    await page.click(`a[href="/events/${eventId}/checkin"]`)
    await expect.poll(() => page.locator('[data-checkin-count]').textContent()).toBe('0/5 người đã có mặt')
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(360)
    await checkAccessible(page)
    await screenshot(page, 'events-checkin')
  })

  it('checks people in offline through the outbox; each reaches the server once and counts once', async () => {
    await context.setOffline(true)
    const code = page.locator('#checkin-form input[name=code]')
    const say = page.locator('#checkin-result')
    // Typed in lower case with a space, as a hurried organiser would.
    const a = people[0]!
    await code.fill(`${a.code.slice(0, 3).toLowerCase()} ${a.code.slice(3)}`)
    await code.press('Enter')
    await expect.poll(() => say.textContent()).toContain(`✓ ${a.name} (${a.code}): đã lưu trên máy`)
    // A typo is caught on the phone and never queued.
    await code.fill('ACDEFG')
    await code.press('Enter')
    await expect.poll(() => say.textContent()).toContain('Mã ACDEFG không có trong danh sách')
    // The same person scanned twice: said at once, counted once.
    await code.fill(a.code)
    await code.press('Enter')
    await expect.poll(() => say.textContent()).toContain(`${a.name} (${a.code}) đã điểm danh rồi`)
    const b = people[1]!
    await code.fill(b.code)
    await code.press('Enter')
    await expect.poll(() => say.textContent()).toContain(`✓ ${b.name} (${b.code})`)
    // A walk-in, registered and checked in in one step.
    await page.fill('#walkin-form input[name=name]', 'Lò Văn Đến Muộn')
    await page.click('#walkin-form button[type=submit]')
    await expect.poll(() => say.textContent()).toContain('✓ Lò Văn Đến Muộn: đã lưu trên máy')
    expect(await page.locator('[data-checkin-count]').textContent()).toBe('3/5 người đã có mặt')
    expect(await outboxCounts(page)).toEqual({ pending: 4, rejected: 0 })
    expect(attendance()).toBe(0)
    await context.setOffline(false)
    await expect.poll(() => outboxCounts(page), { timeout: 15_000 }).toEqual({ pending: 0, rejected: 0 })
    expect((await flush(page)).pending).toBe(0)
    expect(checkinFacts()).toBe(4)
    expect(attendance()).toBe(3)
    await page.goto(`/events/${eventId}/attendance`)
    expect(await page.locator('[data-attendance-count]').textContent()).toBe('3 người đã có mặt')
    await screenshot(page, 'events-attendance')
  })

  it('withdraws a check-in made by mistake from the attendance list (both scans), at 360 px', async () => {
    const a = people[0]!
    const row = page.locator('main tbody tr', { hasText: a.name })
    await row.locator('details summary').click()
    const withdraw = row.locator(`form[action="/events/${eventId}/attendance/${a.id}/withdraw"]`)
    await expect.poll(() => withdraw.isVisible()).toBe(true)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(360)
    await checkAccessible(page)
    await Promise.all([
      page.waitForURL(`**/events/${eventId}/attendance?withdrawn=*`),
      withdraw.locator('button[type=submit]').click(),
    ])
    expect(await page.locator('main p.notice').textContent()).toBe(`Đã rút lần điểm danh của ${a.name}.`)
    expect(await page.locator('[data-attendance-count]').textContent()).toBe('2 người đã có mặt')
    expect(attendance()).toBe(2)
    // Two withdrawals: the person had been scanned twice.
    expect(checkinFacts()).toBe(6)
    await screenshot(page, 'events-attendance-withdrawn')
  })

  it('moves the training to another sector after check-ins, at 360 px: the form says so, the figures follow', async () => {
    const trained = (sector: string) =>
      server.query<{ value: number }>(
        "select value from campaign_rollups where indicator = ? and place_code = '11' and period = 'all'",
        `officials_trained_ai.sector.${sector}`,
      )[0]?.value ?? 0
    expect(trained('public_administration')).toBe(2)
    await page.goto(`/events/${eventId}/edit`)
    const sector = page.locator('select[name=sector]')
    expect(await page.locator('label:has(select[name=sector]) span.muted').textContent()).toBe(
      'Đã có 2 người điểm danh: nếu đổi loại, chủ đề hoặc lĩnh vực, số liệu sẽ tính họ theo lựa chọn mới (vẫn ở xã này).',
    )
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    expect(width).toBeLessThanOrEqual(360)
    await checkAccessible(page)
    await sector.selectOption('education')
    await Promise.all([
      page.waitForURL(`**/events/${eventId}`),
      page.locator(`form[action="/events/${eventId}/edit"] button[type=submit]`).click(),
    ])
    expect(await page.locator('main').textContent()).toContain('Giáo dục')
    expect(trained('education')).toBe(2)
    expect(trained('public_administration')).toBe(0)
    await screenshot(page, 'events-sector-moved')
  })

  it('shows the person their QR code on their phone', async () => {
    const c = people[2]!
    await page.goto(`/events/${eventId}/registrations/${c.id}`)
    expect(await page.locator('.ticket-code').textContent()).toBe(c.code)
    const box = await page.locator('.ticket-qr svg').boundingBox()
    expect(box!.width).toBeGreaterThanOrEqual(200)
    await checkAccessible(page)
    await screenshot(page, 'events-ticket')
  })

  it('keeps a code typed while the one before is being kept, instead of emptying the field', async () => {
    const b = people[1]!
    await page.goto(`/events/${eventId}/checkin`)
    const before = checkinFacts()
    // Someone already present, scanned again (kept on the phone, counted once), and the next code
    // typed at once, before the page has kept the scan.
    const typed = await page.evaluate((code) => {
      const form = document.getElementById('checkin-form') as HTMLFormElement
      const input = form.elements.namedItem('code') as HTMLInputElement
      input.value = code
      form.requestSubmit()
      input.value = 'ABC'
      return input.value
    }, b.code)
    expect(typed).toBe('ABC')
    await expect.poll(() => checkinFacts(), { timeout: 15_000 }).toBe(before + 1)
    expect(await page.inputValue('#checkin-form input[name=code]')).toBe('ABC')
    expect(attendance()).toBe(2)
  })
})
