import { describe, expect, it } from 'vitest'
import { weekOf, weekStart, weeksBetween } from './periods.ts'
import { type Level, project } from './projection.ts'

const series = (values: number[]): Level[] =>
  values.map((level, i) => ({ week: `w${i}`, weekStart: '', level }))

describe('target projection on known series', () => {
  it('finds the pace so far, the pace needed and the date at this pace', () => {
    // 10 a week for the last 8 weeks; 120 to go in 32 days (4.57 weeks).
    const p = project({
      levels: series([0, 0, 10, 20, 30, 40, 50, 60, 70, 80]),
      current: 80,
      target: 200,
      deadline: '2026-12-31',
      today: '2026-11-29',
    })
    expect(p.paceSoFar).toBe(10)
    expect(p.paceNeeded).toBeCloseTo(120 / (32 / 7), 6)
    expect(p.weeksLeft).toBe(5)
    // 12 more weeks = 84 days after 29 November.
    expect(p.projectedDate).toBe('2027-02-21')
    expect(p.onTrack).toBe(false)
    expect(p.fraction).toBe(0.4)
  })

  it('is on track when the projected date falls before the deadline', () => {
    const p = project({
      levels: series([0, 50, 100]),
      current: 100,
      target: 150,
      deadline: '2026-12-31',
      today: '2026-11-29',
    })
    expect(p.paceSoFar).toBe(50)
    expect(p.projectedDate).toBe('2026-12-06')
    expect(p.onTrack).toBe(true)
  })

  it('says "not at this pace" when nothing moved, and "reached" when reached', () => {
    const flat = project({
      levels: series([5, 5, 5]),
      current: 5,
      target: 20,
      deadline: '2026-12-31',
      today: '2026-11-29',
    })
    expect(flat.paceSoFar).toBe(0)
    expect(flat.projectedDate).toBeNull()
    expect(flat.onTrack).toBe(false)
    const done = project({
      levels: series([10, 20]),
      current: 20,
      target: 20,
      deadline: '2026-12-31',
      today: '2026-11-29',
    })
    expect(done).toMatchObject({
      reached: true,
      paceNeeded: null,
      projectedDate: '2026-11-29',
      onTrack: true,
      fraction: 1,
    })
  })

  it('needs no pace past the deadline and never divides by nothing', () => {
    const late = project({
      levels: series([1, 2]),
      current: 2,
      target: 10,
      deadline: '2026-11-01',
      today: '2026-11-29',
    })
    expect(late).toMatchObject({ weeksLeft: 0, paceNeeded: null, onTrack: false })
    const none = project({ levels: [], current: 0, target: 0, deadline: '2026-12-31', today: '2026-11-29' })
    expect(none).toMatchObject({ reached: true, fraction: 1 })
  })
})

describe('ISO weeks in the province', () => {
  it('puts late Sunday UTC into the Monday week in Vietnam, and the first days of January in the right year', () => {
    expect(weekOf('2026-11-29T16:59:00Z')).toBe('2026-W48') // Sunday 23:59 in Vietnam
    expect(weekOf('2026-11-29T17:00:00Z')).toBe('2026-W49') // Monday 00:00 in Vietnam
    expect(weekOf('2027-01-01T05:00:00Z')).toBe('2026-W53') // 2026 has 53 ISO weeks
    expect(weekOf('2025-12-29T05:00:00Z')).toBe('2026-W01')
    expect(weekStart('2026-W01')).toBe('2025-12-29')
    expect(weeksBetween('2026-W52', '2027-W02')).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02'])
  })
})
