import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQRModule from 'jsqr'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listen } from '../src/cli/serve.ts'
import { loadConfig } from '../src/core/config.ts'
import { type Ctx, createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { emit } from '../src/core/hooks.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { createLogger } from '../src/core/logger.ts'
import { inTransaction } from '../src/core/transaction.ts'
import { ensureIssuer } from '../src/domains/certificates/issuer.service.ts'
import { registerDomains } from '../src/domains/index.ts'
import { createAccount, createAdmin } from '../src/domains/people/people.service.ts'
import { ensureUnits } from '../src/domains/places/places.service.ts'
import { checkAccessible, launch, login, openNav, phoneContext, screenshot } from './support/browser.ts'
import { freePort } from './support/server.ts'

// jsqr is CommonJS whose module.exports is the function itself; its types describe an ES default.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default

/**
 * A learner completes a course, prints the certificate, a phone camera scans its QR code and sees
 * "valid"; an admin revokes it and the same scan says "revoked". The server runs in this process so
 * the test can announce the completion exactly as the learning engine does ('course.completed').
 */
let ctx: Ctx
let stopServer: () => Promise<void>
let url: string
let dataDir: string
let browser: Browser
let learnerContext: BrowserContext
let page: Page
let certificateId: string

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hocso-e2e-cert-'))
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  const config = loadConfig({
    HOCSO_DATA_DIR: dataDir,
    HOCSO_LOG_LEVEL: 'warn',
    PORT: String(port),
    HOST: '127.0.0.1',
    HOCSO_PUBLIC_URL: url,
  })
  const handle = await openDatabase({ dataDir })
  registerDomains()
  ctx = await createContext(handle, config, createLogger('warn'))
  await ensureUnits(ctx)
  await ensureIssuer(ctx)
  const learnerId = await createAccount(
    ctx,
    { displayName: 'Lò Thị Xuân', phone: '0912345678', password: 'mat-khau-123', locale: 'vi' },
    [{ role: 'learner', scopeCode: '11' }],
    { consent: true },
  )
  await createAdmin(ctx, { login: 'quantri', displayName: 'Quản trị tỉnh', password: 'mat-khau-123' })
  const server = await listen(ctx)
  stopServer = async () => {
    await server.close()
    await handle.close()
  }
  await inTransaction(ctx, (tx) =>
    emit(tx, 'course.completed', {
      accountId: learnerId,
      courseSlug: 'vneid',
      lang: 'vi',
      completedAt: new Date().toISOString(),
      factId: uuidv7(),
      courseTitle: 'Dùng VNeID',
      courseSummary: 'Cài, kích hoạt và dùng tài khoản định danh điện tử.',
    }),
  )
  certificateId = (await ctx.db.selectFrom('certificates').select('id').executeTakeFirstOrThrow()).id
  browser = await launch()
  learnerContext = await phoneContext(browser, url)
  page = await learnerContext.newPage()
  await login(page, '0912345678', 'mat-khau-123')
})
afterAll(async () => {
  await browser?.close()
  await stopServer?.()
  rmSync(dataDir, { recursive: true, force: true })
})

/** What a camera sees: the screenshot, decoded with jsQR. */
async function scan(p: Page): Promise<string | null> {
  const png = PNG.sync.read(await p.screenshot({ fullPage: true }))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
}

describe('a certificate on paper and on a phone', () => {
  it('is listed under "my certificates" and opens at phone width, readable and accessible', async () => {
    await page.goto('/')
    await openNav(page, '/my/certificates')
    expect(await page.locator('h1').textContent()).toBe('Chứng chỉ của tôi')
    await page.click(`a[href="/certificates/${certificateId}"]`)
    expect(await page.locator('.cert-name').textContent()).toBe('Lò Thị Xuân')
    expect(await page.locator('.cert-title').textContent()).toBe('Dùng VNeID')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await checkAccessible(page)
    await screenshot(page, 'certificate-phone')
  })

  it('prints on one A4 landscape page, with the QR code that a camera reads', async () => {
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
    const text = pdf.toString('latin1')
    expect(text.match(/\/Type\s*\/Page\b/g)).toHaveLength(1)
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(text)!
    expect(Math.round(Number(box[1]))).toBe(842)
    expect(Math.round(Number(box[2]))).toBe(595)

    // The printed sheet, as a camera sees it: print styles at A4 landscape size (96 dpi).
    await page.emulateMedia({ media: 'print' })
    await page.setViewportSize({ width: 1123, height: 794 })
    expect(await page.locator('header.top').isVisible()).toBe(false)
    expect(await scan(page)).toBe(`${url}/verify?id=${certificateId}`)
    await screenshot(page, 'certificate-print')
    await page.emulateMedia({ media: 'screen' })
    await page.setViewportSize({ width: 360, height: 740 })
    expect(await scan(page)).toBe(`${url}/verify?id=${certificateId}`)
  })

  it('downloads the credential JSON', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`.no-print a[href="/certificates/${certificateId}/credential.json"]`),
    ])
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'))
    expect(json.id).toBe(`urn:uuid:${certificateId}`)
    expect(json.proof.cryptosuite).toBe('eddsa-rdfc-2022')
  })

  it('a phone that scans it (no account) sees "valid"; after the admin revokes it, "revoked"', async () => {
    const scanned = await scan(page)
    const phone = await phoneContext(browser, url)
    const camera = await phone.newPage()
    await camera.goto(scanned!)
    expect(await camera.locator('.verdict h2').textContent()).toBe('✓ Hợp lệ')
    expect(await camera.locator('.verdict').textContent()).toContain('Lò Thị Xuân')
    await checkAccessible(camera)
    await screenshot(camera, 'verify-valid')

    const office = await phoneContext(browser, url)
    const adminPage = await office.newPage()
    await login(adminPage, 'quantri', 'mat-khau-123')
    await adminPage.goto('/admin/certificates')
    await adminPage.click('main details summary')
    await adminPage.fill('input[name=reason]', 'Cấp nhầm khoá học')
    await Promise.all([adminPage.waitForURL(/revoked=/), adminPage.click('button.danger')])
    expect(await adminPage.locator('.notice').textContent()).toBe('Đã thu hồi chứng chỉ.')

    await camera.reload()
    expect(await camera.locator('.verdict h2').textContent()).toBe('⊘ Đã bị thu hồi')
    expect(await camera.locator('.verdict').textContent()).toContain('Lý do: Cấp nhầm khoá học')
    await screenshot(camera, 'verify-revoked')
    await phone.close()
    await office.close()
  })

  it('checks a pasted credential on the public page, and explains a broken one', async () => {
    const phone = await phoneContext(browser, url)
    const p = await phone.newPage()
    await p.goto('/verify')
    await p.fill('textarea[name=credential]', '{"@context": [')
    await p.click('form.stack button[type=submit]')
    expect(await p.locator('.error').textContent()).toContain('Đây không phải nội dung JSON hợp lệ.')
    await checkAccessible(p)
    await phone.close()
  })
})
