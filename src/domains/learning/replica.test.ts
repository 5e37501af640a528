import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { storeRemoteFact } from '../facts/facts.service.ts'
import { learningEnv, lessonIds, newLearner } from './learning.fixtures.ts'

let env: TestEnv
beforeAll(async () => {
  env = await learningEnv()
})
afterAll(async () => {
  await env?.close()
})

/**
 * A course completed on one node, then the same facts received from another node (a hub's pull,
 * a bundle): the receiving node fills its progress from them but makes no completion of its own;
 * the origin's completion arrives by the same exchange. This node has no upstream, so it is the
 * province, which signs the certificate of a completion made on a hub (decision 0110): one.
 */
describe('learning facts received from another node', () => {
  it('fill the progress and the completion, create no completion here, and the province signs one certificate', async () => {
    const { c, id } = await newLearner(env)
    const ids = await lessonIds(env, 'vneid-basics')
    const at = new Date().toISOString()
    const fact = (kind: string, data: Record<string, unknown>) => ({
      id: uuidv7(),
      kind,
      occurred_at: at,
      data,
    })
    const made = [
      fact('lesson_completed', { lesson_id: ids['01-install'], lang: 'vi' }),
      fact('quiz_attempt', { lesson_id: ids['01-install'], lang: 'vi', answers: { q1: 'a', q2: true } }),
      fact('lesson_completed', { lesson_id: ids['02-register'], lang: 'vi' }),
      fact('quiz_attempt', {
        lesson_id: ids['02-register'],
        lang: 'vi',
        answers: { q1: ['a', 'b'], q2: ['s1', 's2', 's3'], q3: 'a' },
      }),
      fact('lesson_completed', { lesson_id: ids['03-safety'], lang: 'vi' }),
    ]
    expect((await (await c.request('/api/facts', { json: { facts: made } })).json()).rejected).toEqual([])
    const db = env.ctx.db
    const rows = await db
      .selectFrom('facts')
      .selectAll()
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(rows.map((r) => r.kind)).toContain('course_completed')
    const issued = await db.selectFrom('certificates').select('id').where('account_id', '=', id).execute()
    expect(issued).toHaveLength(1)

    // The same person's records as another node holds them: wipe them here, then receive them.
    await db.deleteFrom('certificates').where('account_id', '=', id).execute()
    for (const t of ['learning_progress', 'course_progress', 'learning_events'] as const)
      await db.deleteFrom(t).where('account_id', '=', id).execute()
    await db.deleteFrom('facts').where('subject_id', '=', id).execute()
    await inTransaction(env.ctx, async (tx) => {
      for (const r of rows) await storeRemoteFact(tx, { ...r, origin_node: 'hub-test' })
    })

    const after = await db.selectFrom('facts').select('kind').where('subject_id', '=', id).execute()
    expect(after.map((r) => r.kind).sort()).toEqual(rows.map((r) => r.kind).sort())
    expect(
      await db.selectFrom('certificates').select('id').where('account_id', '=', id).execute(),
    ).toHaveLength(1)
    const cp = await db
      .selectFrom('course_progress')
      .select('completed_at')
      .where('account_id', '=', id)
      .where('course_slug', '=', 'vneid-basics')
      .executeTakeFirstOrThrow()
    expect(cp.completed_at).toBe(at)
  })
})
