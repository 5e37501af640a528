/**
 * Where a target stands and where it is heading: the pace needed to reach it by its deadline, the
 * pace so far (the average weekly gain over the last weeks), and the date it will be reached at
 * that pace. Pure arithmetic on a weekly series, so it is tested on known series.
 */
export type Level = { week: string; weekStart: string; level: number }

export type Projection = {
  current: number
  target: number
  /** 0..1 (capped at 1). */
  fraction: number
  reached: boolean
  /** Whole weeks from now to the deadline (0 when past). */
  weeksLeft: number
  /** Gain needed per week from now to reach the target by the deadline; null when reached or past. */
  paceNeeded: number | null
  /** Average gain per week over the pace window. */
  paceSoFar: number
  /** YYYY-MM-DD when the target is reached at the current pace; null when not at this pace. */
  projectedDate: string | null
  /** True when reached, or projected on or before the deadline. */
  onTrack: boolean
}

const DAY_MS = 86_400_000

/** How many weeks of history the pace looks at. */
export const PACE_WEEKS = 8

/**
 * Projects a target from the weekly levels (oldest first, the last one being the current week).
 * `current` is today's value (for window indicators it may differ from the last weekly level).
 */
export function project(opts: {
  levels: Level[]
  current: number
  target: number
  deadline: string
  today: string
  paceWeeks?: number
}): Projection {
  const { levels, current, target, deadline, today } = opts
  const n = opts.paceWeeks ?? PACE_WEEKS
  const days = (Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS
  const weeksLeft = Math.max(0, Math.ceil(days / 7))
  const reached = current >= target
  // The pace compares the last level with the level n weeks earlier (or the first one we have).
  let paceSoFar = 0
  if (levels.length >= 2) {
    const last = levels[levels.length - 1]!
    const from = levels[Math.max(0, levels.length - 1 - n)]!
    const span = levels.length - 1 - Math.max(0, levels.length - 1 - n)
    paceSoFar = span > 0 ? (last.level - from.level) / span : 0
  }
  const remaining = Math.max(0, target - current)
  const paceNeeded = reached || days <= 0 ? null : remaining / Math.max(days / 7, 1 / 7)
  let projectedDate: string | null = null
  if (reached) projectedDate = today
  else if (paceSoFar > 0) {
    const weeks = remaining / paceSoFar
    projectedDate = new Date(Date.parse(`${today}T00:00:00Z`) + Math.ceil(weeks * 7) * DAY_MS)
      .toISOString()
      .slice(0, 10)
  }
  return {
    current,
    target,
    fraction: target > 0 ? Math.min(1, current / target) : 1,
    reached,
    weeksLeft,
    paceNeeded,
    paceSoFar,
    projectedDate,
    onTrack: reached || (projectedDate !== null && projectedDate <= deadline),
  }
}
