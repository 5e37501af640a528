import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { AppError } from '../../core/errors.ts'
import { giveWay } from './password-strength.ts'

/**
 * scrypt at one of OWASP's settings of equal strength (Password Storage Cheat Sheet: N=2^17 r=8
 * p=1, N=2^16 r=8 p=2, N=2^15 r=8 p=3, N=2^14 r=8 p=5, N=2^13 r=8 p=10). A hash takes 128·N·r
 * bytes whatever p is (the p lanes run one after another in the same memory), so the default is
 * N=2^14, r=8, p=5: 16 MiB a hash instead of 128 MiB at 2^17, for about the same work (decision
 * 0176, amended). The parameters are stored in each hash, so older hashes still verify, and one
 * weaker than the table, or using more memory than this node's setting, is replaced at the
 * person's next sign-in (`needsRehash`). `HOCSO_SCRYPT_LOG2_N` (13 to 20) picks the row.
 */
export const SCRYPT = { logN: 14, r: 8 }

/**
 * The row a hub hashes at unless told otherwise: 2^13 with p=10, the same work as 2^14 with p=5
 * (143 against 149 ms of CPU a hash, measured in one loop) in half the memory, 8 MiB a hash, which
 * a hub serving a class counts (decision 0209, amended). A hash made on a hub and one made at the
 * province are of equal strength, so neither replaces the other as accounts travel.
 */
export const HUB_SCRYPT_LOG2_N = 13
const KEYLEN = 32

/** OWASP's p for each N (as log2 N), r=8; from 2^17 up, p=1. */
const OWASP_P: Record<number, number> = { 13: 10, 14: 5, 15: 3, 16: 2 }

/** The p that goes with 2^logN (below 2^13 only test runs hash; they keep p=1). */
export function parallelismOf(logN: number): number {
  return logN >= 17 || logN < 13 ? 1 : OWASP_P[logN]!
}

/** Bytes a hash at N, r takes (scrypt's V array, whatever p is): what the limit below counts. */
const memoryOf = (n: number, r: number) => 128 * n * r

/**
 * At most two hashes at once, and never more than 64 MiB of hashing at once (a 2^17 hash, 128 MiB,
 * runs alone): a burst of sign-ins (or of unknown logins, which hash too) must not take the memory
 * of a small hub, nor all four threads of libuv's pool (files and compression use them too). The
 * others wait in line; the line is short and the wait bounded, and past either the person is told
 * the server is busy and to try again (`people.err.busy`), with nothing stored.
 */
export const HASH_LIMITS = {
  parallel: 2,
  memory: 64 * 2 ** 20,
  waiting: 60,
  waitMs: 20_000,
  checkerWaitMs: 5_000,
}
let running = 0
let memoryInUse = 0
type Waiter = { bytes: number; go: () => void }
const line: Waiter[] = []

/** How many hashes run and wait now (for tests and the bench). */
export const hashQueue = () => ({ running, waiting: line.length })

function busy(): AppError {
  const seconds = 5
  const message = `the server is busy checking other passwords; try again in ${seconds} seconds`
  return new AppError('busy', `password: ${message}`, {
    issues: [{ field: 'password', message, key: 'people.err.busy', params: { count: seconds } }],
    retryAfterSeconds: seconds,
  })
}

const fits = (bytes: number) =>
  running === 0 || (running < HASH_LIMITS.parallel && memoryInUse + bytes <= HASH_LIMITS.memory)

// A hash's place is taken when it is admitted (not when its code next runs), so that one release
// never lets in more than fits.
function take(bytes: number): void {
  running++
  memoryInUse += bytes
}

function admitWaiting(): void {
  while (line.length && fits(line[0]!.bytes)) {
    const next = line.shift()!
    take(next.bytes)
    next.go()
  }
}

async function limited<T>(bytes: number, run: () => Promise<T>): Promise<T> {
  if (line.length || !fits(bytes)) {
    if (line.length >= HASH_LIMITS.waiting) throw busy()
    await new Promise<void>((go, fail) => {
      const me: Waiter = {
        bytes,
        go: () => {
          clearTimeout(timer)
          go()
        },
      }
      const timer = setTimeout(() => {
        line.splice(line.indexOf(me), 1)
        fail(busy())
      }, HASH_LIMITS.waitMs)
      line.push(me)
    })
  } else take(bytes)
  try {
    await afterTheChecks()
    return await run()
  } finally {
    running--
    memoryInUse -= bytes
    admitWaiting()
  }
}

