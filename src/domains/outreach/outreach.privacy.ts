import { stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import type { TxCtx } from '../../core/transaction.ts'
import type { FollowUp } from '../people/privacy.service.ts'

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

/**
 * Erasure ends the person's places in technology groups (the rows stay as history, blank of any
 * name since they hold only the account id). A group they led needs a new leader: the officer is
 * told, with a link to it.
 */
export async function endGroupRolesOf(
  tx: TxCtx,
  accountId: string,
  actorId: string | null,
): Promise<{ count: number; followUps: FollowUp[] }> {
  const live = await tx.db
    .selectFrom('outreach_group_members as m')
    .innerJoin('outreach_groups as g', 'g.id', 'm.group_id')
    .select(['m.id', 'm.group_role', 'g.place_code'])
    .where('m.account_id', '=', accountId)
    .where('m.removed_at', 'is', null)
    .execute()
  if (!live.length) return { count: 0, followUps: [] }
  await tx.db
    .updateTable('outreach_group_members')
    .set({ ...stamp(tx), removed_at: tx.now().toISOString(), removed_by: actorId })
    .where(
      'id',
      'in',
      live.map((m) => m.id),
    )
    .execute()
  return {
    count: live.length,
    followUps: live
      .filter((m) => m.group_role === 'leader')
      .map((m) => ({ text: 'privacy.erased.leaderless' as const, href: `/groups/${m.place_code}` })),
  }
}
