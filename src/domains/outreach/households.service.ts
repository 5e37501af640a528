import type { Ctx } from '../../core/context.ts'
import { bool } from '../../core/db.ts'
import { AppError, validationError } from '../../core/errors.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { latestStanding } from '../facts/facts.forks.ts'
import { defineFactKind, recordFact, type StoredFact } from '../facts/facts.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan } from '../people/policy.ts'
import { placeKinds } from '../places/places.reads.ts'
import { canAt, listVillages } from '../places/places.service.ts'
import { placeFor, villageFor } from './outreach.places.ts'
import { CRITERIA, type Criterion, type HouseholdData, householdDataSchema } from './outreach.schemas.ts'
import * as store from './outreach.store.ts'

export const HOUSEHOLD_KIND = 'household_checked'

export const householdFact = defineFactKind({
  kind: HOUSEHOLD_KIND,
  data: householdDataSchema,
  authorize: async (ctx, user, data: HouseholdData) => {
    if (!user) throw new AppError('unauthenticated', 'sign in to continue')
    const village = await villageFor(ctx, data.village)
    assertCan(user, 'households.write', village)
    return { subjectId: null, placeCode: village.code }
  },
  mayCorrect: (ctx, user, original) => canAt(ctx, user, 'households.write', original.placeCode),
  apply: async (tx, fact) => {
    if ((await settleChecks(tx, [fact]))?.has(checkKey(fact))) return
    await store.upsertHousehold(tx.db, householdRow(fact, await villageFor(tx, fact.data.village)))
  },
  // The latest check of each household wins, whatever the order (upsertHousehold): a page of checks
  // becomes one row per household, written a few hundred to a statement.
  applyMany: async (tx, facts) => {
    const settled = await settleChecks(tx, facts)
    const places = await placeKinds(
      tx.db,
      facts.map((f) => f.data.village),
    )
    const rows = new Map<string, store.HouseholdRow>()
    for (const fact of facts) {
      if (settled?.has(checkKey(fact))) continue
      const p = places.get(fact.data.village)
      if (!p) throw validationError('village', `unknown place ${fact.data.village}`)
      if (p.kind !== 'village') throw validationError('village', `${fact.data.village} is not a village`)
      const row = householdRow(fact, p)
      const key = `${row.village_code}\u0000${row.label}`
      const held = rows.get(key)
      // A household new here keeps the id of its first check, as when the checks apply one by one.
      if (!held) rows.set(key, row)
      else if (store.isLater(row, held)) rows.set(key, { ...row, id: held.id })
    }
    // In the order of the table's key (village, then label): SQLite walks its index forward.
    await store.upsertHouseholds(
      tx.db,
      [...rows.keys()].sort().map((k) => rows.get(k)!),
    )
  },
})

const checkKey = (f: StoredFact): string => {
  const d = f.data as { village?: unknown; household?: unknown }
  return `${String(d.village)}\u0000${String(d.household)}`
}

/**
 * Checks that take part in corrections (decision 0204): the households their correction trees
 * touch get the latest check that stands, or lose their row when none does (a correction moved a
 * household's only check to another label). Returns those households' keys, or null when no check
 * here takes part in a correction (the plain latest-wins path then applies to all).
 */
async function settleChecks(tx: TxCtx, facts: StoredFact<HouseholdData>[]): Promise<Set<string> | null> {
  const settled = await latestStanding(
    tx.db,
    HOUSEHOLD_KIND,
    facts.filter((f) => f.corrects || tx.replica),
    checkKey,
  )
  if (!settled.size) return null
  for (const [key, fact] of settled) {
    const [village, label] = key.split('\u0000') as [string, string]
    if (!fact) await store.deleteHousehold(tx.db, village, label)
    else
      await store.putHousehold(
        tx.db,
        householdRow(fact as StoredFact<HouseholdData>, await villageFor(tx, village)),
      )
  }
  return new Set(settled.keys())
}

function householdRow(
  fact: StoredFact<HouseholdData>,
  village: { code: string; communeCode: string | null },
): store.HouseholdRow {
  const d = fact.data
  return {
    id: fact.id,
    origin_node: fact.originNode,
    village_code: village.code,
    commune_code: village.communeCode,
    label: d.household,
    smartphone: bool(d.smartphone),
    internet: bool(d.internet),
    vneid_all_adults: bool(d.vneid_all_adults),
    payment_account: bool(d.payment_account),
    online_public_services: bool(d.online_public_services),
    course_completed: bool(d.course_completed),
    checked_at: fact.occurredAt,
    checked_by: fact.actorId,
    fact_id: fact.id,
  }
}

/** Records one household's checklist from a form post or JSON call; returns the fact id. */
export async function checkHousehold(
  ctx: Ctx,
  user: CurrentUser | null,
  data: HouseholdData,
): Promise<string> {
  return recordFact(ctx, user, HOUSEHOLD_KIND, data)
}

/** How many households of a place were checked, and how many meet each criterion and all of them. */
export type HouseholdCounts = { total: number; allCriteria: number; criteria: Record<Criterion, number> }

const zero = (): HouseholdCounts => ({
  total: 0,
  allCriteria: 0,
  criteria: Object.fromEntries(CRITERIA.map((c) => [c, 0])) as Record<Criterion, number>,
})

/** The Digital family page of a village: counts per criterion and every household's latest checklist. */
export async function villageHouseholds(ctx: Ctx, user: CurrentUser | null, villageCode: string) {
  const village = await villageFor(ctx, villageCode)
  assertCan(user, 'places.read', village)
  const [row] = await store.householdCounts(ctx.db, [village.code])
  const counts: HouseholdCounts = row
    ? { total: row.total, allCriteria: row.allCriteria, criteria: row.criteria }
    : zero()
  return {
    village,
    counts,
    households: await store.listHouseholds(ctx.db, village.code),
  }
}

/** One household's latest checklist, to pre-fill the form; null when never checked. */
export async function findHousehold(ctx: Ctx, user: CurrentUser | null, villageCode: string, label: string) {
  const village = await villageFor(ctx, villageCode)
  assertCan(user, 'places.read', village)
  return (await store.findHousehold(ctx.db, village.code, label)) ?? null
}

/** Digital family counts for every village of a commune or ward (villages never checked count zero). */
export async function communeHouseholds(ctx: Ctx, user: CurrentUser | null, communeCode: string) {
  const commune = await placeFor(ctx, communeCode)
  assertCan(user, 'places.read', commune)
  const villages = await listVillages(ctx.db, commune.code)
  const counts = new Map(
    (
      await store.householdCounts(
        ctx.db,
        villages.map((v) => v.code),
      )
    ).map((c) => [c.villageCode, c]),
  )
  return {
    commune,
    villages: villages.map((v) => ({ code: v.code, name: v.name, counts: counts.get(v.code) ?? zero() })),
  }
}
