import { createHash } from 'node:crypto'
import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import {
  AppError,
  conflict,
  fieldError,
  isUniqueViolation,
  keyedError,
  validationError,
} from '../../core/errors.ts'
import { emit } from '../../core/hooks.ts'
import { randomToken, uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { codesWithin, placeNames } from '../places/places.reads.ts'
import { placeRef } from '../places/places.service.ts'
import { writeAudit } from '../system/audit.ts'
import { dummyHash, hashPassword, needsRehash, SCRYPT, verifyPassword } from './password.ts'
import { assertStrongPassword } from './password-strength.ts'
import * as store from './people.store.ts'
import type { CurrentUser, Role } from './people.types.ts'
import { assertCan, can, canAssign, PROVINCE, PROVINCE_CODE, rolesAssignable } from './policy.ts'

const CONSENT_VERSION = 'privacy-2026-11'

/**
 * Sign-in throttling (decision 0003; issue 14, hole 7). Failures are counted per account *and*
 * address: someone guessing a person's password from elsewhere slows only themselves down, never
 * the owner signing in from their phone. After `free` failures each further one makes that pair
 * wait twice as long (1 s, 2 s, 4 s … at most `maxDelayMs`): no hard lock. An address as a whole
 * (a village behind one NAT shares it) starts waiting only after `perAddress` failures. A count is
 * forgotten `windowMs` after its last failure or wait.
 */
export const THROTTLE = { free: 5, perAddress: 100, windowMs: 15 * 60_000, maxDelayMs: 15 * 60_000 }

const hashSessionId = (token: string) => createHash('sha256').update(token).digest('base64url')

async function toCurrentUser(ctx: Ctx, acc: store.AccountRow): Promise<CurrentUser> {
  const roles = await store.rolesOf(ctx.db, acc.id)
  return {
    id: acc.id,
    displayName: acc.display_name,
    phone: acc.phone,
    username: acc.username,
    locale: acc.locale,
    placeCode: acc.place_code,
    roles: roles.map((r) => ({
      id: r.id,
      role: r.role as Role,
      scopeCode: r.scope_code,
      languages: r.languages ? r.languages.split(',') : [],
    })),
  }
}

/** The account behind a session token, or null when it is unknown or expired. */
export async function loadSession(
  ctx: Ctx,
  token: string,
): Promise<{ user: CurrentUser; publicStamp: string } | null> {
  // Read from the database on every request, never cached: a sign-out, an expiry, a revoked role
  // or an erasure on any process takes effect on the next request everywhere.
  const rows = await store.sessionAccount(ctx.db, {
    id: hashSessionId(token),
    now: ctx.now().toISOString(),
  })
  const acc = rows[0]
  if (!acc) return null
  return {
    publicStamp: acc.public_stamp ?? '',
    user: {
      id: acc.id,
      displayName: acc.display_name,
      phone: acc.phone,
      username: acc.username,
      locale: acc.locale,
      placeCode: acc.place_code,
      roles: rows.flatMap((r) =>
        r.role_id
          ? [
              {
                id: r.role_id,
                role: r.role as Role,
                scopeCode: r.scope_code!,
                languages: r.languages ? r.languages.split(',') : [],
              },
            ]
          : [],
      ),
    },
  }
}

/** A user by account id (tests, command line). */
/** The names other domains show beside what a person wrote or did (comments, records), by account id. */
export function displayNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  return store.displayNamesOf(ctx.db, [...new Set(ids)])
}

export async function currentUserById(ctx: Ctx, id: string): Promise<CurrentUser> {
  const acc = await store.findAccount(ctx.db, id)
  if (!acc) throw new AppError('not_found', `account ${id}: not found`)
  return toCurrentUser(ctx, acc)
}

/** A user by login (phone or user name), for a command run on a person's behalf; null when unknown. */
export async function currentUserByLogin(ctx: Ctx, login: string): Promise<CurrentUser | null> {
  const acc = await store.findAccountByLogin(ctx.db, login.trim().toLowerCase().replace(/^\+84/, '0'))
  return acc ? toCurrentUser(ctx, acc) : null
}

async function startSession(ctx: Ctx, accountId: string, userAgent: string | undefined): Promise<string> {
  const token = randomToken()
  const now = ctx.now()
  await store.insertSession(ctx.db, {
    id: hashSessionId(token),
    account_id: accountId,
    csrf_token: randomToken(),
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ctx.config.sessionDays * 86_400_000).toISOString(),
    user_agent: userAgent?.slice(0, 200) ?? null,
  })
  return token
}

