import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto'

/**
 * A new Ed25519 issuing key in the Multikey form the credential libraries read and write
 * (`@digitalcredentials/ed25519-multikey`): base58btc multibase of the multicodec header and the
 * key bytes; the secret half is the 32-byte seed followed by the public key, as that library's
 * `generate()` makes it. Made with node:crypto so that a first start, which creates the key, does
 * not load those libraries (about 10 MB of a server's memory for the life of the process, and a
 * quarter of a second; decision 0201).
 */
export function newEd25519Multikey(seed: Uint8Array = randomBytes(32)): {
  publicKeyMultibase: string
  secretKeyMultibase: string
} {
  if (seed.length !== 32) throw new Error(`an Ed25519 seed is 32 bytes, not ${seed.length}`)
  const secret = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  })
  const publicKey = createPublicKey(secret).export({ format: 'der', type: 'spki' }).subarray(-32)
  return {
    publicKeyMultibase: multibase(PUB_HEADER, publicKey),
    secretKeyMultibase: multibase(PRIV_HEADER, Buffer.concat([seed, publicKey])),
  }
}

// The DER framing of an Ed25519 private key (RFC 8410) before its 32-byte seed.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')
// Multicodec ed25519-pub (0xed) and ed25519-priv (0x1300), as varints.
const PUB_HEADER = Buffer.from([0xed, 0x01])
const PRIV_HEADER = Buffer.from([0x80, 0x26])

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

function multibase(header: Buffer, key: Buffer): string {
  return `z${base58btc(Buffer.concat([header, key]))}`
}

/** Bitcoin's base58: the bytes as one big number in base 58, a '1' for each leading zero byte. */
export function base58btc(bytes: Uint8Array): string {
  let n = 0n
  for (const b of bytes) n = n * 256n + BigInt(b)
  let out = ''
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out
    n /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = `1${out}`
  }
  return out
}
