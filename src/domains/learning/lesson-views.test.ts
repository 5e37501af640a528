import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { course, person } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { rollupRows } from '../../../test/rollups.ts'
import { runDeferred } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'
import { recordFact } from '../facts/facts.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { openedLessons, touchCourses } from './progress.store.ts'

/**
 * Decision 0202: the lesson_opened facts of views made at the same moment are written in one
 * transaction, each view answered after that commit. Whatever the grouping, every view's fact is
 * stored exactly once with its effects, and a fact refused in a group is refused alone.
 */
let env: TestEnv
let slug: string
let keys: string[]
const learners: Awaited<ReturnType<typeof person>>[] = []

beforeAll(async () => {
  env = await testEnv()
  const c = await course(env.ctx, { lessons: 2 })
  slug = c.slug
  keys = c.lessons
  for (let i = 0; i < 12; i++) learners.push(await person(env.ctx, { role: 'learner', place: PROVINCE_CODE }))
}, 120_000)
afterAll(() => env.close())

const factsOf = (subject: string) =>
  env.ctx.db
    .selectFrom('facts')
    .select(['id', 'kind', 'data'])
    .where('kind', '=', 'lesson_opened')
    .where('subject_id', '=', subject)
    .execute()

const rollups = () => rollupRows(env.ctx)

