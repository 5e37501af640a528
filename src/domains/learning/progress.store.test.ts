import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { course, person } from '../../../test/factories.ts'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { recordFact } from '../facts/facts.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { courseAndLessonsOf, openedLessons, progressOf } from './progress.store.ts'

/**
 * A signed-in course or lesson page reads the person's progress on the course and on its lessons
 * in one query (decision 0208): it must give exactly what the two tables hold, in every state.
 */
let env: TestEnv
let slug: string
let keys: string[]

beforeAll(async () => {
  env = await testEnv()
  const c = await course(env.ctx, { lessons: 3 })
  slug = c.slug
  keys = c.lessons
}, 120_000)
afterAll(() => env.close())

const lessonId = async (key: string) =>
  (
    await env.ctx.db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', slug)
      .where('lesson_key', '=', key)
      .where('current', '=', 1)
      .executeTakeFirstOrThrow()
  ).id

const courseRow = (accountId: string) =>
  env.ctx.db
    .selectFrom('course_progress')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('course_slug', '=', slug)
    .executeTakeFirst()

const byKey = <T extends { lesson_key: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.lesson_key.localeCompare(b.lesson_key))

describe('a person’s progress on a course and its lessons, in one read', () => {
  it('is empty for someone who never opened the course', async () => {
    const p = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    expect(await courseAndLessonsOf(env.ctx.db, p.id, slug)).toEqual({ course: undefined, lessons: [] })
  })

  it('gives the course row and every lesson row, as the tables hold them', async () => {
    const p = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    const u = await p.user()
    for (const key of [keys[0]!, keys[1]!]) {
      const id = await lessonId(key)
      await recordFact(env.ctx, u, 'lesson_opened', { lesson_id: id, lang: 'vi' })
    }
    await recordFact(env.ctx, u, 'lesson_completed', { lesson_id: await lessonId(keys[0]!), lang: 'vi' })
    const both = await courseAndLessonsOf(env.ctx.db, p.id, slug)
    expect(both.course).toEqual(await courseRow(p.id))
    expect(both.course?.last_lesson_key).toBe(keys[0])
    expect(byKey(both.lessons)).toEqual(byKey(await progressOf(env.ctx.db, p.id, slug)))
    expect(both.lessons).toHaveLength(2)
    expect(both.lessons.find((l) => l.lesson_key === keys[0])?.completed_at).not.toBeNull()
  })

  it('gives lesson rows even when the course row is missing (rows arrived by sync in any order)', async () => {
    const p = await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })
    const at = new Date().toISOString()
    await openedLessons(env.ctx.db, [
      {
        account_id: p.id,
        course_slug: slug,
        lesson_key: keys[2]!,
        lesson_id: await lessonId(keys[2]!),
        at,
        now: at,
      },
    ])
    const both = await courseAndLessonsOf(env.ctx.db, p.id, slug)
    expect(both.course).toBeUndefined()
    expect(both.lessons).toEqual(await progressOf(env.ctx.db, p.id, slug))
    expect(both.lessons.map((l) => l.lesson_key)).toEqual([keys[2]])
  })
})
