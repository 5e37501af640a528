import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/core/config.ts'
import { createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { registerDomains } from '../src/domains/index.ts'
import { createAccount } from '../src/domains/people/people.service.ts'
import {
  axeProblems,
  launch,
  login,
  PHONE,
  pageErrors,
  screenshot,
  waitForServiceWorker,
} from './support/browser.ts'
import { type Server, startServer } from './support/server.ts'
import { type FakeMicrophone, fakeMicrophone } from './support/speech-wav.ts'

/**
 * Issue 19's browser test: a Hmong voice records two sections of a lesson and a quiz prompt on a phone with no
 * signal (Chromium's fake microphone reads a WAV file), the takes wait on the phone and each
 * arrives once when the signal returns; a commune officer who reviews Hmong approves one and sends
 * the other back with a reason the voice sees; a learner downloads the course with Hmong listening
 * and hears the approved section with no signal.
 */
const COURSE = 'vneid'
const LESSON = '01-what-is-vneid'
const RECORDER = `/voice/${COURSE}/${LESSON}/hnj`
const PASSWORD = 'mat-khau-123'
const REASON = 'Tiếng ồn phía sau, xin thu lại'
let server: Server
let browser: Browser
let mic: FakeMicrophone

/** Creates the voice and the reviewer in the server's own database (the demo has neither). */
async function people(dataDir: string) {
  const config = loadConfig({ HOCSO_DATA_DIR: dataDir, HOCSO_LOG_LEVEL: 'warn' })
  const handle = await openDatabase({ dataDir })
  try {
    registerDomains()
    const ctx = await createContext(handle, config, createLogger('warn'))
    await createAccount(
      ctx,
      { displayName: 'Giàng A Dế (thử)', username: 'giong-hmong', password: PASSWORD, placeCode: '3166' },
      [{ role: 'voice', scopeCode: '3166', languages: ['hnj'] }],
    )
    await createAccount(
      ctx,
      {
        displayName: 'Cán bộ xã duyệt tiếng Mông (thử)',
        username: 'duyet-hmong',
        password: PASSWORD,
        placeCode: '3166',
      },
      [{ role: 'commune_officer', scopeCode: '3166', languages: ['hnj'] }],
    )
  } finally {
    await handle.close()
  }
}

beforeAll(async () => {
  mic = fakeMicrophone()
  server = await startServer()
  await people(server.dataDir)
  browser = await launch(['--autoplay-policy=no-user-gesture-required', ...mic.args])
})
const contexts: BrowserContext[] = []
afterAll(async () => {
  const errors = contexts.flatMap((c) => pageErrors(c))
  await browser?.close()
  await server?.stop()
  mic?.dispose()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

async function phone(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: PHONE,
    deviceScaleFactor: 1,
    hasTouch: true,
    locale: 'vi-VN',
    serviceWorkers: 'allow',
  })
  await context.grantPermissions(['microphone'])
  contexts.push(context)
  return context.newPage()
}

type Clip = {
  id: string
  section: string
  status: string
  bytes: number
  duration_ms: number
  review_reason: string | null
}
const clips = () =>
  server.query<Clip>(
    'select id, section, status, bytes, duration_ms, review_reason from studio_voice_clips where course_slug = ? and lesson_key = ? order by section',
    COURSE,
    LESSON,
  )

describe('community voices in the browser', () => {
  it('records two sections offline, sends each once, reviews them, and a learner hears one offline', async () => {
    // ---- the voice, on a phone with no signal ----
    const page = await phone()
    await login(page, 'giong-hmong', PASSWORD)
    await page.goto(RECORDER)
    const sections = page.locator('li.voice-section')
    expect(await sections.count()).toBeGreaterThanOrEqual(2)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'voice-recorder-phone')
    await page.context().setOffline(true)
    const recorded: string[] = []
    let taps = 0
    // Two sections of the lesson, and the first quiz question's prompt (heard by a learner who does not read).
    const toRecord = [
      sections.nth(0),
      sections.nth(1),
      page.locator('li.voice-section[data-section="q:q1:prompt"]'),
    ]
    for (const [i, li] of toRecord.entries()) {
      recorded.push((await li.getAttribute('data-section'))!)
      const tap = async (name: string) => {
        await li.getByRole('button', { name }).tap()
        taps++
      }
      taps = 0
      const keep = li.getByRole('button', { name: 'Giữ bản này', includeHidden: true })
      expect(await keep.isVisible()).toBe(false)
      await tap('● Thu')
      await expect
        .poll(() => li.getByRole('button', { name: '■ Dừng' }).isEnabled(), { timeout: 15_000 })
        .toBe(true)
      await page.waitForTimeout(2000)
      await tap('■ Dừng')
      await expect.poll(() => li.locator('audio:not([hidden])').count()).toBe(1)
      // The listen-back holds what was just recorded: the browser can play it.
      const ready = await li.locator('[data-controls] audio').evaluate(
        (a: HTMLAudioElement) =>
          new Promise<number>((res) => {
            if (a.readyState >= 1) res(a.readyState)
            a.onloadedmetadata = () => res(a.readyState)
            a.onerror = () => res(-1)
          }),
      )
      expect(ready).toBeGreaterThanOrEqual(1)
      expect(await li.locator('[data-controls] [role=status]').textContent()).toMatch(/^[1-9] s · \d+ kB$/)
      if (i === 0) await screenshot(page, 'voice-listen-back-phone')
      expect(await keep.isVisible()).toBe(true)
      await tap('Giữ bản này')
      await expect
        .poll(() => li.locator('[data-controls] [role=status]').textContent())
        .toBe('Đã lưu trên điện thoại, sẽ gửi khi có mạng')
      // Kept once: the button is gone, so a second tap cannot queue the same take twice.
      expect(await keep.isVisible()).toBe(false)
      console.log(`taps to record section ${i + 1}: ${taps} (● Thu, ■ Dừng, Giữ bản này)`)
    }
    expect(taps).toBe(3)
    // The banner counts the takes waiting on the phone, beside the outbox's records.
    await expect
      .poll(() => page.locator('#offline-banner [data-voice-count]').textContent())
      .toBe('3 bản thu âm đang chờ gửi.')
    await screenshot(page, 'voice-kept-offline-phone')
    expect(clips()).toEqual([])
    const queued = await page.evaluate(
      () =>
        new Promise<number>((res, rej) => {
          const r = indexedDB.open('hocso-voice', 1)
          r.onsuccess = () => {
            const q = r.result.transaction('takes').objectStore('takes').count()
            q.onsuccess = () => res(q.result)
            q.onerror = () => rej(q.error)
          }
          r.onerror = () => rej(r.error)
        }),
    )
    expect(queued).toBe(3)

    // ---- the signal returns ----
    await page.context().setOffline(false)
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    for (const li of toRecord)
      await expect
        .poll(() => li.locator('[data-controls] [role=status]').textContent(), {
          timeout: 20_000,
        })
        .toBe('Đã gửi, đang chờ duyệt')
    // The banner's count empties (the banner itself shows only offline).
    await expect
      .poll(() => page.locator('#offline-banner [data-voice-count]').evaluate((e: HTMLElement) => e.hidden))
      .toBe(true)
    // A second 'online' (the signal flickers) sends nothing again: each take arrived exactly once.
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.waitForTimeout(500)
    const arrived = clips()
    expect(arrived.map((c) => [c.section, c.status])).toEqual([...recorded].sort().map((s) => [s, 'pending']))
    for (const c of arrived) {
      expect(c.bytes).toBeGreaterThan(1000)
      expect(c.duration_ms).toBeGreaterThan(1000)
      expect(c.duration_ms).toBeLessThan(5000)
    }
    expect(server.query<{ n: number }>('select count(*) as n from studio_voice_parts')[0]!.n).toBe(0)
    const bytes = arrived.reduce((n, c) => n + c.bytes, 0)
    const ms = arrived.reduce((n, c) => n + c.duration_ms, 0)
    console.log(
      `stored: ${bytes} bytes for ${ms} ms of recording, ${Math.round((bytes * 60_000) / ms / 1024)} kB per minute`,
    )
    await screenshot(page, 'voice-sent-phone')

    // ---- the commune's reviewer of Hmong ----
    const review = await phone()
    await login(review, 'duyet-hmong', PASSWORD)
    await review.goto('/voice/review')
    const approve = arrived.find((c) => c.section === recorded[0])
    const sendBack = arrived.find((c) => c.section === recorded[1])
    const prompt = arrived.find((c) => c.section === 'q:q1:prompt')
    expect(await review.locator('li.voice-clip').count()).toBe(3)
    expect(await axeProblems(review)).toEqual([])
    await screenshot(review, 'voice-review-phone')
    await Promise.all([
      review.waitForURL(/done=approved/),
      review.locator(`#clip-${approve!.id} button[value=approve]`).tap(),
    ])
    await Promise.all([
      review.waitForURL(/done=approved/),
      review.locator(`#clip-${prompt!.id} button[value=approve]`).tap(),
    ])
    await review.locator(`#clip-${sendBack!.id} input[name=reason]`).fill(REASON)
    await Promise.all([
      review.waitForURL(/done=returned/),
      review.locator(`#clip-${sendBack!.id} button[value=return]`).tap(),
    ])
    expect(
      clips()
        .map((c) => [c.id, c.status, c.review_reason])
        .sort(),
    ).toEqual(
      [
        [approve!.id, 'approved', null],
        [sendBack!.id, 'returned', REASON],
        [prompt!.id, 'approved', null],
      ].sort(),
    )

    // ---- the voice sees what the reviewer said ----
    await page.goto('/voice/mine')
    const back = page.locator('li.voice-returned')
    expect(await back.locator('strong').textContent()).toBe('Bị gửi lại')
    expect(await back.locator('.voice-reason q').textContent()).toBe(REASON)
    expect(await page.locator('li.voice-approved').count()).toBe(2)
    expect(await axeProblems(page)).toEqual([])
    await screenshot(page, 'voice-mine-phone')

    // ---- a learner in another village downloads the course to listen in Hmong, then loses the signal ----
    const learner = await phone()
    await login(learner, 'learner')
    await learner.goto(`/courses/${COURSE}/${LESSON}?listen=hnj`)
    expect(await learner.locator('.listen-play audio').count()).toBe(1)
    await learner.goto(`/courses/${COURSE}`)
    await waitForServiceWorker(learner)
    const box = learner.locator('[data-offline-course]')
    await box.locator('[data-action="download"]').tap()
    await expect.poll(() => box.getAttribute('class'), { timeout: 30_000 }).toContain('downloaded')
    await learner.context().setOffline(true)
    await learner.goto(`/courses/${COURSE}/${LESSON}`)
    const audio = learner.locator('.listen-play audio')
    expect(await audio.getAttribute('src')).toBe(`/voice/clips/${approve!.id}`)
    await screenshot(learner, 'voice-learner-offline-phone')
    const played = await audio.evaluate(
      (a: HTMLAudioElement) =>
        new Promise<{ ready: number; time: number; error: number | null }>((res) => {
          const done = () => res({ ready: a.readyState, time: a.currentTime, error: a.error?.code ?? null })
          a.onerror = done
          a.ontimeupdate = () => {
            if (a.currentTime > 0.3) done()
          }
          setTimeout(done, 8000)
          a.preload = 'auto'
          a.play().catch(done)
        }),
    )
    expect(played.error).toBeNull()
    expect(played.ready).toBeGreaterThanOrEqual(2)
    expect(played.time).toBeGreaterThan(0.3)

    // ---- still offline, the quiz: the first question is heard in Hmong ----
    await learner.goto(`/courses/${COURSE}/${LESSON}/quiz`)
    const q1 = learner.locator('form.lp-quiz fieldset').first()
    const promptAudio = q1.locator('.listen-play audio')
    expect(await promptAudio.count()).toBe(1)
    expect(await promptAudio.getAttribute('src')).toBe(`/voice/clips/${prompt!.id}`)
    expect(await axeProblems(learner)).toEqual([])
    await screenshot(learner, 'voice-quiz-offline-phone')
    const heard = await promptAudio.evaluate(
      (a: HTMLAudioElement) =>
        new Promise<{ time: number; error: number | null }>((res) => {
          const done = () => res({ time: a.currentTime, error: a.error?.code ?? null })
          a.onerror = done
          a.ontimeupdate = () => {
            if (a.currentTime > 0.3) done()
          }
          setTimeout(done, 8000)
          a.preload = 'auto'
          a.play().catch(done)
        }),
    )
    expect(heard.error).toBeNull()
    expect(heard.time).toBeGreaterThan(0.3)

    // ---- still offline, the result drawn by the phone: the recording beside each right/wrong mark ----
    const quiz = learner.locator('form.lp-quiz')
    await quiz.locator('input[name="q.q1"][value="b"]').check()
    for (const v of ['a', 'b', 'c']) await quiz.locator(`input[name="q.q2"][value="${v}"]`).check()
    await quiz.locator('input[name="q.q3"][value="false"]').check()
    await quiz.locator('input[name="q.q4"][value="a"]').check()
    await quiz.locator('button[type=submit]').tap()
    const result = learner.locator('[data-offline-result]')
    await result.waitFor()
    const marks = result.locator('.quiz-mark')
    expect(await marks.count()).toBe(4)
    expect(await marks.locator('.mark').allTextContents()).toEqual(['✗', '✓', '✓', '✓'])
    const markAudio = marks.first().locator('.listen-play audio')
    expect(await markAudio.getAttribute('src')).toBe(`/voice/clips/${prompt!.id}`)
    expect(await marks.nth(1).locator('audio').count()).toBe(0)
    expect(await axeProblems(learner)).toEqual([])
    await screenshot(learner, 'voice-quiz-result-offline-phone')
    // Three takes recorded in real time, three browsers, a download: minutes on a shared machine.
  }, 420_000)
})
