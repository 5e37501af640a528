import { rm } from 'node:fs/promises'
import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { AppError, conflict, validationError } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { isUuid } from '../../core/ids.ts'
import { normaliseText, textMessage, textProblem } from '../../core/text.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { placeRef } from '../places/places.service.ts'
import { writeAudit } from '../system/audit.ts'
import { verifyPassword } from './password.ts'
import * as store from './people.store.ts'
import { type CurrentUser, ERASED_NAME, type Role } from './people.types.ts'
import { assertCanForPerson, canAssign, type PlaceRef, PROVINCE } from './policy.ts'

/**
 * Export and erasure on request (Decree 13/2023; docs/decisions/0130-export-and-erasure.md).
 * The export gathers what every domain holds about one person; the erasure blanks it in one
 * transaction and keeps the facts, which hold only the account id, so every count stays.
 */

/** The person being exported or erased, as the domains holding data about them need them. */
export type DataSubject = { id: string; phone: string | null }

/**
 * What one domain holds about a person: each domain that keeps personal data registers its part
 * (through the registry), so this service reads and erases every domain's data without knowing them.
 */
export type PersonalData = {
  /** The part's key in the export document. */
  key: string
  /** Everything the domain holds about the person. */
  export: (db: Db, person: DataSubject) => Promise<unknown>
  /**
   * Blanks or deletes it inside the erasure's transaction, and says how much under `key` in the
   * audit record; files it returns are deleted once the transaction committed.
   */
  erase?: {
    key: string
    run: (
      tx: TxCtx,
      person: DataSubject,
      actorId: string | null,
    ) => Promise<{ count: number; files?: string[]; followUps?: FollowUp[] }>
  }
}

/** Something the person who erased must do next (a group left without its leader), with where to do it. */
export type FollowUp = { text: MessageKey; href: string }

const parts: PersonalData[] = []

/** Adds a domain's part of a person's data; a part under a key already registered is not added again. */
export function registerPersonalData(part: PersonalData): void {
  if (!parts.some((p) => p.key === part.key)) parts.push(part)
}

/** The keys of the registered parts, in registration order. */
export function personalDataKeys(): string[] {
  return parts.map((p) => p.key)
}

/** Who asks: a signed-in person, or the operator at the command line (who runs the server). */
export type Requester = { user: CurrentUser | null } | { operator: true }

const isOperator = (r: Requester): r is { operator: true } => 'operator' in r

/** Finds an account, erased ones included, by id, username or phone number. */
export async function findPerson(ctx: Ctx, ref: string): Promise<store.AccountRow | undefined> {
  const s = ref.trim()
  if (isUuid(s.toLowerCase())) return store.findAccount(ctx.db, s.toLowerCase())
  const phone = s.replace(/[\s.-]/g, '').replace(/^\+84/, '0')
  return ctx.db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) => eb.or([eb('username', '=', s.toLowerCase()), eb('phone', '=', phone)]))
    .executeTakeFirst()
}

async function personOrFail(ctx: Ctx, ref: string): Promise<store.AccountRow> {
  const acc = ref.trim() ? await findPerson(ctx, ref) : undefined
  if (!acc) {
    const shown = ref.trim() ? JSON.stringify(ref.trim().slice(0, 64)) : '(empty)'
    throw new AppError('not_found', `person: no account ${shown}`, {
      issues: [{ field: 'person', message: `no account ${shown}` }],
    })
  }
  return acc
}

async function homeOf(ctx: Ctx, acc: store.AccountRow): Promise<PlaceRef> {
  return acc.place_code ? placeRef(ctx, acc.place_code) : PROVINCE
}

/** Every domain's part of a person's data, one after the other, under each part's key. */
async function exportParts(db: Db, person: DataSubject): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const p of parts) out[p.key] = await p.export(db, person)
  return out
}

/** Everything hocso holds about one person, as one JSON document. */
export async function exportPerson(ctx: Ctx, who: Requester, ref: string) {
  const acc = await personOrFail(ctx, ref)
  const actor = isOperator(who) ? null : who.user
  if (!isOperator(who))
    assertCanForPerson(actor, 'people.export', { id: acc.id, place: await homeOf(ctx, acc) })
  const db = ctx.db
  const roles = await db
    .selectFrom('role_assignments')
    .select(['role', 'scope_code', 'languages', 'created_at', 'revoked_at'])
    .where('account_id', '=', acc.id)
    .orderBy('created_at')
    .execute()
  const consents = await db
    .selectFrom('consents')
    .select(['kind', 'text_version', 'created_at', 'recorded_by'])
    .where('account_id', '=', acc.id)
    .orderBy('created_at')
    .execute()
  const data = {
    format: 'hocso-personal-data/1',
    exported_at: ctx.now().toISOString(),
    account: {
      id: acc.id,
      created_at: acc.created_at,
      display_name: acc.display_name,
      phone: acc.phone,
      username: acc.username,
      birth_year: acc.birth_year,
      place_code: acc.place_code,
      locale: acc.locale,
      erased_at: acc.erased_at,
    },
    roles,
    consents,
    ...(await exportParts(db, acc)),
  }
  // Someone else reading a person's data leaves a trace; the trace names only the account id.
  if (!actor || actor.id !== acc.id)
    await writeAudit(ctx, {
      actorId: actor?.id ?? null,
      action: 'account.export',
      targetType: 'account',
      targetId: acc.id,
      detail: { by: actor ? 'officer' : 'operator' },
    })
  return data
}