/** How long this key must still wait before another attempt (0: none). */
async function waitFor(ctx: Ctx, key: string): Promise<number> {
  const row = await store.getThrottle(ctx.db, key)
  if (!row?.locked_until) return 0
  return Math.max(0, Date.parse(row.locked_until) - ctx.now().getTime())
}

/** The wait after the n-th failure of a key that has `free` failures before waiting. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0
  return Math.min(1000 * 2 ** Math.min(failures - free, 30), THROTTLE.maxDelayMs)
}

async function recordFailure(ctx: Ctx, key: string, free: number): Promise<void> {
  const now = ctx.now()
  const row = await store.getThrottle(ctx.db, key)
  const last = row
    ? Math.max(Date.parse(row.first_failure_at), Date.parse(row.locked_until ?? row.first_failure_at))
    : 0
  const fresh = !row || last + THROTTLE.windowMs < now.getTime()
  const failures = fresh ? 1 : row!.failures + 1
  const delay = delayAfter(failures, free)
  await store.putThrottle(ctx.db, {
    key,
    failures,
    first_failure_at: fresh ? now.toISOString() : row!.first_failure_at,
    locked_until: delay ? new Date(now.getTime() + delay).toISOString() : null,
  })
}

/** "12 seconds", "4 minutes": how a wait is said in the refusal. */
function waitText(ms: number): string {
  const s = Math.ceil(ms / 1000)
  if (s < 120) return s === 1 ? '1 second' : `${s} seconds`
  return `${Math.ceil(s / 60)} minutes`
}

/** Signs a person in; returns the session token for the cookie. Locks out repeated failures. */
export async function login(
  ctx: Ctx,
  input: { login: string; password: string },
  meta: { address: string; userAgent?: string },
): Promise<{ token: string; user: CurrentUser }> {
  const loginKey = input.login.trim().toLowerCase().replace(/^\+84/, '0')
  const pairKey = `login:${loginKey}@${meta.address}`
  const addressKey = `addr:${meta.address}`
  const wait = Math.max(await waitFor(ctx, pairKey), await waitFor(ctx, addressKey))
  if (wait > 0) {
    const message = `too many failed attempts; try again in ${waitText(wait)}`
    const w = Math.ceil(wait / 1000)
    throw new AppError('rate_limited', `login: ${message}`, {
      issues: [
        {
          field: 'login',
          message,
          key: w < 120 ? 'people.err.wait_seconds' : 'people.err.wait_minutes',
          params: { count: w < 120 ? w : Math.ceil(w / 60) },
        },
      ],
      retryAfterSeconds: w,
    })
  }
  const acc = await store.findAccountByLogin(ctx.db, loginKey)
  const logN = costOf(ctx)
  // An unknown login is checked against a dummy hash at the same cost, so that the time of the
  // answer does not tell whether the account exists.
  const ok = await verifyPassword(input.password, acc?.password_hash ?? (await dummyHash(logN)))
  if (!ok || !acc?.password_hash) {
    await recordFailure(ctx, pairKey, THROTTLE.free)
    await recordFailure(ctx, addressKey, THROTTLE.perAddress)
    throw new AppError('unauthenticated', 'login: wrong phone number, username or password', {
      issues: [
        {
          field: 'login',
          message: 'wrong phone number, username or password',
          key: 'people.err.wrong_login',
        },
      ],
    })
  }
  await store.clearThrottle(ctx.db, pairKey)
  // A hash weaker than OWASP's table (before decision 0176), or heavier than this node's setting,
  // is replaced now that the password is known; when the hashing line is full it waits for the
  // next sign-in, and this one goes through.
  if (needsRehash(acc.password_hash, logN)) {
    const raised = await hashPassword(input.password, logN).catch((err) => {
      if (err instanceof AppError && err.code === 'busy') return null
      throw err
    })
    if (raised) await store.setPasswordHash(ctx.db, acc.id, raised)
  }
  const token = await startSession(ctx, acc.id, meta.userAgent)
  return { token, user: await toCurrentUser(ctx, acc) }
}

/** The scrypt cost of new hashes (configs built by hand in older tests may lack it). */
const costOf = (ctx: Ctx) => ctx.config.scryptLog2N ?? SCRYPT.logN

