import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBundle, importBundle } from '../src/domains/sync/sync.bundle.ts'
import { identityOf, joinFromWelcome } from '../src/domains/sync/sync.identity.ts'
import { Client, type TestEnv, testEnv } from '../test/harness.ts'
import { checkAccessible, launch, login, pageErrors, phoneContext, screenshot } from './support/browser.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * A help record corrected on a commune hub and at the province while the two were apart (decision
 * 0204), seen by the province's officer on a 360 px phone: the province runs as a real server; the
 * hub is a node in this process, registered with `hocso hub register` and fed by bundles as a hub
 * without a network is. The hub's correction arrives on the officer's hubs page as a USB bundle;
 * the help log then shows "corrected twice, apart" with "keep this one" under each side, and
 * keeping the one set aside settles it, on the province and, after the next bundle, on the hub.
 */
const ROOT = resolve(import.meta.dirname, '..')
let server: Server
let hub: TestEnv
let browser: Browser
let context: BrowserContext
let page: Page
let dir: string

/** `hocso …` on the province's data, as its operator would type it. */
function hocso(...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, HOCSO_DATA_DIR: server.dataDir, HOCSO_LOG_LEVEL: 'warn' }
  // The province is the server's SQLite file, never a shared PostgreSQL.
  delete env.HOCSO_DATABASE_URL
  return execFileSync(process.execPath, [join(ROOT, 'bin/hocso.js'), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: 'pipe',
  })
}

/** What the province holds for the hub, carried to it as a bundle file. */
async function provinceToHub(): Promise<void> {
  const file = join(dir, `to-hub-${Date.now()}.hocso`)
  hocso('bundle', 'export', '--for', hub.ctx.nodeId, file)
  const r = await importBundle(hub.ctx, readFileSync(file))
  expect(r.refused).toEqual([])
}

/** A help record's figures at the demo village on the province's dashboard. */
const figure = (indicator: string) =>
  Number(
    server.query<{ value: number }>(
      "select value from campaign_rollups where indicator = ? and place_code = '3166-001' and period = 'all'",
      indicator,
    )[0]?.value ?? 0,
  )

const json = { 'content-type': 'application/json', accept: 'application/json' }
const anonymous = { whom: 'anonymous', sex: 'female', age_band: '36_59', village: '3166-001' }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hocso-forks-'))
  server = await startServer()
  hub = await testEnv()
  writeFileSync(join(dir, 'hub.json'), JSON.stringify(identityOf(hub.ctx)))
  hocso('hub', 'register', join(dir, 'hub.json'), '--scope', '3166', '--welcome', join(dir, 'welcome.json'))
  await joinFromWelcome(hub.ctx, readFileSync(join(dir, 'welcome.json'), 'utf8'))
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
})
afterAll(async () => {
  const errors = context ? pageErrors(context) : []
  await browser?.close()
  await hub?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

describe('a help record corrected on a hub and at the province apart, on the officer’s phone', () => {
  let original: string
  let onHub: string
  let atProvince: string

  it('both corrections meet at the province through the hubs page; the later one counts', async () => {
    await login(page, 'ambassador')
    const logged = await page.request.post('/help', {
      headers: json,
      data: { what: 'vneid_install', ...anonymous },
    })
    expect(logged.status(), await logged.text()).toBe(201)
    original = ((await logged.json()) as { id: string }).id
    await provinceToHub()

    // Apart: the ambassador corrects it on the hub, then the officer, not knowing, at the province.
    const ambassador = new Client(hub.app)
    await ambassador.login('ambassador')
    const a = await ambassador.request(`/help/${original}/correct`, {
      json: { what: 'payment_account', ...anonymous },
    })
    expect(a.status).toBe(201)
    onHub = ((await a.json()) as { id: string }).id
    await new Promise((ok) => setTimeout(ok, 5))
    await context.clearCookies()
    await login(page, 'officer')
    const b = await page.request.post(`/help/${original}/correct`, {
      headers: json,
      data: { what: 'public_service', ...anonymous },
    })
    expect(b.status(), await b.text()).toBe(201)
    atProvince = ((await b.json()) as { id: string }).id

    // The hub's bundle, brought on a USB stick, uploaded on the officer's hubs page.
    const file = join(dir, 'from-hub.hocso')
    const welcome = JSON.parse(readFileSync(join(dir, 'welcome.json'), 'utf8')) as {
      upstream: { node: string }
    }
    writeFileSync(file, (await exportBundle(hub.ctx, welcome.upstream.node)).data)
    await page.goto('/admin/hubs')
    const upload = page.locator('main form[action="/admin/hubs/bundles"]')
    await upload.locator('input[type=file][name=bundle]').setInputFiles(file)
    await Promise.all([page.waitForLoadState('load'), upload.locator('button[type=submit]').click()])
    await expect.poll(() => server.query('select id from facts where id = ?', onHub).length).toBe(1)
    expect(figure('help_given.what.public_service')).toBe(1)
    expect(figure('help_given.what.payment_account')).toBe(0)
  })

  it('the help log shows the fork at 360 px, accessible; keeping the one set aside settles it', async () => {
    await page.goto('/help/log?place=3166-001')
    const fork = page.locator('main [data-fork]')
    await expect.poll(() => fork.count()).toBe(1)
    expect(await fork.locator('b').first().textContent()).toBe('Bản ghi này được sửa hai lần, ở hai nơi')
    const sides = fork.locator('li')
    expect(await sides.count()).toBe(2)
    expect(await sides.nth(0).locator('.badge').first().textContent()).toBe('đang được tính')
    expect(await sides.nth(1).locator('.badge').first().textContent()).toBe('để riêng')
    const width = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: document.documentElement.clientWidth,
    }))
    expect(width.page, 'the help log scrolls sideways').toBeLessThanOrEqual(width.screen)
    await fork.scrollIntoViewIfNeeded()
    await screenshot(page, 'fork-help-log')
    await checkAccessible(page)

    // Keep the hub's correction, set aside: a new correction of the one that counts.
    const keep = sides.nth(1).locator('form')
    expect(await keep.getAttribute('action')).toBe(`/help/${atProvince}/correct`)
    await Promise.all([page.waitForLoadState('load'), keep.locator('button[type=submit]').click()])
    await page.goto('/help/log?place=3166-001')
    expect(await page.locator('main [data-fork]').count()).toBe(0)
    expect(figure('help_given.what.public_service')).toBe(0)
    expect(figure('help_given.what.payment_account')).toBe(1)

    // The choice travels: after the next bundle the hub counts it too and shows no fork.
    await provinceToHub()
    const officer = new Client(hub.app)
    await officer.login('officer')
    const log = await (await officer.request('/help/log?place=3166-001')).text()
    expect(log).not.toContain('data-fork')
    const onHubFigure = await hub.ctx.db
      .selectFrom('campaign_rollups')
      .select('value')
      .where('indicator', '=', 'help_given.what.payment_account')
      .where('place_code', '=', '3166-001')
      .where('period', '=', 'all')
      .executeTakeFirst()
    expect(Number(onHubFigure?.value ?? 0)).toBe(1)
  })
})
