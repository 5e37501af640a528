import { describe, expect, it } from 'vitest'
import { Deltas, type Effect, Engine, MemoryMarkers, winners } from './rollup.engine.ts'

// A village, its commune and the province; a fact without a place counts for the province only.
const chain = (place: string | null) => (place ? [place, 'C1', '11'] : ['11'])
const COMPOSITES = [{ indicator: 'onboarded', of: ['step.a', 'step.b'] }]

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

/**
 * Effects of many facts as a page brings them: each fact touches a few markers among a handful
 * of keys (so that facts compete for them), and counts. Times collide on purpose.
 */
function page(seed: number, facts: number): Map<string, Effect[]> {
  const r = random(seed)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  const out = new Map<string, Effect[]>()
  for (let i = 0; i < facts; i++) {
    const id = `f${String(Math.floor(r() * 1e6)).padStart(7, '0')}-${i}`
    const at = `2026-11-${String(1 + Math.floor(r() * 20)).padStart(2, '0')}T0${Math.floor(r() * 3)}:00:00.000Z`
    const place = pick(['V1', 'V2', null])
    const key = pick(['k1', 'k2', 'k3'])
    out.set(id, [
      { type: 'count', indicator: 'helped', place, at, n: pick([1, 2, -1]) },
      { type: 'first', indicator: 'learners', key, place, at },
      { type: 'last', indicator: 'active', key, place, at },
      { type: 'latest', indicator: 'checked', key, place, at, value: r() < 0.5 },
      { type: 'latest', indicator: pick(['step.a', 'step.b']), key, place, at, value: r() < 0.7 },
    ])
  }
  return out
}

/** The markers and rollup rows an engine ends with, in a stable order. */
function state(markers: MemoryMarkers, deltas: Deltas) {
  return {
    markers: [...markers.map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
    rows: deltas.rows().sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  }
}

/** Applies effects one at a time, in the order given, over markers already held. */
async function applyAll(held: MemoryMarkers, effects: [string, Effect][]) {
  const markers = new MemoryMarkers()
  for (const [k, m] of held.map) markers.map.set(k, m)
  const engine = new Engine(markers, new Deltas(), chain, COMPOSITES)
  for (const [id, e] of effects) await engine.apply(e, id)
  return state(markers, engine.deltas)
}

describe('the effects that win each marker', () => {
  it('give the markers and rollups of every effect applied one at a time, in any order', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      // Markers held before the page: what an earlier page left.
      const earlier = new MemoryMarkers()
      const before = new Engine(earlier, new Deltas(), chain, COMPOSITES)
      for (const [id, es] of page(seed + 1000, 15)) for (const e of es) await before.apply(e, id)
      const effects = page(seed, 60)
      const flat = [...effects].flatMap(([id, es]) => es.map((e): [string, Effect] => [id, e]))
      const one = await applyAll(earlier, flat)
      expect(await applyAll(earlier, [...flat].reverse())).toEqual(one)
      const won = winners(effects)!
      // Each marker is moved at most once: far fewer effects than facts.
      expect(won.filter((w) => w.effect.type !== 'count').length).toBeLessThanOrEqual(3 * 5)
      expect(
        await applyAll(
          earlier,
          won.map((w) => [w.factId, w.effect]),
        ),
      ).toEqual(one)
    }
  })

  it('keeps the first given among effects of one fact that tie, as applying them in order does', async () => {
    const at = '2026-11-02T03:00:00.000Z'
    const effects = new Map<string, Effect[]>([
      [
        'f1',
        [
          { type: 'first', indicator: 'learners', key: 'k', place: 'V1', at },
          { type: 'first', indicator: 'learners', key: 'k', place: 'V2', at },
        ],
      ],
    ])
    const won = winners(effects)!
    expect(won).toEqual([{ factId: 'f1', effect: effects.get('f1')![0] }])
    const flat = effects.get('f1')!.map((e): [string, Effect] => ['f1', e])
    expect(
      await applyAll(
        new MemoryMarkers(),
        won.map((w) => [w.factId, w.effect]),
      ),
    ).toEqual(await applyAll(new MemoryMarkers(), flat))
  })

  it('gives up (null) when one indicator and key come in two shapes, so every effect is applied', () => {
    const at = '2026-11-02T03:00:00.000Z'
    expect(
      winners(
        new Map<string, Effect[]>([
          ['f1', [{ type: 'first', indicator: 'x', key: 'k', place: null, at }]],
          ['f2', [{ type: 'last', indicator: 'x', key: 'k', place: null, at }]],
        ]),
      ),
    ).toBeNull()
  })
})
