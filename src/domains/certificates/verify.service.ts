import type * as vc from '@digitalcredentials/vc'
import type { StatusCheckResult } from '@digitalcredentials/vc-bitstring-status-list'
import type { Ctx } from '../../core/context.ts'
import { AppError, type ErrorCode } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { certificatesConfig, didWebOf } from './certificates.config.ts'
import { isRedacted } from './certificates.privacy.ts'
import { certificateIdOf } from './certificates.service.ts'
import * as store from './certificates.store.ts'
import { type Claims, claimsOf } from './credential.ts'
import { resolveOwnDidWeb } from './did-web.ts'
import { issuerKeys } from './issuer.ts'
import { credentialLibs } from './libs.ts'
import { isBundledContext, offlineLoader } from './loader.ts'
import { signedStatusList } from './status-list.ts'

/** A credential file is a few kilobytes; anything past this is not one of ours. */
export const MAX_CREDENTIAL_BYTES = 64 * 1024

export type Verdict = 'valid' | 'revoked' | 'expired' | 'not_authentic'

/** Why a credential is not authentic, each explained in plain words on the page. */
export type NotAuthenticReason =
  | 'no_proof'
  | 'unsupported_proof'
  | 'unknown_key'
  | 'bad_signature'
  | 'not_yet_valid'
  | 'status_unavailable'
  | 'invalid'

export type VerifyOutcome = {
  verdict: Verdict
  reason?: NotAuthenticReason
  /** The verifying library's own words, for the technically curious. */
  detail?: string
  claims: Claims
  revocation?: { at: string | null; reason: string | null }
  expiredAt?: string
  /** The certificate's id when this deployment holds it. */
  certificateId?: string
}

/**
 * A problem with what was submitted (not JSON, too big, not a credential, unknown vocabulary):
 * the page explains it with the message `key`; JSON clients get the code and an English message.
 */
export class CredentialInputError extends AppError {
  constructor(
    code: ErrorCode,
    readonly key: MessageKey,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code, message, { issues: [{ field: 'credential', message: message.replace(/^credential: /, '') }] })
  }
}

/** Parses submitted text into a credential object, with a clear error for every way it can be wrong. */
export function parseCredentialText(text: string): Record<string, unknown> {
  if (Buffer.byteLength(text, 'utf8') > MAX_CREDENTIAL_BYTES) throw tooLarge()
  if (!text.trim())
    throw new CredentialInputError(
      'validation',
      'certificates.verify.error.empty',
      'credential: is empty; paste the credential or choose its file',
    )
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new CredentialInputError(
      'malformed_json',
      'certificates.verify.error.malformed',
      `credential: is not valid JSON (${(err as Error).message}); paste the whole file, from { to }`,
    )
  }
  return asCredential(value)
}

/** The error for an upload past the size limit. */
export function tooLarge(): CredentialInputError {
  return new CredentialInputError(
    'payload_too_large',
    'certificates.verify.error.too_large',
    `credential: larger than ${MAX_CREDENTIAL_BYTES / 1024} KB; a hocso certificate is about 3 KB, so this is not one`,
    { kb: MAX_CREDENTIAL_BYTES / 1024 },
  )
}

/** Checks that a parsed JSON value has the outline of a Verifiable Credential. */
export function asCredential(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new CredentialInputError(
      'validation',
      'certificates.verify.error.not_credential',
      'credential: must be a JSON object with @context, type and proof',
    )
  const c = value as Record<string, unknown>
  const types = Array.isArray(c.type) ? c.type : [c.type]
  if (!c['@context'] || !types.includes('VerifiableCredential'))
    throw new CredentialInputError(
      'validation',
      'certificates.verify.error.not_credential',
      'credential: is not a Verifiable Credential (its "type" must include VerifiableCredential)',
    )
  return c
}

/** Refuses a vocabulary (@context) this server cannot read offline, naming it. */
async function assertKnownContexts(c: Record<string, unknown>): Promise<void> {
  const contexts = Array.isArray(c['@context']) ? c['@context'] : [c['@context']]
  for (const ctxEntry of contexts) {
    if (typeof ctxEntry !== 'string' || !(await isBundledContext(ctxEntry))) {
      const shown = typeof ctxEntry === 'string' ? ctxEntry : 'an embedded context object'
      throw new CredentialInputError(
        'validation',
        'certificates.verify.error.unknown_context',
        `credential: uses a vocabulary this server does not know (@context ${shown}); hocso reads only the W3C credentials and Open Badges 3.0 contexts`,
        { context: shown.slice(0, 200) },
      )
    }
  }
}

/** The document loader used to verify: offline, plus this deployment's did:web and status lists. */
export function verificationLoader(ctx: Ctx) {
  return offlineLoader(async (url) => {
    const own = await resolveOwnDidWeb(ctx, url)
    if (own !== undefined) return own
    if (/^https?:\/\//.test(url)) {
      const list = await store.listByUrl(ctx.db, url)
      if (list) return signedStatusList(ctx, list)
    }
    return undefined
  })
}

