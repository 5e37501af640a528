import { createHash } from 'node:crypto'

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`
}

/** SHA-256 (hex) of a string. */
export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}
