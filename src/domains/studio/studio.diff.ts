/**
 * Word-level diff of two versions of a Vietnamese paragraph (longest common subsequence over
 * words and the spaces between them), enough for a translator to see what changed. Paragraphs
 * are short, so the quadratic table is small.
 */
export type DiffPart = { op: 'same' | 'added' | 'removed'; text: string }

const tokens = (s: string) => s.match(/\s+|[^\s]+/g) ?? []

/** The changes from `before` to `after`, adjacent parts of the same kind merged. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before)
  const b = tokens(after)
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const out: DiffPart[] = []
  const push = (op: DiffPart['op'], text: string) => {
    const last = out[out.length - 1]
    if (last && last.op === op) last.text += text
    else out.push({ op, text })
  }
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!)
      i++
      j++
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', a[i++]!)
    else push('added', b[j++]!)
  }
  while (i < n) push('removed', a[i++]!)
  while (j < m) push('added', b[j++]!)
  return out
}
