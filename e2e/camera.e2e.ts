import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildStaticVietQR } from '../src/domains/market/vietqr.ts'
import { launch, login, pageErrors, phoneContext, screenshot } from './support/browser.ts'
import { qrVideo } from './support/camera.ts'
import { trainingToday } from './support/events.ts'
import { Day } from './support/field.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * Scanning with the camera, as on a phone whose browser has no BarcodeDetector (Chromium on Linux,
 * like Firefox and Safari): Chromium's fake camera films a QR code made at test time, the page
 * fetches the jsQR decoder at the first tap (decision 0181), reads the code and acts on it: a
 * person checked in at the door, a VietQR code checked.
 */
let server: Server
const dir = mkdtempSync(join(tmpdir(), 'hocso-camera-'))
const browsers: Browser[] = []
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  for (const b of browsers) await b.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
  expect(contexts.flatMap((c) => pageErrors(c))).toEqual([])
})

/** A phone whose camera films `text` as a QR code. */
async function phoneFilming(text: string, name: string): Promise<{ page: Page; decoder: string[] }> {
  const video = qrVideo(join(dir, `${name}.y4m`), text)
  const browser = await launch([
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
    '--use-fake-ui-for-media-stream',
  ])
  browsers.push(browser)
  const context = await phoneContext(browser, server.url)
  contexts.push(context)
  await context.grantPermissions(['camera'], { origin: server.url })
  const page = await context.newPage()
  // Every fetch of the decoder, to prove it comes at the tap and not with the page.
  const decoder: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/static/vendor/jsqr')) decoder.push(r.url())
  })
  return { page, decoder }
}

describe('scanning a QR code with the camera', () => {
  it('checks a person in at the door from their badge', async () => {
    // A training today with one person on its list, made through the API as an organiser would.
    const setup = await phoneFilming('-', 'setup')
    await login(setup.page, 'trainer')
    const {
      id,
      registrations: [reg],
    } = await trainingToday(setup.page, server, {
      title: 'Tập huấn quét mã (hôm nay)',
      people: [{ name: 'Quàng Văn Quét', phone: '0977333444' }],
    })

    const { page, decoder } = await phoneFilming(reg!.code, 'badge')
    await login(page, 'trainer')
    await page.goto(`/events/${id}/checkin`)
    const scan = page.locator('#scan-qr')
    await expect.poll(() => scan.isVisible(), { timeout: 15_000 }).toBe(true)
    const native = await page.evaluate(() => 'BarcodeDetector' in window)
    expect(decoder).toEqual([])
    expect(await page.locator('[data-checkin-count]').textContent()).toBe('0/1 người đã có mặt')
    const day = new Day(page)
    await day.tap('#scan-qr')
    await expect
      .poll(() => page.locator('#checkin-result').textContent(), { timeout: 30_000 })
      .toBe(`✓ Quàng Văn Quét (${reg!.code}) đã có mặt.`)
    expect(await page.locator('[data-checkin-count]').textContent()).toBe('1/1 người đã có mặt')
    if (!native) expect(decoder).toHaveLength(1)
    await screenshot(page, 'camera-door-checkin')
    await expect
      .poll(
        () => server.query('select registration_id from event_attendance where event_id = ?', id).length,
        {
          timeout: 15_000,
        },
      )
      .toBe(1)
    // The badge stays in front of the camera: counted once.
    await page.waitForTimeout(1500)
    expect(server.query('select registration_id from event_attendance where event_id = ?', id)).toHaveLength(
      1,
    )
    await day.tap('#scan-qr')
    expect(await page.locator('#scan-video').isVisible()).toBe(false)
    expect(day.taps).toBe(2)
  })

  it('checks a VietQR code from a stall poster, with no sign-in', async () => {
    const payload = buildStaticVietQR('970405', '8888123456789')
    const { page, decoder } = await phoneFilming(payload, 'vietqr')
    await page.goto('/market/check')
    const scan = page.locator('#scan-qr')
    await expect.poll(() => scan.isVisible(), { timeout: 15_000 }).toBe(true)
    const native = await page.evaluate(() => 'BarcodeDetector' in window)
    expect(decoder).toEqual([])
    await scan.click()
    await expect
      .poll(() => page.locator('section.card[role=status]').textContent(), { timeout: 30_000 })
      .toContain('Mã hợp lệ. Tiền sẽ chuyển đến:')
    const result = (await page.locator('section.card[role=status]').textContent())!
    expect(result).toContain('Agribank')
    expect(result).toContain('8888123456789')
    expect(await page.locator('textarea[name=payload]').inputValue()).toBe(payload)
    if (!native) expect(decoder).toHaveLength(1)
    await screenshot(page, 'camera-vietqr')
  })
})
