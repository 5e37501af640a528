import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, checkAccessible, launch, screenshot, waitForServiceWorker } from './support/browser.ts'
import {
  BUDGET_BYTES,
  BUDGET_MS,
  describeTransfers,
  freshSignedIn,
  measureRepeatVisit,
  measureVisit,
} from './support/budget.ts'
import { lessonsOf } from './support/outbox.ts'
import { type Server, startServer } from './support/server.ts'

const COURSE = process.env.HOCSO_E2E_COURSE ?? 'paying-without-cash'

let server: Server
let browser: Browser
let context: BrowserContext
let lesson: string
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await freshSignedIn(browser, server.url, 'learner')
  lesson = `/courses/${COURSE}/${lessonsOf(server, COURSE)[0]!.key}`
})
afterAll(async () => {
  writeFileSync(join(ARTIFACTS, 'budget.json'), `${JSON.stringify(figures, null, 2)}\n`)
  await browser?.close()
  await server?.stop()
})

describe('the lesson budget (DESIGN.md)', () => {
  it(`first visit: ≤ ${BUDGET_BYTES} bytes of HTML, CSS and JS, readable in < ${BUDGET_MS} ms on slow 3G`, async () => {
    // Three fresh profiles. Bytes must hold every time; for time the fastest run counts, because
    // a busy test machine only ever adds time (a real regression slows every run).
    const runs = []
    for (let i = 0; i < 3; i++) {
      const fresh = await freshSignedIn(browser, server.url, 'learner')
      runs.push(await measureVisit(fresh, lesson, { slow3g: true }))
      await fresh.close()
    }
    const v = runs.reduce((a, b) => (b.lcpMs < a.lcpMs ? b : a))
    figures.firstVisit = runs.map((r) => ({ ...r, transfers: undefined }))
    const report = `${lesson}: ${v.budgetBytes} B budgeted, ${v.allBytes} B in all, FCP ${v.fcpMs} ms, LCP ${v.lcpMs} ms (runs: ${runs.map((r) => r.lcpMs).join(', ')} ms)\n${describeTransfers(v)}`
    writeFileSync(join(ARTIFACTS, 'budget-first-visit.txt'), `${report}\n`)
    for (const r of runs) {
      expect(r.transfers.find((t) => t.type === 'Document')?.status).toBe(200)
      expect(r.budgetBytes, report).toBeLessThanOrEqual(BUDGET_BYTES)
    }
    expect(v.lcpMs, report).toBeLessThan(BUDGET_MS)
    expect(v.fcpMs, report).toBeLessThan(BUDGET_MS)
  })

  it('repeat visit of a cached lesson fetches nothing but the page itself (its data)', async () => {
    const page = await context.newPage()
    await page.goto(lesson)
    await waitForServiceWorker(page)
    await page.close()
    const r = await measureRepeatVisit(context, lesson)
    figures.repeatVisit = r
    // A response of 0 bytes came from the browser's HTTP cache: nothing crossed the network.
    const others = r.network.filter((n) => n.url !== lesson && n.url !== '/sw.js' && n.bytes > 0)
    expect(others, JSON.stringify(r.network)).toEqual([])
    expect(r.fromWorker.length).toBeGreaterThan(2)
  })

  it('the lesson page at 360 px: screenshot, no serious accessibility problem, every control by keyboard', async () => {
    const page = await context.newPage()
    await page.goto(lesson)
    await screenshot(page, 'lesson')
    await checkAccessible(page)
    await page.close()
  })
})
