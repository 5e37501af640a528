import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { villages } from '../../../test/factories.ts'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { formatHlc } from '../../core/hlc.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'
import { canonicalJson, sha256 } from '../facts/canonical.ts'
import { type FactRow, nextCounter, registerFactKind } from '../facts/facts.service.ts'
import { applyEntries } from './sync.apply.ts'
import { exportBundle, importBundle } from './sync.bundle.ts'
import type { Entry } from './sync.entries.ts'
import { nodeKey } from './sync.keys.ts'
import { pinUpstream, registerHub } from './sync.nodes.ts'
import { PlaceIndex } from './sync.scope.ts'
import { lockForWrite, mergeRanges, vectorOf } from './sync.vector.ts'

// A fact kind of this test only: a number, counted for a commune, with no effect.
registerFactKind({
  kind: 'sync_test_note',
  data: z.object({ n: z.number() }).strict(),
  authorize: async () => ({ subjectId: null, placeCode: null }),
})

// Versions of one trader as three nodes made them, and two databases that receive them in opposite orders.
let left: TestEnv
let right: TestEnv
const trader = uuidv7()
const row = (name: string, hlc: string, node: string) => ({
  id: trader,
  origin_node: node,
  hlc,
  created_at: '2026-11-01T00:00:00.000Z',
  created_by: null,
  name,
  place_code: '3166-001',
  market: 'Chợ',
  products: 'Chè',
  phone: null,
  account_id: null,
  bank_bin: null,
  bank_account: null,
  erased_at: null,
})
const put = (origin: string, seq: number, name: string, hlc: string, node = origin): Entry => ({
  s: 'changes',
  o: origin,
  q: seq,
  c: { tbl: 'traders', key: trader, hlc, node, op: 'put', row: row(name, hlc, node) },
})
const del = (origin: string, seq: number, hlc: string): Entry => ({
  s: 'changes',
  o: origin,
  q: seq,
  c: { tbl: 'traders', key: trader, hlc, node: origin, op: 'delete', row: null },
})

async function apply(env: TestEnv, entries: Entry[]) {
  return inTransaction(env.ctx, async (tx) => {
    await lockForWrite(tx.db)
    return applyEntries(tx, new PlaceIndex(), entries, [], { node: 'upstream', hub: null }, { relog: false })
  })
}

const current = (env: TestEnv) =>
  env.ctx.db
    .selectFrom('traders')
    .select(['name', 'hlc', 'origin_node'])
    .where('id', '=', trader)
    .executeTakeFirst()

beforeAll(async () => {
  left = await testEnv()
  right = await testEnv()
})
afterAll(async () => {
  await left?.close()
  await right?.close()
})

