import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, login, PHONE, pageErrors, phoneContext, screenshot } from './support/browser.ts'
import { trainingToday } from './support/events.ts'
import { Day } from './support/field.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * Passing a link on from a 360 px phone. Where the browser has the Web Share API the page offers
 * the phone's share sheet, and only that; where it has not (Chromium on Linux, as many browsers),
 * a button copies the link; without script neither shows and the link sits in its field. Chromium
 * headless has no share sheet, so the share path runs on a `navigator.share` stub that records
 * what it was given, and the copy path on a browser without it.
 */
let server: Server
let browser: Browser
const contexts: BrowserContext[] = []
let certificate: string
let training: string
let trader: string

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  // The demo's training a week ahead; and a certificate of the demo learner, earned at a training
  // today (registered on their phone, checked in at the door by the trainer).
  training = server.query<{ id: string }>(
    "select id from events where kind = 'training' and starts_at > ? order by starts_at limit 1",
    new Date().toISOString(),
  )[0]!.id
  const door = await (await phone()).newPage()
  await login(door, 'trainer')
  const today = await trainingToday(door, server, { people: [] })
  const learner = await (await phone()).newPage()
  await login(learner, 'learner')
  const registered = await learner.request.post(`/events/${today.id}/register`, {
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    data: {},
  })
  expect(registered.status(), await registered.text()).toBeLessThan(300)
  const [reg] = server.query<{ code: string }>(
    'select code from event_registrations where event_id = ?',
    today.id,
  )
  const checked = await door.request.post(`/events/${today.id}/checkin`, {
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    data: { event_id: today.id, code: reg!.code },
  })
  expect(checked.status(), await checked.text()).toBe(201)
  // Issued in the check-in's transaction: there as soon as the answer came.
  const certs = server.query<{ id: string }>('select id from certificates where subject_ref = ?', today.id)
  expect(certs).toHaveLength(1)
  certificate = certs[0]!.id
  const context = await phone()
  const page = await context.newPage()
  await login(page, 'ambassador')
  const made = await page.request.post('/market/traders', {
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    data: {
      name: 'Lò Thị Chia Sẻ',
      place_code: '3166-001',
      market: 'Chợ Mường Chà',
      products: 'Mật ong',
      bank_bin: '970405',
      bank_account: '8888123456789',
    },
  })
  expect(made.status(), await made.text()).toBe(201)
  trader = (await made.json()).id
})
afterAll(async () => {
  const errors = contexts.flatMap((c) => pageErrors(c))
  await browser?.close()
  await server?.stop()
  expect(errors).toEqual([])
})

/** A phone; `share` installs a Web Share API that records what it is given, `false` removes it. */
async function phone(share?: boolean): Promise<BrowserContext> {
  const context = await phoneContext(browser, server.url)
  contexts.push(context)
  if (share === false)
    await context.addInitScript(() => {
      const n = Navigator.prototype as unknown as Record<string, unknown>
      delete n.share
      delete n.canShare
    })
  if (share === true)
    await context.addInitScript(() => {
      const w = window as unknown as { shared: unknown[] }
      w.shared = []
      const n = Navigator.prototype as unknown as Record<string, unknown>
      n.canShare = () => true
      n.share = async (d: { title?: string; text?: string; url?: string; files?: File[] }) => {
        w.shared.push({
          title: d.title,
          text: d.text,
          url: d.url,
          files: (d.files ?? []).map((f) => ({ name: f.name, type: f.type, size: f.size })),
        })
      }
    })
  return context
}

const shared = (page: Page) => page.evaluate(() => (window as unknown as { shared: unknown[] }).shared)
const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible()

