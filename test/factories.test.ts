import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_VILLAGE } from '../src/domains/demo/demo.seed.ts'
import { generateDemoVillages } from '../src/domains/places/demo-villages.ts'
import { loadUnits } from '../src/domains/places/units.ts'
import { course, demoPeople, fact, person, villages } from './factories.ts'
import { Client, type TestEnv, testEnv } from './harness.ts'

/** The factories build what they say, as the whole demo would have built it. */
let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
})
afterAll(() => env.close())

describe('test factories', () => {
  it('make the demo villages of one commune only, with the codes and names of the whole demo', async () => {
    const all = generateDemoVillages(loadUnits().units).filter((v) => v.communeCode === '3166')
    const rows = await env.ctx.db
      .selectFrom('places')
      .select(['code', 'name'])
      .where('kind', '=', 'village')
      .orderBy('code')
      .execute()
    expect(rows).toEqual(all.map((v) => ({ code: v.code, name: v.name })))
    expect(rows.map((r) => r.code)).toContain(DEMO_VILLAGE)
    expect(await villages(env.ctx, ['3166'])).toEqual(all.map((v) => v.code))
  })

  it('make the demo accounts, who sign in with demo1234 and land on their daily work', async () => {
    const res = await new Client(env.app).login('officer')
    expect(res.headers.get('location')).toBe('/dashboard')
    expect((await new Client(env.app).login('learner')).headers.get('location')).toBe('/courses')
  })

  it('make a person with a role in a place, who signs in with the test password', async () => {
    const p = await person(env.ctx, { role: 'ambassador', place: '3166-002' })
    const c = new Client(env.app)
    await c.login(p.login, p.password)
    const user = await p.user()
    expect(user.roles).toMatchObject([{ role: 'ambassador', scopeCode: '3166-002' }])
  })

  it('make a course with N lessons that a learner finds in the catalogue', async () => {
    const { slug, lessons } = await course(env.ctx, { lessons: 3 })
    expect(lessons).toEqual(['01-lesson', '02-lesson', '03-lesson'])
    const c = new Client(env.app)
    await c.login('learner')
    const page = await (await c.request(`/courses/${slug}`)).text()
    for (const n of [1, 2, 3]) expect(page).toContain(`Bài ${n}`)
  })

  it('record a fact of a kind as a person would', async () => {
    const p = await person(env.ctx, { role: 'learner', place: DEMO_VILLAGE })
    const { slug } = await course(env.ctx, { lessons: 1 })
    const lesson = await env.ctx.db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', slug)
      .executeTakeFirstOrThrow()
    const id = await fact(env.ctx, await p.user(), 'lesson_completed', { lesson_id: lesson.id, lang: 'vi' })
    const row = await env.ctx.db
      .selectFrom('facts')
      .select(['kind'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.kind).toBe('lesson_completed')
  })
})
