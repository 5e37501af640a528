import type { DocumentLoader, LoadedDocument } from '@digitalcredentials/vc'
import { credentialLibs } from './libs.ts'

/**
 * JSON-LD documents come only from the contexts bundled with the DCC packages (VC 2.0, Open Badges
 * 3.0, Data Integrity, Bitstring Status List…) and from did:key, which describes itself: nothing is
 * ever fetched from the network, so verification works the same on a hub with no link at all.
 * did:web is answered here only for this deployment's own DID (from its own keys); any other
 * did:web would need the network and is refused.
 */
let bundledLoader: Promise<DocumentLoader> | undefined
const bundled = async (url: string): Promise<LoadedDocument> => {
  bundledLoader ??= credentialLibs().then(
    (libs) => libs.securityLoader({ fetchRemoteContexts: false }).build() as DocumentLoader,
  )
  return (await bundledLoader)(url)
}

/** A resolver for documents this deployment knows itself (its did:web, its status lists). */
export type LocalResolver = (url: string) => Promise<unknown | undefined>

/** Builds a loader: local documents first, then the bundled contexts and did:key. */
export function offlineLoader(local?: LocalResolver): DocumentLoader {
  return async (url: string): Promise<LoadedDocument> => {
    const mine = local ? await local(url) : undefined
    if (mine !== undefined) return { contextUrl: null, documentUrl: url, document: mine }
    if (url.startsWith('did:web:')) throw new Error(`NotFoundError: ${url} is not an issuer of this server`)
    return bundled(url)
  }
}

/** The loader used for signing: bundled contexts only. */
export const signingLoader: DocumentLoader = offlineLoader()

/** True when a context URL is one of the bundled contexts (so a credential using it can be checked). */
export async function isBundledContext(url: string): Promise<boolean> {
  if (!/^https?:\/\//.test(url)) return false
  try {
    await bundled(url)
    return true
  } catch {
    return false
  }
}
