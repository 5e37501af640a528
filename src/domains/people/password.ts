import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * scrypt at OWASP's current parameters: N=2^17, r=8, p=1 (128 MiB per hash; decision 0176). The
 * parameters are stored in each hash, so older hashes (N=2^15 before) still verify, and are
 * replaced by a hash at the current cost on the person's next sign-in (`needsRehash`).
 * `HOCSO_SCRYPT_LOG2_N` may lower it to 2^15 on a hub with little memory, never below.
 */
export const SCRYPT = { logN: 17, r: 8, p: 1 }
const KEYLEN = 32

// At most two hashes at once: each takes 128 MiB, and a burst of sign-ins (or of unknown logins,
// which hash too) must not take all the memory of a small server.
const MAX_PARALLEL = 2
let running = 0
const waiting: (() => void)[] = []

async function limited<T>(run: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((go) => waiting.push(go))
  running++
  try {
    return await run()
  } finally {
    running--
    waiting.shift()?.()
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return limited(
    () =>
      new Promise((resolve, reject) =>
        // maxmem: twice what the hash needs (128 * N * r bytes), so Node never refuses it.
        scrypt(
          password.normalize('NFC'),
          salt,
          KEYLEN,
          { N: n, r, p, maxmem: 256 * n * r * p },
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      ),
  )
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url), at 2^logN. */
export async function hashPassword(password: string, logN = SCRYPT.logN): Promise<string> {
  const n = 2 ** logN
  const salt = randomBytes(16)
  const key = await derive(password, salt, n, SCRYPT.r, SCRYPT.p)
  return `scrypt$${n}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [, n, r, p, salt, hash] = parts
  const key = await derive(password, Buffer.from(salt!, 'base64url'), Number(n), Number(r), Number(p))
  const expected = Buffer.from(hash!, 'base64url')
  return expected.length === key.length && timingSafeEqual(expected, key)
}

/** True when a stored hash is weaker than the current parameters (then it is replaced at sign-in). */
export function needsRehash(stored: string, logN = SCRYPT.logN): boolean {
  const [kind, n, r, p] = stored.split('$')
  return kind !== 'scrypt' || Number(n) < 2 ** logN || Number(r) < SCRYPT.r || Number(p) < SCRYPT.p
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
    dummies.set(logN, h)
  }
  return h
}
