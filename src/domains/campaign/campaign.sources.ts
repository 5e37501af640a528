import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { placeRef } from '../places/places.service.ts'

/**
 * What the campaign reads from other domains to interpret a fact: the commune of a village, the
 * audience of a course, the kind and topic of an event, the person behind a check-in code, the
 * number of registered traders. Those domains expose no read function for these yet, so the
 * reads are plain SQL on their published table shapes (see docs/decisions/0100-campaign-rollups.md),
 * all in this one file; a missing table (a domain not installed yet) reads as "unknown".
 */
export type PlaceInfo = { code: string; kind: string; communeCode: string | null }

const placeCache = new WeakMap<object, Map<string, PlaceInfo | null>>()
const tableCache = new WeakMap<object, Map<string, boolean>>()

function cacheOf<T>(m: WeakMap<object, Map<string, T>>, ctx: Ctx): Map<string, T> {
  let c = m.get(ctx.handle)
  if (!c) {
    c = new Map()
    m.set(ctx.handle, c)
  }
  return c
}

/** The province as a place. */
export const PROVINCE_PLACE: PlaceInfo = { code: PROVINCE_CODE, kind: 'province', communeCode: null }

/** A place by code (cached per database; villages do not move between communes in practice). */
export async function placeInfo(ctx: Ctx, code: string | null): Promise<PlaceInfo | null> {
  if (!code) return null
  if (code === PROVINCE_CODE) return PROVINCE_PLACE
  const cache = cacheOf(placeCache, ctx)
  const hit = cache.get(code)
  if (hit !== undefined) return hit
  const p = await placeRef(ctx, code).catch(() => null)
  const info = p ? { code: p.code, kind: p.kind, communeCode: p.communeCode } : null
  // Unknown codes are not cached: the village may be imported a moment later.
  if (info) cache.set(code, info)
  return info
}

/** Forgets cached places (after a village import moved one). */
export function forgetPlaces(ctx: Ctx): void {
  placeCache.delete(ctx.handle)
}

/** True when another domain's table exists in this database (checked once per database). */
async function hasTable(ctx: Ctx, name: string): Promise<boolean> {
  const cache = cacheOf(tableCache, ctx)
  const hit = cache.get(name)
  if (hit !== undefined) return hit
  // Asking the catalogue never fails, so a PostgreSQL transaction is not aborted by a missing table.
  const r =
    ctx.dialect === 'postgres'
      ? await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
          where table_name = ${name} and table_schema = current_schema()`.execute(ctx.db)
      : await sql<{
          n: number
        }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(ctx.db)
  const found = Number(r.rows[0]?.n ?? 0) > 0
  if (found) cache.set(name, found)
  return found
}

/** The audiences of a course (from the learning catalogue), or [] when unknown. */
export async function courseAudiences(ctx: Ctx, slug: string): Promise<string[]> {
  if (!(await hasTable(ctx, 'courses'))) return []
  const r = await sql<{ audiences: string }>`select audiences from courses where slug = ${slug}`.execute(
    ctx.db,
  )
  const a = r.rows[0]?.audiences
  return a ? a.split(',').filter(Boolean) : []
}

export type EventInfo = {
  id: string
  kind: string
  topic: string
  placeCode: string
  /** The sector of an AI training of officials; null for other events and older trainings. */
  sector: string | null
}

/** An event's kind, topic, commune and sector, or null. */
export async function eventInfo(ctx: Ctx, id: string): Promise<EventInfo | null> {
  if (!(await hasTable(ctx, 'events'))) return null
  const r = await sql<{ id: string; kind: string; topic: string; place_code: string; sector: string | null }>`
    select id, kind, topic, place_code, sector from events where id = ${id}`.execute(ctx.db)
  const e = r.rows[0]
  return e ? { id: e.id, kind: e.kind, topic: e.topic, placeCode: e.place_code, sector: e.sector } : null
}

export type RegistrationInfo = { id: string; accountId: string | null; phone: string | null; lang: string }

/** The registration a check-in points at: by code, else the walk-in made by the fact, else by phone. */
export async function registrationFor(
  ctx: Ctx,
  eventId: string,
  by: { code?: string; factId: string; phone?: string },
): Promise<RegistrationInfo | null> {
  if (!(await hasTable(ctx, 'event_registrations'))) return null
  type Row = { id: string; account_id: string | null; phone: string | null; lang: string }
  const one = async (q: ReturnType<typeof sql<Row>>) => (await q.execute(ctx.db)).rows[0]
  const row =
    (by.code
      ? await one(sql<Row>`select id, account_id, phone, lang from event_registrations
          where event_id = ${eventId} and code = ${by.code}`)
      : undefined) ??
    (await one(
      sql<Row>`select id, account_id, phone, lang from event_registrations where id = ${by.factId}`,
    )) ??
    (by.phone
      ? await one(sql<Row>`select id, account_id, phone, lang from event_registrations
          where event_id = ${eventId} and phone = ${by.phone} order by seq limit 1`)
      : undefined)
  return row ? { id: row.id, accountId: row.account_id, phone: row.phone, lang: row.lang } : null
}

/**
 * Registered traders per place (village or commune they sell in), for the traders denominator.
 * Erased traders still count: their onboarding facts keep counting in the numerator, so the
 * percentage stays what it was (the person is gone, the figures are not).
 */
export async function tradersPerPlace(ctx: Ctx): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (!(await hasTable(ctx, 'traders'))) return out
  const r = await sql<{ place_code: string; n: number }>`
    select place_code, count(*) as n from traders group by place_code`.execute(ctx.db)
  for (const row of r.rows) out.set(row.place_code, Number(row.n))
  return out
}

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
export async function placeRegister(ctx: Ctx): Promise<RegisterPlace[]> {
  const rows = await ctx.db
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

/** Hubs registered with this node and not revoked: the place each serves and its last contact. */
export async function liveHubs(
  ctx: Ctx,
): Promise<{ scopeCode: string; name: string; lastContactAt: string | null }[]> {
  if (!(await hasTable(ctx, 'sync_nodes'))) return []
  const r = await sql<{ scope_code: string | null; name: string; last_contact_at: string | null }>`
    select scope_code, name, last_contact_at from sync_nodes
    where role = 'hub' and revoked_at is null and scope_code is not null`.execute(ctx.db)
  return r.rows.map((h) => ({ scopeCode: h.scope_code!, name: h.name, lastContactAt: h.last_contact_at }))
}

/**
 * A fingerprint of the places and traders that changes whenever a row is added or edited (every
 * edit takes a new HLC stamp), in one round trip: lets the dashboards keep the place register in
 * memory and reread it only on change.
 */
export async function registerStamp(ctx: Ctx): Promise<string> {
  const traders = await hasTable(ctx, 'traders')
  const r = await sql<{ p: string; t: string }>`select
      (select count(*) || '|' || coalesce(max(hlc), '') from places) as p,
      ${traders ? sql`(select count(*) || '|' || coalesce(max(hlc), '') from traders)` : sql`'none'`} as t`.execute(
    ctx.db,
  )
  return `${r.rows[0]?.p}/${r.rows[0]?.t}`
}
