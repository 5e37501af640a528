import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import type { Ctx } from '../../core/context.ts'

/** A node's signing key: the private key stays sealed in the database, the public key travels. */
export type NodeKey = { nodeId: string; privateKey: KeyObject; publicKey: string }

const cache = new WeakMap<KeyObject, NodeKey>()

/** Raw Ed25519 public key (32 bytes) as base64url, the form registered on the province. */
export function publicKeyText(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' })
  return jwk.x as string
}

/** This node's Ed25519 key (made on first start and kept sealed in the database, see core/node-identity). */
export function nodeKey(ctx: Ctx): NodeKey {
  const hit = cache.get(ctx.nodeKey)
  if (hit) return hit
  const key = { nodeId: ctx.nodeId, privateKey: ctx.nodeKey, publicKey: publicKeyText(ctx.nodeKey) }
  cache.set(ctx.nodeKey, key)
  return key
}

/** Signs bytes with this node's key; the signature is base64url. */
export function signBytes(key: NodeKey, data: Buffer | string): string {
  return sign(null, Buffer.from(data), key.privateKey).toString('base64url')
}

/** Checks a base64url signature against a registered base64url public key. */
export function verifyBytes(publicKey: string, data: Buffer | string, signature: string): boolean {
  try {
    const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' })
    return verify(null, Buffer.from(data), pub, Buffer.from(signature, 'base64url'))
  } catch {
    return false
  }
}

/** True when the text is a plausible raw Ed25519 public key in base64url. */
export function isPublicKey(s: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(s)
}
