import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../core/db.ts'
import type { CertificatesTables } from './certificates.tables.ts'

export type CertificateRow = Selectable<CertificatesTables['certificates']>
export type StatusListRow = Selectable<CertificatesTables['certificate_status_lists']>
export type RevocationRow = Selectable<CertificatesTables['certificate_revocations']>
export type KeyRow = Selectable<CertificatesTables['certificate_keys']>

/** One certificate by id. */
export function findCertificate(db: Db, id: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The certificate a person already holds for a course or event, if any. */
export function findHeld(db: Db, accountId: string, kind: string, ref: string) {
  return db
    .selectFrom('certificates')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', kind)
    .where('subject_ref', '=', ref)
    .executeTakeFirst()
}

/** Inserts a certificate unless the person already holds one for that course; true when inserted. */
export async function insertCertificate(
  db: Db,
  row: Insertable<CertificatesTables['certificates']>,
): Promise<boolean> {
  const r = await db
    .insertInto('certificates')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'kind', 'subject_ref']).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

const listColumns = [
  'certificates.id',
  'certificates.issued_at',
  'certificates.account_id',
  'certificates.kind',
  'certificates.subject_ref',
  'certificates.title',
  'certificates.lang',
  'certificate_revocations.revoked_at',
  'certificate_revocations.reason as revoked_reason',
] as const

/** A person's certificates, newest first, with their revocation when revoked. */
export function listForAccount(db: Db, accountId: string) {
  return db
    .selectFrom('certificates')
    .leftJoin('certificate_revocations', 'certificate_revocations.certificate_id', 'certificates.id')
    .select(listColumns)
    .where('certificates.account_id', '=', accountId)
    .orderBy('certificates.issued_at', 'desc')
    .execute()
}

/** The latest certificates of the deployment (for the revocation page), optionally one holder's. */
export function listRecent(db: Db, opts: { limit: number; accountIds?: string[] }) {
  let q = db
    .selectFrom('certificates')
    .leftJoin('certificate_revocations', 'certificate_revocations.certificate_id', 'certificates.id')
    .select([...listColumns, 'certificates.credential'])
    .orderBy('certificates.issued_at', 'desc')
    .orderBy('certificates.id', 'desc')
    .limit(opts.limit)
  if (opts.accountIds) q = q.where('certificates.account_id', 'in', opts.accountIds)
  return q.execute()
}

/** The newest status list a key issues into as a given DID. */
export function currentList(db: Db, keyId: string, issuerDid: string) {
  return db
    .selectFrom('certificate_status_lists')
    .selectAll()
    .where('key_id', '=', keyId)
    .where('issuer_did', '=', issuerDid)
    .orderBy('number', 'desc')
    .executeTakeFirst()
}

/** The highest status list number in use (0 when none). */
export async function maxListNumber(db: Db): Promise<number> {
  const r = await db
    .selectFrom('certificate_status_lists')
    .select((eb) => eb.fn.max('number').as('n'))
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Adds a status list; a concurrent insert of the same number wins and this one does nothing. */
export async function insertList(db: Db, row: Insertable<CertificatesTables['certificate_status_lists']>) {
  await db
    .insertInto('certificate_status_lists')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/** Every status list, in order. */
export function allLists(db: Db) {
  return db
    .selectFrom('certificate_status_lists')
    .select(['number', 'url', 'issuer_did'])
    .orderBy('number')
    .execute()
}

/** A status list by its number (its URL path). */
export function listByNumber(db: Db, n: number) {
  return db.selectFrom('certificate_status_lists').selectAll().where('number', '=', n).executeTakeFirst()
}

/** A status list by the absolute URL credentials carry. */
export function listByUrl(db: Db, url: string) {
  return db.selectFrom('certificate_status_lists').selectAll().where('url', '=', url).executeTakeFirst()
}

/** Revoked entries of one list, with the latest change (to know when the signed list is stale). */
export async function revokedEntries(db: Db, listId: string) {
  return db
    .selectFrom('certificate_revocations')
    .innerJoin('certificates', 'certificates.id', 'certificate_revocations.certificate_id')
    .select(['certificates.status_index', 'certificate_revocations.revoked_at', 'certificate_revocations.id'])
    .where('certificates.status_list_id', '=', listId)
    .orderBy('certificate_revocations.id')
    .execute()
}

/** The revocation of a certificate, if any. */
export function findRevocation(db: Db, certificateId: string) {
  return db
    .selectFrom('certificate_revocations')
    .selectAll()
    .where('certificate_id', '=', certificateId)
    .executeTakeFirst()
}

/** Appends a revocation. */
export async function insertRevocation(
  db: Db,
  row: Insertable<CertificatesTables['certificate_revocations']>,
) {
  await db.insertInto('certificate_revocations').values(row).execute()
}

/** A known issuing key by its public key. */
export function keyByPublicKey(db: Db, publicKeyMultibase: string) {
  return db
    .selectFrom('certificate_keys')
    .selectAll()
    .where('public_key_multibase', '=', publicKeyMultibase)
    .executeTakeFirst()
}

/** Every issuing key known to this deployment, oldest first. */
export function allKeys(db: Db) {
  return db.selectFrom('certificate_keys').selectAll().orderBy('id').execute()
}
