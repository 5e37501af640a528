import type { Db } from '../../core/db.ts'

/**
 * A person's technology group memberships and the help records about them, for the export of
 * their data. Both hold only account ids (help records keep the sex and age band, never a name),
 * so erasure leaves them: the help counts do not move and name nobody.
 */
export async function outreachOf(db: Db, accountId: string) {
  const groups = await db
    .selectFrom('outreach_group_members as m')
    .innerJoin('outreach_groups as g', 'g.id', 'm.group_id')
    .select(['g.place_code', 'm.group_role', 'm.since', 'm.removed_at'])
    .where('m.account_id', '=', accountId)
    .orderBy('m.since')
    .execute()
  const helpReceived = await db
    .selectFrom('outreach_help')
    .select(['id', 'village_code', 'what', 'note', 'helped_at', 'replaced_by'])
    .where('person_id', '=', accountId)
    .orderBy('helped_at')
    .execute()
  return { groups, helpReceived }
}
