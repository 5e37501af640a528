import { type RawBuilder, sql } from 'kysely'
import type { Db } from '../../core/db.ts'

/**
 * What other domains read of the places, in batches: each function is one query (or one per 500
 * codes), takes the handle to read with first (inside a transaction, the transaction itself), and
 * is the only way another domain reaches the `places` table (README, "Domains").
 */

const CHUNK = 500

/** The name of each place whose code is given (unknown codes are left out). */
export async function placeNames(
  db: Db,
  codes: Iterable<string | null | undefined>,
): Promise<Map<string, string>> {
  const want = [...new Set([...codes].filter((c): c is string => !!c))]
  const out = new Map<string, string>()
  for (let i = 0; i < want.length; i += CHUNK) {
    const rows = await db
      .selectFrom('places')
      .select(['code', 'name'])
      .where('code', 'in', want.slice(i, i + CHUNK))
      .execute()
    for (const r of rows) out.set(r.code, r.name)
  }
  return out
}

/** A place as the scope and rollup rules need it: its kind and the commune it lies in. */
export type PlaceKind = { code: string; kind: string; communeCode: string | null }

/** The kind and commune of each place whose code is given (unknown codes are left out). */
export async function placeKinds(db: Db, codes: Iterable<string>): Promise<Map<string, PlaceKind>> {
  const want = [...new Set(codes)]
  const out = new Map<string, PlaceKind>()
  for (let i = 0; i < want.length; i += CHUNK) {
    const rows = await db
      .selectFrom('places')
      .select(['code', 'kind', 'commune_code'])
      .where('code', 'in', want.slice(i, i + CHUNK))
      .execute()
    for (const r of rows) out.set(r.code, { code: r.code, kind: r.kind, communeCode: r.commune_code })
  }
  return out
}

/**
 * The codes of the places inside a scope, the scope's own code first: a commune or ward and its
 * villages, or a village alone (a village is the commune of nothing).
 */
export async function codesWithin(db: Db, code: string): Promise<string[]> {
  const rows = await db
    .selectFrom('places')
    .select('code')
    .where('commune_code', '=', code)
    .where('code', '!=', code)
    .orderBy('code')
    .execute()
  return [code, ...rows.map((r) => r.code)]
}

/** The commune of every place, by code (a commune's or ward's is its own code; the province's null). */
export async function communesByPlace(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('places').select(['code', 'commune_code']).execute()
  return new Map(rows.map((r) => [r.code, r.commune_code]))
}

/** A place with the attributes the dashboards divide by. */
export type RegisterPlace = {
  code: string
  kind: string
  name: string
  communeCode: string | null
  has4g: boolean
  hasTelecom: boolean
  onGrid: boolean
  households: number
  demo: boolean
}

/** The province, every commune, ward and village with the attributes the dashboards divide by, in code order. */
export async function placeRegister(db: Db): Promise<RegisterPlace[]> {
  const rows = await db
    .selectFrom('places')
    .select([
      'code',
      'kind',
      'name',
      'commune_code',
      'has_4g',
      'has_telecom',
      'on_grid',
      'households',
      'demo',
    ])
    .orderBy('code')
    .execute()
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    name: r.name,
    communeCode: r.commune_code,
    has4g: r.has_4g === 1,
    hasTelecom: r.has_telecom !== 0,
    onGrid: r.on_grid !== 0,
    households: Number(r.households ?? 0),
    demo: r.demo === 1,
  }))
}

/**
 * A fingerprint of the places that changes whenever one is added or edited (every edit takes a new
 * HLC stamp), as an SQL expression: a reader that keeps the register in memory checks it on every
 * request, combined with others' fingerprints into one query (the dashboards: places and traders).
 */
export const placesStampSql: RawBuilder<string> = sql<string>`(select count(*) || '|' || coalesce(max(hlc), '') from places)`