/** The person an officer is about to erase, after the same checks as the erasure (for the confirmation page). */
export async function erasureTarget(ctx: Ctx, user: CurrentUser | null, ref: string) {
  const acc = await personOrFail(ctx, ref)
  assertCanForPerson(user, 'people.erase', { id: acc.id, place: await homeOf(ctx, acc) })
  if (acc.erased_at) throw conflict(`person: ${acc.id} was already erased on ${acc.erased_at}`)
  return { id: acc.id, displayName: acc.display_name }
}

/** The reason an officer gives: required, plain, and never the person's own data (the audit keeps it). */
function checkReason(raw: string | undefined, acc: store.AccountRow): string {
  const reason = normaliseText(raw ?? '')
  if (!reason || textProblem(reason, { min: 1, max: 200 })?.problem === 'invisible')
    throw validationError('reason', 'required: say why the data is erased (e.g. the request number)')
  const problem = textProblem(reason, { min: 3, max: 200 })
  if (problem) throw validationError('reason', textMessage(problem))
  const lower = reason.toLowerCase()
  const own = [acc.display_name, acc.phone, acc.username].filter((x): x is string => !!x && x.length >= 3)
  if (own.some((x) => lower.includes(x.toLowerCase())))
    throw validationError(
      'reason',
      "must not contain the person's name, phone or username: the audit record keeps no personal data",
    )
  return reason
}

export type ErasureInput = { reason?: string | undefined; password?: string | undefined }

/**
 * Erases a person's personal data in one transaction: the account is blanked (and can no longer
 * sign in), sessions and roles are removed, trader records and event registrations blanked,
 * certificates revoked and their stored copies blanked, draft studio takes deleted; one audit
 * record says who erased whom. Facts and progress stay: they hold only the account id.
 */
export async function erasePerson(
  ctx: Ctx,
  who: Requester,
  ref: string,
  input: ErasureInput,
): Promise<{ id: string; erasedAt: string; followUps: FollowUp[] }> {
  const actor = isOperator(who) ? null : who.user
  if (!isOperator(who) && !actor) throw new AppError('unauthenticated', 'sign in to continue')
  const acc = await personOrFail(ctx, ref)
  if (acc.erased_at) throw conflict(`person: ${acc.id} was already erased on ${acc.erased_at}`)
  const self = !!actor && actor.id === acc.id
  let reason: string
  if (self) {
    if (!input.password) throw validationError('password', 'required: type your password to confirm')
    const ok = !!acc.password_hash && (await verifyPassword(input.password, acc.password_hash))
    if (!ok) throw validationError('password', 'wrong password; nothing was erased')
    reason = "at the person's own request"
  } else {
    if (!isOperator(who)) {
      assertCanForPerson(actor, 'people.erase', { id: acc.id, place: await homeOf(ctx, acc) })
      // Erasing a person takes their roles away: only someone who could revoke each of them may.
      for (const r of await store.rolesOf(ctx.db, acc.id)) {
        const scope = r.scope_code === PROVINCE.code ? PROVINCE : await placeRef(ctx, r.scope_code)
        if (!canAssign(actor, r.role as Role, scope))
          throw new AppError(
            'forbidden',
            `person: holds ${r.role} at ${r.scope_code}, which you may not revoke`,
          )
      }
    }
    reason = checkReason(input.reason, acc)
  }
  const erasedAt = ctx.now().toISOString()
  const done = await inTransaction(ctx, async (tx) => {
    // A new stamp: change capture logs the blank row as a newer version, which replaces the old
    // one on every hub and blanks the older versions in each change log (sync.changes.ts).
    await tx.db
      .updateTable('accounts')
      .set({
        ...stamp(tx),
        display_name: ERASED_NAME,
        phone: null,
        username: `erased:${acc.id}`,
        birth_year: null,
        password_hash: null,
        erased_at: erasedAt,
      })
      .where('id', '=', acc.id)
      .where('erased_at', 'is', null)
      .execute()
    const sessions = await tx.db.deleteFrom('sessions').where('account_id', '=', acc.id).executeTakeFirst()
    const roles = await tx.db
      .deleteFrom('role_assignments')
      .where('account_id', '=', acc.id)
      .executeTakeFirst()
    // Sign-in throttling is keyed by what was typed: the phone or the username.
    const keys = [acc.phone, acc.username].filter((x): x is string => !!x).map((x) => `login:${x}`)
    if (keys.length) await tx.db.deleteFrom('login_throttle').where('key', 'in', keys).execute()
    const removed: Record<string, number> = {}
    const files: string[] = []
    const followUps: FollowUp[] = []
    for (const p of parts) {
      if (!p.erase) continue
      const r = await p.erase.run(tx, acc, actor?.id ?? null)
      removed[p.erase.key] = r.count
      files.push(...(r.files ?? []))
      followUps.push(...(r.followUps ?? []))
    }
    await writeAudit(tx, {
      actorId: actor?.id ?? null,
      action: 'account.erase',
      targetType: 'account',
      targetId: acc.id,
      detail: {
        by: self ? 'self' : actor ? 'officer' : 'operator',
        reason,
        removed: {
          sessions: Number(sessions.numDeletedRows),
          roles: Number(roles.numDeletedRows),
          ...removed,
        },
      },
    })
    return { files, followUps }
  })
  for (const f of done.files) await rm(f, { force: true })
  return { id: acc.id, erasedAt, followUps: done.followUps }
}