describe('merging editable rows', () => {
  const n1 = '01000000-0000-7000-8000-000000000001'
  const n2 = '01000000-0000-7000-8000-000000000002'
  const n3 = '01000000-0000-7000-8000-000000000003'
  const h = (ms: number, c = 0) => formatHlc(ms, c)

  it('ends with the same row whatever the order: greatest stamp, then greatest node id', async () => {
    const a = put(n1, 1, 'first', h(1000))
    const b = put(n2, 1, 'second', h(2000))
    const c = put(n3, 1, 'tie, higher node', h(2000))
    await apply(left, [a])
    await apply(left, [b])
    await apply(left, [c])
    await apply(right, [c])
    await apply(right, [a, b])
    expect(await current(left)).toEqual({ name: 'tie, higher node', hlc: h(2000), origin_node: n3 })
    expect(await current(right)).toEqual(await current(left))
  })

  it('changes nothing when a version arrives twice or late', async () => {
    const r = await apply(left, [put(n1, 1, 'first', h(1000)), put(n2, 1, 'second', h(2000))])
    expect(r.applied).toBe(0)
    expect(r.duplicates).toBe(2)
    expect((await current(left))!.name).toBe('tie, higher node')
  })

  it('replicates a deletion as a tombstone that an older version cannot undo', async () => {
    await apply(left, [del(n1, 2, h(3000))])
    await apply(right, [put(n2, 2, 'late edit', h(2500)), del(n1, 2, h(3000))])
    expect(await current(left)).toBeUndefined()
    expect(await current(right)).toBeUndefined()
    expect(await apply(left, [put(n2, 2, 'late edit', h(2500))])).toMatchObject({ applied: 0, duplicates: 1 })
    expect(await current(left)).toBeUndefined()
  })

  it('keeps no copy of an erased value in the change log', async () => {
    const id = trader
    await apply(left, [put(n2, 3, 'Lò Văn Sáng', h(4000))])
    await apply(left, [put(n3, 2, '(erased)', h(5000))])
    const log = await left.ctx.db
      .selectFrom('sync_changes')
      .select(['row', 'op'])
      .where('row_key', '=', id)
      .execute()
    expect(log.some((l) => l.row?.includes('Lò Văn Sáng'))).toBe(false)
    expect(log.filter((l) => l.op !== 'gone')).toHaveLength(1)
  })

  it('keeps a local edit not yet captured when an older version arrives before the next capture', async () => {
    await apply(right, [put(n2, 10, 'known version', h(6000))])
    // An officer edits the row here at 8000; change capture has not logged it yet.
    await right.ctx.db
      .updateTable('traders')
      .set({ name: 'local edit', hlc: h(8000), origin_node: n1 })
      .where('id', '=', trader)
      .execute()
    // A hub's concurrent edit, stamped 7000: older than the local one, newer than the known one.
    const r = await apply(right, [put(n3, 10, 'hub edit', h(7000))])
    // Older than what is here: it changes nothing, so it is not reported as a new record.
    expect(r).toMatchObject({ applied: 0, duplicates: 1 })
    expect(await current(right)).toEqual({ name: 'local edit', hlc: h(8000), origin_node: n1 })
    // A newer version still replaces it.
    await apply(right, [put(n3, 11, 'newest', h(9000))])
    expect((await current(right))!.name).toBe('newest')
  })

  it('observes every stamp within the allowed drift, so the next local stamp sorts after it', async () => {
    const soon = h(Date.now() + 2 * 60_000, 7)
    await apply(right, [put(n3, 12, 'from a clock two minutes ahead', soon)])
    expect(right.ctx.clock.now() > soon).toBe(true)
  })

  it('holds a version stamped hours ahead, naming the wrong clock, and its own clock does not follow', async () => {
    const future = h(Date.now() + 5 * 3_600_000, 7)
    const r = await apply(right, [put(n3, 13, 'from a clock hours ahead', future)])
    expect(r).toMatchObject({ applied: 0, held: 1 })
    expect((await current(right))!.name).toBe('from a clock two minutes ahead')
    expect(right.ctx.clock.now() < future).toBe(true)
    const held = await right.ctx.db
      .selectFrom('sync_held')
      .select('reason')
      .where('seq', '=', 13)
      .executeTakeFirstOrThrow()
    expect(held.reason).toContain(
      `stamped 300 min ahead of this node's clock by node ${n3}, whose clock is wrong`,
    )
  })
})

describe('facts stored a page at a time', () => {
  // Household checks made on a hub (origin n1): H1 checked three times, the latest (seq 2) in the
  // middle of the page; H2 once.
  const origin = '01000000-0000-7000-8000-0000000000a1'
  const check = (seq: number, minutes: number, label: string, all: boolean, village = '3166-001'): Entry => {
    const at = new Date(Date.parse('2026-11-02T03:00:00.000Z') + minutes * 60_000).toISOString()
    const data = {
      village,
      household: label,
      smartphone: true,
      internet: all,
      vneid_all_adults: all,
      payment_account: all,
      online_public_services: all,
      course_completed: all,
    }
    const f: FactRow = {
      id: uuidv7(Date.parse(at)),
      kind: 'household_checked',
      origin_node: origin,
      seq,
      actor_id: null,
      subject_id: null,
      place_code: village,
      occurred_at: at,
      recorded_at: at,
      data: canonicalJson(data),
      hash: sha256(canonicalJson({ kind: 'household_checked', occurred_at: at, data, corrects: null })),
      corrects: null,
    }
    return { s: 'facts', o: origin, q: seq, f }
  }
  const page = [
    check(1, 10, 'H1', false),
    check(2, 30, 'H1', true),
    check(3, 20, 'H1', false),
    check(4, 5, 'H2', true),
  ]

  const households = async (env: TestEnv) =>
    (
      await env.ctx.db
        .selectFrom('outreach_households')
        .select(['label', 'checked_at', 'fact_id', 'internet', 'course_completed'])
        .where('village_code', '=', '3166-001')
        .orderBy('label')
        .execute()
    ).map((r) => ({ ...r, internet: Number(r.internet), course_completed: Number(r.course_completed) }))
  const rollups = (env: TestEnv) =>
    env.ctx.db
      .selectFrom('campaign_rollups')
      .select(['indicator', 'place_code', 'period', 'value'])
      .where('value', '!=', 0)
      .orderBy('indicator')
      .orderBy('place_code')
      .orderBy('period')
      .execute()

  it('ends with the latest check of each household and the same rollups, as when they come one at a time in any order', async () => {
    const paged = await testEnv()
    const single = await testEnv()
    try {
      await villages(paged.ctx)
      await villages(single.ctx)
      expect(await apply(paged, page)).toMatchObject({ applied: 4, held: 0 })
      for (const e of [...page].reverse()) await apply(single, [e])
      const latest = (page[1] as Entry & { s: 'facts' }).f
      expect(await households(paged)).toEqual([
        { label: 'H1', checked_at: latest.occurred_at, fact_id: latest.id, internet: 1, course_completed: 1 },
        expect.objectContaining({ label: 'H2', internet: 1 }),
      ])
      expect(await households(single)).toEqual(await households(paged))
      const counted = await rollups(paged)
      expect(counted).toContainEqual({
        indicator: 'households_digital',
        place_code: '3166-001',
        period: 'all',
        value: 2,
      })
      expect(await rollups(single)).toEqual(counted)
      await rebuildRollups(paged.ctx)
      expect(await rollups(paged)).toEqual(counted)
      // The page again: nothing new, nothing counted twice.
      expect(await apply(paged, page)).toMatchObject({ applied: 0, duplicates: 4 })
      expect(await rollups(paged)).toEqual(counted)
    } finally {
      await paged.close()
      await single.close()
    }
  })

  it('holds a check of a village not known here and stores the rest of its page, nothing half-written', async () => {
    const env = await testEnv()
    try {
      await villages(env.ctx)
      const stray = check(5, 40, 'H9', true, '3166-999')
      const r = await apply(env, [...page, stray])
      expect(r).toMatchObject({ applied: 4, held: 1 })
      const held = await env.ctx.db.selectFrom('sync_held').select(['seq', 'reason']).execute()
      expect(held).toEqual([{ seq: 5, reason: expect.stringContaining('3166-999') }])
      const stored = await env.ctx.db
        .selectFrom('facts')
        .select('seq')
        .where('origin_node', '=', origin)
        .execute()
      expect(stored.map((f) => Number(f.seq)).sort()).toEqual([1, 2, 3, 4])
      expect((await households(env)).map((h) => h.label)).toEqual(['H1', 'H2'])
      const all = await env.ctx.db.selectFrom('outreach_households').select('label').execute()
      expect(all.map((h) => h.label)).not.toContain('H9')
    } finally {
      await env.close()
    }
  })
})

