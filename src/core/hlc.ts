/**
 * Hybrid logical clock (Kulkarni et al. 2014). A stamp is physical milliseconds plus a counter,
 * encoded as a fixed-width string so that string order is time order and stamps compare the same
 * way in SQLite and PostgreSQL. Merges keep the greatest stamp; ties are broken by node id.
 */
export type HlcStamp = string

const WIDTH_MS = 13
const WIDTH_COUNTER = 5

/** Formats a clock reading as a sortable stamp: `0001732870000000-00000`. */
export function formatHlc(ms: number, counter: number): HlcStamp {
  return `${String(ms).padStart(WIDTH_MS + 3, '0')}-${String(counter).padStart(WIDTH_COUNTER, '0')}`
}

/** Parses a stamp; throws on anything that is not one. */
export function parseHlc(stamp: HlcStamp): { ms: number; counter: number } {
  const m = /^(\d{16})-(\d{5})$/.exec(stamp)
  if (!m) throw new Error(`invalid HLC stamp ${JSON.stringify(stamp)}`)
  return { ms: Number(m[1]), counter: Number(m[2]) }
}

/** A node's clock. `now()` stamps a local change; `observe()` folds in a stamp received from elsewhere. */
/** How far ahead of the wall clock a received stamp may be by default (HOCSO_MAX_CLOCK_DRIFT). */
export const DEFAULT_MAX_DRIFT_MS = 5 * 60_000

export class HybridClock {
  private ms = 0
  private counter = 0
  /** Milliseconds this node's clock is known to be behind its upstream's (see `follow`). */
  private lead = 0
  /** The wall clock and the monotonic clock when the lead was learned, to notice the clock being set. */
  private leadSince = { wall: 0, mono: 0 }

  /**
   * `maxDriftMs` bounds what `observe` adopts, as hybrid clocks in production databases do: a stamp
   * further ahead of this node's wall clock comes from a machine whose clock is wrong, and adopting
   * it would stamp every later edit here ahead too (and let that machine win every merge).
   */
  constructor(
    private readonly wall: () => number = Date.now,
    readonly maxDriftMs = DEFAULT_MAX_DRIFT_MS,
  ) {}

  /**
   * Takes the upstream's time when this node's clock is behind it by more than the allowed drift
   * (a hub in a village, its clock never set, learning the province's time at each sync); within
   * the drift it keeps its own. Only forward: a clock moved back would stamp an edit below the
   * version it replaces, so a node ahead keeps its clock and its upstream holds what it stamps
   * ahead. In this process only, learned again at every sync; and if the machine's clock is set
   * meanwhile (it jumps against the monotonic clock by more than the drift) the lead is dropped at
   * once, so a clock set right is never pushed a day ahead.
   */
  follow(leadMs: number): void {
    this.lead = Number.isFinite(leadMs) && leadMs > this.maxDriftMs ? Math.round(leadMs) : 0
    this.leadSince = { wall: this.wall(), mono: performance.now() }
  }

  /** Milliseconds this clock runs ahead of the machine's to keep the upstream's time (0 usually). */
  get leadMs(): number {
    return this.lead
  }

  /** The machine's own clock, without the lead: what this node tells others its clock says. */
  machineMs(): number {
    return this.wall()
  }

  /** This node's time in milliseconds: the machine's clock plus the lead (see `follow`). */
  nowMs(): number {
    return this.time()
  }

  /** The machine's clock plus the lead, if the machine's clock was not set since it was learned. */
  private time(): number {
    const wall = this.wall()
    if (this.lead) {
      const jumped = wall - this.leadSince.wall - (performance.now() - this.leadSince.mono)
      if (Math.abs(jumped) > this.maxDriftMs) this.lead = 0
    }
    return wall + this.lead
  }

  /** Milliseconds a stamp is ahead of this node's clock beyond the allowed drift (0 when within it). */
  beyondDrift(stamp: HlcStamp): number {
    return Math.max(0, parseHlc(stamp).ms - this.time() - this.maxDriftMs)
  }

  /** A stamp for a change made here, greater than every stamp seen so far. */
  now(): HlcStamp {
    const wall = this.time()
    if (wall > this.ms) {
      this.ms = wall
      this.counter = 0
    } else {
      this.counter++
    }
    return formatHlc(this.ms, this.counter)
  }

  /** Advances the clock past a remote stamp so later local changes sort after it. */
  observe(remote: HlcStamp): void {
    const r = parseHlc(remote)
    const wall = this.time()
    // Never adopted: the caller holds such a record (see beyondDrift); this is the last guard.
    if (r.ms > wall + this.maxDriftMs) return
    const maxMs = Math.max(this.ms, r.ms, wall)
    if (maxMs === this.ms && maxMs === r.ms) this.counter = Math.max(this.counter, r.counter) + 1
    else if (maxMs === this.ms) this.counter++
    else if (maxMs === r.ms) this.counter = r.counter + 1
    else this.counter = 0
    this.ms = maxMs
  }
}

/** Compares two versions of a record: by stamp, then by node id. Positive when `a` wins. */
export function compareVersions(
  a: { hlc: HlcStamp; node: string },
  b: { hlc: HlcStamp; node: string },
): number {
  if (a.hlc !== b.hlc) return a.hlc > b.hlc ? 1 : -1
  if (a.node !== b.node) return a.node > b.node ? 1 : -1
  return 0
}
