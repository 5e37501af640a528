import { ALL, dayOf, weekOf } from './periods.ts'

/**
 * What one fact means for the indicators, in four shapes:
 * - `count`: add n (help given, VNeID installs);
 * - `first`: count a thing once, where and when it first happened (a person trained, an event held);
 * - `last`: remember when a thing was last seen (a learner active, a village with outreach), counted
 *   per day so a "last 30 days" window is a sum of 30 rows;
 * - `latest`: the latest state of a thing wins (a household meets the criteria, a trader's step).
 * Every shape is order-independent: the same facts in any order give the same rollups, which is
 * what lets `rollups rebuild` equal the incremental result and hubs sync in any order.
 */
export type Effect =
  | { type: 'count'; indicator: string; place: string | null; at: string; n?: number }
  | { type: 'first' | 'last'; indicator: string; key: string; place: string | null; at: string }
  | { type: 'latest'; indicator: string; key: string; place: string | null; at: string; value: boolean }

export type MarkerEffect = Exclude<Effect, { type: 'count' }>

/** A marker row (see campaign.tables.ts). */
export type Marker = {
  indicator: string
  key: string
  place_code: string
  at: string
  fact_id: string
  value: number
}

/** Where markers live: the database (incremental) or memory (rebuild). */
export interface MarkerStore {
  get(indicator: string, key: string): Promise<Marker | undefined>
  put(m: Marker): Promise<void>
  del(indicator: string, key: string): Promise<void>
}

/** A fact as the rollups see it. */
export type FactView = {
  id: string
  kind: string
  subjectId: string | null
  placeCode: string | null
  /** When it happened. */
  at: string
  /** When this node stored it ("last data arrived"). */
  recordedAt: string
  data: unknown
  corrects: string | null
}

/** An indicator made of others: true when every component's latest state is true (a trader onboarded). */
export type Composite = { indicator: string; of: string[] }

/** Accumulates rollup deltas, summed per indicator, place and period, until they are written at once. */
export class Deltas {
  // Nested maps: the rebuild adds millions of deltas, and joining three strings per add is what costs.
  readonly map = new Map<string, Map<string, Map<string, number>>>()

  /** Adds n to the indicator at each place of the chain, for each period. */
  add(indicator: string, places: string[], periods: string[], n: number): void {
    if (n === 0) return
    let byPlace = this.map.get(indicator)
    if (!byPlace) {
      byPlace = new Map()
      this.map.set(indicator, byPlace)
    }
    for (const p of places) {
      let byPeriod = byPlace.get(p)
      if (!byPeriod) {
        byPeriod = new Map()
        byPlace.set(p, byPeriod)
      }
      for (const period of periods) byPeriod.set(period, (byPeriod.get(period) ?? 0) + n)
    }
  }

  /** The non-zero deltas as rows. */
  rows(): { indicator: string; place_code: string; period: string; value: number }[] {
    const out = []
    for (const [indicator, byPlace] of this.map)
      for (const [place_code, byPeriod] of byPlace)
        for (const [period, value] of byPeriod)
          if (value !== 0) out.push({ indicator, place_code, period, value })
    return out
  }
}

/** Periods a contribution lands in: day and total for `last` markers, week and total otherwise. */
export function periodsOf(type: Effect['type'], at: string): string[] {
  return type === 'last' ? [dayOf(at), ALL] : [weekOf(at), ALL]
}

/** Orders markers by time, then fact id, so ties break the same way everywhere. */
export function before(a: { at: string; fact_id: string }, b: { at: string; fact_id: string }): boolean {
  return a.at < b.at || (a.at === b.at && a.fact_id < b.fact_id)
}

/** The engine: applies effects to markers and deltas. `chain` maps a place to itself and what contains it. */
export class Engine {
  constructor(
    private readonly store: MarkerStore,
    readonly deltas: Deltas,
    private readonly chain: (place: string | null) => Promise<string[]>,
    private readonly composites: Composite[] = [],
  ) {}

  /** Counts (or uncounts, with sign −1) one effect of a fact. */
  async apply(e: Effect, factId: string): Promise<void> {
    if (e.type === 'count') {
      this.deltas.add(e.indicator, await this.chain(e.place), periodsOf('count', e.at), e.n ?? 1)
      return
    }
    const cur = await this.store.get(e.indicator, e.key)
    const next: Marker = {
      indicator: e.indicator,
      key: e.key,
      place_code: (await this.chain(e.place))[0]!,
      at: e.at,
      fact_id: factId,
      value: e.type === 'latest' ? (e.value ? 1 : 0) : 1,
    }
    if (cur) {
      const wins = e.type === 'first' ? before(next, cur) : before(cur, next)
      if (!wins) return
    }
    await this.replace(e.type, cur, next)
    if (e.type === 'latest') await this.refreshComposites(e.indicator, e.key)
  }

  /** Swaps a marker for another (or for nothing), moving its contribution in the rollups. */
  async replace(
    type: MarkerEffect['type'],
    cur: Marker | undefined,
    next: Marker | undefined,
  ): Promise<void> {
    const ind = (cur ?? next)!.indicator
    if (cur) this.deltas.add(ind, await this.chain(cur.place_code), periodsOf(type, cur.at), -cur.value)
    if (next) {
      this.deltas.add(ind, await this.chain(next.place_code), periodsOf(type, next.at), next.value)
      await this.store.put(next)
    } else if (cur) await this.store.del(cur.indicator, cur.key)
  }

  /** Recomputes composite indicators that depend on `indicator` for one key. */
  async refreshComposites(indicator: string, key: string): Promise<void> {
    for (const c of this.composites) {
      if (!c.of.includes(indicator)) continue
      const parts = await Promise.all(c.of.map((i) => this.store.get(i, key)))
      const present = parts.filter((p): p is Marker => !!p)
      const cur = await this.store.get(c.indicator, key)
      if (!present.length) {
        if (cur) await this.replace('latest', cur, undefined)
        continue
      }
      // The composite takes the time and place of its most recent component.
      const newest = present.reduce((a, b) => (before(a, b) ? b : a))
      const next: Marker = {
        indicator: c.indicator,
        key,
        place_code: newest.place_code,
        at: newest.at,
        fact_id: newest.fact_id,
        value: present.length === c.of.length && present.every((p) => p.value === 1) ? 1 : 0,
      }
      if (
        cur &&
        cur.at === next.at &&
        cur.fact_id === next.fact_id &&
        cur.value === next.value &&
        cur.place_code === next.place_code
      )
        continue
      await this.replace('latest', cur, next)
    }
  }
}

/** Markers in memory, for the rebuild. */
export class MemoryMarkers implements MarkerStore {
  readonly map = new Map<string, Marker>()

  async get(indicator: string, key: string) {
    return this.map.get(`${indicator}\u0000${key}`)
  }

  async put(m: Marker) {
    this.map.set(`${m.indicator}\u0000${m.key}`, m)
  }

  async del(indicator: string, key: string) {
    this.map.delete(`${indicator}\u0000${key}`)
  }
}