describe('sharing a link from a phone', () => {
  it('without Web Share: copies a certificate’s check link, and shows no share button', async () => {
    const context = await phone(false)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    const page = await context.newPage()
    const day = new Day(page)
    await page.goto(`/verify?id=${certificate}`)
    await page.waitForLoadState('load')
    await expect.poll(() => visible(page, '[data-share-copy]')).toBe(true)
    expect(await visible(page, '[data-share-native]')).toBe(false)
    const url = await page.locator('[data-share-field]').inputValue()
    expect(url).toMatch(new RegExp(`/verify\\?id=${certificate}$`))
    expect(url).not.toContain('localhost')
    await day.tap('[data-share-copy]')
    await expect
      .poll(() => page.locator('[data-share-said]').textContent())
      .toBe('Đã chép đường dẫn: dán vào Zalo, tin nhắn…')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    await day.check()
    await screenshot(page, 'share-copy')
    expect(day.problems).toEqual([])
    expect(day.taps).toBe(1)
  })

  it('with Web Share: a training’s registration link goes to the share sheet, and no copy button shows', async () => {
    const context = await phone(true)
    const page = await context.newPage()
    await login(page, 'learner')
    const day = new Day(page)
    await page.goto(`/events/${training}`)
    await page.waitForLoadState('load')
    await expect.poll(() => visible(page, '[data-share-native]')).toBe(true)
    expect(await visible(page, '[data-share-copy]')).toBe(false)
    await day.tap('[data-share-native]')
    const title = await page.locator('main h1').textContent()
    const url = await page.locator('[data-share-field]').inputValue()
    expect(url).toMatch(new RegExp(`/events/${training}$`))
    expect(await shared(page)).toEqual([{ title, text: 'Đăng ký tham gia tại đây:', url, files: [] }])
    await day.check()
    await screenshot(page, 'share-training')
    expect(day.problems).toEqual([])
  })

  it('with Web Share: the learner passes on their certificate’s check from its page', async () => {
    const context = await phone(true)
    const page = await context.newPage()
    await login(page, 'learner')
    await page.goto(`/certificates/${certificate}`)
    await page.waitForLoadState('load')
    await expect.poll(() => visible(page, '[data-share-native]')).toBe(true)
    expect(await visible(page, '[data-share-copy]')).toBe(false)
    await page.click('[data-share-native]')
    const [sent] = (await shared(page)) as { url: string; text: string }[]
    expect(sent!.url).toMatch(new RegExp(`/verify\\?id=${certificate}$`))
    expect(sent!.text).toBe('Kiểm tra chứng chỉ của tôi tại đây:')
    await screenshot(page, 'share-certificate')
  })

  it('with Web Share: the verification page passes on its own address', async () => {
    const context = await phone(true)
    const page = await context.newPage()
    await page.goto('/verify')
    await page.waitForLoadState('load')
    await expect.poll(() => visible(page, '[data-share-native]')).toBe(true)
    await page.click('[data-share-native]')
    expect(await shared(page)).toEqual([
      { title: 'Kiểm tra chứng chỉ', text: undefined, url: expect.stringMatching(/\/verify$/), files: [] },
    ])
  })

  it('with Web Share of files: the trader’s VietQR poster goes to the share sheet as a PNG picture', async () => {
    const context = await phone(true)
    const page = await context.newPage()
    await login(page, 'ambassador')
    const day = new Day(page)
    await page.goto(`/market/traders/${trader}/poster`)
    await page.waitForLoadState('load')
    await expect.poll(() => visible(page, '[data-poster-share]')).toBe(true)
    await day.tap('[data-poster-share]')
    await expect.poll(() => shared(page), { timeout: 15_000 }).toHaveLength(1)
    const [sent] = (await shared(page)) as {
      title: string
      files: { name: string; type: string; size: number }[]
    }[]
    expect(sent!.title).toBe('VietQR · Lò Thị Chia Sẻ')
    expect(sent!.files).toHaveLength(1)
    expect(sent!.files[0]).toMatchObject({ name: 'vietqr-lo-thi-chia-se.png', type: 'image/png' })
    expect(sent!.files[0]!.size).toBeGreaterThan(10_000)
    await day.check()
    expect(day.problems).toEqual([])
  })

  it('without Web Share of files, the poster shows no share button (saving the picture stays)', async () => {
    const context = await phone(false)
    const page = await context.newPage()
    await login(page, 'ambassador')
    await page.goto(`/market/traders/${trader}/poster`)
    await page.waitForLoadState('load')
    await expect.poll(() => visible(page, '[data-poster-png]')).toBe(true)
    expect(await visible(page, '[data-poster-share]')).toBe(false)
  })

  it('without script: no share or copy button, the link in its field to copy by hand', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      locale: 'vi-VN',
      javaScriptEnabled: false,
    })
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`/verify?id=${certificate}`)
    expect(await visible(page, '[data-share-native]')).toBe(false)
    expect(await visible(page, '[data-share-copy]')).toBe(false)
    expect(await page.locator('[data-share-field]').inputValue()).toMatch(/\/verify\?id=/)
    const box = await page.locator('[data-share-field]').boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width)
  })
})
