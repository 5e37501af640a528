import { z } from 'zod'
import { ConfigError } from '../../core/config.ts'
import type { Ctx } from '../../core/context.ts'
import { fallbackBaseUrl } from '../../core/lan.ts'

/**
 * Settings of the certificates domain. HOCSO_ISSUER_DID_WEB lets a deployment with its own domain
 * be identified as `did:web:<domain>` instead of `did:key`; the DID document is then served at
 * https://<domain>/.well-known/did.json.
 */
export type CertificatesConfig = {
  /** The domain (with an optional :port) of did:web, or undefined for did:key. */
  didWeb: string | undefined
  /** Absolute base URL written into credentials and QR codes, without a trailing slash. */
  baseUrl: string
}

const EnvSchema = z.object({
  HOCSO_ISSUER_DID_WEB: z
    .string()
    .regex(
      /^(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/i,
      'must be a domain name such as hocso.dienbien.gov.vn (optionally with :port)',
    )
    .optional(),
})

let fromEnv: { didWeb: string | undefined } | undefined
// Per database, so that the context inside a transaction (another object on the same database) sees them too.
const overrides = new WeakMap<Ctx['handle'], Partial<CertificatesConfig>>()

/** Reads and validates the environment once (a bad value stops the start with a clear message). */
export function readCertificatesEnv(env: Record<string, string | undefined> = process.env): {
  didWeb: string | undefined
} {
  const parsed = EnvSchema.safeParse({ HOCSO_ISSUER_DID_WEB: env.HOCSO_ISSUER_DID_WEB || undefined })
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return { didWeb: parsed.data.HOCSO_ISSUER_DID_WEB?.toLowerCase() }
}

/** The certificates settings of a context: the environment, unless a test set them for this database. */
export function certificatesConfig(ctx: Ctx): CertificatesConfig {
  fromEnv ??= readCertificatesEnv()
  const o = overrides.get(ctx.handle) ?? {}
  const didWeb = 'didWeb' in o ? o.didWeb : fromEnv.didWeb
  const baseUrl =
    o.baseUrl ?? ctx.config.publicUrl ?? (didWeb ? `https://${didWeb}` : fallbackBaseUrl(ctx.config.port))
  return { didWeb, baseUrl }
}

/** Sets the certificates settings of one context's database (tests, and a hub configured in code). */
export function configureCertificates(ctx: Ctx, settings: Partial<CertificatesConfig>): void {
  overrides.set(ctx.handle, { ...overrides.get(ctx.handle), ...settings })
}

/** The issuer's DID when did:web is configured: `did:web:example.org%3A8443`. */
export function didWebOf(domain: string): string {
  return `did:web:${domain.replace(':', '%3A')}`
}
