import { z } from 'zod'
import { type Ctx, stamp } from '../../core/context.ts'
import { AppError, conflict, fromZod, isUniqueViolation, notFound } from '../../core/errors.ts'
import type { HookEvents } from '../../core/hooks.ts'
import { isLocale, type Locale, t } from '../../core/i18n.ts'
import { isUuid, uuidv7 } from '../../core/ids.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { currentUserById } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can, PROVINCE } from '../people/policy.ts'
import { writeAudit } from '../system/audit.ts'
import { certificatesConfig } from './certificates.config.ts'
import * as store from './certificates.store.ts'
import { type AchievementInput, buildCredential, claimsOf } from './credential.ts'
import { activeKey, registerKey, signCredential } from './issuer.ts'
import { allocateStatusEntry, statusEntry } from './status-list.ts'

/** What a certificate is for: a course completed or an event attended. */
export type CertificateKind = 'course' | 'event'

type IssueInput = {
  accountId: string
  kind: CertificateKind
  ref: string
  lang: string
  sourceFactId: string | null
  achievement: (locale: Locale) => AchievementInput
}

/** Messages written into a credential are in its language when hocso has one, else Vietnamese. */
const textLocale = (lang: string): Locale => (isLocale(lang) ? lang : 'vi')

/**
 * Issues one signed credential inside the caller's transaction, unless the person already holds one
 * for this course or event (checked first, and enforced by a unique index). Returns the id, or null
 * when the account does not exist.
 */
async function issue(tx: TxCtx, input: IssueInput): Promise<string | null> {
  const held = await store.findHeld(tx.db, input.accountId, input.kind, input.ref)
  if (held) return held.id
  let person: CurrentUser
  try {
    // The person is read through the transaction: on SQLite a read outside it would wait for it.
    person = await currentUserById(tx, input.accountId)
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') {
      tx.log.warn({ accountId: input.accountId, ref: input.ref }, 'certificate not issued: unknown account')
      return null
    }
    throw err
  }
  // Through the transaction too: the keys are in the database (decision 0165).
  const key = await activeKey(tx)
  await registerKey(tx, key)
  const { list, index } = await allocateStatusEntry(tx, key)
  const id = uuidv7()
  const issuedAt = tx.now().toISOString()
  const achievement = input.achievement(textLocale(input.lang))
  const { baseUrl } = certificatesConfig(tx)
  const credential = await signCredential(
    tx,
    key,
    buildCredential({
      id,
      issuer: { did: key.did, name: t('vi', 'certificates.issuer.name'), url: `${baseUrl}/issuer` },
      issuedAt,
      // Dated by this server, never by a phone's clock (decision 0170).
      awardedAt: issuedAt,
      learnerName: person.displayName,
      lang: input.lang,
      achievement,
      credentialStatus: statusEntry(list, index),
    }),
  )
  const inserted = await store.insertCertificate(tx.db, {
    id,
    ...stamp(tx),
    issued_at: issuedAt,
    account_id: input.accountId,
    kind: input.kind,
    subject_ref: input.ref,
    title: achievement.name,
    lang: input.lang,
    key_id: key.id,
    status_list_id: list.id,
    status_index: index,
    source_fact_id: input.sourceFactId,
    credential: JSON.stringify(credential),
  })
  if (!inserted) return (await store.findHeld(tx.db, input.accountId, input.kind, input.ref))?.id ?? null
  tx.log.info({ certificateId: id, kind: input.kind, ref: input.ref }, 'certificate issued')
  return id
}

/** Reaction to 'course.completed': the course certificate, once per person and course. */
export function issueForCourse(tx: TxCtx, p: HookEvents['course.completed']): Promise<string | null> {
  const { baseUrl } = certificatesConfig(tx)
  return issue(tx, {
    accountId: p.accountId,
    kind: 'course',
    ref: p.courseSlug,
    lang: p.lang,
    sourceFactId: p.factId,
    achievement: (l) => {
      const name = p.courseTitle?.trim() || p.courseSlug
      return {
        id: `${baseUrl}/courses/${encodeURIComponent(p.courseSlug)}`,
        achievementType: 'Course',
        name,
        description: p.courseSummary?.trim() || t(l, 'certificates.credential.course_description', { name }),
        criteria: t(l, 'certificates.credential.course_criteria'),
        competency: p.competency,
        level: p.level,
      }
    },
  })
}

/** Reaction to 'event.attended': the attendance certificate, once per person and event. */
export async function issueForEvent(tx: TxCtx, p: HookEvents['event.attended']): Promise<string | null> {
  if (!p.accountId) return null
  const { baseUrl } = certificatesConfig(tx)
  return issue(tx, {
    accountId: p.accountId,
    kind: 'event',
    ref: p.eventId,
    lang: p.lang ?? 'vi',
    sourceFactId: null,
    achievement: (l) => {
      const name = p.eventTitle?.trim() || p.eventId
      return {
        id: `${baseUrl}/events/${encodeURIComponent(p.eventId)}`,
        achievementType: 'ext:Attendance',
        name,
        description: p.eventSummary?.trim() || t(l, 'certificates.credential.event_description', { name }),
        criteria: t(l, 'certificates.credential.event_criteria'),
      }
    },
  })
}

