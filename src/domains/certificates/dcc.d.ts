/**
 * Type declarations for the Digital Credentials Consortium packages, which ship as untyped ESM.
 * Only what hocso calls is declared; shapes follow the packages' own JSDoc.
 */

declare module '@digitalcredentials/ed25519-multikey' {
  /** A Multikey key pair; `signer()` needs the secret half. */
  export type Ed25519KeyPair = {
    id?: string
    controller?: string
    publicKeyMultibase: string
    secretKeyMultibase?: string
    signer(): { id?: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> }
    verifier(): {
      id?: string
      algorithm: string
      verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>
    }
    export(opts?: {
      publicKey?: boolean
      secretKey?: boolean
      includeContext?: boolean
    }): Promise<Record<string, unknown>>
  }
  export function generate(opts?: {
    id?: string
    controller?: string
    seed?: Uint8Array
  }): Promise<Ed25519KeyPair>
  export function from(key: {
    id?: string
    controller?: string
    type?: string
    '@context'?: string
    publicKeyMultibase: string
    secretKeyMultibase?: string
  }): Promise<Ed25519KeyPair>
}

declare module '@digitalcredentials/data-integrity' {
  export class DataIntegrityProof {
    constructor(opts: { signer?: unknown; cryptosuite: unknown; date?: Date | string })
    verificationMethod?: string
  }
}

declare module '@digitalcredentials/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; requiredAlgorithm: string }
}

declare module '@digitalcredentials/vc' {
  export type LoadedDocument = { contextUrl: string | null; documentUrl: string; document: unknown }
  export type DocumentLoader = (url: string) => Promise<LoadedDocument>
  export type LogEntry = { id: string; valid: boolean }
  export type VerifyCredentialResult = {
    verified: boolean
    error?: Error & { log?: LogEntry[]; errors?: Error[] }
    log?: LogEntry[]
    results?: { verified: boolean; error?: Error & { errors?: Error[] }; log?: LogEntry[] }[]
    statusResult?: unknown
  }
  export function issue(opts: {
    credential: Record<string, unknown>
    suite: unknown
    documentLoader: DocumentLoader
    now?: Date | string
  }): Promise<Record<string, unknown>>
  export function verifyCredential(opts: {
    credential: unknown
    suite: unknown
    documentLoader: DocumentLoader
    checkStatus?: (opts: Record<string, unknown>) => Promise<unknown>
    now?: Date | string
  }): Promise<VerifyCredentialResult>
}

declare module '@digitalcredentials/vc-bitstring-status-list' {
  export type StatusList = {
    length: number
    setStatus(index: number, status: boolean): void
    getStatus(index: number): boolean
    encode(): Promise<string>
  }
  export function createList(opts: { length: number }): Promise<StatusList>
  export function decodeList(opts: { encodedList: string }): Promise<StatusList>
  export function createCredential(opts: {
    id: string
    list: StatusList
    statusPurpose: string
    context?: string[]
  }): Promise<Record<string, unknown> & { credentialSubject: Record<string, unknown> }>
  export type StatusCheckResult = {
    verified: boolean
    error?: Error
    results?: { verified: boolean; credentialStatus: Record<string, unknown> }[]
  }
  export function checkStatus(opts: Record<string, unknown>): Promise<StatusCheckResult>
}
