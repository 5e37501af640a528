import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { TxCtx } from '../../core/transaction.ts'
import * as store from './certificates.store.ts'

/** The revocation reason of an erased person's certificates: public on /verify, so it names nobody. */
export const ERASURE_REASON = 'Xoá dữ liệu cá nhân theo yêu cầu (Nghị định 13/2023/NĐ-CP)'

/** A person's certificates with their revocation and the credential as stored, for the export of their data. */
export async function certificatesOfPerson(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('certificates')
    .leftJoin('certificate_revocations', 'certificate_revocations.certificate_id', 'certificates.id')
    .select([
      'certificates.id',
      'certificates.kind',
      'certificates.subject_ref',
      'certificates.title',
      'certificates.lang',
      'certificates.issued_at',
      'certificates.credential',
      'certificate_revocations.revoked_at',
      'certificate_revocations.reason as revoked_reason',
    ])
    .where('certificates.account_id', '=', accountId)
    .orderBy('certificates.issued_at')
    .execute()
  return rows.map(({ credential, ...r }) => ({ ...r, credential: JSON.parse(credential) as unknown }))
}

/**
 * The stored copy of a credential without the person: no name, no identifier, and no proof (the
 * signature covered the name, so it could only fail now). Verification by id reads the
 * revocation record instead (see verifyById).
 */
export function redactCredential(credential: Record<string, unknown>): Record<string, unknown> {
  const { proof, ...rest } = credential
  void proof
  const subject = rest.credentialSubject as Record<string, unknown> | undefined
  if (subject && typeof subject === 'object') {
    const { name, identifier, ...keep } = subject
    void name
    void identifier
    rest.credentialSubject = keep
  }
  return rest
}

/** True when a stored credential was redacted by an erasure. */
export function isRedacted(credential: Record<string, unknown>): boolean {
  return !credential.proof
}

/**
 * Revokes a person's certificates through the status list (a revocation record each, so the bit
 * is set in the published list) and blanks the personal data in the stored credentials, in the
 * caller's transaction. Returns the number of certificates handled.
 */
export async function eraseCertificatesOf(
  tx: TxCtx,
  accountId: string,
  actorId: string | null,
): Promise<number> {
  const rows = await tx.db
    .selectFrom('certificates')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute()
  const at = tx.now().toISOString()
  for (const row of rows) {
    if (!(await store.findRevocation(tx.db, row.id)))
      await store.insertRevocation(tx.db, {
        id: uuidv7(),
        ...stamp(tx),
        certificate_id: row.id,
        revoked_at: at,
        revoked_by: actorId,
        reason: ERASURE_REASON,
      })
    const redacted = redactCredential(JSON.parse(row.credential) as Record<string, unknown>)
    await tx.db
      .updateTable('certificates')
      .set({ credential: JSON.stringify(redacted), ...stamp(tx) })
      .where('id', '=', row.id)
      .execute()
  }
  return rows.length
}
