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
  waitForServiceWorker,
} from './support/browser.ts'
import { answerQuiz, signUp } from './support/learner.ts'
import { lessonsOf, outboxCounts, storedTimes } from './support/outbox.ts'
import { type Server, startServer } from './support/server.ts'

// The "done when": a new user on a phone-sized Chromium downloads "Paying without cash",
// loses the network, finishes it, and sees it completed on the server when the network returns,
// with each fact stored once.
const COURSE = process.env.HOCSO_E2E_COURSE ?? 'paying-without-cash'
const COURSE_URL = `/courses/${COURSE}`

let server: Server
let browser: Browser
let context: BrowserContext
let page: Page
let lessons: { id: string; key: string; hasQuiz: boolean }[]
let quizzes: Map<string, never[]>
let accountId: string
const figures: Record<string, unknown> = {}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  context = await phoneContext(browser, server.url)
  page = await context.newPage()
  lessons = lessonsOf(server, COURSE)
  const key = await (await fetch(`${server.url}/offline/courses/${COURSE}/quizzes?lang=vi`)).json()
  quizzes = new Map(
    key.lessons.map((l: { lessonId: string; questions: never[] }) => [l.lessonId, l.questions]),
  )
})
afterAll(async () => {
  const errors = context ? pageErrors(context) : []
  writeFileSync(join(ARTIFACTS, 'learner-figures.json'), `${JSON.stringify(figures, null, 2)}\n`)
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

const local = () =>
  page.evaluate(() =>
    (
      window as unknown as {
        hocso: { outbox: { list(): Promise<{ id: string; kind: string; state: string }[]> } }
      }
    ).hocso.outbox.list(),
  )

/** Reads one lesson (saved copy), marks it done, and passes its quiz, all with no network. */
async function finishLesson(i: number) {
  const lesson = lessons[i]!
  await page.goto(`${COURSE_URL}/${lesson.key}`)
  await expect.poll(() => page.locator('html').getAttribute('data-saved-copy')).toBe('')
  expect(await page.locator('article.lesson h1').textContent()).not.toBe('')
  await expect.poll(() => page.locator('#offline-banner').isVisible()).toBe(true)
  if (i === 0) await screenshot(page, 'lesson-offline')
  await checkAccessible(page)
  await Promise.all([
    page.waitForURL((u) => u.pathname !== `${COURSE_URL}/${lesson.key}`),
    page.click('form[data-outbox-kind="lesson_completed"] button[type=submit]'),
  ])
  if (!lesson.hasQuiz) return
  expect(new URL(page.url()).pathname).toBe(`${COURSE_URL}/${lesson.key}/quiz`)
  const questions = quizzes.get(lesson.id)!
  await checkAccessible(page)
  if (i === 0) {
    // A wrong try first: feedback at once, nothing passed.
    await answerQuiz(page, questions, { wrong: true })
    await page.click('form[data-offline-quiz] button[type=submit]')
    await page.locator('[data-offline-result="failed"]').waitFor()
    await checkAccessible(page)
    await page.goto(`${COURSE_URL}/${lesson.key}/quiz`)
  }
  await answerQuiz(page, questions)
  await page.click('form[data-offline-quiz] button[type=submit]')
  await page.locator('[data-offline-result="passed"]').waitFor()
  if (i === 0) await screenshot(page, 'quiz-offline-result')
  await checkAccessible(page)
}

describe('a new learner with no network', () => {
  it('signs up and downloads the course: progress, size, then the downloaded mark', async () => {
    await page.goto('/signup')
    await checkAccessible(page)
    await signUp(page, 'Lò Văn Thử', '0987654321')
    accountId = server.query<{ id: string }>("select id from accounts where phone = '0987654321'")[0]!.id
    await page.goto(COURSE_URL)
    await waitForServiceWorker(page)
    const box = page.locator('[data-offline-course]')
    await expect.poll(() => box.locator('[data-status]').textContent()).toMatch(/Dung lượng khoảng/)
    await checkAccessible(page)
    const started = Date.now()
    await box.locator('[data-action="download"]').click()
    await expect
      .poll(() =>
        box
          .locator('[data-progress]')
          .isVisible()
          .catch(() => false),
      )
      .toBe(true)
    await expect.poll(() => box.getAttribute('class'), { timeout: 60_000 }).toContain('downloaded')
    figures.downloadMs = Date.now() - started
    const status = await box.locator('[data-status]').textContent()
    expect(status).toMatch(/^✓ Đã tải về · /)
    expect(await box.locator('[data-action="download"]').isVisible()).toBe(false)
    expect(await box.locator('[data-action="remove"]').isVisible()).toBe(true)
    const rec = await page.evaluate(async (slug) => {
      const d = await (
        window as unknown as {
          hocso: {
            downloads: { list(): Promise<{ course: string; bytes: number; urls: string[]; state: string }[]> }
          }
        }
      ).hocso.downloads.list()
      return d.find((x) => x.course === slug)!
    }, COURSE)
    expect(rec.state).toBe('complete')
    figures.courseBytes = rec.bytes
    figures.courseFiles = rec.urls.length
    figures.courseStatus = status
    // Downloading is not reading: no lesson counts as opened.
    expect(
      server.query("select id from facts where subject_id = ? and kind = 'lesson_opened'", accountId),
    ).toEqual([])
  })

  it('offline: reloads, reads two lessons, passes their quizzes; closed and reopened, the progress is there', async () => {
    await context.setOffline(true)
    await page.reload()
    await expect
      .poll(() => page.locator('[data-offline-course]').getAttribute('class'))
      .toContain('downloaded')
    expect(await page.locator('#offline-banner').textContent()).toContain('Bạn đang ngoại tuyến')
    await screenshot(page, 'course-offline')
    await checkAccessible(page)
    const resume = page.locator('a[data-resume]')
    expect(await resume.getAttribute('href')).toBe(`${COURSE_URL}/${lessons[0]!.key}`)
    expect(await resume.textContent()).toMatch(/^Bắt đầu học: /)
    await finishLesson(0)
    await finishLesson(1)
    await page.close()

    page = await context.newPage()
    await page.goto(COURSE_URL)
    const done = page.locator('li[data-lesson-id].done')
    await expect.poll(() => done.count()).toBe(2)
    await checkAccessible(page)
    expect(await page.locator('.lp-progress [role=progressbar]').getAttribute('aria-valuenow')).toBe('40')
    // Still offline, nothing sent: the page leads on to the third lesson, not back to the first.
    const next = page.locator('a[data-resume]')
    await expect.poll(() => next.getAttribute('href')).toBe(`${COURSE_URL}/${lessons[2]!.key}`)
    const third = (await page.locator(`li[data-lesson-key="${lessons[2]!.key}"] > a`).textContent())!.trim()
    expect(await next.textContent()).toBe(`Học tiếp: ${third}`)
    expect(await page.locator('html').getAttribute('data-saved-copy')).toBe('')
    const pending = (await outboxCounts(page)).pending
    expect(pending).toBeGreaterThanOrEqual(6)
    await expect
      .poll(() => page.locator('#offline-banner').textContent())
      .toContain(`${pending} bản ghi đang chờ gửi`)
    await screenshot(page, 'course-offline-progress')

    await page.goto('/downloads')
    await expect
      .poll(() => page.locator(`[data-course="${COURSE}"]`).getAttribute('data-state'))
      .toBe('complete')
    await expect.poll(() => page.locator('[data-storage]').textContent()).toMatch(/Đã dùng/)
    figures.storageText = await page.locator('[data-storage]').textContent()
    await screenshot(page, 'my-downloads-offline')
    await checkAccessible(page)
  })

  it('finishes the course offline; online again, the server has each fact once and the course completed', async () => {
    for (let i = 2; i < lessons.length; i++) await finishLesson(i)
    expect(server.query('select * from facts where subject_id = ?', accountId)).toEqual([])
    const made = await local()
    expect(made.every((e) => e.state === 'pending')).toBe(true)
    figures.factsMadeOffline = made.length

    await context.setOffline(false)
    await expect.poll(() => outboxCounts(page), { timeout: 30_000 }).toEqual({ pending: 0, rejected: 0 })
    const times = storedTimes(
      server,
      made.map((e) => e.id),
    )
    expect(times.size).toBe(made.length)
    expect([...times.values()].every((n) => n === 1)).toBe(true)
    // Nothing else was recorded for this person but the completion the server made, once.
    const all = server.query<{ kind: string }>('select kind from facts where subject_id = ?', accountId)
    expect(all.length).toBe(made.length + 1)
    expect(all.filter((f) => f.kind === 'course_completed')).toHaveLength(1)
    const cp = server.query<{ completed_at: string | null }>(
      'select completed_at from course_progress where account_id = ? and course_slug = ?',
      accountId,
      COURSE,
    )
    expect(cp[0]?.completed_at).toBeTruthy()
    await page.goto(COURSE_URL)
    expect(await page.locator('html').getAttribute('data-saved-copy')).toBeNull()
    await expect.poll(() => page.locator('li[data-lesson-id].done').count()).toBe(lessons.length)
    await expect.poll(() => page.locator('p.flash[role=status]').count()).toBe(1)
    await checkAccessible(page)
  })
})
