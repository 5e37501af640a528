import { type Ctx, stamp } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { nextCounter } from '../facts/facts.service.ts'
import { certificatesConfig } from './certificates.config.ts'
import * as store from './certificates.store.ts'
import { type IssuerKey, issuerKeys, registerKey, signCredential } from './issuer.ts'
import { credentialLibs } from './libs.ts'

/**
 * Revocation uses the W3C Bitstring Status List: each credential names one bit of a list that the
 * issuer publishes, signed, at a stable URL; a set bit means revoked. 131,072 entries (16 KB before
 * compression) is the size the specification recommends so that one list hides who is checked.
 */
export const LIST_LENGTH = 131_072
export const STATUS_PURPOSE = 'revocation'

/** The URL path of a status list. */
export const statusListPath = (n: number) => `/credentials/status/${n}`

async function createStatusList(tx: TxCtx, key: IssuerKey): Promise<store.StatusListRow> {
  await registerKey(tx, key)
  const number = (await store.maxListNumber(tx.db)) + 1
  await store.insertList(tx.db, {
    id: uuidv7(),
    ...stamp(tx),
    created_at: tx.now().toISOString(),
    number,
    url: `${certificatesConfig(tx).baseUrl}${statusListPath(number)}`,
    key_id: key.id,
    issuer_did: key.did,
    length: LIST_LENGTH,
  })
  return (await store.listByNumber(tx.db, number))!
}

/** The list the key issues into now, created when missing (first start, after a rotation). */
export async function ensureStatusList(tx: TxCtx, key: IssuerKey): Promise<store.StatusListRow> {
  return (await store.currentList(tx.db, key.id, key.did)) ?? createStatusList(tx, key)
}

/** Allocates the next entry of the key's current list (a counter), starting a new list when full. */
export async function allocateStatusEntry(
  tx: TxCtx,
  key: IssuerKey,
): Promise<{ list: store.StatusListRow; index: number }> {
  let list = await ensureStatusList(tx, key)
  for (;;) {
    const n = await nextCounter(tx.db, `certificates.status.${list.number}`)
    if (n <= list.length) return { list, index: n - 1 }
    list = await createStatusList(tx, key)
  }
}

/** The `credentialStatus` entry a credential carries. */
export function statusEntry(list: store.StatusListRow, index: number) {
  return {
    id: `${list.url}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: STATUS_PURPOSE,
    statusListIndex: String(index),
    statusListCredential: list.url,
  }
}

const signedLists = new Map<string, { stamp: string; credential: Record<string, unknown> }>()

/**
 * The signed status list credential. It is rebuilt from the revocation records and signed again
 * only when a revocation was added since the last time (a few milliseconds), then kept in memory.
 */
export async function signedStatusList(
  ctx: Ctx,
  list: store.StatusListRow,
): Promise<Record<string, unknown>> {
  const revoked = await store.revokedEntries(ctx.db, list.id)
  const stamp = `${revoked.length}:${revoked.at(-1)?.id ?? ''}`
  const hit = signedLists.get(list.id)
  if (hit && hit.stamp === stamp) return hit.credential
  const file = (await issuerKeys(ctx)).find((k) => k.id === list.key_id)
  if (!file)
    throw new AppError(
      'internal',
      `status list ${list.number}: its signing key ${list.key_id} is missing from the database (sealed_secrets)`,
    )
  const key: IssuerKey = {
    ...file,
    did: list.issuer_did,
    verificationMethod: `${list.issuer_did}#${file.publicKeyMultibase}`,
  }
  const { createCredential, createList } = (await credentialLibs()).statusList
  const bits = await createList({ length: list.length })
  for (const r of revoked) bits.setStatus(r.status_index, true)
  const unsigned = await createCredential({ id: list.url, list: bits, statusPurpose: STATUS_PURPOSE })
  // ISO-8601 UTC text sorts as time: the latest change is the greatest string.
  const lastChange = [list.created_at, ...revoked.map((r) => r.revoked_at)].sort().at(-1)!
  const credential = await signCredential(ctx, key, {
    ...unsigned,
    issuer: list.issuer_did,
    validFrom: lastChange.replace(/\.\d{3}Z$/, 'Z'),
  })
  signedLists.set(list.id, { stamp, credential })
  return credential
}
