import { describe, expect, it } from 'vitest'
import { settle, type TreeFact } from './facts.forks.ts'

/** A fact of a tree: its id (ids sort as UUIDv7s do), what it corrects, the minute it happened. */
const f = (id: string, corrects: string | null, minute: number): TreeFact => ({
  id,
  corrects,
  at: `2026-12-01T03:${String(minute).padStart(2, '0')}:00.000Z`,
})

/** Settles the facts in every order, and expects the same answer each time. */
function settledInEveryOrder(facts: TreeFact[]) {
  const orders = facts.map((_, i) => [...facts.slice(i), ...facts.slice(0, i)])
  orders.push([...facts].reverse())
  const all = orders.map((o) => {
    const s = settle(o)
    return {
      standing: [...s.standing].sort(),
      out: [...s.out].sort(),
      forks: s.forks.map((k) => ({ ...k, lost: [...k.lost].sort() })).sort((a, b) => (a.of < b.of ? -1 : 1)),
    }
  })
  for (const x of all) expect(x).toEqual(all[0])
  return all[0]!
}

describe('settling a correction tree (decision 0204)', () => {
  it('keeps the later of two corrections, the other out and its fork open', () => {
    const s = settledInEveryOrder([f('o', null, 1), f('a', 'o', 2), f('b', 'o', 3)])
    expect(s.standing).toEqual(['b'])
    expect(s.out).toEqual([
      ['a', 'b'],
      ['o', 'b'],
    ])
    expect(s.forks).toEqual([{ of: 'o', winner: 'b', standing: 'b', lost: ['a'], open: true }])
  })

  it('breaks a tie of time by id, and works with the original not stored here', () => {
    const s = settledInEveryOrder([f('b1', 'o', 2), f('a1', 'o', 2)])
    expect(s.standing).toEqual(['b1'])
    expect(s.out).toEqual([
      ['a1', 'b1'],
      ['o', 'b1'],
    ])
  })

  it('keeps a losing branch out even when it is corrected again later', () => {
    // The hub corrected its correction at minute 9; the province's (minute 3) still wins the fork.
    const s = settledInEveryOrder([f('o', null, 1), f('a', 'o', 2), f('a2', 'a', 9), f('b', 'o', 3)])
    expect(s.standing).toEqual(['b'])
    expect(s.out.map(([id]) => id)).toEqual(['a', 'a2', 'o'])
    expect(s.forks).toEqual([{ of: 'o', winner: 'b', standing: 'b', lost: ['a2'], open: true }])
  })

  it('settles the fork once the winning branch is corrected after every losing fact', () => {
    const made = [f('o', null, 1), f('a', 'o', 2), f('a2', 'a', 9), f('b', 'o', 3)]
    // Corrected at minute 5, before the hub's a2 (minute 9): made apart too, still open.
    const early = settledInEveryOrder([...made, f('b2', 'b', 5)])
    expect(early.standing).toEqual(['b2'])
    expect(early.forks).toEqual([{ of: 'o', winner: 'b', standing: 'b2', lost: ['a2'], open: true }])
    // Corrected at minute 12, after seeing both: settled, and what it says stands.
    const late = settledInEveryOrder([...made, f('b2', 'b', 12)])
    expect(late.standing).toEqual(['b2'])
    expect(late.forks).toEqual([{ of: 'o', winner: 'b', standing: 'b2', lost: ['a2'], open: false }])
  })

  it('leaves a fact nobody corrected standing, and survives a forged cycle', () => {
    expect(settle([f('x', null, 1)]).standing).toEqual(new Set(['x']))
    const cycle = settle([f('p', 'q', 1), f('q', 'p', 2)])
    expect(cycle.standing.size + cycle.out.size).toBe(0)
  })
})