/**
 * The revocation reason of an attendance certificate whose check-in was withdrawn or moved to
 * someone else: public on /verify, so it names nobody.
 */
export const ATTENDANCE_WITHDRAWN_REASON = 'Điểm danh được sửa: người này không có mặt tại sự kiện'

/**
 * Reaction to 'event.attendance_withdrawn' (decision 0204, amended): a credential cannot be unsent,
 * so the attendance certificate is revoked (a revocation record, so its bit is set in the status
 * list and /verify says why), and set aside from the one-per-person-and-event key (its reference
 * becomes `<event>#<certificate>`), so that should the person's attendance stand again (the
 * withdrawal lost to another correction, or they are checked in once more), a new certificate is
 * issued rather than the revoked one found and kept.
 */
export async function revokeForWithdrawnAttendance(
  tx: TxCtx,
  p: HookEvents['event.attendance_withdrawn'],
): Promise<string | null> {
  if (!p.accountId) return null
  const held = await store.findHeld(tx.db, p.accountId, 'event', p.eventId)
  if (!held) return null
  if (!(await store.findRevocation(tx.db, held.id)))
    await store.insertRevocation(tx.db, {
      id: uuidv7(),
      ...stamp(tx),
      certificate_id: held.id,
      revoked_at: tx.now().toISOString(),
      revoked_by: null,
      reason: ATTENDANCE_WITHDRAWN_REASON,
    })
  await tx.db
    .updateTable('certificates')
    .set({ ...stamp(tx), subject_ref: `${p.eventId}#${held.id}` })
    .where('id', '=', held.id)
    .execute()
  tx.log.info(
    { certificateId: held.id, eventId: p.eventId },
    'attendance certificate revoked: check-in withdrawn',
  )
  return held.id
}

/** A certificate with its credential and revocation, as its holder or an administrator sees it. */
export type CertificateView = store.CertificateRow & {
  credentialJson: Record<string, unknown>
  revocation: store.RevocationRow | undefined
}

/** Accepts `urn:uuid:<id>` or the bare id. */
export function certificateIdOf(raw: string): string | null {
  const id = raw
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
  return isUuid(id) ? id : null
}

/** One certificate for its holder or a person who may revoke it; 404 for anyone else. */
export async function certificateFor(
  ctx: Ctx,
  user: CurrentUser | null,
  rawId: string,
): Promise<CertificateView> {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const id = certificateIdOf(rawId)
  const row = id ? await store.findCertificate(ctx.db, id) : undefined
  if (!row || (row.account_id !== user.id && !can(user, 'certificates.revoke', PROVINCE)))
    throw notFound(`certificate ${rawId}`)
  return {
    ...row,
    credentialJson: JSON.parse(row.credential),
    revocation: await store.findRevocation(ctx.db, row.id),
  }
}

/** The signed-in person's certificates. */
export async function myCertificates(ctx: Ctx, user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  return store.listForAccount(ctx.db, user.id)
}

/** The latest certificates of the province, for those who may revoke them. */
export async function recentCertificates(ctx: Ctx, user: CurrentUser | null, limit = 100) {
  assertCan(user, 'certificates.revoke', PROVINCE)
  const rows = await store.listRecent(ctx.db, { limit })
  // The holder's name is read from the credential itself: it is what was certified.
  return rows.map(({ credential, ...r }) => ({
    ...r,
    holder: claimsOf(JSON.parse(credential)).learner ?? '',
  }))
}

export const revokeSchema = z
  .object({
    reason: z
      .string({ message: 'required: say why the certificate is revoked' })
      .trim()
      .min(3, 'must say why (at least 3 characters)')
      .max(500, 'at most 500 characters'),
  })
  .strict()

/** Revokes a certificate with a reason: a revocation record, an audit record, the list updated. */
export async function revokeCertificate(
  ctx: Ctx,
  user: CurrentUser | null,
  rawId: string,
  input: unknown,
): Promise<{ revokedAt: string }> {
  assertCan(user, 'certificates.revoke', PROVINCE)
  const parsed = revokeSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const id = certificateIdOf(rawId)
  const revokedAt = ctx.now().toISOString()
  try {
    await revokeInTransaction(ctx, user, rawId, id, parsed.data.reason, revokedAt)
  } catch (err) {
    // Two admins revoking at the same moment: the unique index lets one win; the other is told.
    if (isUniqueViolation(err)) throw conflict(`certificate ${id}: already revoked`)
    throw err
  }
  return { revokedAt }
}

async function revokeInTransaction(
  ctx: Ctx,
  user: CurrentUser,
  rawId: string,
  id: string | null,
  reason: string,
  revokedAt: string,
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = id ? await store.findCertificate(tx.db, id) : undefined
    if (!row) throw notFound(`certificate ${rawId}`)
    const prior = await store.findRevocation(tx.db, row.id)
    if (prior) throw conflict(`certificate ${row.id}: already revoked on ${prior.revoked_at}`)
    await store.insertRevocation(tx.db, {
      id: uuidv7(),
      ...stamp(tx),
      certificate_id: row.id,
      revoked_at: revokedAt,
      revoked_by: user.id,
      reason,
    })
    await writeAudit(tx, {
      actorId: user.id,
      action: 'certificates.revoke',
      targetType: 'certificate',
      targetId: row.id,
      detail: { reason, holder: row.account_id, title: row.title },
    })
  })
}
