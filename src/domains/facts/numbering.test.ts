import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { demoPeople, person } from '../../../test/factories.ts'
import { Client, TEST_PG_URL, type TestEnv, testEnv } from '../../../test/harness.ts'
import { AppError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { currentUserByLogin } from '../people/people.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { recordFact, registerFactKind } from './facts.service.ts'

/**
 * A node numbers its facts 1, 2, 3… with no gap, in the order they commit: a peer that has a node's
 * facts up to n asks only for those above n, so a gap or a number committed late would lose a fact
 * for good. On PostgreSQL the numbers are given at the end of each transaction (decision 0208,
 * amended), so that a batch being written does not hold up every other fact of the node.
 */

// Any signed-in person may note a number; above 10 the check refuses, after writing a mark.
registerFactKind({
  kind: 'test_numbered',
  data: z.object({ n: z.number().int() }).strict(),
  authorize: async (tx, user, d) => {
    await tx.db
      .insertInto('meta')
      .values({ key: `test_numbered:${uuidv7()}`, value: String(d.n) })
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

const note = (n: number) => ({
  id: uuidv7(),
  kind: 'test_numbered',
  occurred_at: new Date().toISOString(),
  data: { n },
})

/** This node's facts by number. */
const numbered = async () =>
  (
    await env.ctx.db
      .selectFrom('facts')
      .select(['id', 'seq'])
      .where('origin_node', '=', env.ctx.nodeId)
      .orderBy('seq')
      .execute()
  ).map((r) => ({ id: r.id, seq: Number(r.seq) }))

describe('the numbers of a node’s facts', () => {
  it('run 1, 2, 3… with no gap, whatever is sent at once and whatever is refused', async () => {
    const logins = ['learner', 'ambassador', 'officer']
    const clients = await Promise.all(
      logins.map(async (l) => {
        const c = new Client(env.app)
        await c.login(l)
        return c
      }),
    )
    // Three outbox batches at once, each with refusals between stored facts, twice over.
    const batches = clients.flatMap(() => [0, 1].map(() => [note(1), note(11), note(2), note(12), note(3)]))
    const answers = await Promise.all(
      batches.map(async (b, i) =>
        (await clients[i % clients.length]!.request('/api/facts', { json: { facts: b } })).json(),
      ),
    )
    for (const [i, a] of answers.entries()) {
      expect(a.stored).toEqual([batches[i]![0]!.id, batches[i]![2]!.id, batches[i]![4]!.id])
      expect(a.rejected.map((r: { id: string }) => r.id)).toEqual([batches[i]![1]!.id, batches[i]![3]!.id])
    }
    const rows = await numbered()
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
    // Each batch's facts are numbered in the order it sent them.
    const seqOf = new Map(rows.map((r) => [r.id, r.seq]))
    for (const b of batches) {
      const s = [b[0]!, b[2]!, b[4]!].map((f) => seqOf.get(f.id)!)
      expect(s).toEqual([...s].sort((x, y) => x - y))
    }
    // The counter says how many: what a peer is told this node holds.
    const counter = await env.ctx.db
      .selectFrom('counters')
      .select('value')
      .where('name', '=', `facts:${env.ctx.nodeId}`)
      .executeTakeFirstOrThrow()
    expect(Number(counter.value)).toBe(rows.length)
  })

  it.runIf(!!TEST_PG_URL)(
    'on PostgreSQL, a fact is stored while another transaction that stored one is still open, and numbered after it',
    async () => {
      const a = (await currentUserByLogin(env.ctx, 'learner'))!
      // Elsewhere in the province, so that no rollup row of one is a rollup row of the other.
      const b = await (await person(env.ctx, { role: 'learner', place: PROVINCE_CODE })).user()
      let release: () => void = () => {}
      const held = new Promise<void>((r) => {
        release = r
      })
      let written: () => void = () => {}
      const inA = new Promise<void>((r) => {
        written = r
      })
      let first = ''
      const open = inTransaction(env.ctx, async (tx) => {
        first = await recordFact(tx, a, 'test_numbered', { n: 4 })
        written()
        await held
      })
      await inA
      // Started outside that transaction's flow: before, it waited for the other's commit.
      const second = recordFact(env.ctx, b, 'test_numbered', { n: 5 })
      const outcome = await Promise.race([
        second.then(() => 'stored'),
        new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5000)),
      ])
      release()
      await open
      expect(outcome).toBe('stored')
      const rows = await numbered()
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
      const seqOf = new Map(rows.map((r) => [r.id, r.seq]))
      expect(seqOf.get(first)).toBe(seqOf.get(await second)! + 1)
    },
  )
})
