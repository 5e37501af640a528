import { describe, expect, it } from 'vitest'
import { isUuid, uuidv7 } from './ids.ts'

const msOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)

describe('uuidv7', () => {
  it('gives ids that sort in the order they were made, also many in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7())
    for (const id of ids) expect(isUuid(id)).toBe(true)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    // No id runs far ahead of the clock, even after counting through whole milliseconds.
    expect(msOf(ids.at(-1)!)).toBeLessThanOrEqual(Date.now() + 5)
  })

  it('carries the given time when asked for one', () => {
    const at = Date.parse('2026-01-05T00:00:00Z')
    const id = uuidv7(at)
    expect(isUuid(id)).toBe(true)
    expect(msOf(id)).toBe(at)
    expect(id[14]).toBe('7')
  })
})
