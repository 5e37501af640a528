import type { Db } from '../../core/db.ts'
import { type AccountRow, countAccounts as countAccountRows, type RoleRow } from './people.store.ts'

/**
 * What other domains read of the accounts and their roles: each function is one query, takes the
 * handle to read with first (inside a transaction, the transaction itself), and is the only way
 * another domain reaches people's tables (README, "Domains").
 */

/** The id of the account with this username (erased or not), or null. */
export async function accountIdByUsername(db: Db, username: string): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst()
  return row?.id ?? null
}

/** How many accounts exist (erased ones included). */
export function countAccounts(db: Db): Promise<number> {
  return countAccountRows(db)
}

/** The home place of an account, or null (no home given, or no such account). */
export async function homePlaceOf(db: Db, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('accounts')
    .select('place_code')
    .where('id', '=', accountId)
    .executeTakeFirst()
  return row?.place_code ?? null
}

/** The places where an account holds a role that is not revoked. */
export async function liveRoleScopes(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('scope_code')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute()
  return rows.map((r) => r.scope_code)
}

/** An account's row exactly as stored, for replication (sync carries rows whole), or undefined. */
export function accountRecord(db: Db, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Every role assignment of an account exactly as stored, revoked ones included, for replication. */
export function roleRecordsOf(db: Db, accountId: string): Promise<RoleRow[]> {
  return db.selectFrom('role_assignments').selectAll().where('account_id', '=', accountId).execute()
}