/**
 * Whether a hash waits for the password checker to end (`afterTheChecks`): on a hub only
 * (`hocso serve --hub` turns it on), where memory is short. A province's server signs people up
 * all day: each hash would end the checker and the next sign-up start it again, a fifth of a second
 * of CPU each time, and a sign-in could wait behind a stream of checks.
 */
export const hashesGiveWay = { on: false }

/**
 * Waits for the password checker to answer the checks it has and end (decision 0209), at most
 * `HASH_LIMITS.checkerWaitMs`: its 70 MB and the hashes' 16 MiB each are then not taken at once. A
 * class's 30 checks take about 2 s, 4 s on a busy machine; past the wait (checks coming without
 * end) the hash goes ahead.
 */
async function afterTheChecks(): Promise<void> {
  if (!hashesGiveWay.on) return
  const ended = giveWay()
  if (!ended) return
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    ended,
    new Promise((r) => {
      timer = setTimeout(r, HASH_LIMITS.checkerWaitMs)
    }),
  ])
  clearTimeout(timer)
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const bytes = memoryOf(n, r)
  return limited(
    bytes,
    () =>
      new Promise((resolve, reject) =>
        // maxmem: twice what the hash needs, so Node never refuses a valid stored hash.
        scrypt(
          password.normalize('NFC'),
          salt,
          KEYLEN,
          { N: n, r, p, maxmem: 2 * bytes + 2 ** 20 },
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      ),
  )
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url), at 2^logN with OWASP's p for it. */
export async function hashPassword(
  password: string,
  logN = SCRYPT.logN,
  p = parallelismOf(logN),
): Promise<string> {
  const n = 2 ** logN
  const salt = randomBytes(16)
  const key = await derive(password, salt, n, SCRYPT.r, p)
  return `scrypt$${n}$${SCRYPT.r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

type Parsed = { logN: number; n: number; r: number; p: number; salt: string; hash: string }

function parse(stored: string): Parsed | null {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null
  const [, n, r, p, salt, hash] = parts
  const logN = Math.log2(Number(n))
  const whole = (x: number) => Number.isSafeInteger(x) && x > 0
  if (!Number.isInteger(logN) || logN < 1 || logN > 24 || !whole(Number(r)) || !whole(Number(p))) return null
  return { logN, n: Number(n), r: Number(r), p: Number(p), salt: salt!, hash: hash! }
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored)
  if (!h) return false
  const key = await derive(password, Buffer.from(h.salt, 'base64url'), h.n, h.r, h.p)
  const expected = Buffer.from(h.hash, 'base64url')
  return expected.length === key.length && timingSafeEqual(expected, key)
}

/**
 * True when a stored hash should be replaced at sign-in: weaker than OWASP's table (a 2^15 hash
 * with p=1, made before 2026), or using more memory than this node's setting (a 2^17 hash on a
 * node set to 2^14: each sign-in would take 128 MiB). A hash as strong and lighter is kept, so
 * two nodes set differently do not replace each other's hashes back and forth.
 */
export function needsRehash(stored: string, logN = SCRYPT.logN): boolean {
  const h = parse(stored)
  if (!h || h.r < SCRYPT.r || h.n > 2 ** logN) return true
  if (h.logN >= 17) return false
  if (h.logN >= 13) return h.p < OWASP_P[h.logN]!
  // Below 2^13 only a test run's own cheap setting is kept.
  return h.logN < logN || h.p < parallelismOf(logN)
}

const dummies = new Map<number, Promise<string>>()

/**
 * A hash of nothing anyone knows, at the current cost: an unknown login is checked against it, so
 * that it takes as long as a known one and the answer time does not tell who has an account.
 */
export function dummyHash(logN = SCRYPT.logN): Promise<string> {
  let h = dummies.get(logN)
  if (!h) {
    h = hashPassword(randomBytes(24).toString('base64url'), logN)
    // A refusal (busy) is not kept: the next unknown login makes it again.
    h.catch(() => dummies.delete(logN))
    dummies.set(logN, h)
  }
  return h
}
