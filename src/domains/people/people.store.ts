import type { Insertable, Selectable } from 'kysely'
import { type Db, type Holes, prepared } from '../../core/db.ts'
import { publicStampColumn } from '../../core/public-stamp.ts'
import type { PeopleTables } from './people.tables.ts'

export type AccountRow = Selectable<PeopleTables['accounts']>
export type RoleRow = Selectable<PeopleTables['role_assignments']>

/** Finds a live account by phone or username. */
export function findAccountByLogin(db: Db, login: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('erased_at', 'is', null)
    .where((eb) => eb.or([eb('phone', '=', login), eb('username', '=', login.toLowerCase())]))
    .executeTakeFirst()
}

/** The display names of some accounts (erased ones show the placeholder they were given), by id. */
export async function displayNamesOf(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('accounts').select(['id', 'display_name']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

export function findAccount(db: Db, id: string) {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertAccount(db: Db, row: Insertable<PeopleTables['accounts']>) {
  return db.insertInto('accounts').values(row).execute()
}

/** Live role assignments of one account. */
export function rolesOf(db: Db, accountId: string) {
  return db
    .selectFrom('role_assignments')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute()
}

export function insertRole(db: Db, row: Insertable<PeopleTables['role_assignments']>) {
  return db.insertInto('role_assignments').values(row).execute()
}

export function insertSession(db: Db, row: Insertable<PeopleTables['sessions']>) {
  return db.insertInto('sessions').values(row).execute()
}

/**
 * The live account behind a session that has not expired at `now`, with its live roles, in one
 * query (every signed-in request asks): a row per role, or one row with no role. No row when the
 * session is unknown, expired, or its account erased. Each row also carries the public content
 * stamp, which the signed-in pages would otherwise read apart (decision 0208). The session is a scalar subquery, not a
 * join: SQLite ran the join of sessions and accounts in 21 µs and this in 3 µs (same plan of
 * index searches, without the join's per-row work); PostgreSQL runs it as one index lookup first.
 */
export const sessionAccount = prepared((db, p: Holes<{ id: string; now: string }>) =>
  db
    .selectFrom('accounts as a')
    .leftJoin('role_assignments as r', (j) =>
      j.onRef('r.account_id', '=', 'a.id').on('r.revoked_at', 'is', null),
    )
    .select([
      'a.id',
      'a.display_name',
      'a.phone',
      'a.username',
      'a.locale',
      'a.place_code',
      'r.id as role_id',
      'r.role',
      'r.scope_code',
      'r.languages',
    ])
    .select((eb) => publicStampColumn(eb as never))
    .where('a.id', '=', (eb) =>
      eb
        .selectFrom('sessions as s')
        .select('s.account_id')
        .where('s.id', '=', p('id'))
        .where('s.expires_at', '>=', p('now')),
    )
    .where('a.erased_at', 'is', null)
    .orderBy('r.created_at')
    .orderBy('r.id'),
)
/** Removes sessions that have expired (they are refused anyway; this keeps the table small). */
export function deleteExpiredSessions(db: Db, now: string) {
  return db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()
}

export function deleteSession(db: Db, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).execute()
}

export function getThrottle(db: Db, key: string) {
  return db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst()
}

/** Records one failed sign-in under a key (an account or an address). */
export async function putThrottle(db: Db, row: Selectable<PeopleTables['login_throttle']>) {
  await db
    .insertInto('login_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: row.failures,
        first_failure_at: row.first_failure_at,
        locked_until: row.locked_until,
      }),
    )
    .execute()
}

export function clearThrottle(db: Db, key: string) {
  return db.deleteFrom('login_throttle').where('key', '=', key).execute()
}

export function countAccounts(db: Db) {
  return db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n))
}

/** Replaces a password hash (a stronger hash of the same password, at sign-in). */
export async function setPasswordHash(db: Db, accountId: string, hash: string): Promise<void> {
  await db.updateTable('accounts').set({ password_hash: hash }).where('id', '=', accountId).execute()
}