describe('version vectors as ranges', () => {
  it('merges touching and overlapping ranges and keeps gaps', () => {
    expect(
      mergeRanges([
        { lo: 10, hi: 20 },
        { lo: 0, hi: 5 },
        { lo: 5, hi: 8 },
        { lo: 15, hi: 30 },
      ]),
    ).toEqual([
      { lo: 0, hi: 8 },
      { lo: 10, hi: 30 },
    ])
  })

  it('applies a later bundle before an earlier one without claiming the gap', async () => {
    const province = await testEnv()
    const hub = await testEnv()
    try {
      await registerHub(province.ctx, 'system', {
        node: hub.ctx.nodeId,
        publicKey: nodeKey(hub.ctx).publicKey,
        scope: '3166',
        name: 'hub',
      })
      await pinUpstream(hub.ctx, {
        node: province.ctx.nodeId,
        publicKey: nodeKey(province.ctx).publicKey,
        name: 'province',
        url: null,
        scope: '3166',
      })
      const fact = (n: number) =>
        inTransaction(province.ctx, async (tx) => {
          for (let i = 0; i < n; i++) {
            const seq = await nextCounter(tx.db, `facts:${province.ctx.nodeId}`)
            const at = new Date().toISOString()
            await tx.db
              .insertInto('facts')
              .values({
                id: uuidv7(),
                kind: 'sync_test_note',
                origin_node: province.ctx.nodeId,
                seq,
                actor_id: null,
                subject_id: null,
                place_code: '3166',
                occurred_at: at,
                recorded_at: at,
                data: canonicalJson({ n: seq }),
                hash: String(seq),
                corrects: null,
              })
              .execute()
          }
        })
      await fact(3)
      const first = await exportBundle(province.ctx, hub.ctx.nodeId)
      // The province learns (as from an answer bundle) that the hub holds the first three.
      await province.ctx.db
        .updateTable('sync_nodes')
        .set({
          vector: JSON.stringify({ ...(first.header.vector as object), facts: { [province.ctx.nodeId]: 3 } }),
        })
        .where('node_id', '=', hub.ctx.nodeId)
        .execute()
      await fact(2)
      const second = await exportBundle(province.ctx, hub.ctx.nodeId)
      expect(second.header.covers.find((c) => c.s === 'facts')).toMatchObject({ from: 3, to: 5 })
      await importBundle(hub.ctx, second.data)
      expect((await vectorOf(hub.ctx.db, hub.ctx.nodeId)).facts[province.ctx.nodeId]).toBeUndefined()
      await importBundle(hub.ctx, first.data)
      expect((await vectorOf(hub.ctx.db, hub.ctx.nodeId)).facts[province.ctx.nodeId]).toBe(5)
      const n = await hub.ctx.db
        .selectFrom('facts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'sync_test_note')
        .executeTakeFirstOrThrow()
      expect(Number(n.n)).toBe(5)
    } finally {
      await province.close()
      await hub.close()
    }
  })
})
