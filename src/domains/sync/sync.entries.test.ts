import { describe, expect, it } from 'vitest'
import { fromZod } from '../../core/errors.ts'
import { MAX_PAGE, pageSchema, readPage } from './sync.entries.ts'

// A pushed page is checked by hand when it holds only facts (readPage), and by the schema
// otherwise. Whatever a hub sends, both must give the same verdict, and a refusal the same message.
const origin = '01000000-0000-7000-8000-0000000000c3'

function fact(seq: number): Record<string, unknown> {
  return {
    id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    kind: 'household_checked',
    origin_node: origin,
    seq,
    actor_id: null,
    subject_id: null,
    place_code: '3166-001',
    occurred_at: '2026-11-02T03:00:00.000Z',
    recorded_at: '2026-11-02T03:00:00.000Z',
    data: '{"household":"H1"}',
    hash: 'ab'.repeat(32),
    corrects: null,
  }
}

function page(n = 3): Record<string, unknown> {
  const entries = Array.from({ length: n }, (_, i) => ({ s: 'facts', o: origin, q: i + 1, f: fact(i + 1) }))
  return { entries, covers: [{ s: 'facts', o: origin, from: 0, to: n }], more: false }
}

// biome-ignore lint/suspicious/noExplicitAny: the pages are broken on purpose, any way a hub could
type Edit = [string, (p: any) => void]

// Every bound of the schema, broken one at a time, in the first entry, a later one, or the page.
const edits: Edit[] = [
  ['nothing', () => {}],
  ['an extra key on the page', (p) => (p.extra = 1)],
  ['more missing', (p) => delete p.more],
  ['more not a boolean', (p) => (p.more = 'no')],
  ['entries not an array', (p) => (p.entries = {})],
  ['covers missing', (p) => delete p.covers],
  ['an entry of another stream', (p) => (p.entries[1].s = 'files')],
  ['an entry that is null', (p) => (p.entries[2] = null)],
  ['an entry with an extra key', (p) => (p.entries[0].x = 1)],
  ['an entry without its fact', (p) => delete p.entries[0].f],
  ['an origin too long', (p) => (p.entries[0].o = 'n'.repeat(65))],
  ['an empty origin', (p) => (p.entries[1].o = '')],
  ['a negative number', (p) => (p.entries[0].q = -1)],
  ['a fractional number', (p) => (p.entries[0].q = 1.5)],
  ['a number past the safe integers', (p) => (p.entries[0].q = 2 ** 53)],
  ['a number as text', (p) => (p.entries[0].q = '1')],
  ['a fact id that is no uuid', (p) => (p.entries[1].f.id = 'not-a-uuid')],
  ['a fact id with a bad variant', (p) => (p.entries[1].f.id = '01900000-0000-7000-0000-000000000001')],
  ['a fact with an extra key', (p) => (p.entries[2].f.more = 'x')],
  ['a fact without its hash', (p) => delete p.entries[2].f.hash],
  ['a kind too long', (p) => (p.entries[0].f.kind = 'k'.repeat(41))],
  ['an empty kind', (p) => (p.entries[0].f.kind = '')],
  ['a fact seq as text', (p) => (p.entries[0].f.seq = '1')],
  ['an actor that is a number', (p) => (p.entries[0].f.actor_id = 7)],
  ['a subject too long', (p) => (p.entries[0].f.subject_id = 's'.repeat(65))],
  ['a place too long', (p) => (p.entries[0].f.place_code = 'p'.repeat(21))],
  ['a time too long', (p) => (p.entries[0].f.occurred_at = 't'.repeat(41))],
  ['a recorded time that is null', (p) => (p.entries[0].f.recorded_at = null)],
  ['data too long', (p) => (p.entries[0].f.data = 'd'.repeat(200_001))],
  ['data as an object', (p) => (p.entries[0].f.data = {})],
  ['a hash too long', (p) => (p.entries[0].f.hash = 'h'.repeat(129))],
  ['corrects too long', (p) => (p.entries[0].f.corrects = 'c'.repeat(65))],
  ['a cover of another stream', (p) => (p.covers[0].s = 'files')],
  ['a cover going backwards', (p) => (p.covers[0].from = 9)],
  ['a cover with an extra key', (p) => (p.covers[0].x = 1)],
  ['too many covers', (p) => (p.covers = Array.from({ length: 1001 }, () => p.covers[0]))],
  ['too many entries', (p) => (p.entries = Array.from({ length: MAX_PAGE + 1 }, () => p.entries[0]))],
  [
    'an editable row among the facts',
    (p) =>
      p.entries.unshift({
        s: 'changes',
        o: origin,
        q: 1,
        c: { tbl: 'traders', key: 'k', hlc: '0000000000000001-00000', node: origin, op: 'put', row: {} },
      }),
  ],
  [
    'an editable row with a bad stamp',
    (p) =>
      p.entries.unshift({
        s: 'changes',
        o: origin,
        q: 1,
        c: { tbl: 'traders', key: 'k', hlc: 'yesterday', node: origin, op: 'put', row: {} },
      }),
  ],
  ['texts at their longest', (p) => (p.entries[0].f.place_code = 'p'.repeat(20))],
  ['the nil uuid', (p) => (p.entries[0].f.id = '00000000-0000-0000-0000-000000000000')],
]

describe('a pushed page checked by hand (readPage)', () => {
  it.each(edits)('gives the schema’s verdict and message: %s', (_what, edit) => {
    const p = page()
    edit(p)
    const fast = readPage(structuredClone(p))
    const schema = pageSchema.safeParse(structuredClone(p))
    expect(fast.success).toBe(schema.success)
    if (!fast.success && !schema.success) expect(fromZod(fast.error)).toEqual(fromZod(schema.error))
    else expect(fast.data).toEqual(schema.data)
  })

  it('takes a page of 5,000 facts', () => {
    expect(readPage(page(MAX_PAGE)).success).toBe(true)
  })
})
