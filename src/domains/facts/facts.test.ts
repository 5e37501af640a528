import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { AppError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { currentUserByLogin } from '../people/people.service.ts'
import { recordFact, registerFactKind } from './facts.service.ts'

// A fact kind used only by this test: any signed-in person may note a number about themselves.
registerFactKind({
  kind: 'test_note',
  data: z.object({ n: z.number().int().min(0) }).strict(),
  authorize: async (_ctx, user) => {
    if (!user)
      throw new (await import('../../core/errors.ts')).AppError('unauthenticated', 'sign in to continue')
    return { subjectId: user.id, placeCode: user.placeCode }
  },
})

// Another: its check writes a mark before it decides, so a refusal must take that back too.
registerFactKind({
  kind: 'test_checked',
  data: z.object({ n: z.number().int() }).strict(),
  authorize: async (tx, user, d) => {
    await tx.db
      .insertInto('meta')
      .values({ key: `test_checked:${d.n}`, value: 'checked' })
      .execute()
    if (d.n > 10) throw new AppError('validation', 'n: at most 10')
    return { subjectId: user!.id, placeCode: user!.placeCode }
  },
})

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
})
afterAll(() => env.close())

const fact = (n: number, id = uuidv7()) => ({
  id,
  kind: 'test_note',
  occurred_at: new Date().toISOString(),
  data: { n },
})

describe('POST /api/facts', () => {
  it('stores a batch once, however often it is sent', async () => {
    const c = new Client(env.app)
    await c.login('learner')
    const batch = [fact(1), fact(2), fact(3)]
    const first = await (await c.request('/api/facts', { json: { facts: batch } })).json()
    expect(first.stored).toEqual(batch.map((f) => f.id))
    const again = await (await c.request('/api/facts', { json: { facts: batch } })).json()
    expect(again).toEqual({ stored: batch.map((f) => f.id), rejected: [] })
    const rows = await env.ctx.db
      .selectFrom('facts')
      .select(['id', 'seq'])
      .where(
        'id',
        'in',
        batch.map((f) => f.id),
      )
      .execute()
    expect(rows).toHaveLength(3)
    expect(new Set(rows.map((r) => r.seq)).size).toBe(3)
  })

  it('refuses the same id with another body with 409 and keeps the first', async () => {
    const c = new Client(env.app)
    await c.login('learner')
    const f = fact(5)
    await c.request('/api/facts', { json: { facts: [f] } })
    const res = await (await c.request('/api/facts', { json: { facts: [{ ...f, data: { n: 6 } }] } })).json()
    expect(res.stored).toEqual([])
    expect(res.rejected).toEqual([
      {
        id: f.id,
        status: 409,
        code: 'conflict',
        message: `id: ${f.id} was already stored with a different body`,
      },
    ])
    const row = await env.ctx.db
      .selectFrom('facts')
      .select('data')
      .where('id', '=', f.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(row.data)).toEqual({ n: 5 })
  })

  it('rejects bad facts one by one, naming the field, and stores the good ones', async () => {
    const c = new Client(env.app)
    await c.login('learner')
    const good = fact(7)
    const res = await (
      await c.request('/api/facts', {
        json: {
          facts: [
            good,
            { ...fact(1), data: { n: -1 } },
            { ...fact(1), kind: 'nope' },
            { ...fact(1), id: 'not-a-uuid' },
          ],
        },
      })
    ).json()
    expect(res.stored).toEqual([good.id])
    expect(res.rejected.map((r: { message: string }) => r.message)).toEqual([
      'data.n: Too small: expected number to be >=0',
      'kind: unknown kind "nope"',
      'id: must be a lowercase UUIDv7',
    ])
  })

  it('refuses an anonymous batch at the door, and malformed batches', async () => {
    const anonymous = new Client(env.app)
    const res = await anonymous.request('/api/facts', { json: { facts: [fact(1)] } })
    expect(res.status).toBe(401)
    expect((await res.json()).error.message).toBe('sign in to continue')
    const c = new Client(env.app)
    await c.login('learner')
    const malformed = await c.request('/api/facts', {
      body: '[',
      headers: { 'content-type': 'application/json' },
    })
    expect(malformed.status).toBe(400)
    const empty = await c.request('/api/facts', { json: { facts: [] } })
    expect((await empty.json()).error.message).toBe('facts: must hold at least one fact')
  })

  it('a fact made on the server alone is stored once with its check, or refused with nothing written', async () => {
    const user = (await currentUserByLogin(env.ctx, 'learner'))!
    const marks = async (n: number) =>
      (await env.ctx.db.selectFrom('meta').select('key').where('key', '=', `test_checked:${n}`).execute())
        .length
    const stored = await recordFact(env.ctx, user, 'test_checked', { n: 3 })
    expect(await env.ctx.db.selectFrom('facts').select('id').where('id', '=', stored).execute()).toHaveLength(
      1,
    )
    expect(await marks(3)).toBe(1)
    const before = await env.ctx.db.selectFrom('facts').select('id').execute()
    await expect(recordFact(env.ctx, user, 'test_checked', { n: 11 })).rejects.toThrow('n: at most 10')
    expect(await env.ctx.db.selectFrom('facts').select('id').execute()).toEqual(before)
    expect(await marks(11)).toBe(0)
  })
})
