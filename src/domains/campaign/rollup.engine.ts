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

/** A value, or a promise of it when it must be read first. */
export type Maybe<T> = T | Promise<T>

/**
 * Where markers live: the database (incremental) or memory (rebuild). A store answers at once
 * what it holds in memory: a sync page or a rebuild asks by the hundred thousand, and an `await`
 * for each is most of what the engine costs.
 */
export interface MarkerStore {
  get(indicator: string, key: string): Maybe<Marker | undefined>
  put(m: Marker): Maybe<void>
  del(indicator: string, key: string): Maybe<void>
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

/** An effect of one fact. */
export type FactEffect = { effect: Effect; factId: string }

/**
 * The effects of many facts (by fact id) reduced to those that can still move a marker: for each
 * indicator and key, only the one that beats all the others (the earliest for `first`, the latest
 * for `last` and `latest`, ties by fact id, and the first given among equals, as when applied in
 * the order given); every count is kept. Applying these gives the same markers and rollups as
 * applying them all, in any order: a marker ends at the winner of all it saw, and the deltas of its
 * replacements add up to taking the marker held out and putting the winner in. Null when two
 * effects of one indicator and key have different shapes, which no mapping makes (the caller then
 * applies them all).
 */
export function winners(effects: Map<string, Effect[]>): FactEffect[] | null {
  const out: FactEffect[] = []
  const best = new Map<string, Map<string, { effect: MarkerEffect; factId: string }>>()
  for (const [factId, list] of effects)
    for (const e of list) {
      if (e.type === 'count') {
        out.push({ effect: e, factId })
        continue
      }
      let byKey = best.get(e.indicator)
      if (!byKey) {
        byKey = new Map()
        best.set(e.indicator, byKey)
      }
      const held = byKey.get(e.key)
      if (!held) {
        byKey.set(e.key, { effect: e, factId })
        continue
      }
      const h = held.effect
      if (h.type !== e.type) return null
      const earlier = e.at < h.at || (e.at === h.at && factId < held.factId)
      const later = h.at < e.at || (h.at === e.at && held.factId < factId)
      if (e.type === 'first' ? earlier : later) byKey.set(e.key, { effect: e, factId })
    }
  for (const byKey of best.values()) out.push(...byKey.values())
  return out
}

/** The engine: applies effects to markers and deltas. `chain` maps a place to itself and what contains it. */
export class Engine {
  /** The composites each indicator is part of. */
  private readonly partOf = new Map<string, Composite[]>()

  constructor(
    private readonly store: MarkerStore,
    readonly deltas: Deltas,
    private readonly chain: (place: string | null) => Maybe<string[]>,
    composites: Composite[] = [],
  ) {
    for (const c of composites) for (const i of c.of) this.partOf.set(i, [...(this.partOf.get(i) ?? []), c])
  }

  /** Counts (or uncounts, with sign −1) one effect of a fact. */
  async apply(e: Effect, factId: string): Promise<void> {
    if (e.type === 'count') {
      const places = this.chain(e.place)
      this.deltas.add(
        e.indicator,
        isPromise(places) ? await places : places,
        periodsOf('count', e.at),
        e.n ?? 1,
      )
      return
    }
    const held = this.store.get(e.indicator, e.key)
    const cur = isPromise(held) ? await held : held
    if (cur) {
      const mine = { at: e.at, fact_id: factId }
      const wins = e.type === 'first' ? before(mine, cur) : before(cur, mine)
      if (!wins) return
    }
    const places = this.chain(e.place)
    const next: Marker = {
      indicator: e.indicator,
      key: e.key,
      place_code: (isPromise(places) ? await places : places)[0]!,
      at: e.at,
      fact_id: factId,
      value: e.type === 'latest' ? (e.value ? 1 : 0) : 1,
    }
    const done = this.replace(e.type, cur, next)
    if (isPromise(done)) await done
    if (e.type === 'latest' && this.partOf.has(e.indicator)) await this.refreshComposites(e.indicator, e.key)
  }

  /** Swaps a marker for another (or for nothing), moving its contribution in the rollups. */
  replace(type: MarkerEffect['type'], cur: Marker | undefined, next: Marker | undefined): Maybe<void> {
    const ind = (cur ?? next)!.indicator
    const out = cur ? this.chain(cur.place_code) : undefined
    const into = next ? this.chain(next.place_code) : undefined
    // Both places known (the usual case): no promise made at all.
    if (!isPromise(out) && !isPromise(into)) return this.move(type, ind, cur, out, next, into)
    return Promise.all([out, into]).then(([o, i]) => this.move(type, ind, cur, o, next, i))
  }

  private move(
    type: MarkerEffect['type'],
    ind: string,
    cur: Marker | undefined,
    out: string[] | undefined,
    next: Marker | undefined,
    into: string[] | undefined,
  ): Maybe<void> {
    if (cur) this.deltas.add(ind, out!, periodsOf(type, cur.at), -cur.value)
    if (next) {
      this.deltas.add(ind, into!, periodsOf(type, next.at), next.value)
      return this.store.put(next)
    }
    if (cur) return this.store.del(cur.indicator, cur.key)
  }

  /** Recomputes composite indicators that depend on `indicator` for one key. */
  async refreshComposites(indicator: string, key: string): Promise<void> {
    for (const c of this.partOf.get(indicator) ?? []) {
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

function isPromise<T>(v: Maybe<T>): v is Promise<T> {
  return v instanceof Promise
}

/** Markers in memory, for the rebuild. */
export class MemoryMarkers implements MarkerStore {
  readonly map = new Map<string, Marker>()

  get(indicator: string, key: string) {
    return this.map.get(`${indicator}\u0000${key}`)
  }

  put(m: Marker) {
    this.map.set(`${m.indicator}\u0000${m.key}`, m)
  }

  del(indicator: string, key: string) {
    this.map.delete(`${indicator}\u0000${key}`)
  }
}
