import { describe, expect, it } from 'vitest'
import { formatHlc, HybridClock, parseHlc } from './hlc.ts'

const DAY = 86_400_000
const MIN = 60_000
/** A clock on a machine whose time the test sets. */
function clockAt(start: number) {
  const machine = { ms: start }
  return { machine, clock: new HybridClock(() => machine.ms, 5 * MIN) }
}
const msOf = (stamp: string) => parseHlc(stamp).ms

describe('HybridClock', () => {
  it('stamps every change after the last, even when the machine clock stands still or goes back', () => {
    const { machine, clock } = clockAt(1_000_000)
    const a = clock.now()
    const b = clock.now()
    machine.ms -= 10_000
    const c = clock.now()
    expect([a, b, c]).toEqual([...[a, b, c]].sort())
    expect(new Set([a, b, c]).size).toBe(3)
  })

  it('sorts a change after a stamp it observed, within the allowed drift', () => {
    const { clock } = clockAt(1_000_000)
    clock.observe(formatHlc(1_000_000 + 2 * MIN, 7))
    expect(clock.now() > formatHlc(1_000_000 + 2 * MIN, 7)).toBe(true)
  })

  it('does not adopt a stamp beyond the drift, and says by how much it is beyond', () => {
    const { clock } = clockAt(1_000_000)
    const ahead = formatHlc(1_000_000 + DAY, 0)
    expect(clock.beyondDrift(ahead)).toBe(DAY - 5 * MIN)
    clock.observe(ahead)
    expect(msOf(clock.now())).toBe(1_000_000)
  })

  it('takes the upstream’s time when a day behind it: stamps, the time and the drift all follow', () => {
    const { clock } = clockAt(1_000_000)
    clock.follow(DAY)
    expect(clock.leadMs).toBe(DAY)
    expect(clock.nowMs()).toBe(1_000_000 + DAY)
    expect(clock.machineMs()).toBe(1_000_000)
    expect(msOf(clock.now())).toBe(1_000_000 + DAY)
    // What the upstream stamped a moment ago is no longer "a day ahead".
    expect(clock.beyondDrift(formatHlc(1_000_000 + DAY - MIN, 0))).toBe(0)
  })

  it('keeps its own clock within the drift, and never moves back for a clock ahead', () => {
    const { clock } = clockAt(1_000_000)
    clock.follow(4 * MIN)
    expect(clock.leadMs).toBe(0)
    clock.follow(-DAY)
    expect(clock.leadMs).toBe(0)
    clock.follow(Number.NaN)
    expect(clock.leadMs).toBe(0)
    // Learned again at every sync: a clock set right since the last one needs no lead.
    clock.follow(DAY)
    clock.follow(0)
    expect(clock.nowMs()).toBe(1_000_000)
  })

  it('drops the lead at once when the machine clock is set, so a clock set right is not pushed a day ahead', () => {
    const { machine, clock } = clockAt(1_000_000)
    clock.follow(DAY)
    machine.ms += DAY
    expect(clock.nowMs()).toBe(1_000_000 + DAY)
    expect(clock.leadMs).toBe(0)
    expect(msOf(clock.now())).toBe(1_000_000 + DAY)
  })
})
