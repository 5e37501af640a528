import type { Ctx } from '../../core/context.ts'
import { certificatesConfig, didWebOf } from './certificates.config.ts'
import * as store from './certificates.store.ts'

const DID_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1']
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1'

/**
 * The DID document of a did:web issuer, built from every key this deployment knows (retired keys
 * included, so that old credentials stay verifiable), in the same shape as a did:key document.
 * Null when did:web is not configured.
 */
export async function didWebDocument(ctx: Ctx): Promise<Record<string, unknown> | null> {
  const { didWeb } = certificatesConfig(ctx)
  if (!didWeb) return null
  const did = didWebOf(didWeb)
  const keys = await store.allKeys(ctx.db)
  const methods = keys.map((k) => ({
    id: `${did}#${k.public_key_multibase}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: k.public_key_multibase,
  }))
  return {
    '@context': DID_CONTEXT,
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  }
}

/** Answers this deployment's own did:web DID and its verification methods, without the network. */
export async function resolveOwnDidWeb(ctx: Ctx, url: string): Promise<unknown | undefined> {
  const { didWeb } = certificatesConfig(ctx)
  if (!didWeb) return undefined
  const did = didWebOf(didWeb)
  if (url !== did && !url.startsWith(`${did}#`)) return undefined
  const doc = await didWebDocument(ctx)
  if (url === did) return doc
  const method = (doc!.verificationMethod as { id: string }[]).find((m) => m.id === url)
  return method ? { '@context': MULTIKEY_CONTEXT, ...method } : undefined
}
