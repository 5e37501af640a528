import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import jsQRPkg from 'jsqr'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildStaticVietQR } from '../src/domains/market/vietqr.ts'
import { ARTIFACTS, launch, pageErrors, phoneContext, screenshot } from './support/browser.ts'
import { Day } from './support/field.ts'
import { type Server, startServer } from './support/server.ts'

type JsQR = typeof jsQRPkg.default
const jsQR: JsQR = (jsQRPkg as unknown as { default?: JsQR }).default ?? (jsQRPkg as unknown as JsQR)

/**
 * The stall poster an ambassador makes for a trader, on a 360 × 740 phone: printed, it fills one
 * A5 sheet and nothing else (no buttons on paper); saved as a picture, it is a PNG whose QR code
 * pays the trader's account, ready to send on Zalo.
 */
let server: Server
let browser: Browser
let context: BrowserContext
let page: Page
let traderId: string
const NAME = 'Lò Thị Xuân Poster'
const PAYLOAD = buildStaticVietQR('970405', '8888123456789')

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  expect(pageErrors(context)).toEqual([])
})

describe('the stall poster on a phone', () => {
  it('opens from the trader’s page with its print and save buttons, all of them working', async () => {
    const day = new Day(page)
    await day.signIn('ambassador')
    await page.goto('/market')
    await day.type('form[action="/market/traders"] input[name=name]', NAME)
    await day.type('form[action="/market/traders"] input[name=market]', 'Chợ Mường Chà')
    await day.type('form[action="/market/traders"] input[name=products]', 'Chè Tủa Chùa')
    await day.tapTo('form[action="/market/traders"] button[type=submit]', /^\/market\/traders\/[0-9a-f-]+$/)
    traderId = new URL(page.url()).pathname.split('/').pop()!
    await page.selectOption('select[name=bank_bin]', '970405')
    await day.type('input[name=bank_account]', '8888123456789')
    await day.tapTo(
      `form[action="/market/traders/${traderId}/bank"] button[type=submit]`,
      `/market/traders/${traderId}`,
    )
    day.taps = 0
    await day.tapTo(`main a[href="/market/traders/${traderId}/poster"]`, `/market/traders/${traderId}/poster`)
    await page.waitForLoadState('load')
    await expect.poll(() => page.locator('[data-poster-png]').isVisible()).toBe(true)
    expect(await page.locator('[data-poster-print]').isVisible()).toBe(true)
    await day.check()
    await screenshot(page, 'poster-phone')
    expect(day.problems).toEqual([])
  })

  it('saves it as a PNG picture whose QR code pays the trader', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-poster-png]')])
    expect(download.suggestedFilename()).toBe('vietqr-lo-thi-xuan-poster.png')
    const file = join(ARTIFACTS, 'poster.png')
    await download.saveAs(file)
    const png = PNG.sync.read(readFileSync(file))
    expect([png.width, png.height]).toEqual([1480, 2100])
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(PAYLOAD)
    // The picture has the words too, not only the code: some dark pixels above the code.
    let dark = 0
    for (let y = 150; y < 400; y++)
      for (let x = 0; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 100) dark++
    expect(dark).toBeGreaterThan(1000)
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('a[download$=".svg"]')])
    expect(svg.suggestedFilename()).toBe('vietqr-lo-thi-xuan-poster.svg')
  })

  it('prints on one A5 sheet, without its buttons', async () => {
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.print').isVisible()).toBe(false)
    expect(await page.locator('.poster h1').textContent()).toBe(NAME)
    // Back to the browser's own choice: a PDF is printed with the print CSS (an emulated 'screen'
    // would print the screen's layout, buttons and all).
    await page.emulateMedia({ media: null })
    const path = join(ARTIFACTS, 'poster-a5.pdf')
    await page.pdf({ path, preferCSSPageSize: true, printBackground: true })
    const pdf = readFileSync(path, 'latin1')
    const pages = pdf.match(/\/Type\s*\/Page(?![a-z])/g) ?? []
    expect(pages).toHaveLength(1)
    // A5 is 148 × 210 mm: 419.5 × 595.3 points.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf)
    expect(Math.round(Number(box![1]))).toBe(420)
    expect(Math.round(Number(box![2]))).toBe(595)
  })
})
