import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { AppError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { registerFactKind, storeRemoteFact } from './facts.service.ts'

// Issue 14, hole 3 (decision 0170): a phone's time is accepted only inside the offline window.
registerFactKind({
  kind: 'test_clock',
  data: z.object({ n: z.number() }).strict(),
  authorize: async (_ctx, user) => {
    if (!user) throw new AppError('unauthenticated', 'sign in to continue')
    return { subjectId: user.id, placeCode: null }
  },
})

let env: TestEnv
let short: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
  short = await testEnv({ config: { HOCSO_OFFLINE_WINDOW_DAYS: '3' } })
  await seedPlacesAndPeople(short.ctx)
})
afterAll(async () => {
  await env?.close()
  await short?.close()
})

const DAY = 86_400_000
const fact = (at: string | number) => ({
  id: uuidv7(),
  kind: 'test_clock',
  occurred_at: typeof at === 'number' ? new Date(Date.now() + at).toISOString() : at,
  data: { n: 1 },
})

async function send(e: TestEnv, f: unknown, lang?: string) {
  const c = new Client(e.app)
  if (lang) await c.request(`/lang/${lang}`)
  await c.login('learner')
  return (await c.request('/api/facts', { json: { facts: [f] } })).json()
}

const stored = (id: string) =>
  env.ctx.db
    .selectFrom('facts')
    .select(['occurred_at', 'recorded_at'])
    .where('id', '=', id)
    .executeTakeFirst()

describe('occurred_at from a client', () => {
  it('refuses a time in 1999 or in 2099, naming the field in the person’s language, and stores nothing', async () => {
    const old = fact('1999-06-01T08:00:00.000Z')
    const r1 = await send(env, old, 'fr')
    expect(r1.stored).toEqual([])
    expect(r1.rejected[0]).toMatchObject({
      status: 400,
      code: 'validation',
      message: 'occurred_at: must be within the last 90 days',
      text: 'Date trop ancienne : seuls les 90 derniers jours sont acceptés.',
    })
    const future = fact('2099-06-01T08:00:00.000Z')
    const r2 = await send(env, future)
    expect(r2.rejected[0]).toMatchObject({
      status: 400,
      message: 'occurred_at: must not be in the future',
      text: 'Thời gian không được ở tương lai: hãy kiểm tra đồng hồ của máy.',
    })
    expect(await stored(old.id)).toBeUndefined()
    expect(await stored(future.id)).toBeUndefined()
  })

  it('accepts a phone that was offline for weeks, and a clock a little ahead; keeps the receipt time beside', async () => {
    const offline = fact(-60 * DAY)
    const ahead = fact(2 * 60_000)
    expect((await send(env, offline)).stored).toEqual([offline.id])
    expect((await send(env, ahead)).stored).toEqual([ahead.id])
    const row = await stored(offline.id)
    expect(row!.occurred_at).toBe(offline.occurred_at)
    expect(Math.abs(Date.parse(row!.recorded_at) - Date.now())).toBeLessThan(60_000)
  })

  it('takes the window from HOCSO_OFFLINE_WINDOW_DAYS', async () => {
    const r = await send(short, fact(-5 * DAY))
    expect(r.rejected[0].message).toBe('occurred_at: must be within the last 3 days')
    expect((await send(short, fact(-2 * DAY))).stored).toHaveLength(1)
  })

  it('does not apply to facts a hub relays: they were checked where they were made', async () => {
    const id = uuidv7()
    await inTransaction(env.ctx, (tx) =>
      storeRemoteFact(tx, {
        id,
        kind: 'test_clock',
        origin_node: 'hub-far-away',
        seq: 1,
        actor_id: null,
        subject_id: null,
        place_code: null,
        occurred_at: new Date(Date.now() - 400 * DAY).toISOString(),
        recorded_at: new Date(Date.now() - 399 * DAY).toISOString(),
        data: '{"n":1}',
        hash: 'x',
        corrects: null,
      }),
    )
    expect(await stored(id)).toBeDefined()
  })
})
