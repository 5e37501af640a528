import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ARTIFACTS,
  checkAccessible,
  launch,
  pageErrors,
  phoneContext,
  screenshot,
} from './support/browser.ts'
import { Day, inView } from './support/field.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * The reach planner of the demo province (1,446 villages) on a 360 × 740 phone: no page of it over
 * 100 KB of HTML, a commune and a connectivity chosen in its filter, and a visit planned from a
 * village's card with a date and who goes, saved and shown back on the list.
 */
let server: Server
let browser: Browser
let context: BrowserContext
let page: Page
const BUDGET = 100 * 1024
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
})
afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'reach-figures.json'), `${JSON.stringify(figures, null, 2)}\n`)
  console.log(`reach planner: ${JSON.stringify(figures)}`)
  await browser?.close()
  await server?.stop()
  expect(pageErrors(context)).toEqual([])
})

/** Bytes of the HTML the server sends for a planner address (uncompressed: what the phone parses). */
async function bytes(path: string): Promise<number> {
  const res = await page.request.get(path)
  expect(res.status(), path).toBe(200)
  return (await res.body()).length
}

/** A Vietnamese day (UTC+7) `n` days from now, as a date field takes it. */
const vnDay = (n: number) => new Date(Date.now() + 7 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10)

describe('the reach planner of 1,446 villages on a phone', () => {
  it('keeps every page of the province under 100 KB of HTML', async () => {
    const day = new Day(page)
    expect(await day.signIn('admin')).toBe('/dashboard')
    const [{ n }] = server.query<{ n: number }>("select count(*) as n from places where kind = 'village'")
    expect(n).toBe(1446)
    const first = await bytes('/dashboard/reach?scope=11')
    // Every page of the whole list, the largest of them all.
    const pages = Math.ceil(1446 / 50)
    const all: number[] = []
    for (let p = 1; p <= pages; p++) all.push(await bytes(`/dashboard/reach?scope=11&show=all&page=${p}`))
    figures.villages = n
    figures.firstPageBytes = first
    figures.allPages = pages
    figures.largestPageBytes = Math.max(...all)
    figures.allPagesTotalBytes = all.reduce((a, b) => a + b, 0)
    expect(first).toBeLessThan(BUDGET)
    expect(Math.max(...all)).toBeLessThan(BUDGET)
    // The list of villages the network does not reach, as the demo register has them.
    await page.goto('/dashboard/reach?scope=11')
    const [{ u }] = server.query<{ u: number }>(
      "select count(*) as u from places where kind = 'village' and (has_telecom = 0 or on_grid = 0)",
    )
    expect(await page.locator('main h2#list').textContent()).toBe(
      `Chưa có sóng hoặc chưa có điện lưới: ${new Intl.NumberFormat('vi-VN').format(u)} thôn, bản`,
    )
    figures.unreached = u
    expect(await page.locator('li.reach-village').count()).toBe(50)
    await day.check()
    expect(day.problems).toEqual([])
  })

  it('narrows to a commune and the villages off the grid, plans a visit with a date and who goes', async () => {
    const day = new Day(page)
    await page.goto('/dashboard')
    await day.tapTo('main a[href^="/dashboard/reach"]', /^\/dashboard\/reach/)
    await checkAccessible(page)
    await screenshot(page, 'reach-planner')
    // The commune with the most villages off the grid.
    const [commune] = server.query<{ code: string; name: string; n: number }>(
      "select c.code, c.name, count(*) as n from places v join places c on c.code = v.parent_code where v.kind = 'village' and v.on_grid = 0 group by c.code, c.name order by n desc, c.code limit 1",
    )
    day.taps++
    await page.selectOption('form.reach-filter select[name=scope]', commune!.code)
    day.taps++
    await page.selectOption('form.reach-filter select[name=show]', 'off_grid')
    await day.tapTo('form.reach-filter button[type=submit]', /show=off_grid/)
    expect(new URL(page.url()).searchParams.get('scope')).toBe(commune!.code)
    expect(await page.locator('main h2#list').textContent()).toBe(
      `Chưa có điện lưới: ${commune!.n} thôn, bản`,
    )
    const villages = page.locator('li.reach-village')
    expect(await villages.count()).toBe(Math.min(50, commune!.n))
    for (const t of await villages.allTextContents()) expect(t).toContain('Chưa có điện lưới')
    await checkAccessible(page)
    // The action sits on the village's own card, on the first screen.
    const card = villages.first()
    const code = await card.getAttribute('data-village')
    const name = (await card.locator('b a').textContent())!.trim()
    expect(await inView(page, `li[data-village="${code}"] a.button`)).toBe(true)
    await day.tapTo(`li[data-village="${code}"] a.button`, '/dashboard/visits/new')
    expect(await page.locator('main h1').textContent()).toBe(`Lên lịch đến thôn, bản: ${name}`)
    await checkAccessible(page)
    // Off the grid: a hub is what is proposed first.
    expect(await page.locator('input[name=kind][value=hub]').isChecked()).toBe(true)
    await day.tap('input[name=kind][value=ambassador_visit]')
    await day.type('input[name=planned_on]', vnDay(7))
    await day.type('input[name=assignee]', 'Lò Văn Đại')
    await day.tapTo('main form button[type=submit]', '/dashboard/reach')
    const flash = page.locator('p.flash[role=status]')
    expect(await flash.textContent()).toContain(`Đã lên lịch cho ${name}:`)
    expect(await flash.textContent()).toContain('người đi: Lò Văn Đại')
    expect(await inView(page, 'p.flash[role=status]')).toBe(true)
    // Still on the commune's villages off the grid, the one planned now marked.
    expect(new URL(page.url()).searchParams.get('show')).toBe('off_grid')
    expect(await page.locator(`li[data-village="${code}"] [data-next-visit]`).textContent()).toContain(
      'Lò Văn Đại',
    )
    await screenshot(page, 'reach-planned')
    const rows = server.query<{ kind: string; planned_on: string; assignee: string }>(
      'select kind, planned_on, assignee from campaign_visits where village_code = ?',
      code,
    )
    expect(rows).toEqual([{ kind: 'ambassador_visit', planned_on: vnDay(7), assignee: 'Lò Văn Đại' }])
    figures.tapsToPlanAVisit = day.taps
    expect(day.problems).toEqual([])
  })
})
