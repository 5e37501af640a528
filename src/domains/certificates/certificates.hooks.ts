import type { Db } from '../../core/db.ts'
import type { Handler } from '../../core/hooks.ts'
import { upstreamOf } from '../../core/node-identity.ts'
import { issueForCourse, issueForEvent, revokeForWithdrawnAttendance } from './certificates.service.ts'

/**
 * Certificates react to the learning engine and to events without those domains knowing about
 * certificates (certificates.module.ts registers these reactions). Signing takes a few milliseconds and happens inside the caller's transaction, so a
 * completion is never stored without its certificate (nor the reverse).
 *
 * Only the province signs (decision 0110): a hub, which has an upstream, issues nothing; the
 * completion or check-in it records reaches the province, which issues the certificate as the
 * record arrives (so here `ctx.replica` does not stop it), and the certificate comes back to the
 * hub at its next sync. A hub's laptop therefore holds no key that could sign a certificate.
 */
async function signsHere(trx: Db): Promise<boolean> {
  return !(await upstreamOf(trx))
}

export const certifyCompletion: Handler<'course.completed'> = async (tx, p) => {
  if (!(await signsHere(tx.db))) return
  await issueForCourse(tx, p)
}

export const certifyAttendance: Handler<'event.attended'> = async (tx, p) => {
  if (!(await signsHere(tx.db))) return
  await issueForEvent(tx, p)
}

/** Revoked where it was signed: the revocation reaches the hubs as the certificate did. */
export const revokeWithdrawnAttendance: Handler<'event.attendance_withdrawn'> = async (tx, p) => {
  if (!(await signsHere(tx.db))) return
  await revokeForWithdrawnAttendance(tx, p)
}
