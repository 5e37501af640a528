import { createHash, randomBytes } from 'node:crypto'

/** The last millisecond and sequence given by `uuidv7()` in this process (RFC 9562, method 1). */
let lastMs = 0
let seq = 0

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time,
 * which keeps B-tree inserts local and lets a sync page through records in order. Within one
 * process they are strictly increasing: ids made in the same millisecond carry a 12-bit counter
 * (in `rand_a`) and a clock that steps back keeps the last millisecond, so a batch of facts made in
 * one millisecond still sorts in the order it was made. An explicit `now` gives a plain random id
 * of that time.
 */
export function uuidv7(now?: number): string {
  const b = randomBytes(16)
  let ms = now ?? Date.now()
  if (now === undefined) {
    if (ms <= lastMs) {
      seq += 1
      if (seq > 0xfff) {
        lastMs += 1
        seq = 0
      }
      ms = lastMs
    } else {
      lastMs = ms
      seq = b[6]! & 0x03 // start low in the millisecond, leaving room to count up
    }
    b[6] = (seq >>> 8) & 0x0f
    b[7] = seq & 0xff
  }
  b[0] = Math.floor(ms / 2 ** 40) & 0xff
  b[1] = Math.floor(ms / 2 ** 32) & 0xff
  b[2] = (ms >>> 24) & 0xff
  b[3] = (ms >>> 16) & 0xff
  b[4] = (ms >>> 8) & 0xff
  b[5] = ms & 0xff
  b[6] = (b[6]! & 0x0f) | 0x70
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * A name-based UUID (RFC 9562 version 8, from SHA-256 of the parts): the same parts give the same
 * id on every node. For things identified by their content, such as a lesson version (course,
 * lesson, content hash), so a fact made on a hub about a lesson names the same lesson everywhere.
 */
export function contentUuid(...parts: string[]): string {
  const b = createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x80
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = b.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** True when the string is a lowercase RFC 9562 UUID. */
export function isUuid(s: string): boolean {
  return UUID_RE.test(s)
}

/** A random URL-safe token (sessions, CSRF): 32 bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
