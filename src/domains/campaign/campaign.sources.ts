import type { Ctx } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import {
  type CheckinAsk,
  checkinRegistrations,
  type EventInfo,
  eventInfos,
  type RegistrationInfo,
} from '../events/events.reads.ts'
import { courseAudiences } from '../learning/learning.reads.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { placeKinds } from '../places/places.reads.ts'

/**
 * What the campaign reads from other domains to interpret a fact: the commune of a village, the
 * audience of a course, the kind and topic of an event, the registration behind a check-in. The
 * rollups interpret facts by the thousand, so these are read through the owners' batch read
 * functions: a batch of facts is looked at first (`prefetch`) and everything it needs read in one
 * query per domain; whatever was not prefetched is read when asked, and kept for the operation.
 */
export type PlaceInfo = { code: string; kind: string; communeCode: string | null }
export type { EventInfo, RegistrationInfo }

const placeCache = new WeakMap<object, Map<string, PlaceInfo>>()

function placesOf(ctx: Ctx): Map<string, PlaceInfo> {
  let c = placeCache.get(ctx.handle)
  if (!c) {
    c = new Map()
    placeCache.set(ctx.handle, c)
  }
  return c
}

/** The province as a place. */
export const PROVINCE_PLACE: PlaceInfo = { code: PROVINCE_CODE, kind: 'province', communeCode: null }

/**
 * Reads the places not known yet among these codes into the cache (kept per database: villages
 * do not move between communes in practice). Unknown codes are not cached: the village may be
 * imported a moment later.
 */
async function loadPlaces(ctx: Ctx, codes: Iterable<string | null>): Promise<void> {
  const cache = placesOf(ctx)
  const missing = new Set<string>()
  for (const c of codes) if (c && c !== PROVINCE_CODE && !cache.has(c)) missing.add(c)
  if (!missing.size) return
  for (const [code, p] of await placeKinds(ctx.db, missing)) cache.set(code, p)
}

/** A place by code, or null when unknown (read with `ctx.db`: the transaction inside one). */
export async function placeInfo(ctx: Ctx, code: string | null): Promise<PlaceInfo | null> {
  if (!code) return null
  if (code === PROVINCE_CODE) return PROVINCE_PLACE
  const cache = placesOf(ctx)
  if (!cache.has(code)) await loadPlaces(ctx, [code])
  return cache.get(code) ?? null
}

/** Forgets cached places (after a village import moved one). */
export function forgetPlaces(ctx: Ctx): void {
  placeCache.delete(ctx.handle)
}

/** What a batch of facts needs read before it is interpreted. */
export type Needs = { places: (string | null)[]; courses: string[]; events: string[]; checkins: CheckinAsk[] }

/**
 * The other domains' records behind the facts of one operation (a stored fact, a sync page, a
 * rebuild), read with `ctx.db` (inside `inTransaction`, the operation's transaction) and kept until
 * it ends.
 */
export class Sources {
  private readonly courses = new Map<string, string[]>()
  private readonly events = new Map<string, EventInfo | null>()
  /** The registration of each check-in fact, by the fact's id. */
  private readonly registrations = new Map<string, RegistrationInfo | null>()

  constructor(readonly ctx: Ctx) {}

  get db(): Db {
    return this.ctx.db
  }

  /** Reads what a batch of facts needs: one query per owning domain, for the whole batch. */
  async prefetch(needs: Needs): Promise<void> {
    await loadPlaces(this.ctx, needs.places)
    const slugs = needs.courses.filter((s) => !this.courses.has(s))
    if (slugs.length) {
      const found = await courseAudiences(this.db, slugs)
      for (const s of slugs) this.courses.set(s, found.get(s) ?? [])
    }
    const ids = needs.events.filter((id) => !this.events.has(id))
    if (ids.length) {
      const found = await eventInfos(this.db, ids)
      for (const id of ids) this.events.set(id, found.get(id) ?? null)
    }
    // A check-in's registration is looked for only at an event that exists (as `registration` does).
    const asks = needs.checkins.filter((a) => !this.registrations.has(a.factId) && this.events.get(a.eventId))
    if (asks.length) {
      const found = await checkinRegistrations(this.db, asks)
      for (const [i, a] of asks.entries()) this.registrations.set(a.factId, found[i] ?? null)
    }
  }

  /** A place by code, or null. */
  place(code: string | null): Promise<PlaceInfo | null> {
    return placeInfo(this.ctx, code)
  }

  /** The audiences of a course, or [] when unknown. */
  async courseAudiences(slug: string): Promise<string[]> {
    if (!this.courses.has(slug))
      await this.prefetch({ places: [], courses: [slug], events: [], checkins: [] })
    return this.courses.get(slug) ?? []
  }

  /** An event's kind, topic, commune and sector, or null. */
  async event(id: string): Promise<EventInfo | null> {
    if (!this.events.has(id)) await this.prefetch({ places: [], courses: [], events: [id], checkins: [] })
    return this.events.get(id) ?? null
  }

  /** Reads an event as `info` says it is: as it was before an edit, to take out what it counted then. */
  assumeEvent(info: EventInfo): void {
    this.events.set(info.id, info)
  }

  /** The registration a check-in fact points at (see `checkinRegistrations`), or null. */
  async registration(ask: CheckinAsk): Promise<RegistrationInfo | null> {
    if (!this.registrations.has(ask.factId)) {
      const [found] = await checkinRegistrations(this.db, [ask])
      this.registrations.set(ask.factId, found ?? null)
    }
    return this.registrations.get(ask.factId) ?? null
  }
}
