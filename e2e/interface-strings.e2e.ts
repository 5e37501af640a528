import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeProblems, launch, login, PHONE, screenshot } from './support/browser.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * On a 360 px phone: a translator translates one interface string into Hmong (a marked fixture,
 * never Hmong words), a reviewer approves it, and the chooser then offers Hmong with its share; the
 * page in Hmong carries `lang="hnj"`, shows the approved string and Vietnamese for everything else.
 */
let server: Server
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function phone(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: PHONE,
    locale: 'vi-VN',
    hasTouch: true,
  })
  return context.newPage()
}

describe('interface strings translated in the studio, on a phone', () => {
  it('translates, approves, and shows the string to someone who picks Hmong', async () => {
    const tr = await phone()
    await login(tr, 'translator')
    await tr.goto('/studio')
    await tr.click('a[href="/studio/interface"]')
    await tr.click('a[href="/studio/interface/hnj"]')
    await tr.click('a[href="/studio/interface/hnj?g=nav"]')
    const field = tr.locator('#k-nav-studio-text')
    await expect.poll(() => field.getAttribute('lang')).toBe('hnj')
    // A placeholder the Vietnamese does not have is refused beside the key, in the person's language.
    await field.fill('[hnj] nav.studio {x}')
    await tr.locator('#k-nav-studio button[type=submit]').click()
    await expect.poll(() => tr.locator('#k-nav-studio [role=alert]').textContent()).toContain('{x}')
    await tr.locator('#k-nav-studio-text').fill('[hnj] nav.studio')
    await tr.locator('#k-nav-studio button[type=submit]').click()
    await expect.poll(() => tr.locator('.notice.info').textContent()).toContain('Đã gửi 1 chuỗi để duyệt.')
    expect(await tr.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(await axeProblems(tr)).toEqual([])
    await screenshot(tr, 'interface-strings-translate-phone')

    const ed = await phone()
    await login(ed, 'editor')
    await ed.goto('/studio/interface/hnj?g=nav')
    await ed.locator('#k-nav-studio button[value=approve]').click()
    await expect.poll(() => ed.locator('#k-nav-studio .badge').textContent()).toBe('Đã duyệt')

    // Hmong is offered now, with its share; the page in Hmong says the rest is in Vietnamese.
    await ed.goto('/studio')
    const hmong = ed.locator('nav.langs a[hreflang="hnj"]')
    await expect.poll(() => hmong.textContent()).toMatch(/^Hmoob \d+%$/)
    await hmong.click()
    await expect.poll(() => ed.evaluate(() => document.documentElement.lang)).toBe('hnj')
    expect(await ed.locator('a[href="/studio"]').allTextContents()).toContain('[hnj] nav.studio')
    expect(await ed.locator('h1').textContent()).toBe('Phòng dịch và thu âm') // not translated: Vietnamese
    // …and says so to a screen reader: its nearest lang is Vietnamese, the approved entry's is Hmong.
    const langOf = (selector: string) =>
      ed
        .locator(selector)
        .first()
        .evaluate((e) => e.closest('[lang]')?.getAttribute('lang'))
    expect(await langOf('h1 > span')).toBe('vi')
    expect(await ed.locator('h1 > span').textContent()).toBe('Phòng dịch và thu âm')
    expect(await langOf('nav.menu a[href="/studio"]')).toBe('hnj')
    expect(await ed.locator('.lang-partial').textContent()).toMatch(/phần còn lại bằng tiếng Việt/)
    expect(await ed.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(await axeProblems(ed)).toEqual([])
    await screenshot(ed, 'interface-strings-hmong-phone')
  })
})
