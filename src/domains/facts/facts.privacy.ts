import type { Db } from '../../core/db.ts'

/**
 * The facts about one person, for the export of their data: those whose subject they are, and
 * those they recorded with no subject (their own reading, quizzes). Facts they recorded about
 * other people (help they gave) are about those people and stay out. Facts are never erased:
 * they hold only account ids, so once the account is blanked they name nobody.
 */
export async function factsAbout(db: Db, accountId: string) {
  const rows = await db
    .selectFrom('facts')
    .select([
      'id',
      'kind',
      'occurred_at',
      'recorded_at',
      'place_code',
      'actor_id',
      'subject_id',
      'data',
      'corrects',
    ])
    .where((eb) =>
      eb.or([
        eb('subject_id', '=', accountId),
        eb.and([eb('actor_id', '=', accountId), eb('subject_id', 'is', null)]),
      ]),
    )
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
  return rows.map(({ data, actor_id, ...r }) => ({
    ...r,
    recorded_by_self: actor_id === accountId,
    data: JSON.parse(data) as unknown,
  }))
}
