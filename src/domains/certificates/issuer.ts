import type * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey'
import { type Ctx, stamp } from '../../core/context.ts'
import { certificatesConfig, didWebOf } from './certificates.config.ts'
import { activeKeyOf, ensureKey, type KeyFile, keysVersion, readKeys } from './issuer-keys.ts'
import { credentialLibs } from './libs.ts'
import { signingLoader } from './loader.ts'

/** A key file seen through the issuer identity of this deployment (did:key or did:web). */
export type IssuerKey = KeyFile & { did: string; verificationMethod: string }

/** The issuer DID for a key: `did:web:<domain>` when configured, else `did:key:<public key>`. */
export function issuerDid(ctx: Ctx, publicKeyMultibase: string): string {
  const { didWeb } = certificatesConfig(ctx)
  return didWeb ? didWebOf(didWeb) : `did:key:${publicKeyMultibase}`
}

function withIdentity(ctx: Ctx, k: KeyFile): IssuerKey {
  const did = issuerDid(ctx, k.publicKeyMultibase)
  return { ...k, did, verificationMethod: `${did}#${k.publicKeyMultibase}` }
}

const cache = new WeakMap<Ctx['handle'], { version: string; keys: KeyFile[] }>()

/** Every issuing key of the deployment, re-read when a key was added or retired (by any process). */
export async function issuerKeys(ctx: Ctx): Promise<IssuerKey[]> {
  const version = await keysVersion(ctx)
  let hit = cache.get(ctx.handle)
  if (!hit || hit.version !== version) {
    hit = { version, keys: await readKeys(ctx) }
    cache.set(ctx.handle, hit)
  }
  return hit.keys.map((k) => withIdentity(ctx, k))
}

/** The key that issues now, created on first use; read through the transaction when `ctx` is one. */
export async function activeKey(ctx: Ctx): Promise<IssuerKey> {
  const found = activeKeyOf(await issuerKeys(ctx))
  if (found) return withIdentity(ctx, found)
  return withIdentity(ctx, await ensureKey(ctx, ctx.now()))
}

/** Records a key's public half in the database (the list of keys credentials may be signed with). */
export async function registerKey(ctx: Ctx, key: KeyFile): Promise<void> {
  await ctx.db
    .insertInto('certificate_keys')
    .values({
      id: key.id,
      ...stamp(ctx),
      created_at: key.createdAt,
      public_key_multibase: key.publicKeyMultibase,
      retired_at: key.retiredAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  if (key.retiredAt)
    await ctx.db
      .updateTable('certificate_keys')
      .set({ retired_at: key.retiredAt, hlc: ctx.clock.now() })
      .where('id', '=', key.id)
      .where('retired_at', 'is', null)
      .execute()
}

const pairs = new Map<string, Promise<Ed25519Multikey.Ed25519KeyPair>>()

function keyPair(key: IssuerKey): Promise<Ed25519Multikey.Ed25519KeyPair> {
  const id = `${key.id}|${key.verificationMethod}`
  let p = pairs.get(id)
  if (!p) {
    p = credentialLibs().then(({ Ed25519Multikey }) =>
      Ed25519Multikey.from({
        '@context': 'https://w3id.org/security/multikey/v1',
        type: 'Multikey',
        id: key.verificationMethod,
        controller: key.did,
        publicKeyMultibase: key.publicKeyMultibase,
        secretKeyMultibase: key.secretKeyMultibase,
      }),
    )
    pairs.set(id, p)
  }
  return p
}

/** Signs a credential with a Data Integrity proof (eddsa-rdfc-2022) made by the given key. */
export async function signCredential(
  ctx: Ctx,
  key: IssuerKey,
  credential: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const pair = await keyPair(key)
  const { DataIntegrityProof, cryptosuite, vc } = await credentialLibs()
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite, date: ctx.now() })
  return vc.issue({ credential, suite, documentLoader: signingLoader, now: ctx.now() })
}
