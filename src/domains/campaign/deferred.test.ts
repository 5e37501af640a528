import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../../test/harness.ts'
import { rollupRows } from '../../../test/rollups.ts'
import { deferringHooks, runDeferred } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { storeFact } from '../facts/facts.service.ts'
import { campaignFixture, type Fixture, NOW } from './campaign.fixtures.ts'
import { cells, Register } from './dashboard.service.ts'
import { rebuildRollups } from './rollup.service.ts'

/**
 * Decision 0191: a signed-in lesson view stores its fact in the request and queues the rollups,
 * which are made right after the answer, or by whoever reads a figure first. The rollups must
 * always come back to exactly what a rebuild from the facts gives, also after a process died
 * between storing and rolling up.
 */
let f: Fixture
beforeAll(async () => {
  f = await campaignFixture()
}, 60_000)
afterAll(() => f.env.close())

const snapshot = rollupRows

const pending = async () =>
  (await f.env.ctx.db.selectFrom('campaign_pending').select('fact_id').execute()).map((r) => r.fact_id)

/** What learner3's last learning activity is, as the rollups hold it. */
const lastActivity = async () =>
  (
    await f.env.ctx.db
      .selectFrom('campaign_markers')
      .select('at')
      .where('key', '=', f.users.l3!.id)
      .where('indicator', '=', 'learners_active')
      .executeTakeFirst()
  )?.at

describe('rollups made after the answer (decision 0191)', () => {
  it('a signed-in lesson view stores its fact in the request; its rollups follow and equal a rebuild', async () => {
    f.at(NOW)
    const lesson = await f.env.ctx.db
      .selectFrom('lessons')
      .select(['id', 'lesson_key'])
      .where('course_slug', '=', 'officials-short')
      .executeTakeFirstOrThrow()
    const c = new Client(f.env.app)
    await c.login('learner2', 'demo1234')
    const res = await c.request(`/courses/officials-short/${lesson.lesson_key}`)
    expect(res.status).toBe(200)
    const opened = await f.env.ctx.db
      .selectFrom('facts')
      .select('id')
      .where('kind', '=', 'lesson_opened')
      .where('subject_id', '=', f.users.l2!.id)
      .where('occurred_at', '=', NOW)
      .execute()
    expect(opened).toHaveLength(1)
    await runDeferred(f.env.ctx)
    expect(await pending()).toEqual([])
    const live = await snapshot(f.env.ctx)
    expect(live.markers.some((m) => m.includes(opened[0]!.id))).toBe(true)
    await rebuildRollups(f.env.ctx)
    expect(await snapshot(f.env.ctx)).toEqual(live)
  })

  it('views in quick succession are rolled up by the process itself shortly after, with no reader, as a rebuild would', async () => {
    const lessons = await f.env.ctx.db
      .selectFrom('lessons')
      .select('lesson_key')
      .where('course_slug', '=', 'officials-short')
      .execute()
    const c = new Client(f.env.app)
    await c.login('learner1', 'demo1234')
    for (const l of lessons)
      expect((await c.request(`/courses/officials-short/${l.lesson_key}`)).status).toBe(200)
    // Nobody reads a figure: the run the views scheduled takes them, in one batch or a few.
    const until = Date.now() + 20_000
    while ((await pending()).length && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    expect(await pending()).toEqual([])
    const live = await snapshot(f.env.ctx)
    await rebuildRollups(f.env.ctx)
    expect(await snapshot(f.env.ctx)).toEqual(live)
  })

  it('facts queued by a process that died before rolling them up are rolled up by the next reader, once', async () => {
    const lesson = await f.env.ctx.db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', 'officials-short')
      .executeTakeFirstOrThrow()
    const before = await lastActivity()
    // As the lesson view does, but the process stops right after the commit: nothing drains.
    const later = new Date(Date.parse(NOW) + 3_600_000).toISOString()
    const ids: string[] = []
    await inTransaction(f.env.ctx, (tx) =>
      deferringHooks(tx, async () => {
        for (const [i, who] of [f.users.l3!, f.users.l3!, f.users.l1!].entries()) {
          const fact = {
            id: uuidv7(),
            kind: 'lesson_opened',
            originNode: f.env.ctx.nodeId,
            actorId: who.id,
            subjectId: who.id,
            placeCode: who.placeCode,
            occurredAt: new Date(Date.parse(later) + i * 60_000).toISOString(),
            recordedAt: later,
            data: { lesson_id: lesson.id, lang: 'vi' },
            corrects: null,
          }
          await storeFact(tx, fact)
          ids.push(fact.id)
        }
      }),
    )
    expect((await pending()).sort()).toEqual([...ids].sort())
    // Stored, not yet counted.
    expect(await lastActivity()).toBe(before)
    // The next process to read a figure rolls the queue up first.
    const reg = await Register.load(f.env.ctx)
    await cells(f.env.ctx, reg, ['11'], ['learners'])
    expect(await pending()).toEqual([])
    expect(await lastActivity()).toBe(new Date(Date.parse(later) + 60_000).toISOString())
    const live = await snapshot(f.env.ctx)
    // Draining again finds nothing and changes nothing; a rebuild gives the same tables.
    await runDeferred(f.env.ctx)
    expect(await snapshot(f.env.ctx)).toEqual(live)
    await rebuildRollups(f.env.ctx)
    expect(await snapshot(f.env.ctx)).toEqual(live)
  })

  it('a rebuild takes the queued facts with the others and empties the queue', async () => {
    const lesson = await f.env.ctx.db
      .selectFrom('lessons')
      .select('id')
      .where('course_slug', '=', 'officials-short')
      .executeTakeFirstOrThrow()
    await inTransaction(f.env.ctx, (tx) =>
      deferringHooks(tx, async () => {
        const fact = {
          id: uuidv7(),
          kind: 'lesson_opened',
          originNode: f.env.ctx.nodeId,
          actorId: f.users.l2!.id,
          subjectId: f.users.l2!.id,
          placeCode: f.users.l2!.placeCode,
          occurredAt: new Date(Date.parse(NOW) + 7_200_000).toISOString(),
          recordedAt: NOW,
          data: { lesson_id: lesson.id, lang: 'vi' },
          corrects: null,
        }
        await storeFact(tx, fact)
      }),
    )
    expect(await pending()).toHaveLength(1)
    await rebuildRollups(f.env.ctx)
    expect(await pending()).toEqual([])
    const rebuilt = await snapshot(f.env.ctx)
    await runDeferred(f.env.ctx)
    expect(await snapshot(f.env.ctx)).toEqual(rebuilt)
  })
})