/** Deletes expired sessions; runs at every start (see src/cli/startup.ts). */
export async function purgeExpiredSessions(ctx: Ctx): Promise<void> {
  await store.deleteExpiredSessions(ctx.db, ctx.now().toISOString())
}

/** Ends a session. */
export async function logout(ctx: Ctx, token: string): Promise<void> {
  await store.deleteSession(ctx.db, hashSessionId(token))
}

type NewAccount = {
  displayName: string
  phone?: string | null
  username?: string | null
  password?: string | null
  birthYear?: number | null
  placeCode?: string | null
  locale?: string
  demo?: boolean
}

/** Creates an account with its roles, consent and audit record in one transaction. */
export async function createAccount(
  ctx: Ctx,
  input: NewAccount,
  roles: { role: Role; scopeCode: string; languages?: string[] }[],
  opts: { actorId?: string | null; consentBy?: string | null; consent?: boolean } = {},
): Promise<string> {
  if (!input.phone && !input.username) throw validationError('phone', 'required (or a username)')
  if (input.placeCode)
    await placeRef(ctx, input.placeCode).catch(() => {
      throw validationError('place_code', `unknown place ${input.placeCode}`)
    })
  // Demo accounts share the documented demo password; every real one must be hard to guess.
  if (input.password && !input.demo)
    await assertStrongPassword(input.password, [input.phone, input.username, input.displayName])
  const id = uuidv7()
  const passwordHash = input.password ? await hashPassword(input.password, costOf(ctx)) : null
  const now = ctx.now().toISOString()
  try {
    await inTransaction(
      ctx,
      async (tx) => {
        await store.insertAccount(tx.db, {
          id,
          ...stamp(tx),
          created_at: now,
          phone: input.phone ?? null,
          username: input.username ?? null,
          display_name: input.displayName,
          birth_year: input.birthYear ?? null,
          place_code: input.placeCode ?? null,
          password_hash: passwordHash,
          locale: input.locale ?? 'vi',
          demo: input.demo ? 1 : 0,
          erased_at: null,
        })
        for (const r of roles) {
          await store.insertRole(tx.db, {
            id: uuidv7(),
            ...stamp(tx),
            created_at: now,
            account_id: id,
            role: r.role,
            scope_code: r.scopeCode,
            languages: (r.languages ?? []).join(','),
            granted_by: opts.actorId ?? null,
            revoked_at: null,
          })
        }
        if (opts.consent) {
          await tx.db
            .insertInto('consents')
            .values({
              id: uuidv7(),
              origin_node: tx.nodeId,
              created_at: now,
              account_id: id,
              kind: 'data_processing',
              recorded_by: opts.consentBy ?? null,
              text_version: CONSENT_VERSION,
            })
            .execute()
        }
        // Registrations made with this phone before the account existed become the account's (and
        // attendance already recorded earns its certificate), in this transaction.
        await emit(tx, 'account.created', { accountId: id, phone: input.phone ?? null })
        await writeAudit(tx, {
          actorId: opts.actorId ?? null,
          action: 'account.create',
          targetType: 'account',
          targetId: id,
          detail: { roles: roles.map((r) => `${r.role}@${r.scopeCode}`) },
        })
        // Inside a caller's transaction (a help fact registering the person), a taken phone is
        // taken back alone: the caller may answer it and go on.
      },
      { savepoint: true },
    )
  } catch (err) {
    if (isUniqueViolation(err)) {
      if (!input.phone) throw conflict(`username: ${input.username} is taken`)
      const message = `${input.phone} already has an account`
      throw new AppError('conflict', `phone: ${message}`, {
        issues: [{ field: 'phone', message, key: 'people.err.phone_taken', params: { phone: input.phone } }],
      })
    }
    throw err
  }
  return id
}

/** The live account that owns a phone number, if any (events link registrations made with it). */
export async function accountIdByPhone(db: Db, phone: string): Promise<string | null> {
  const row = await store.findAccountByLogin(db, phone)
  return row?.phone === phone ? row.id : null
}

