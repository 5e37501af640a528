import { describe, expect, it } from 'vitest'
import { Lru } from './lru.ts'

describe('Lru', () => {
  it('keeps at most `max` entries, the least recently read going first', () => {
    const lru = new Lru<string, number>(2)
    lru.set('a', 1)
    lru.set('b', 2)
    expect(lru.get('a')).toBe(1)
    lru.set('c', 3)
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3])
    expect(lru.size).toBe(2)
  })

  it('with a weight, keeps the total within its budget, and counts a replaced entry once', () => {
    const lru = new Lru<string, string>(100, { maxWeight: 10, weigh: (k, v) => k.length + v.length })
    lru.set('a', 'xxxx') // 5
    lru.set('b', 'yyyy') // 10
    expect(lru.weight).toBe(10)
    lru.get('a')
    lru.set('c', 'z') // 12 > 10: b, the least recently read, goes
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['xxxx', undefined, 'z'])
    expect(lru.weight).toBe(7)
    lru.set('a', 'xx') // replaced: 3 + 2
    expect(lru.weight).toBe(5)
    expect(lru.size).toBe(2)
  })

  it('does not keep an entry heavier than the whole budget, and drops the one it replaces', () => {
    const lru = new Lru<string, string>(100, { maxWeight: 10, weigh: (_k, v) => v.length })
    lru.set('a', 'short')
    lru.set('b', 'x')
    lru.set('a', 'much too long for it')
    expect([lru.get('a'), lru.get('b')]).toEqual([undefined, 'x'])
    expect(lru.weight).toBe(1)
    lru.clear()
    expect([lru.size, lru.weight]).toEqual([0, 0])
  })
})
