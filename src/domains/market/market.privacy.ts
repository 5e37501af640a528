import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { ERASED_NAME } from '../people/people.types.ts'

/** Trader records linked to a person's account, erased ones included, for the export of their data. */
export function tradersOfPerson(db: Db, accountId: string) {
  return db
    .selectFrom('traders')
    .select([
      'id',
      'created_at',
      'name',
      'place_code',
      'market',
      'products',
      'phone',
      'bank_bin',
      'bank_account',
      'erased_at',
    ])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute()
}

/**
 * Blanks the trader records linked to a person and marks them erased, in the caller's
 * transaction. The row keeps its place, market and products (what the onboarding counts are
 * about) and takes a new stamp, so the erasure replicates as a newer version of the row.
 * Returns the number of records erased.
 */
export async function eraseTradersOf(tx: TxCtx, accountId: string): Promise<number> {
  const r = await tx.db
    .updateTable('traders')
    .set({
      ...stamp(tx),
      name: ERASED_NAME,
      phone: null,
      bank_bin: null,
      bank_account: null,
      erased_at: tx.now().toISOString(),
    })
    .where('account_id', '=', accountId)
    .where('erased_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}
