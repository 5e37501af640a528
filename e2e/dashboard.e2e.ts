import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ARTIFACTS,
  checkAccessible,
  launch,
  login,
  openNav,
  PHONE,
  pageErrors,
  phoneContext,
  screenshot,
} from './support/browser.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * The campaign dashboard as a province admin uses it: the plan's targets on the overview, the
 * drill-down from the commune table to a commune and a village, the XLSX export, and the printable
 * report in French, on a phone and on a desktop screen.
 */
let server: Server
let browser: Browser

const PROVINCE = '11'
const DESKTOP = { width: 1280, height: 800 }
const DAY = 86_400_000
/** The province's plan as the demo seeds it: the names a Vietnamese reader sees. */
const PLAN = [
  { id: 'ai_trainings_held', name: 'Lớp tập huấn AI đã tổ chức', target: 20 },
  { id: 'officials_trained_ai', name: 'Cán bộ được tập huấn AI', target: 2000 },
  { id: 'communes_active_group', name: 'Xã, phường vận hành mô hình cộng đồng', target: 100 },
  { id: 'traders_onboarded', name: 'Tiểu thương hoàn thành chuyển đổi số', target: 100 },
] as const

beforeAll(async () => {
  // The targets and the figures they follow come from the demo's simulated months, which the
  // other browser tests skip.
  server = await startServer({ env: { HOCSO_DEMO_ACTIVITY: 'on' } })
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const num = (n: number, opts?: Intl.NumberFormatOptions) => new Intl.NumberFormat('vi-VN', opts).format(n)
const pct = (fraction: number) => num(fraction, { style: 'percent', maximumFractionDigits: 1 })
/** The local day in Điện Biên (UTC+7), n days ago. */
const vnDay = (daysAgo = 0) => new Date(Date.now() + 7 * 3_600_000 - daysAgo * DAY).toISOString().slice(0, 10)

/** What the database says a target of the plan stands at, as the overview should print it. */
function expectedFigures(id: string, target: number): { value: string; share: string; current: number } {
  const one = (sql: string, ...params: unknown[]) =>
    Number(server.query<{ n: number | null }>(sql, ...params)[0]?.n ?? 0)
  const total = () =>
    one(
      "select value as n from campaign_rollups where indicator = ? and place_code = ? and period = 'all'",
      id,
      PROVINCE,
    )
  if (id === 'ai_trainings_held' || id === 'officials_trained_ai') {
    const v = total()
    return { value: `${num(v)} / ${num(target)}`, share: pct(Math.min(1, v / target)), current: v }
  }
  // Percentages: the communes active in the last 30 days out of all communes and wards, the
  // traders onboarded out of the registered ones.
  const v =
    id === 'communes_active_group'
      ? one(
          "select sum(value) as n from campaign_rollups where indicator = ? and place_code = ? and period >= ? and period <= ? and period not like '%W%'",
          id,
          PROVINCE,
          vnDay(29),
          vnDay(),
        )
      : total()
  const den =
    id === 'communes_active_group'
      ? one("select count(*) as n from places where kind not in ('village', 'province')")
      : one('select count(*) as n from traders where erased_at is null')
  const count = Math.ceil((den * target) / 100)
  return {
    value: `${pct(v / den)} / ${pct(target / 100)} (${num(v)}/${num(den)})`,
    share: pct(Math.min(1, v / count)),
    current: v,
  }
}

/**
 * What sticks out of the screen sideways: nothing may, but a table inside its own scroll container
 * and the menu, which is one row that scrolls sideways on a phone by design.
 */
async function overflowOutsideTables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width)
      out.push(`document is ${document.documentElement.scrollWidth} px wide`)
    for (const e of document.querySelectorAll<HTMLElement>('body *')) {
      const own = e.closest<HTMLElement>('.table-wrap, nav.menu')
      if (own && getComputedStyle(own).overflowX === 'auto') continue
      // Inside a closed disclosure (the menu's "more"): nobody sees it, though Chromium keeps its boxes.
      const closed = e.closest('details:not([open])')
      if (closed && !e.closest('summary')) continue
      const r = e.getBoundingClientRect()
      if (r.width > 0 && r.right > width + 0.5)
        out.push(`${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').trim().slice(0, 30)}"`)
    }
    return out.slice(0, 8)
  })
}