/** A learner signs up on their own; returns a session token. */
export async function signup(
  ctx: Ctx,
  input: { display_name: string; phone: string; password: string; birth_year?: number; place_code?: string },
  meta: { userAgent?: string; locale?: string },
): Promise<{ token: string; accountId: string }> {
  const placeCode = input.place_code || null
  const id = await createAccount(
    ctx,
    {
      displayName: input.display_name,
      phone: input.phone,
      password: input.password,
      birthYear: input.birth_year ?? null,
      placeCode,
      locale: meta.locale,
    },
    [{ role: 'learner', scopeCode: placeCode ?? PROVINCE_CODE }],
    { consent: true },
  )
  return { token: await startSession(ctx, id, meta.userAgent), accountId: id }
}

/** An ambassador or officer registers a person on their behalf, with the person's consent recorded. */
export async function registerAssisted(
  ctx: Ctx,
  actor: CurrentUser | null,
  input: { display_name: string; phone?: string; birth_year?: number; place_code: string },
): Promise<string> {
  const place = await placeRef(ctx, input.place_code).catch(() => {
    throw validationError('place_code', `unknown place ${input.place_code}`)
  })
  assertCan(actor, 'people.register', place)
  const username = input.phone ? null : `p${uuidv7().replace(/-/g, '').slice(-12)}`
  return createAccount(
    ctx,
    {
      displayName: input.display_name,
      phone: input.phone ?? null,
      username,
      birthYear: input.birth_year ?? null,
      placeCode: place.code,
    },
    [{ role: 'learner', scopeCode: place.code }],
    { actorId: actor.id, consentBy: actor.id, consent: true },
  )
}

/** `hocso create-admin`: the first province admin of a real deployment. */
export async function createAdmin(
  ctx: Ctx,
  input: { login: string; displayName: string; password: string },
): Promise<string> {
  const isPhone = /^(0\d{9}|\+84\d{9})$/.test(input.login)
  return createAccount(
    ctx,
    {
      displayName: input.displayName,
      phone: isPhone ? input.login.replace(/^\+84/, '0') : null,
      username: isPhone ? null : input.login.toLowerCase(),
      password: input.password,
    },
    [{ role: 'province_admin', scopeCode: PROVINCE_CODE }],
  )
}

/** What a grant would give, once checked: the person, the role, the place (the confirmation step says it). */
export type GrantCheck = {
  target: { id: string; displayName: string }
  role: Role
  /** The commune's name beside a village's, as the confirmation says it. */
  place: { code: string; name: string; kind: string; communeName: string | null }
}

/**
 * Checks a grant without writing it (the form's confirmation step shows what `assignRole` would
 * do): the place exists, the actor may hand out this role at all, the place lies in the actor's
 * scope, the person exists and lives there. Each refusal names its field, in the person's language.
 */
export async function checkGrant(
  ctx: Ctx,
  actor: CurrentUser | null,
  input: { account_id: string; role: Role; scope_code: string },
): Promise<GrantCheck> {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const place = await placeRef(ctx, input.scope_code).catch(() => {
    throw keyedError('scope_code', `unknown place ${input.scope_code}`, 'people.grant.unknown_place', {
      code: input.scope_code,
    })
  })
  if (!canAssign(actor, input.role, place)) {
    if (!rolesAssignable(actor).includes(input.role))
      throw fieldError('forbidden', 'role', `you may not grant ${input.role}`, 'people.grant.role_forbidden')
    throw fieldError(
      'forbidden',
      'scope_code',
      `you may not grant ${input.role} in ${place.name}, outside the places you manage`,
      'people.grant.out_of_scope',
      { place: place.name },
    )
  }
  const target = await store.findAccount(ctx.db, input.account_id)
  if (!target || target.erased_at)
    throw keyedError('account_id', 'no such account', 'people.grant.no_account')
  await assertReaches(ctx, actor, target)
  const commune =
    place.kind === 'village' && place.communeCode
      ? await placeRef(ctx, place.communeCode).catch(() => null)
      : null
  return {
    target: { id: target.id, displayName: target.display_name },
    role: input.role,
    place: { code: place.code, name: place.name, kind: place.kind, communeName: commune?.name ?? null },
  }
}

/** Grants a role within the actor's own scope; every change leaves an audit record. */
export async function assignRole(
  ctx: Ctx,
  actor: CurrentUser | null,
  input: { account_id: string; role: Role; scope_code: string; languages?: string },
): Promise<string> {
  const { place, target } = await checkGrant(ctx, actor, input)
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const id = uuidv7()
  await inTransaction(ctx, async (tx) => {
    await store.insertRole(tx.db, {
      id,
      ...stamp(tx),
      created_at: tx.now().toISOString(),
      account_id: target.id,
      role: input.role,
      scope_code: place.code,
      languages: input.languages ?? '',
      granted_by: actor.id,
      revoked_at: null,
    })
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'role.grant',
      targetType: 'account',
      targetId: target.id,
      detail: { role: input.role, scope: place.code, languages: input.languages ?? '' },
    })
  })
  return id
}

