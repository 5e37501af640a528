/**
 * Folds text so that "dang ky vneid" matches "Đăng ký VNeID": lower case, accents removed,
 * đ → d. Folding maps each UTF-16 code unit of the NFC text to exactly one code unit, so a match
 * found at position i in the folded text is at position i in the original. Used by the search
 * (learning) and by the place picker (places).
 */

const cache = new Map<string, string>()

function foldChar(ch: string): string {
  let f = cache.get(ch)
  if (f !== undefined) return f
  if (ch === 'đ' || ch === 'Đ') f = 'd'
  else {
    const lower = ch.toLowerCase()
    const base = lower.normalize('NFD')[0] ?? lower
    // Keep the one-to-one length: a character whose folding changes length stays as it is.
    f = base.length === ch.length ? base : lower.length === ch.length ? lower : ch
  }
  if (cache.size < 10_000) cache.set(ch, f)
  return f
}

/** Folds NFC text character by character; `fold(s).length === s.normalize('NFC').length`. */
export function fold(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) out += foldChar(ch)
  return out
}
