import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Ctx } from '../../core/context.ts'

/** A node's signing key: the private key stays in the data directory, the public key travels. */
export type NodeKey = { nodeId: string; privateKey: KeyObject; publicKey: string }

const cache = new Map<string, NodeKey>()

/** Where a node keeps its key: one file per node id, so a fresh database never reuses an old key. */
export function keyFile(dataDir: string, nodeId: string): string {
  return join(dataDir, 'keys', `node-${nodeId}.pem`)
}

/** Raw Ed25519 public key (32 bytes) as base64url, the form registered on the province. */
export function publicKeyText(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' })
  return jwk.x as string
}

/** This node's Ed25519 key, created (mode 0600) on first use. */
export function nodeKey(ctx: Ctx): NodeKey {
  const file = keyFile(ctx.config.dataDir, ctx.nodeId)
  const hit = cache.get(file)
  if (hit) return hit
  if (!existsSync(file)) {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 })
    const { privateKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    // Write then rename, so two processes starting together never read half a key.
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, pem, { mode: 0o600 })
    chmodSync(tmp, 0o600)
    if (!existsSync(file)) renameSync(tmp, file)
  }
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'))
  const key = { nodeId: ctx.nodeId, privateKey, publicKey: publicKeyText(privateKey) }
  cache.set(file, key)
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
