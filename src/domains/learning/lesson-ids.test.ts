import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { migrateToLatest } from '../../core/migrations.ts'
import { lessonVersionId } from './content.import.ts'
import { learningEnv, lessonIds, newLearner } from './learning.fixtures.ts'

let a: TestEnv
let b: TestEnv
beforeAll(async () => {
  a = await learningEnv()
  b = await learningEnv()
})
afterAll(async () => {
  await a?.close()
  await b?.close()
})

describe('lesson version ids', () => {
  it('are the same on two nodes that imported the same content, so a fact made on one applies on the other', async () => {
    const onA = await lessonIds(a, 'vneid-basics')
    expect(Object.keys(onA).length).toBeGreaterThan(1)
    expect(await lessonIds(b, 'vneid-basics')).toEqual(onA)
    const { c } = await newLearner(b)
    const f = {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: new Date().toISOString(),
      data: { lesson_id: onA['03-safety'], lang: 'vi' },
    }
    expect(await (await c.request('/api/facts', { json: { facts: [f] } })).json()).toEqual({
      stored: [f.id],
      rejected: [],
    })
  })

  it('are re-keyed on an older database, and facts naming the old id still find their lesson', async () => {
    const ids = await lessonIds(a, 'vneid-basics')
    const current = ids['03-safety']!
    const row = await a.ctx.db
      .selectFrom('lessons')
      .select(['course_slug', 'lesson_key', 'hash'])
      .where('id', '=', current)
      .executeTakeFirstOrThrow()
    expect(current).toBe(lessonVersionId(row.course_slug, row.lesson_key, row.hash))
    // A learner with progress on that lesson, then the database as it was before migration 0013:
    // a random id in the lesson and every table that holds it.
    const { c, id: learner } = await newLearner(a)
    const opened = {
      id: uuidv7(),
      kind: 'lesson_opened',
      occurred_at: new Date().toISOString(),
      data: { lesson_id: current, lang: 'vi' },
    }
    await c.request('/api/facts', { json: { facts: [opened] } })
    const old = uuidv7()
    const db = a.ctx.db
    await db.updateTable('lessons').set({ id: old }).where('id', '=', current).execute()
    for (const t of ['lesson_texts', 'lesson_quizzes', 'learning_progress', 'learning_events'] as const)
      await db.updateTable(t).set({ lesson_id: old }).where('lesson_id', '=', current).execute()
    await db.schema.dropTable('lesson_aliases').execute()
    await sql`delete from ${sql.table(a.ctx.handle.schema ? `${a.ctx.handle.schema}.kysely_migration` : 'kysely_migration')} where name = '0013-lesson-ids'`.execute(
      db,
    )

    expect(await migrateToLatest(db, a.ctx.handle.schema)).toEqual(['0013-lesson-ids'])
    expect((await lessonIds(a, 'vneid-basics'))['03-safety']).toBe(current)
    for (const t of ['lesson_texts', 'lesson_quizzes', 'learning_progress', 'learning_events'] as const) {
      const left = await db.selectFrom(t).select('lesson_id').where('lesson_id', '=', old).execute()
      expect(left, t).toEqual([])
    }
    const progress = await db
      .selectFrom('learning_progress')
      .select(['lesson_id', 'first_opened_at'])
      .where('account_id', '=', learner)
      .where('lesson_key', '=', '03-safety')
      .executeTakeFirstOrThrow()
    expect(progress.lesson_id).toBe(current)
    expect(progress.first_opened_at).not.toBeNull()
    // A phone's outbox still holding a fact with the old id: stored, and it completes the lesson.
    const done = {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: new Date().toISOString(),
      data: { lesson_id: old, lang: 'vi' },
    }
    expect(await (await c.request('/api/facts', { json: { facts: [done] } })).json()).toEqual({
      stored: [done.id],
      rejected: [],
    })
    const after = await db
      .selectFrom('learning_progress')
      .select('completed_at')
      .where('account_id', '=', learner)
      .where('lesson_key', '=', '03-safety')
      .executeTakeFirstOrThrow()
    expect(after.completed_at).not.toBeNull()
  })
})
