import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeProblems, launch, login, PHONE, screenshot } from './support/browser.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * The "done when": a translator on a phone-sized screen translates one lesson of "Paying
 * without cash" into Hmong (marked test-fixture text), partly offline, records it with Chromium's
 * fake microphone (a test tone), a reviewer approves it, a learner reads and hears it, and
 * `hocso content export` writes files that `content check` accepts.
 */
const ROOT = resolve(import.meta.dirname, '..')
const LESSON = '/studio/paying-without-cash/01-open-account/hnj'
let server: Server
let browser: Browser

beforeAll(async () => {
  server = await startServer({ env: { HOCSO_MAX_BODY_BYTES: String(10 * 1024 * 1024) } })
  browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'])
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function newPage(viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'vi-VN', hasTouch: true })
  await context.grantPermissions(['microphone'])
  return context.newPage()
}

describe('translation studio in the browser', () => {
  it('translates, records, approves and shows the lesson to a learner; export passes the check', async () => {
    const page = await newPage()
    await login(page, 'translator')
    await page.goto('/studio')
    await expect.poll(() => page.locator('a[href="/studio"]').count()).toBeGreaterThan(0)
    await screenshot(page, 'studio-index-phone')
    await page.goto(LESSON)
    const areas = page.locator('textarea[data-segment]')
    const n = await areas.count()
    expect(n).toBeGreaterThan(5)
    // The first half with signal, the rest with none: all of it must reach the server.
    await page.waitForFunction(() => !!(self as unknown as { hocso?: { outbox?: unknown } }).hocso?.outbox)
    for (let i = 0; i < n; i++) {
      if (i === Math.floor(n / 2)) await page.context().setOffline(true)
      const key = await areas.nth(i).getAttribute('data-segment')
      await areas.nth(i).fill(`[TEST FIXTURE hnj] ${key} placeholder`)
      await areas.nth(i).blur()
    }
    await page.waitForTimeout(800)
    const pendingOffline = await page.evaluate(
      async () =>
        (
          await (
            self as unknown as { hocso: { outbox: { counts(): Promise<{ pending: number }> } } }
          ).hocso.outbox.counts()
        ).pending,
    )
    expect(pendingOffline).toBeGreaterThan(0)
    await page.context().setOffline(false)
    await page.evaluate(() =>
      (self as unknown as { hocso: { outbox: { flush(): Promise<unknown> } } }).hocso.outbox.flush(),
    )
    await expect
      .poll(
        () =>
          server.query<{ n: number }>(
            "select count(*) as n from studio_segments where lang = 'hnj' and course_slug = 'paying-without-cash' and text like '[TEST FIXTURE hnj]%'",
          )[0]!.n,
        { timeout: 20_000 },
      )
      .toBe(n)
    await page.screenshot({ path: join(ROOT, 'e2e/artifacts/studio-editor-phone.png'), fullPage: false })
    // Readable at 360 px: nothing wider than the screen, and no serious accessibility problem.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(await axeProblems(page)).toEqual([])

    // Record with the fake microphone, listen back, send.
    await page.locator('[data-rec-start]').scrollIntoViewIfNeeded()
    await page.click('[data-rec-start]')
    await page.waitForTimeout(2500)
    await page.click('[data-rec-stop]')
    await expect.poll(() => page.locator('[data-rec-audio]').isVisible()).toBe(true)
    expect(await page.locator('[data-rec-info]').textContent()).toMatch(/0:0[23] · \d+ KB/)
    await screenshot(page, 'studio-recorder-phone')
    await Promise.all([page.waitForEvent('load'), page.click('[data-rec-send]')])
    const rec = server.query<{ mime: string; duration_ms: number; bytes: number }>(
      'select mime, duration_ms, bytes from studio_audio',
    )
    expect(rec).toHaveLength(1)
    expect(rec[0]!.mime).toBe('audio/webm')
    expect(rec[0]!.duration_ms).toBeGreaterThan(1500)
    expect(rec[0]!.duration_ms).toBeLessThan(4000)
    expect(await page.locator('[data-studio-audio-info]').textContent()).toMatch(/Dài 0 min 0[234] s, \d+ KB/)
    await page.locator('.st-audio').scrollIntoViewIfNeeded()
    await screenshot(page, 'studio-audio-phone')

    // Desktop: side by side.
    const desk = await newPage({ width: 1280, height: 900 })
    await login(desk, 'editor')
    await desk.goto(LESSON)
    const [src, dst] = await Promise.all([
      desk.locator('.st-src').first().boundingBox(),
      desk.locator('.st-dst').first().boundingBox(),
    ])
    expect(dst!.x).toBeGreaterThan(src!.x + src!.width - 1)
    await screenshot(desk, 'studio-editor-desktop')
    await Promise.all([desk.waitForURL(/hnj$/), desk.click('form[action$="/approve"] button')])
    expect(await desk.locator('main').textContent()).toContain('Đã duyệt')

    // A learner reading Hmong sees it and the audio loads.
    const learner = await newPage()
    await login(learner, 'learner')
    await learner.goto('/courses/paying-without-cash/01-open-account?lang=hnj')
    expect(await learner.locator('article.lesson h1').textContent()).toBe(
      '[TEST FIXTURE hnj] title placeholder',
    )
    const audio = await learner.evaluate(async () => {
      const a = document.querySelector('article audio') as HTMLAudioElement
      a.preload = 'auto'
      await new Promise((r, j) => {
        a.onloadedmetadata = r
        a.onerror = () => j(new Error(`audio error ${a.error?.code}`))
        a.load()
      })
      return {
        src: a.getAttribute('src'),
        ready: a.readyState,
        type: (await fetch(a.src)).headers.get('content-type'),
      }
    })
    expect(audio.src).toMatch(/^\/studio\/audio\//)
    expect(audio.ready).toBeGreaterThanOrEqual(1)
    expect(audio.type).toBe('audio/webm')
    await screenshot(learner, 'studio-learner-phone')

    // Back to files.
    const out = mkdtempSync(join(tmpdir(), 'hocso-e2e-export-'))
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOCSO_DATA_DIR: server.dataDir,
        HOCSO_LOG_LEVEL: 'warn',
      }
      delete env.HOCSO_DATABASE_URL
      const ex = spawnSync(process.execPath, [join(ROOT, 'bin/hocso.js'), 'content', 'export', out], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      })
      expect(ex.stdout).toContain('1 translation(s), 1 recording(s)')
      expect(ex.status).toBe(0)
      const check = spawnSync(process.execPath, [join(ROOT, 'bin/hocso.js'), 'content', 'check', out], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      })
      expect(check.stdout).toContain('content OK')
      expect(check.status).toBe(0)
      const md = readFileSync(join(out, '04-paying-without-cash', '01-open-account.hnj.md'), 'utf8')
      expect(md).toContain('audio: audio/01-open-account.hnj.webm')
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
