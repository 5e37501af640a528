/**
 * The Digital Credentials Consortium libraries (JSON-LD, canonicalisation, Ed25519, status lists)
 * take about 30 MB and a quarter of a second of CPU to load. Most processes never sign or verify a
 * certificate (`hocso --help`, a hub, a server between certificates), so they are loaded the first
 * time one is, and then kept.
 */
let loaded: ReturnType<typeof load> | undefined

async function load() {
  const [dataIntegrity, multikey, eddsa, vc, statusList, documentLoader] = await Promise.all([
    import('@digitalcredentials/data-integrity'),
    import('@digitalcredentials/ed25519-multikey'),
    import('@digitalcredentials/eddsa-rdfc-2022-cryptosuite'),
    import('@digitalcredentials/vc'),
    import('@digitalcredentials/vc-bitstring-status-list'),
    import('@digitalcredentials/security-document-loader'),
  ])
  return {
    DataIntegrityProof: dataIntegrity.DataIntegrityProof,
    Ed25519Multikey: multikey,
    cryptosuite: eddsa.cryptosuite,
    vc,
    statusList,
    securityLoader: documentLoader.securityLoader,
  }
}

/** Whether the credential libraries have been loaded in this process (tests). */
export const credentialLibsLoaded = () => loaded !== undefined

/** The credential libraries, loaded on first use. */
export function credentialLibs(): ReturnType<typeof load> {
  loaded ??= load()
  return loaded
}
