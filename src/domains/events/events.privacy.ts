import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { ERASED_NAME } from '../people/people.types.ts'

/** The ids of a person's registrations: their own, and unclaimed ones made with their phone number. */
async function idsOfPerson(db: Db, accountId: string, phone: string | null): Promise<string[]> {
  const rows = await db
    .selectFrom('event_registrations')
    .select('id')
    .where((eb) =>
      phone
        ? eb.or([
            eb('account_id', '=', accountId),
            eb.and([eb('account_id', 'is', null), eb('phone', '=', phone)]),
          ])
        : eb('account_id', '=', accountId),
    )
    .execute()
  return rows.map((r) => r.id)
}

/** A person's event registrations with the event and their check-in, for the export of their data. */
export async function registrationsForExport(db: Db, accountId: string, phone: string | null) {
  const ids = await idsOfPerson(db, accountId, phone)
  if (!ids.length) return []
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .leftJoin('event_attendance as a', 'a.registration_id', 'r.id')
    .select([
      'r.id',
      'r.created_at',
      'r.event_id',
      'e.title as event_title',
      'e.starts_at as event_starts_at',
      'r.name',
      'r.phone',
      'r.organisation',
      'r.position',
      'r.status',
      'r.source',
      'r.lang',
      'a.checked_in_at',
    ])
    .where('r.id', 'in', ids)
    .orderBy('e.starts_at')
    .execute()
}

/**
 * Blanks the name, phone, organisation and position of a person's registrations, in the caller's
 * transaction. Registration and attendance rows stay, so seat and attendance counts do not move.
 * Returns the number of registrations blanked.
 */
export async function eraseRegistrationsOf(
  tx: TxCtx,
  accountId: string,
  phone: string | null,
): Promise<number> {
  const ids = await idsOfPerson(tx.db, accountId, phone)
  if (!ids.length) return 0
  await tx.db
    .updateTable('event_registrations')
    .set({ ...stamp(tx), name: ERASED_NAME, phone: null, organisation: null, position: null })
    .where('id', 'in', ids)
    .execute()
  return ids.length
}