/**
 * A person may be given a role (or put in a group) only by someone whose `roles.assign` reaches
 * the person's home place; a person with none (province staff) only by a province admin. Without
 * it, a commune officer could hand roles to people of another commune, or to the province admin.
 */
export async function assertReaches(
  ctx: Ctx,
  actor: CurrentUser,
  target: { id: string; place_code: string | null },
): Promise<void> {
  const home = target.place_code ? await placeRef(ctx, target.place_code) : null
  if (can(actor, 'roles.assign', home ?? PROVINCE)) return
  if (!home)
    throw fieldError(
      'forbidden',
      'account_id',
      'this person has no village or commune: only a province admin may give them a role',
      'people.grant.province_only',
    )
  throw fieldError(
    'forbidden',
    'account_id',
    `this person lives in ${home.name}, outside the places you manage`,
    'people.grant.out_of_reach',
    { place: home.name },
  )
}

/** Revokes a role assignment; the actor must be able to grant that role at that scope. */
export async function revokeRole(ctx: Ctx, actor: CurrentUser | null, roleId: string): Promise<void> {
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  const row = await ctx.db
    .selectFrom('role_assignments')
    .selectAll()
    .where('id', '=', roleId)
    .executeTakeFirst()
  if (!row || row.revoked_at) throw validationError('role_id', 'no such role assignment')
  const place = await placeRef(ctx, row.scope_code)
  if (!canAssign(actor, row.role as Role, place))
    throw new AppError('forbidden', `role: you may not revoke ${row.role} in ${place.name}`)
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('role_assignments')
      .set({ revoked_at: tx.now().toISOString(), hlc: tx.clock.now(), origin_node: tx.nodeId })
      .where('id', '=', roleId)
      .execute()
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'role.revoke',
      targetType: 'account',
      targetId: row.account_id,
      detail: { role: row.role, scope: row.scope_code },
    })
  })
}

/** Accounts whose home place lies in a scope the actor may read. */
export async function listPeople(ctx: Ctx, actor: CurrentUser | null, scopeCode: string) {
  const place =
    scopeCode === PROVINCE_CODE ? { ...PROVINCE, kind: 'province', name: '' } : await placeRef(ctx, scopeCode)
  assertCan(actor, 'people.read', place)
  let q = ctx.db
    .selectFrom('accounts')
    .select(['id', 'display_name', 'phone', 'username', 'place_code'])
    .where('erased_at', 'is', null)
  if (place.code !== PROVINCE_CODE) q = q.where('place_code', 'in', await codesWithin(ctx.db, place.code))
  const rows = await q.orderBy('display_name').limit(500).execute()
  // The names of the home places shown, in one lookup for the whole list.
  const names = await placeNames(
    ctx.db,
    rows.map((r) => r.place_code),
  )
  return rows.map((r) => ({ ...r, place_name: (r.place_code ? names.get(r.place_code) : undefined) ?? null }))
}

export { CONSENT_VERSION }

/** A stored grant as the page says it after writing it ("X now has the role Y in Z"); null if unknown. */
export async function describeGrant(
  ctx: Ctx,
  actor: CurrentUser | null,
  id: string,
): Promise<GrantCheck | null> {
  if (!actor) return null
  const row = await ctx.db
    .selectFrom('role_assignments')
    .select(['account_id', 'role', 'scope_code', 'granted_by'])
    .where('id', '=', id)
    .executeTakeFirst()
  // Only the person who gave it reads it back: the id travels in the address after the grant.
  if (!row || row.granted_by !== actor.id) return null
  const target = await store.findAccount(ctx.db, row.account_id)
  const place = await placeRef(ctx, row.scope_code).catch(() => null)
  if (!target || !place) return null
  const commune =
    place.kind === 'village' && place.communeCode
      ? await placeRef(ctx, place.communeCode).catch(() => null)
      : null
  return {
    target: { id: target.id, displayName: target.display_name },
    role: row.role as Role,
    place: { code: place.code, name: place.name, kind: place.kind, communeName: commune?.name ?? null },
  }
}
