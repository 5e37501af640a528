/**
 * Search folds text so that "dang ky vneid" finds "Đăng ký VNeID": lower case, accents removed,
 * đ → d. Folding maps each UTF-16 code unit of the NFC text to exactly one code unit, so a match
 * found at position i in the folded text is at position i in the original: the snippet can
 * highlight the original words without a second search.
 */

import { fold } from '../../core/fold.ts'

export { fold }

/** Words (letters, marks, digits) of already-folded text, as the full-text index splits them. */
export function words(folded: string): string[] {
  return folded.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
}

export const MAX_QUERY_CHARS = 200
export const MAX_QUERY_WORDS = 8

/** A query made safe: folded words only (no operators, quotes or NEAR), and how it was trimmed. */
export type SearchTerms = { terms: string[]; truncated: boolean }

/** Folds and splits what a person typed; anything that is not a word is dropped. */
export function queryTerms(q: string): SearchTerms {
  const truncated = q.length > MAX_QUERY_CHARS
  const all = words(fold(q.slice(0, MAX_QUERY_CHARS))).map((w) => w.slice(0, 40))
  const terms = [...new Set(all)].slice(0, MAX_QUERY_WORDS)
  return { terms, truncated: truncated || all.length > terms.length }
}

/** A piece of snippet text, highlighted or not. */
export type Segment = { text: string; mark: boolean }

/**
 * The best window of `text` around the terms (prefix matches at word starts), cut to about
 * `width` characters, with the matches marked.
 */
export function snippet(text: string, terms: string[], width = 180): Segment[] {
  const src = text.normalize('NFC')
  const folded = fold(src)
  const hits: [number, number][] = []
  if (terms.length) {
    // A term matches a word prefix (as the index does); the whole word is marked.
    const re = new RegExp(
      `(?<![\\p{L}\\p{M}\\p{N}])(${terms.map(escapeRe).join('|')})[\\p{L}\\p{M}\\p{N}]*`,
      'gu',
    )
    for (const m of folded.matchAll(re)) hits.push([m.index!, m.index! + m[0].length])
  }
  let start = 0
  if (hits.length) {
    // Pick the window starting shortly before the hit that has the most hits after it within `width`.
    let best = -1
    for (const [s] of hits) {
      const n = hits.filter(([a, b]) => a >= s && b <= s + width).length
      if (n > best) {
        best = n
        start = s
      }
    }
    start = Math.max(0, start - 30)
    const space = src.lastIndexOf(' ', start)
    if (start > 0 && space > start - 20) start = space + 1
  }
  let end = Math.min(src.length, start + width)
  const spaceEnd = src.indexOf(' ', end)
  if (end < src.length && spaceEnd !== -1 && spaceEnd - end < 20) end = spaceEnd
  const out: Segment[] = []
  if (start > 0) out.push({ text: '… ', mark: false })
  let pos = start
  for (const [a, b] of hits) {
    if (b <= start || a >= end) continue
    const s = Math.max(a, pos)
    if (s > pos) out.push({ text: src.slice(pos, s), mark: false })
    if (b > s) out.push({ text: src.slice(s, Math.min(b, end)), mark: true })
    pos = Math.min(Math.max(b, pos), end)
  }
  if (pos < end) out.push({ text: src.slice(pos, end), mark: false })
  if (end < src.length) out.push({ text: ' …', mark: false })
  return out
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