describe('lesson views written in groups (decision 0202)', () => {
  it('twelve people opening lessons at once: each view answered with the page, its fact stored once with its progress', async () => {
    const clients = await Promise.all(
      learners.map(async (l) => {
        const c = new Client(env.app)
        await c.login(l.login, l.password)
        return c
      }),
    )
    // Everyone at once, twice (the first and then the second lesson).
    for (const key of keys) {
      const pages = await Promise.all(clients.map((c) => c.request(`/courses/${slug}/${key}`)))
      for (const p of pages) {
        expect(p.status).toBe(200)
        expect(await p.text()).toContain('name="lesson_id"')
      }
    }
    for (const l of learners) {
      const facts = await factsOf(l.id)
      expect(facts).toHaveLength(2)
      const progress = await env.ctx.db
        .selectFrom('learning_progress')
        .select(['lesson_key', 'first_opened_at'])
        .where('account_id', '=', l.id)
        .orderBy('lesson_key')
        .execute()
      expect(progress.map((p) => p.lesson_key)).toEqual(keys)
      expect(progress.every((p) => p.first_opened_at !== null)).toBe(true)
      const events = await env.ctx.db
        .selectFrom('learning_events')
        .select('fact_id')
        .where('account_id', '=', l.id)
        .execute()
      expect(events.map((e) => e.fact_id).sort()).toEqual(facts.map((f) => f.id).sort())
    }
    // The rollups, made after the answers, are what a rebuild from the facts gives.
    await runDeferred(env.ctx)
    const incremental = await rollups()
    expect(incremental.rollups.length).toBeGreaterThan(0)
    await rebuildRollups(env.ctx)
    expect(await rollups()).toEqual(incremental)
  })

  it('a fact refused in a group is refused alone; the others of its moment are stored once', async () => {
    const lesson = await env.ctx.db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', slug)
      .where('lesson_key', '=', keys[0]!)
      .executeTakeFirstOrThrow()
    const before = await Promise.all(learners.map((l) => factsOf(l.id)))
    const users = await Promise.all(learners.map((l) => l.user()))
    const missing = uuidv7()
    // Started in one turn of the event loop, so they go in one group; the sixth names no lesson.
    const results = await Promise.allSettled(
      users.map((u, i) =>
        recordFact(
          env.ctx,
          u,
          'lesson_opened',
          { lesson_id: i === 5 ? missing : lesson.id, lang: 'vi' },
          { deferRollups: true, grouped: true },
        ),
      ),
    )
    const refused = results[5]!
    expect(refused.status).toBe('rejected')
    expect((refused as PromiseRejectedResult).reason.message).toContain(`lesson_id: lesson ${missing}`)
    for (const [i, l] of learners.entries()) {
      const now = await factsOf(l.id)
      if (i === 5) {
        expect(now).toHaveLength(before[i]!.length)
        continue
      }
      const r = results[i]!
      expect(r.status).toBe('fulfilled')
      const id = (r as PromiseFulfilledResult<string>).value
      expect(now).toHaveLength(before[i]!.length + 1)
      expect(now.filter((f) => f.id === id)).toHaveLength(1)
    }
    // This node's facts are numbered 1, 2, 3… without a gap or a repeat (sync pages follow the
    // numbers): a group takes its numbers at once, and a group undone gives them back.
    const seqs = await env.ctx.db
      .selectFrom('facts')
      .select('seq')
      .where('origin_node', '=', env.ctx.nodeId)
      .orderBy('seq')
      .execute()
    expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1))
  })

  it('views that arrive out of order: first and last opening per lesson, start and latest lesson per course', async () => {
    const who = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    const user = await who.user()
    const ids = await env.ctx.db
      .selectFrom('lessons')
      .select(['id', 'lesson_key'])
      .where('course_slug', '=', slug)
      .where('current', '=', 1 as never)
      .execute()
    const id = (key: string) => ids.find((l) => l.lesson_key === key)!.id
    const now = env.ctx.now().getTime()
    const ago = (min: number) => new Date(now - min * 60_000).toISOString()
    const [k1, k2] = keys as [string, string]
    for (const [key, min] of [
      [k1, 30],
      [k1, 50],
      [k2, 40],
      [k2, 10],
      [k1, 20],
    ] as const)
      await recordFact(
        env.ctx,
        user,
        'lesson_opened',
        { lesson_id: id(key), lang: 'vi' },
        { occurredAt: ago(min) },
      )
    const rows = await env.ctx.db
      .selectFrom('learning_progress')
      .select(['lesson_key', 'first_opened_at', 'last_opened_at'])
      .where('account_id', '=', who.id)
      .orderBy('lesson_key')
      .execute()
    expect(rows).toEqual([
      { lesson_key: k1, first_opened_at: ago(50), last_opened_at: ago(20) },
      { lesson_key: k2, first_opened_at: ago(40), last_opened_at: ago(10) },
    ])
    const courseRow = await env.ctx.db
      .selectFrom('course_progress')
      .select(['started_at', 'last_activity_at', 'last_lesson_key'])
      .where('account_id', '=', who.id)
      .executeTakeFirstOrThrow()
    expect(courseRow).toEqual({ started_at: ago(50), last_activity_at: ago(10), last_lesson_key: k2 })
  })

  it('one person opening the same lessons several times in one group: the same rows as one at a time', async () => {
    const ids = await env.ctx.db
      .selectFrom('lessons')
      .select(['id', 'lesson_key'])
      .where('course_slug', '=', slug)
      .where('current', '=', 1 as never)
      .execute()
    const id = (key: string) => ids.find((l) => l.lesson_key === key)!.id
    const now = env.ctx.now().getTime()
    const ago = (min: number) => new Date(now - min * 60_000).toISOString()
    const [k1, k2] = keys as [string, string]
    const views = [
      [k1, 30],
      [k1, 50],
      [k2, 40],
      [k2, 10],
      [k1, 20],
      [k2, 10],
    ] as const
    const one = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    const many = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    const rowsOf = async (accountId: string) => ({
      lessons: await env.ctx.db
        .selectFrom('learning_progress')
        .select(['lesson_key', 'lesson_id', 'first_opened_at', 'last_opened_at', 'quiz_attempts'])
        .where('account_id', '=', accountId)
        .orderBy('lesson_key')
        .execute(),
      course: await env.ctx.db
        .selectFrom('course_progress')
        .select(['started_at', 'last_activity_at', 'last_lesson_key', 'completed_at'])
        .where('account_id', '=', accountId)
        .execute(),
      events: (
        await env.ctx.db
          .selectFrom('learning_events')
          .select(['lesson_key', 'occurred_at'])
          .where('account_id', '=', accountId)
          .execute()
      )
        .map((e) => `${e.lesson_key} ${e.occurred_at}`)
        .sort(),
    })
    const oneUser = await one.user()
    for (const [key, min] of views)
      await recordFact(
        env.ctx,
        oneUser,
        'lesson_opened',
        { lesson_id: id(key), lang: 'vi' },
        { occurredAt: ago(min) },
      )
    const manyUser = await many.user()
    // Started in one turn of the event loop: one group, the same lesson twice and more in it.
    const stored = await Promise.all(
      views.map(([key, min]) =>
        recordFact(
          env.ctx,
          manyUser,
          'lesson_opened',
          { lesson_id: id(key), lang: 'vi' },
          { occurredAt: ago(min), deferRollups: true, grouped: true },
        ),
      ),
    )
    expect(new Set(stored).size).toBe(views.length)
    expect((await factsOf(many.id)).length).toBe(views.length)
    const grouped = await rowsOf(many.id)
    expect(grouped.lessons).toHaveLength(2)
    expect(grouped.events).toHaveLength(views.length)
    expect(grouped).toEqual(await rowsOf(one.id))
    // The same rows written by the batched statements themselves, which PostgreSQL would refuse if
    // a statement touched one row twice (a failed group is stored again one fact at a time).
    const direct = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    const opened = views.map(([key, min]) => ({
      account_id: direct.id,
      course_slug: slug,
      lesson_key: key,
      lesson_id: id(key),
      at: ago(min),
      now: ago(0),
    }))
    await openedLessons(env.ctx.db, opened)
    await touchCourses(env.ctx.db, opened)
    const rows = await rowsOf(direct.id)
    expect(rows.lessons).toEqual(grouped.lessons)
    expect(rows.course).toEqual(grouped.course)
  })
})
