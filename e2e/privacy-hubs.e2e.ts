import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ARTIFACTS,
  checkAccessible,
  launch,
  login,
  openNav,
  pageErrors,
  phoneContext,
  screenshot,
} from './support/browser.ts'
import { signUp } from './support/learner.ts'
import { lessonsOf } from './support/outbox.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * Export and erasure on request (Decree 13/2023) as people use them on a phone: a learner
 * downloads their data, a new learner erases their own account, a commune officer erases a person
 * an ambassador registered; and the hubs page of the officer, with its USB bundle upload.
 */
let server: Server
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  const errors = contexts.flatMap((c) => pageErrors(c))
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

/** A fresh phone profile whose uncaught page errors fail the file. */
async function phone(): Promise<Page> {
  const context = await phoneContext(browser, server.url)
  contexts.push(context)
  return context.newPage()
}

/** A picture of the first screen at 360 px, nothing wider than the screen, accessible, reachable by keyboard. */
async function check(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, name)
  const width = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: document.documentElement.clientWidth,
  }))
  expect(width.page, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(width.screen)
  await checkAccessible(page)
}

const account = (where: string, value: string) =>
  server.query<{ id: string; display_name: string; phone: string | null; erased_at: string | null }>(
    `select id, display_name, phone, erased_at from accounts where ${where} = ?`,
    value,
  )[0]

describe('a learner’s own data', () => {
  it('downloads the account and the facts, never the password hash', async () => {
    const page = await phone()
    await login(page, 'learner')
    const me = account('username', 'learner')!
    // A lesson opened makes a fact about the learner, which the export must carry.
    const first = lessonsOf(server, 'paying-without-cash')[0]!
    await page.goto(`/courses/paying-without-cash/${first.key}`)
    const facts = () =>
      server.query<{ id: string }>('select id from facts where subject_id = ? order by id', me.id)
    await expect.poll(() => facts().length, { timeout: 15_000 }).toBeGreaterThan(0)

    await page.goto('/')
    await openNav(page, '/my')
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Học tập của tôi')
    await check(page, 'privacy-my')
    await page.click('main a[href="/my/data"]')
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Dữ liệu của tôi')
    await check(page, 'privacy-my-data')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('main a[href="/my/data/export"]'),
    ])
    expect(download.suggestedFilename()).toBe(`hocso-${me.id}.json`)
    const file = join(ARTIFACTS, 'privacy-export.json')
    await download.saveAs(file)
    const text = readFileSync(file, 'utf8')
    const data = JSON.parse(text)
    expect(data.format).toBe('hocso-personal-data/1')
    expect(data.account).toMatchObject({
      id: me.id,
      display_name: 'Người học (demo)',
      username: 'learner',
      erased_at: null,
    })
    expect(data.roles.map((r: { role: string }) => r.role)).toEqual(['learner'])
    const hash = server.query<{ h: string }>(
      'select password_hash as h from accounts where id = ?',
      me.id,
    )[0]!.h
    expect(hash.length).toBeGreaterThan(20)
    expect(text).not.toContain(hash)
    expect(text).not.toMatch(/password/i)
    expect(data.facts.map((f: { id: string }) => f.id).sort()).toEqual(facts().map((f) => f.id))
    expect(data.facts[0].kind).toBe('lesson_opened')
  })

  it('a new learner erases their account: a wrong password changes nothing, the right one signs them out for good', async () => {
    const page = await phone()
    const name = 'Lò Thị Xoá Thử'
    const phoneNo = '0912345670'
    const password = 'mat-khau-rieng-1'
    await signUp(page, name, phoneNo, password)
    await openNav(page, '/my')
    await page.click('main a[href="/my/data"]')
    await page.click('main a[href="/my/data/erase"]')
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Xoá dữ liệu cá nhân')
    expect(await page.locator('main').textContent()).toContain(`Người được xoá: ${name}`)
    await check(page, 'privacy-erase-self')

    const erase = page.locator('main form[action="/my/data/erase"]')
    await erase.locator('input[name=password]').fill('khong-phai-mat-khau')
    await Promise.all([page.waitForLoadState('load'), erase.locator('button[type=submit]').click()])
    await expect
      .poll(() => page.locator('main .error[role=alert]').textContent())
      .toBe('password: wrong password; nothing was erased')
    expect(await erase.locator('input[name=password]').getAttribute('aria-invalid')).toBe('true')
    expect(account('phone', phoneNo)).toMatchObject({ display_name: name, erased_at: null })
    await check(page, 'privacy-erase-self-wrong')

    await erase.locator('input[name=password]').fill(password)
    await erase.locator('button[type=submit]').click()
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Đã xoá dữ liệu cá nhân')
    expect(await page.locator('main [role=status]').textContent()).toBe(
      'Tài khoản đã được xoá. Chỉ còn các số đếm ẩn danh.',
    )
    // Signed out: the header offers to sign in, and the session cookie is gone.
    expect(await page.locator('header a[href="/login"]').count()).toBe(1)
    expect(await page.locator('form[action="/logout"]').count()).toBe(0)
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('hocso_session')
    await check(page, 'privacy-erased-self')
    expect(account('phone', phoneNo)).toBeUndefined()

    await page.goto('/login')
    await page.fill('input[name=login]', phoneNo)
    await page.fill('input[name=password]', password)
    await Promise.all([page.waitForLoadState('load'), page.click('form.stack button[type=submit]')])
    await expect
      .poll(() => page.locator('main .error[role=alert]').textContent())
      .toBe(
        'Số điện thoại hoặc tên đăng nhập: số điện thoại, tên đăng nhập hoặc mật khẩu không đúng (login: wrong phone number, username or password)',
      )
    expect(new URL(page.url()).pathname).toBe('/login')
    await check(page, 'privacy-login-after-erase')
  })
})

