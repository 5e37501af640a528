import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// scrypt N=2^15, r=8, p=1: ~50 ms on a small machine, 32 MiB of memory per hash (OWASP's minimum is 2^17
// with r=8 for 128 MiB; we trade a little for hubs on small computers). Parameters are stored in the
// hash so they can be raised later without breaking existing passwords.
const N = 2 ** 15
const R = 8
const P = 1
const KEYLEN = 32

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEYLEN, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
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
