import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { rollupRows } from '../../../test/rollups.ts'
import { inTransaction } from '../../core/transaction.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'
import type { FactRow } from '../facts/facts.service.ts'
import { applyEntries } from './sync.apply.ts'
import type { Entry } from './sync.entries.ts'
import { carry, demoProvinceAndHub } from './sync.fixtures.ts'
import { PlaceIndex } from './sync.scope.ts'
import { lockForWrite } from './sync.vector.ts'

/**
 * A festival's headcount corrected on a commune hub reaches the province like any correction
 * (decision 0196): the province lists the right number, counts it once, and its rollups equal a
 * rebuild; a correction made on the province goes back to the hub; and a node that receives the
 * correction before the count it corrects ends the same.
 */
let province: TestEnv
let hub: TestEnv
let festival: string

const today = (hour: number) => {
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}

async function officerOn(env: TestEnv) {
  const c = new Client(env.app)
  await c.login('officer')
  return c
}

/** The counts of the festival on a node, as its projection holds them. */
const counts = async (env: TestEnv) =>
  (
    await env.ctx.db
      .selectFrom('event_headcounts')
      .select(['id', 'visitors', 'corrects', 'replaced_by'])
      .where('event_id', '=', festival)
      .orderBy('id')
      .execute()
  ).map((r) => ({ ...r, visitors: Number(r.visitors) }))

const snapshot = (env: TestEnv) => rollupRows(env.ctx)

/** The province-wide festival attendance a node's dashboard shows. */
const attendance = async (env: TestEnv) =>
  Number(
    (
      await env.ctx.db
        .selectFrom('campaign_rollups')
        .select('value')
        .where('indicator', '=', 'festival_attendance')
        .where('place_code', '=', '11')
        .where('period', '=', 'all')
        .executeTakeFirst()
    )?.value ?? 0,
  )

beforeAll(async () => {
  ;({ province, hub } = await demoProvinceAndHub())
  const res = await (await officerOn(province)).request('/events', {
    form: {
      title: 'Ngày hội chuyển đổi số xã Mường Chà',
      kind: 'festival',
      topic: 'digital_skills',
      audience: 'Mọi người dân',
      place_code: '3166',
      starts_at: today(0),
      ends_at: today(23),
      capacity: '500',
      trainers: 'Ban tổ chức',
    },
  })
  expect(res.status).toBe(303)
  festival = res.headers.get('location')!.split('/').pop()!
  // The festival and the commune's people reach the hub.
  expect((await carry(province, hub)).result.refused).toEqual([])
}, 60_000)
afterAll(async () => {
  await province?.close()
  await hub?.close()
})

describe('a headcount corrected on a hub', () => {
  let typo: string
  let fix: string

  it('reaches the province as corrected: the right number listed and counted once, equal to a rebuild', async () => {
    const officer = await officerOn(hub)
    const entered = await officer.request(`/events/${festival}/headcount`, {
      json: { event_id: festival, visitors: 1500, booth: 'Gian cài VNeID' },
    })
    expect(entered.status).toBe(201)
    typo = ((await entered.json()) as { fact_id: string }).fact_id
    const corrected = await officer.request(`/events/${festival}/headcount/${typo}/correct`, {
      json: { event_id: festival, visitors: 150, booth: 'Gian cài VNeID' },
    })
    expect(corrected.status).toBe(201)
    fix = ((await corrected.json()) as { fact_id: string }).fact_id
    expect(await attendance(hub)).toBe(150)

    const { result } = await carry(hub, province)
    expect(result.refused).toEqual([])
    expect(await counts(province)).toEqual(
      [
        { id: typo, visitors: 1500, corrects: null, replaced_by: fix },
        { id: fix, visitors: 150, corrects: typo, replaced_by: null },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    )
    const page = (await (
      await officerOn(province)
    )
      .request(`/events/${festival}/headcount`, {
        headers: { accept: 'application/json' },
      })
      .then((r) => r.json())) as { counted: number; headcounts: { id: string }[] }
    expect(page.counted).toBe(150)
    expect(page.headcounts.map((h) => h.id)).toEqual([fix])
    expect(await attendance(province)).toBe(150)
    const live = await snapshot(province)
    await rebuildRollups(province.ctx)
    expect(await snapshot(province)).toEqual(live)
    // The same bundle again: nothing new, nothing counted twice.
    expect((await carry(hub, province)).result.applied).toBe(0)
    expect(await attendance(province)).toBe(150)
  })

  it('a correction of that correction made on the province goes back to the hub', async () => {
    const res = await (await officerOn(province)).request(`/events/${festival}/headcount/${fix}/correct`, {
      json: { event_id: festival, visitors: 140, booth: 'Gian cài VNeID' },
    })
    expect(res.status).toBe(201)
    expect((await carry(province, hub)).result.refused).toEqual([])
    expect(await attendance(hub)).toBe(140)
    expect((await counts(hub)).filter((c) => !c.replaced_by).map((c) => c.visitors)).toEqual([140])
    const live = await snapshot(hub)
    await rebuildRollups(hub.ctx)
    expect(await snapshot(hub)).toEqual(live)
  })

  it('a node that receives the corrections before the count they correct ends the same', async () => {
    const other = await testEnv()
    try {
      await demoPeople(other.ctx)
      // The festival, as the province holds it.
      const ev = await province.ctx.db
        .selectFrom('events')
        .selectAll()
        .where('id', '=', festival)
        .executeTakeFirstOrThrow()
      await other.ctx.db.insertInto('events').values(ev).execute()
      const rows = (await province.ctx.db
        .selectFrom('facts')
        .selectAll()
        .where('kind', '=', 'festival_headcount')
        .orderBy('id')
        .execute()) as FactRow[]
      expect(rows).toHaveLength(3)
      // Newest first, each in a page of its own.
      for (const f of [...rows].reverse()) {
        const entry: Entry = {
          s: 'facts',
          o: f.origin_node,
          q: Number(f.seq),
          f: { ...f, seq: Number(f.seq) },
        }
        const r = await inTransaction(other.ctx, async (tx) => {
          await lockForWrite(tx.db)
          return applyEntries(
            tx,
            new PlaceIndex(),
            [entry],
            [],
            { node: 'upstream', hub: null },
            { relog: false },
          )
        })
        expect(r).toMatchObject({ applied: 1, held: 0 })
      }
      expect(await counts(other)).toEqual(await counts(province))
      expect(await attendance(other)).toBe(140)
      const live = await snapshot(other)
      expect(live.rollups.filter((r) => r.startsWith('festival'))).toEqual(
        (await snapshot(province)).rollups.filter((r) => r.startsWith('festival')),
      )
      await rebuildRollups(other.ctx)
      expect(await snapshot(other)).toEqual(live)
    } finally {
      await other.close()
    }
  })
})