describe('a commune officer erases a person of the commune', () => {
  const name = 'Quàng Văn Nhờ Xoá'
  const phoneNo = '0912345671'

  it('the ambassador registers the person while helping them, in a village of the commune', async () => {
    const page = await phone()
    await login(page, 'ambassador')
    await openNav(page, '/help')
    await page.click('main label.tile:has-text("Cài ứng dụng VNeID")')
    await page.click('main label.tile:has-text("Đăng ký tài khoản tại chỗ")')
    await page.fill('main input[name=display_name]', name)
    await page.fill('main input[name=phone]', phoneNo)
    await page.check('main input[name=consent]')
    await check(page, 'privacy-help-new-person')
    await page.click('main form.help-form button[type=submit]')
    await expect.poll(() => account('phone', phoneNo)?.display_name, { timeout: 15_000 }).toBe(name)
    const placed = server.query<{ place_code: string }>(
      'select place_code from accounts where phone = ?',
      phoneNo,
    )[0]!
    expect(placed.place_code).toBe('3166-001')
  })

  it('shows what is removed and what stays, names the reason when it is missing, then erases', async () => {
    const page = await phone()
    await login(page, 'officer')
    await openNav(page, '/admin/people')
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Người dùng')
    const row = page.locator('main tbody tr', { hasText: name })
    expect(await row.count()).toBe(1)
    expect(await row.locator('td').nth(1).textContent()).toBe(phoneNo)
    expect(await row.locator('td li a').allTextContents()).toEqual(['Tải dữ liệu', 'Xoá dữ liệu'])
    await check(page, 'privacy-people')

    await row.locator('a[href$="/erase"]').click()
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Xoá dữ liệu cá nhân')
    expect(await page.locator('main h2').allTextContents()).toEqual([
      'Sẽ bị xoá',
      'Vẫn được giữ, không gắn với tên ai',
    ])
    const removed = await page.locator('main h2 + ul li').allTextContents()
    expect(removed).toHaveLength(6)
    expect(removed[0]).toBe('Họ tên, số điện thoại, năm sinh, tên đăng nhập và mật khẩu.')
    expect(await page.locator('main h2 + p').textContent()).toContain('Các số đếm ẩn danh')
    await check(page, 'privacy-erase-person')

    // The browser itself refuses an empty reason; spaces pass it and reach the server.
    const form = page.locator('main form[action$="/erase"]')
    const reason = form.locator('input[name=reason]')
    await form.locator('button[type=submit]').click()
    expect(await reason.evaluate((e: HTMLInputElement) => e.validity.valueMissing)).toBe(true)
    await reason.fill('   ')
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()])
    await expect
      .poll(() => page.locator('main .error[role=alert]').textContent())
      .toBe('reason: required: say why the data is erased (e.g. the request number)')
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    expect(account('phone', phoneNo)).toMatchObject({ display_name: name, erased_at: null })
    await check(page, 'privacy-erase-person-no-reason')

    const id = account('phone', phoneNo)!.id
    await reason.fill('Đơn yêu cầu số 12/2026')
    await form.locator('button[type=submit]').click()
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Đã xoá dữ liệu cá nhân')
    await check(page, 'privacy-erased-person')
    expect(account('id', id)).toMatchObject({ display_name: '(đã xoá)', phone: null })
    expect(account('id', id)!.erased_at).toBeTruthy()

    // Back on the list, nobody shows the person's name or phone any more.
    await page.click('main a[href="/admin/people"]')
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Người dùng')
    expect(await page.locator('main tbody').textContent()).not.toContain(name)
    expect(await page.locator('main tbody').textContent()).not.toContain(phoneNo)
    expect(await page.locator(`main a[href="/admin/people/${id}/erase"]`).count()).toBe(0)
  })
})

describe('the hubs page of a commune officer', () => {
  it('lists the hubs of the commune and offers the USB bundle upload, accessible at 360 px', async () => {
    const page = await phone()
    await login(page, 'officer')
    await openNav(page, '/admin/hubs')
    await expect
      .poll(() => page.locator('main h1').textContent())
      .toBe('Điểm học tập thôn bản và gói dữ liệu')
    expect(await page.locator('main h2').allTextContents()).toEqual([
      'Gói dữ liệu (USB)',
      'Các điểm học tập',
      'Danh tính của máy chủ này',
    ])
    // A fresh province has no hub yet; any demo hub would be listed as a card instead.
    const hubs = server.query<{ n: number }>('select count(*) as n from sync_nodes')[0]!.n
    if (hubs === 0)
      expect(await page.locator('main p.muted', { hasText: 'Chưa có điểm học tập nào' }).count()).toBe(1)
    const upload = page.locator('main form[action="/admin/hubs/bundles"]')
    expect(await upload.getAttribute('enctype')).toBe('multipart/form-data')
    const file = upload.locator('input[type=file][name=bundle]')
    expect(await file.count()).toBe(1)
    const label = upload.locator('label', { has: page.locator('input[name=bundle]') })
    expect(await label.textContent()).toContain('Tệp gói dữ liệu (.hocso)')
    expect(await upload.locator('button[type=submit]').textContent()).toBe('Nhập gói dữ liệu')
    await check(page, 'hubs')
    // This server's node id and key, which an officer copies from a phone, fit the screen.
    const identity = page.locator('main section', { hasText: 'Danh tính của máy chủ này' }).locator('dl')
    expect((await identity.locator('code').allTextContents()).every((x) => x.length > 20)).toBe(true)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await identity.scrollIntoViewIfNeeded()
    await screenshot(page, 'hubs-identity')
  })
})
