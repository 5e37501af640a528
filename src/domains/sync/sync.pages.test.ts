import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { villages } from '../../../test/factories.ts'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'
import { canonicalJson, sha256 } from '../facts/canonical.ts'
import type { FactRow } from '../facts/facts.service.ts'
import { applyEntries } from './sync.apply.ts'
import type { Entry } from './sync.entries.ts'
import { PlaceIndex } from './sync.scope.ts'
import { lockForWrite } from './sync.vector.ts'

// A hub's records as its pages bring them (sync.client.ts pushes 2,000 a page): many facts of two
// kinds, households checked again and again across pages, help counted and keyed by village. The
// page path writes them hundreds to a statement and rolls up only what wins each marker; one fact
// at a time goes through neither, and the rebuild through neither either.
const origin = '01000000-0000-7000-8000-0000000000b2'
const T0 = Date.parse('2026-11-02T03:00:00.000Z')

function fact(
  seq: number,
  minutes: number,
  kind: string,
  data: Record<string, unknown>,
  corrects: string | null = null,
): Entry {
  const at = new Date(T0 + minutes * 60_000).toISOString()
  const f: FactRow = {
    id: uuidv7(T0 + minutes * 60_000),
    kind,
    origin_node: origin,
    seq,
    actor_id: null,
    subject_id: null,
    place_code: data.village as string,
    occurred_at: at,
    recorded_at: at,
    data: canonicalJson(data),
    hash: sha256(canonicalJson({ kind, occurred_at: at, data, corrects })),
    corrects,
  }
  return { s: 'facts', o: origin, q: seq, f }
}

/** 1,300 facts in an order that is not their time order; the same household comes back many times. */
function records(): Entry[] {
  const out: Entry[] = []
  for (let i = 0; i < 1300; i++) {
    const village = ['3166-001', '3166-002', '3166-003'][i % 3]!
    // Times go back and forth, with ties, so that a later page holds earlier checks.
    const minutes = (i * 7919) % 2000
    if (i % 4 === 3)
      out.push(
        fact(i + 1, minutes, 'help_given', {
          what: i % 8 === 3 ? 'vneid_install' : 'public_service',
          whom: 'anonymous',
          village,
          sex: 'female',
          age_band: '18_35',
        }),
      )
    else
      out.push(
        fact(i + 1, minutes, 'household_checked', {
          village,
          household: `H${i % 97}`,
          smartphone: true,
          internet: i % 2 === 0,
          vneid_all_adults: true,
          payment_account: i % 5 !== 0,
          online_public_services: true,
          course_completed: i % 3 === 0,
        }),
      )
  }
  // The last record corrects a household check of the first page: its page goes fact by fact.
  const first = (out[0] as Entry & { s: 'facts' }).f
  out.push(fact(1301, 2001, 'household_checked', { ...JSON.parse(first.data), internet: false }, first.id))
  return out
}

async function apply(env: TestEnv, entries: Entry[]) {
  return inTransaction(env.ctx, async (tx) => {
    await lockForWrite(tx.db)
    return applyEntries(tx, new PlaceIndex(), entries, [], { node: 'upstream', hub: null }, { relog: false })
  })
}

/** Everything the facts leave behind: the facts, the households, the rollups and the markers. */
async function outcome(env: TestEnv) {
  const db = env.ctx.db
  const facts = await db.selectFrom('facts').select(['id', 'seq', 'data', 'hash']).orderBy('id').execute()
  const households = await db
    .selectFrom('outreach_households')
    .select(['village_code', 'label', 'fact_id', 'checked_at', 'internet', 'course_completed'])
    .orderBy('village_code')
    .orderBy('label')
    .execute()
  const rollups = await db
    .selectFrom('campaign_rollups')
    .select(['indicator', 'place_code', 'period', 'value'])
    .where('value', '!=', 0)
    .orderBy('indicator')
    .orderBy('place_code')
    .orderBy('period')
    .execute()
  const markers = await db
    .selectFrom('campaign_markers')
    .selectAll()
    .orderBy('indicator')
    .orderBy('key')
    .execute()
  // PostgreSQL reads integers back as numbers or strings depending on the column: compare numbers.
  return {
    facts: facts.map((f) => ({ ...f, seq: Number(f.seq) })),
    households: households.map((h) => ({
      ...h,
      internet: Number(h.internet),
      course_completed: Number(h.course_completed),
    })),
    rollups: rollups.map((r) => ({ ...r, value: Number(r.value) })),
    markers: markers.map((m) => ({ ...m, value: Number(m.value) })),
  }
}

let paged: TestEnv
let single: TestEnv
beforeAll(async () => {
  paged = await testEnv()
  single = await testEnv()
  await villages(paged.ctx)
  await villages(single.ctx)
}, 60_000)
afterAll(async () => {
  await paged?.close()
  await single?.close()
})

describe('a hub pushing many records a page at a time', () => {
  it('stores each fact once and ends with the households and rollups of one fact at a time, and of a rebuild', async () => {
    const all = records()
    // Pages of 500 here (a hub sends 2,000; the statements are the same): the first page's
    // households come back in every later page, and the last page holds the correction.
    for (let i = 0; i < all.length; i += 500) {
      const r = await apply(paged, all.slice(i, i + 500))
      expect(r).toMatchObject({ held: 0, refused: [] })
      expect(r.applied).toBe(Math.min(500, all.length - i))
    }
    for (const e of [...all].reverse()) await apply(single, [e])
    const got = await outcome(paged)
    expect(got.facts).toHaveLength(1301)
    expect(new Set(got.facts.map((f) => f.id)).size).toBe(1301)
    expect(got.households).toHaveLength(3 * 97)
    expect(
      got.rollups.find((r) => r.indicator === 'help_given' && r.place_code === '11' && r.period === 'all'),
    ).toMatchObject({ value: 325 })
    expect(await outcome(single)).toEqual(got)
    await rebuildRollups(paged.ctx)
    expect(await outcome(paged)).toEqual(got)
    // The pages again: every record already here, nothing counted twice.
    for (let i = 0; i < all.length; i += 500) {
      const r = await apply(paged, all.slice(i, i + 500))
      expect(r).toMatchObject({ applied: 0, duplicates: Math.min(500, all.length - i), held: 0 })
    }
    expect(await outcome(paged)).toEqual(got)
  })
})
