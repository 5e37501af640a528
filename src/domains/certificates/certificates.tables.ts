import type { Generated } from 'kysely'

/**
 * Certificates: the issuer's public keys, the Bitstring Status Lists, the signed credentials and
 * their revocations. Secret keys never live here: they stay in files in the data directory.
 */
export type CertificatesTables = {
  /** Public halves of this deployment's issuing keys: the keys a credential may be signed with. */
  certificate_keys: {
    /** The same UUIDv7 as the key file `keys/issuer-<id>.json`. */
    id: string
    origin_node: string
    /** HLC stamp of the last change: the table replicates to hubs (decision 0110). */
    hlc: Generated<string>
    created_at: string
    /** Ed25519 public key as multibase (`z6Mk…`); with did:key it is also the DID. */
    public_key_multibase: string
    /** Set when a newer key took over issuing; the key still verifies and signs its own lists. */
    retired_at: string | null
  }
  /** One Bitstring Status List (revocation) per row, signed by the key that issued into it. */
  certificate_status_lists: {
    id: string
    origin_node: string
    /** HLC stamp of the last change: the table replicates to hubs (decision 0110). */
    hlc: Generated<string>
    created_at: string
    /** `/credentials/status/<number>` */
    number: number
    /** The absolute URL written into credentials (kept even if the public URL changes later). */
    url: string
    key_id: string
    /** The issuer DID the list is signed as: the same DID as the credentials that point to it. */
    issuer_did: string
    /** Number of entries (bits). */
    length: number
  }
  /** One signed Open Badges 3.0 credential per person and course (or event). */
  certificates: {
    /** UUIDv7; the credential's id is `urn:uuid:<id>`. */
    id: string
    origin_node: string
    /** HLC stamp of the last change: the table replicates to hubs (decision 0110). */
    hlc: Generated<string>
    issued_at: string
    account_id: string
    /** 'course' or 'event'. */
    kind: string
    /** Course slug or event id: with account and kind, unique. */
    subject_ref: string
    /** Achievement name, for lists. */
    title: string
    lang: string
    key_id: string
    status_list_id: string
    status_index: number
    /** The fact that caused the issuing (course completion), when known. */
    source_fact_id: string | null
    /** The signed credential, exactly as issued (JSON). */
    credential: string
  }
  /** Revocations are appended, never edited: one per certificate. */
  certificate_revocations: {
    id: string
    origin_node: string
    /** HLC stamp of the last change: the table replicates to hubs (decision 0110). */
    hlc: Generated<string>
    certificate_id: string
    revoked_at: string
    revoked_by: string | null
    reason: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends CertificatesTables {}
}
