import type { Ctx } from '../../core/context.ts'
import { t } from '../../core/i18n.ts'
import { inTransaction } from '../../core/transaction.ts'
import { certificatesConfig, readCertificatesEnv } from './certificates.config.ts'
import * as store from './certificates.store.ts'
import { OB_V3_CONTEXT, VC_V2_CONTEXT } from './credential.ts'
import { activeKey, type IssuerKey, issuerKeys, registerKey } from './issuer.ts'
import { importKeyFiles, rotateKey } from './issuer-keys.ts'
import { ensureStatusList, statusListPath } from './status-list.ts'

/**
 * Start-up task: validates the certificates settings, copies the key files of older versions into the database,
 * creates the issuing key on first start,
 * records every key's public half and makes sure the active key has a status list to issue into.
 */
export async function ensureIssuer(ctx: Ctx): Promise<void> {
  readCertificatesEnv()
  await importKeyFiles(ctx)
  const key = await activeKey(ctx)
  const keys = await issuerKeys(ctx)
  await inTransaction(ctx, async (tx) => {
    for (const k of keys) await registerKey(tx, k)
    await ensureStatusList(tx, key)
  })
  if (!ctx.config.publicUrl && !certificatesConfig(ctx).didWeb)
    ctx.log.warn(
      { baseUrl: certificatesConfig(ctx).baseUrl },
      'HOCSO_PUBLIC_URL is not set: certificates and their QR codes will point to this local address',
    )
}

/** Rotates the issuing key: a new key issues from now on, the old ones keep verifying. */
export async function rotateIssuerKey(ctx: Ctx): Promise<{ active: IssuerKey; retired: IssuerKey[] }> {
  await activeKey(ctx)
  const r = await rotateKey(ctx, ctx.now())
  const keys = await issuerKeys(ctx)
  const active = keys.find((k) => k.id === r.active.id)!
  await inTransaction(ctx, async (tx) => {
    for (const k of keys) await registerKey(tx, k)
    await ensureStatusList(tx, active)
  })
  return { active, retired: keys.filter((k) => r.retired.some((x) => x.id === k.id)) }
}

/** What the issuer page shows, and the Open Badges `Profile` it serves as JSON-LD. */
export async function issuerProfile(ctx: Ctx) {
  const key = await activeKey(ctx)
  await registerKey(ctx, key)
  const { baseUrl } = certificatesConfig(ctx)
  const keys = await store.allKeys(ctx.db)
  const lists = await store.allLists(ctx.db)
  return {
    did: key.did,
    activeKeyId: key.id,
    keys,
    lists: lists.map((l) => ({ ...l, path: statusListPath(l.number) })),
    jsonLd: {
      '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
      id: key.did,
      type: ['Profile'],
      name: t('vi', 'certificates.issuer.name'),
      url: `${baseUrl}/issuer`,
      description: t('vi', 'certificates.issuer.lead'),
    },
  }
}

export type IssuerProfile = Awaited<ReturnType<typeof issuerProfile>>
