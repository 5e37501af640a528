import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEnv } from '../../../test/harness.ts'
import { on } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { learningEnv, lessonIds, newLearner, visibleText } from './learning.fixtures.ts'

let env: TestEnv
const completions: { accountId: string; courseSlug: string; courseTitle?: string }[] = []
on('course.completed', async (_tx, p) => {
  completions.push(p)
})

beforeAll(async () => {
  env = await learningEnv()
})
afterAll(() => env.close())

const factsOf = (accountId: string, kind: string) =>
  env.ctx.db
    .selectFrom('facts')
    .select(['id', 'data'])
    .where('subject_id', '=', accountId)
    .where('kind', '=', kind)
    .execute()

describe('a new learner completes a course, in-process', () => {
  it('signs up, finds the course without diacritics, reads, fails then passes the quizzes, and completes once', async () => {
    const { c, id } = await newLearner(env)
    const found = await (await c.request('/search?q=dang+ky+vneid')).text()
    expect(found).toContain('href="/courses/vneid-basics?lang=vi"')
    expect(found).toMatch(/<mark>Đăng<\/mark> <mark>ký<\/mark> <mark>VNeID<\/mark>/)

    const course = visibleText(await (await c.request('/courses/vneid-basics')).text())
    expect(course).toContain('Đã học 0/3 bài')
    expect(course).toContain('Bắt đầu học: Cài ứng dụng VNeID')

    // Lesson 1: reading it records lesson_opened; "done" records lesson_completed and leads to the quiz.
    const lesson = await c.request('/courses/vneid-basics/01-install')
    expect(lesson.status).toBe(200)
    expect(await factsOf(id, 'lesson_opened')).toHaveLength(1)
    const ids = await lessonIds(env, 'vneid-basics')
    const done = await c.request('/courses/vneid-basics/01-install/done', {
      form: { lesson_id: ids['01-install']!, lang: 'vi' },
    })
    expect(done.headers.get('location')).toBe('/courses/vneid-basics/01-install/quiz')
    const quiz = visibleText(await (await c.request('/courses/vneid-basics/01-install/quiz')).text())
    expect(quiz).toContain('Nên cài VNeID từ đâu?')

    // A wrong attempt: feedback with the explanation of each answer given.
    const fail = await c.request('/courses/vneid-basics/01-install/quiz', {
      form: { lesson_id: ids['01-install']!, lang: 'vi', 'q.q1': 'b', 'q.q2': 'false' },
    })
    expect(fail.status).toBe(303)
    const failPage = visibleText(await (await c.request(fail.headers.get('location')!)).text())
    expect(failPage).toContain('Chưa đạt: đúng 0/2 câu (0%). Cần 70%.')
    expect(failPage).toContain('Không. Link lạ có thể chứa ứng dụng giả.')
    expect(failPage).toContain('Đúng. Kho chính thức là nơi an toàn.')
    expect(failPage).toContain('Làm lại')

    const pass = await c.request('/courses/vneid-basics/01-install/quiz', {
      form: { lesson_id: ids['01-install']!, lang: 'vi', 'q.q1': 'a', 'q.q2': 'true' },
    })
    const passPage = visibleText(await (await c.request(pass.headers.get('location')!)).text())
    expect(passPage).toContain('Đạt! Bạn trả lời đúng 2/2 câu (100%).')
    expect(await factsOf(id, 'lesson_completed')).toHaveLength(1)

    // Lesson 2: multiple choice and order questions.
    await c.request('/courses/vneid-basics/02-register')
    const p2 = await c.request('/courses/vneid-basics/02-register/quiz', {
      form: {
        lesson_id: ids['02-register']!,
        lang: 'vi',
        'q.q1': 'a',
        'q.q2.1': 's1',
        'q.q2.2': 's2',
        'q.q2.3': 's3',
        'q.q3': 'a',
      },
    })
    // The multiple-choice question needs both right choices: 2 of 3 right is 66%, below 70%.
    expect(visibleText(await (await c.request(p2.headers.get('location')!)).text())).toContain('(66%)')
    const body = new URLSearchParams({
      lesson_id: ids['02-register']!,
      lang: 'vi',
      'q.q2.1': 's1',
      'q.q2.2': 's2',
      'q.q2.3': 's3',
      'q.q3': 'a',
    })
    body.append('q.q1', 'a')
    body.append('q.q1', 'b')
    body.set('_csrf', c.csrf!)
    const p2b = await c.request('/courses/vneid-basics/02-register/quiz', {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(visibleText(await (await c.request(p2b.headers.get('location')!)).text())).toContain('(100%)')
    expect(completions.filter((x) => x.accountId === id)).toHaveLength(0)

    // Lesson 3 (no quiz): done on the last lesson completes the course.
    await c.request('/courses/vneid-basics/03-safety')
    const last = await c.request('/courses/vneid-basics/03-safety/done', {
      form: { lesson_id: ids['03-safety']!, lang: 'vi' },
    })
    expect(last.headers.get('location')).toBe('/courses/vneid-basics')
    expect(await factsOf(id, 'course_completed')).toHaveLength(1)
    const mine = completions.filter((x) => x.accountId === id)
    expect(mine).toEqual([
      expect.objectContaining({ courseSlug: 'vneid-basics', courseTitle: 'Đăng ký VNeID trên điện thoại' }),
    ])

    // Doing it again changes nothing: completion is made once.
    await c.request('/courses/vneid-basics/03-safety/done', {
      form: { lesson_id: ids['03-safety']!, lang: 'vi' },
    })
    expect(await factsOf(id, 'course_completed')).toHaveLength(1)
    expect(completions.filter((x) => x.accountId === id)).toHaveLength(1)

    const page = visibleText(await (await c.request('/courses/vneid-basics')).text())
    expect(page).toContain('Bạn đã hoàn thành khóa học ngày')
    expect(page).toContain('Đã học 3/3 bài')
    const my = visibleText(await (await c.request('/my')).text())
    expect(my).toContain('Đã hoàn thành Đăng ký VNeID trên điện thoại')
  })

  it('refuses an incomplete quiz form, naming what is missing, and records nothing', async () => {
    const { c, id } = await newLearner(env)
    const ids = await lessonIds(env, 'vneid-basics')
    const res = await c.request('/courses/vneid-basics/01-install/quiz', {
      form: { lesson_id: ids['01-install']!, lang: 'vi', 'q.q1': 'a' },
    })
    expect(res.status).toBe(400)
    const html = visibleText(await res.text())
    expect(html).toContain('Bạn chưa trả lời hết các câu hỏi')
    expect(html).toContain('Hãy trả lời câu này.')
    expect(await factsOf(id, 'quiz_attempt')).toHaveLength(0)
  })

  it('refuses a "done" that names another lesson, and records nothing', async () => {
    const { c, id } = await newLearner(env)
    const ids = await lessonIds(env, 'vneid-basics')
    const res = await c.request('/courses/vneid-basics/01-install/done', {
      form: { lesson_id: ids['03-safety']!, lang: 'vi' },
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('lesson_id: is not a version of lesson vneid-basics/01-install')
    const bad = await c.request('/courses/vneid-basics/01-install/done', {
      form: { lesson_id: 'x', lang: 'xx' },
    })
    expect(bad.status).toBe(400)
    expect(await factsOf(id, 'lesson_completed')).toHaveLength(0)
  })

  it('resumes where the learner left off, and shows it in "my learning"', async () => {
    const { c } = await newLearner(env)
    await c.request('/courses/vneid-basics/02-register')
    const page = visibleText(await (await c.request('/courses/vneid-basics')).text())
    expect(page).toContain('Học tiếp: Đăng ký tài khoản mức 1')
    const my = visibleText(await (await c.request('/my')).text())
    expect(my).toContain('Đang học')
    expect(my).toContain('Học tiếp: Đăng ký tài khoản mức 1')
  })

  it('keeps lessons of a sequential course locked until the previous one is done', async () => {
    const { c, id } = await newLearner(env)
    const locked = visibleText(await (await c.request('/courses/market-sales/02-check-money')).text())
    expect(locked).toContain('Bài này chưa mở')
    expect(await factsOf(id, 'lesson_opened')).toHaveLength(0)
    expect(visibleText(await (await c.request('/courses/market-sales')).text())).toContain(
      'Kiểm tra tiền đã về Chưa mở',
    )
    const ids = await lessonIds(env, 'market-sales')
    await c.request('/courses/market-sales/01-show-qr/done', {
      form: { lesson_id: ids['01-show-qr']!, lang: 'vi' },
    })
    const open = visibleText(await (await c.request('/courses/market-sales/02-check-money')).text())
    expect(open).toContain('Mở ứng dụng ngân hàng')
  })

  it('sends readers who are not signed in to sign in before recording anything', async () => {
    const { Client } = await import('../../../test/harness.ts')
    const c = new Client(env.app)
    const page = visibleText(await (await c.request('/courses/vneid-basics/01-install')).text())
    expect(page).toContain('Cài ứng dụng VNeID')
    expect(page).toContain('để lưu tiến độ học của bạn')
    const res = await c.request('/courses/vneid-basics/01-install/done', {
      form: { lesson_id: uuidv7(), lang: 'vi' },
    })
    expect(res.headers.get('location')).toBe('/login?back=%2Fcourses%2Fvneid-basics%2F01-install')
  })
})

describe('learning facts through POST /api/facts', () => {
  it('stores the same fact once however often it is sent, and refuses the same id with another body (409)', async () => {
    const { c, id } = await newLearner(env)
    const ids = await lessonIds(env, 'vneid-basics')
    const f = {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: new Date().toISOString(),
      data: { lesson_id: ids['03-safety'], lang: 'vi' },
    }
    for (let i = 0; i < 3; i++) {
      const r = await (await c.request('/api/facts', { json: { facts: [f] } })).json()
      expect(r).toEqual({ stored: [f.id], rejected: [] })
    }
    expect(await factsOf(id, 'lesson_completed')).toHaveLength(1)
    const events = await env.ctx.db
      .selectFrom('learning_events')
      .select('fact_id')
      .where('fact_id', '=', f.id)
      .execute()
    expect(events).toHaveLength(1)
    const other = await (
      await c.request('/api/facts', { json: { facts: [{ ...f, data: { ...f.data, lang: 'fr' } }] } })
    ).json()
    expect(other.rejected).toEqual([
      {
        id: f.id,
        status: 409,
        code: 'conflict',
        message: `id: ${f.id} was already stored with a different body`,
      },
    ])
  })

  it('scores a quiz attempt on the server and ignores nothing the client may not send', async () => {
    const { c, id } = await newLearner(env)
    const ids = await lessonIds(env, 'vneid-basics')
    const at = new Date().toISOString()
    const good = {
      id: uuidv7(),
      kind: 'quiz_attempt',
      occurred_at: at,
      data: { lesson_id: ids['01-install'], lang: 'fr', answers: { q1: 'a', q2: false } },
    }
    const withScore = { ...good, id: uuidv7(), data: { ...good.data, score: 100 } }
    const unknown = { ...good, id: uuidv7(), data: { ...good.data, answers: { q9: 'a', q1: 'z' } } }
    const completion = {
      id: uuidv7(),
      kind: 'course_completed',
      occurred_at: at,
      data: { course: 'vneid-basics', lang: 'vi' },
    }
    const r = await (
      await c.request('/api/facts', { json: { facts: [good, withScore, unknown, completion] } })
    ).json()
    expect(r.stored).toEqual([good.id])
    expect(r.rejected.map((x: { status: number; message: string }) => [x.status, x.message])).toEqual([
      [400, 'data.score: unknown field'],
      [400, 'answers.q9: no such question; answers.q1: unknown choice z'],
      [403, 'kind: course_completed is recorded by the server when a course is completed'],
    ])
    const ev = await env.ctx.db
      .selectFrom('learning_events')
      .selectAll()
      .where('fact_id', '=', good.id)
      .executeTakeFirstOrThrow()
    expect([ev.score, ev.correct, ev.total, ev.passed, ev.account_id]).toEqual([50, 1, 2, 0, id])
  })

  it('refuses facts about a lesson that does not exist, and anonymous ones', async () => {
    const { c } = await newLearner(env)
    const f = {
      id: uuidv7(),
      kind: 'lesson_opened',
      occurred_at: new Date().toISOString(),
      data: { lesson_id: uuidv7(), lang: 'vi' },
    }
    const r = await (await c.request('/api/facts', { json: { facts: [f] } })).json()
    expect(r.rejected[0]).toMatchObject({ status: 404, code: 'not_found' })
    const { Client } = await import('../../../test/harness.ts')
    // Signed out: refused at the door, before the batch is even read.
    const anon = await new Client(env.app).request('/api/facts', { json: { facts: [f] } })
    expect(anon.status).toBe(401)
    expect((await anon.json()).error).toMatchObject({
      code: 'unauthenticated',
      message: 'sign in to continue',
    })
  })
})