/** The rows of the table shown on the page, as text. */
function tableOnPage(page: Page): Promise<{ head: string[]; rows: string[][] }> {
  return page
    .locator('main .table-wrap table')
    .first()
    .evaluate((t: HTMLTableElement) => ({
      // The sort mark (▲/▼) is hidden from screen readers and is no part of the column's name.
      head: [...t.tHead!.rows[0]!.cells].map((c) =>
        [...c.childNodes]
          .filter((n) => !(n instanceof HTMLElement && n.getAttribute('aria-hidden') === 'true'))
          .map((n) => n.textContent)
          .join('')
          .trim(),
      ),
      rows: [...t.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => c.textContent!.trim())),
    }))
}

/** "1.234" → 1234, "62,2%" → 62.2, "—" → null, as Vietnamese pages write numbers. */
function parseVi(s: string): number | null {
  if (s === '—' || s === '') return null
  return Number(s.replace(/[.\s\u00a0%]/g, '').replace(',', '.'))
}

describe.each([
  { device: 'phone', size: PHONE },
  { device: 'desktop', size: DESKTOP },
])('the campaign dashboard on a $device', ({ device, size }) => {
  const phone = device === 'phone'
  let context: BrowserContext
  let page: Page
  const shot = (name: string) => screenshot(page, phone ? `dashboard-${name}` : `dashboard-desktop-${name}`)
  /** A picture of the first screen; at 360 px: nothing wider than the screen, accessible, reachable by keyboard. */
  const check = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await shot(name)
    if (!phone) return
    expect(await overflowOutsideTables(page)).toEqual([])
    await checkAccessible(page)
  }

  beforeAll(async () => {
    // A fresh profile as the other tests use (uncaught page errors recorded), at this run's size.
    context = await phoneContext(browser, server.url)
    page = await context.newPage()
    await page.setViewportSize(size)
    await login(page, 'admin')
  })
  afterAll(async () => {
    expect(pageErrors(context)).toEqual([])
    await context?.close()
  })

  it('shows the four targets of the province plan with the figures of the database', async () => {
    await page.goto('/')
    await openNav(page, '/dashboard')
    await expect.poll(() => page.locator('main h1').textContent()).toContain('Tiến độ chiến dịch')
    const cards = page.locator('li.card.target')
    expect(await cards.count()).toBe(4)
    for (const p of PLAN) {
      const card = cards.filter({ has: page.locator('h3', { hasText: p.name }) })
      expect(await card.count(), p.name).toBe(1)
      const want = expectedFigures(p.id, p.target)
      expect(await card.locator('p.figures b').textContent(), p.name).toBe(want.value)
      expect(await card.locator('p.figures').textContent(), p.name).toContain(`đạt ${want.share} mục tiêu`)
      const bar = card.locator('[role=progressbar]')
      expect(await bar.getAttribute('aria-label')).toBe(p.name)
      expect(await bar.getAttribute('aria-valuetext')).toBe(want.share)
      expect(await bar.locator('span').boundingBox()).toBeTruthy()
    }
    // The simulated months held AI trainings: the plan is not at zero.
    expect(expectedFigures('ai_trainings_held', 20).current).toBeGreaterThan(0)
    expect(expectedFigures('officials_trained_ai', 2000).current).toBeGreaterThan(0)
    await check('overview')
    await cards.first().scrollIntoViewIfNeeded()
    await shot('overview-target')
  })

  it('drills down from the commune table, sorted by a column, to a commune and a village', async () => {
    await page.click('main a.button[href="/dashboard/communes"]')
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Các xã, phường')
    const before = await tableOnPage(page)
    expect(before.rows.length).toBeGreaterThan(30)
    // Sort by the AI-trained officials, largest first (two clicks: ascending, then descending).
    const col = before.head.indexOf('Cán bộ được tập huấn AI')
    expect(col).toBeGreaterThan(1)
    const header = page.locator('main thead th a', { hasText: 'Cán bộ được tập huấn AI' })
    await Promise.all([page.waitForURL(/sort=officials_trained_ai&dir=asc/), header.click()])
    const asc = (await tableOnPage(page)).rows.map((r) => parseVi(r[col]!) ?? -1)
    expect(asc).toEqual([...asc].sort((a, b) => a - b))
    await Promise.all([page.waitForURL(/sort=officials_trained_ai&dir=desc/), header.click()])
    const sorted = await tableOnPage(page)
    const desc = sorted.rows.map((r) => parseVi(r[col]!) ?? -1)
    expect(desc).toEqual([...desc].sort((a, b) => b - a))
    expect(desc[0]).toBeGreaterThan(0)
    // The header says how the table is sorted, to the eye and to a screen reader.
    const th = page.locator('main thead th[aria-sort]')
    expect(await th.count()).toBe(1)
    expect(await th.getAttribute('aria-sort')).toBe('descending')
    expect(await th.textContent()).toBe('Cán bộ được tập huấn AI ▼')
    await check('communes')

    const commune = sorted.rows[0]![1]!
    await page.locator('main tbody tr').first().locator('a').click()
    await expect.poll(() => page.locator('main h1').textContent()).toBe(commune)
    await check('commune')

    const village = page.locator('main tbody tr a[href^="/dashboard/villages/"]').first()
    const villageName = (await village.textContent())!.trim()
    await village.click()
    await expect.poll(() => page.locator('main h1').textContent()).toBe(villageName)
    expect(await page.locator('.crumbs').textContent()).toContain(commune)
    await check('village')
  })

  it('exports the commune table to XLSX with the rows the page shows', async () => {
    await page.goto('/dashboard/communes?sort=officials_trained_ai&dir=desc')
    const shown = await tableOnPage(page)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('main a[href*="format=xlsx"]'),
    ])
    expect(download.suggestedFilename()).toMatch(/^communes-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const file = join(ARTIFACTS, `dashboard-communes-${device}.xlsx`)
    await download.saveAs(file)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(file)
    const ws = wb.worksheets[0]!
    const sheet: unknown[][] = []
    ws.eachRow((row) => {
      sheet.push((row.values as unknown[]).slice(1))
    })
    expect(sheet[0]).toEqual(shown.head)
    const body = sheet.slice(1)
    expect(body.map((r) => r[1])).toEqual(shown.rows.map((r) => r[1]))
    expect(body.map((r) => r[0])).toEqual(shown.rows.map((r) => r[0]))
    // Every figure: counts equal, percentages to the export's one decimal.
    for (let i = 0; i < body.length; i++)
      for (let j = 2; j < shown.head.length - 1; j++) {
        const onPage = parseVi(shown.rows[i]![j]!)
        const inFile = body[i]![j] ?? null
        if (onPage === null) expect(inFile).toBeNull()
        else
          expect(Math.abs(onPage - Number(inFile)), `${shown.rows[i]![1]} ${shown.head[j]}`).toBeLessThan(
            0.06,
          )
      }
  })

  it('prints the report in French with its date and scope, as an A4 PDF', async () => {
    await page.goto('/dashboard')
    const province = (await page.locator('main h1').textContent())!.split(': ').slice(1).join(': ')
    await page.click('main a[href$="lang=fr"]')
    await page.waitForURL(/\/dashboard\/report\?.*lang=fr/)
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    expect(await page.locator('h1').textContent()).toBe(
      'Rapport d’avancement de l’Éducation numérique pour tous',
    )
    const h2 = await page.locator('h2').allTextContents()
    expect(h2).toEqual(['Objectifs', 'Chiffres clés', 'Communes et quartiers'])
    const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(),
    )
    const meta = await page.locator('p.meta').first().textContent()
    expect(meta).toContain(`Périmètre : ${province}`)
    expect(meta).toContain(`Établi le ${date}`)
    for (const name of ['Formations IA tenues', 'Agents formés à l’IA', 'Commerçants intégrés'])
      expect(await page.locator('table').first().textContent()).toContain(name)
    await check('report')
    const path = join(ARTIFACTS, `dashboard-report-fr-${device}.pdf`)
    await page.pdf({ path, format: 'A4', printBackground: true })
    const pages = readFileSync(path, 'latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []
    expect(pages.length).toBeGreaterThan(0)
  })
})
