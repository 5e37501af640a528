import { randomBytes } from 'node:crypto'
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey'
import { describe, expect, it } from 'vitest'
import { base58btc, newEd25519Multikey } from './ed25519-key.ts'

describe('issuing keys made without the credential libraries', () => {
  it('encodes base58btc as Bitcoin does, leading zero bytes as 1s', () => {
    expect(base58btc(new Uint8Array())).toBe('')
    expect(base58btc(new Uint8Array([0]))).toBe('1')
    expect(base58btc(new Uint8Array([0, 0, 1]))).toBe('112')
    expect(base58btc(Buffer.from('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U')
  })

  it('gives the same Multikey as the library does from the same seed', async () => {
    for (let i = 0; i < 20; i++) {
      const seed = randomBytes(32)
      const theirs = await Ed25519Multikey.generate({ seed })
      expect(newEd25519Multikey(seed)).toEqual({
        publicKeyMultibase: theirs.publicKeyMultibase,
        secretKeyMultibase: theirs.secretKeyMultibase,
      })
    }
  })

  it('makes a key the library signs with and verifies', async () => {
    const key = newEd25519Multikey()
    expect(key.publicKeyMultibase).toMatch(/^z6Mk/)
    const pair = await Ed25519Multikey.from({
      type: 'Multikey',
      id: 'did:key:x#k',
      controller: 'did:key:x',
      ...key,
    })
    const data = new TextEncoder().encode('Chứng nhận: Kỹ năng số cơ bản')
    const signature = await pair.signer().sign({ data })
    expect(await pair.verifier().verify({ data, signature })).toBe(true)
    expect(await pair.verifier().verify({ data: new TextEncoder().encode('khác'), signature })).toBe(false)
  })

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => newEd25519Multikey(new Uint8Array(31))).toThrow('an Ed25519 seed is 32 bytes, not 31')
  })
})