/** True when the verification method names one of this deployment's keys under its own DID. */
async function isOwnKey(ctx: Ctx, verificationMethod: unknown): Promise<boolean> {
  if (typeof verificationMethod !== 'string') return false
  const m = /^(did:[a-z0-9]+:[^#]+)#(z6Mk[1-9A-HJ-NP-Za-km-z]+)$/.exec(verificationMethod)
  if (!m) return false
  const [, did, key] = m
  const { didWeb } = certificatesConfig(ctx)
  if (did !== `did:key:${key}` && !(didWeb && did === didWebOf(didWeb))) return false
  return !!(await store.keyByPublicKey(ctx.db, key!))
}

/**
 * The status of a credential whose list this node holds but cannot sign: a hub holds the
 * province's certificates, lists and revocations (they replicate, decision 0110) but never its
 * private key, so it cannot produce the signed list the standard check reads. The revocation
 * records it received from the province answer instead. Null when the list is signed here (or
 * unknown here): the standard check runs.
 */
async function statusHeldHere(
  ctx: Ctx,
  credential: Record<string, unknown>,
): Promise<StatusCheckResult | null> {
  const entry = credential.credentialStatus as Record<string, unknown> | undefined
  if (!entry || typeof entry.statusListCredential !== 'string') return null
  const list = await store.listByUrl(ctx.db, entry.statusListCredential)
  if (!list || (await issuerKeys(ctx)).some((k) => k.id === list.key_id)) return null
  const index = Number(entry.statusListIndex)
  const revoked = (await store.revokedEntries(ctx.db, list.id)).some((r) => r.status_index === index)
  return {
    verified: !revoked,
    results: [{ verified: !revoked, credentialStatus: entry }],
  } as unknown as StatusCheckResult
}

const firstError = (r: vc.VerifyCredentialResult): string | undefined => {
  const e = r.error ?? r.results?.[0]?.error
  return (e?.errors?.[0] ?? e)?.message
}

/**
 * Checks a credential the way any standard verifier would (eddsa-rdfc-2022 proof with the DCC
 * libraries, Bitstring Status List), and also that it was signed by one of this issuer's keys:
 * anyone can sign a well-formed credential with a key of their own.
 */
export async function verifyCredential(ctx: Ctx, input: Record<string, unknown>): Promise<VerifyOutcome> {
  const credential = asCredential(input)
  await assertKnownContexts(credential)
  const claims = claimsOf(credential)
  const notAuthentic = (reason: NotAuthenticReason, detail?: string): VerifyOutcome => ({
    verdict: 'not_authentic',
    reason,
    ...(detail ? { detail } : {}),
    claims,
  })
  const proofs = (Array.isArray(credential.proof) ? credential.proof : [credential.proof]).filter(
    (p): p is Record<string, unknown> => !!p && typeof p === 'object',
  )
  if (!proofs.length) return notAuthentic('no_proof')
  if (proofs.some((p) => p.type !== 'DataIntegrityProof' || p.cryptosuite !== 'eddsa-rdfc-2022'))
    return notAuthentic(
      'unsupported_proof',
      `proof: ${String(proofs[0]!.type)} ${String(proofs[0]!.cryptosuite)}`,
    )
  for (const p of proofs)
    if (!(await isOwnKey(ctx, p.verificationMethod)))
      return notAuthentic('unknown_key', `verificationMethod: ${String(p.verificationMethod).slice(0, 200)}`)

  let status: StatusCheckResult | undefined
  const { DataIntegrityProof, cryptosuite, vc, statusList } = await credentialLibs()
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: verificationLoader(ctx),
    checkStatus: async (opts) => {
      status = (await statusHeldHere(ctx, credential)) ?? (await statusList.checkStatus(opts))
      return status
    },
    now: ctx.now(),
  })
  const log = result.log ?? result.error?.log ?? result.results?.[0]?.log ?? []
  const signed = log.some((e) => e.id === 'valid_signature' && e.valid)
  if (!signed) return notAuthentic('bad_signature', firstError(result))

  if (status && !status.verified) {
    if (status.error || !status.results?.length)
      return notAuthentic('status_unavailable', status.error?.message)
    const id = typeof claims.id === 'string' ? certificateIdOf(claims.id) : null
    const rev = id ? await store.findRevocation(ctx.db, id) : undefined
    return {
      verdict: 'revoked',
      claims,
      revocation: { at: rev?.revoked_at ?? null, reason: rev?.reason ?? null },
      ...(rev ? { certificateId: rev.certificate_id } : {}),
    }
  }
  if (credential.credentialStatus && !status) return notAuthentic('status_unavailable')
  const now = ctx.now()
  if (claims.validUntil && new Date(claims.validUntil) < now)
    return { verdict: 'expired', claims, expiredAt: claims.validUntil }
  if (claims.issuedAt && new Date(claims.issuedAt) > now) return notAuthentic('not_yet_valid')
  if (!result.verified) return notAuthentic('invalid', firstError(result))
  const id = claims.id ? certificateIdOf(claims.id) : null
  const held = id ? await store.findCertificate(ctx.db, id) : undefined
  return { verdict: 'valid', claims, ...(held ? { certificateId: held.id } : {}) }
}

/** Checks a certificate held by this deployment, named by the id in its QR code. */
export async function verifyById(ctx: Ctx, rawId: string): Promise<VerifyOutcome | null> {
  const id = certificateIdOf(rawId)
  const row = id ? await store.findCertificate(ctx.db, id) : undefined
  if (!row) return null
  const stored = JSON.parse(row.credential) as Record<string, unknown>
  // The holder's data was erased: the signed copy is gone, the revocation record speaks for it.
  if (isRedacted(stored)) {
    const rev = await store.findRevocation(ctx.db, row.id)
    return {
      verdict: 'revoked',
      claims: claimsOf(stored),
      revocation: { at: rev?.revoked_at ?? null, reason: rev?.reason ?? null },
      certificateId: row.id,
    }
  }
  return verifyCredential(ctx, stored)
}
