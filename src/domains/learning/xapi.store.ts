import type { Db } from '../../core/db.ts'

/** What a reader of statements may see: their own, plus learners of some places (or all). */
export type StatementScope = { self: string; all: boolean; places: string[] }

export type StatementQuery = {
  since?: string
  until?: string
  agent?: string
  after?: { stored: string; id: string }
  ascending: boolean
  limit: number
}

/** Learning events in stored order (newest first unless ascending), paged by (stored_at, fact_id). */
export function listEvents(db: Db, scope: StatementScope, q: StatementQuery) {
  let s = db.selectFrom('learning_events').selectAll()
  if (!scope.all) {
    s = s.where((eb) =>
      eb.or([
        eb('account_id', '=', scope.self),
        ...(scope.places.length ? [eb('place_code', 'in', scope.places)] : []),
      ]),
    )
  }
  if (q.agent) s = s.where('account_id', '=', q.agent)
  if (q.since) s = s.where('stored_at', '>', q.since)
  if (q.until) s = s.where('stored_at', '<=', q.until)
  if (q.after) {
    const { stored, id } = q.after
    s = q.ascending
      ? s.where((eb) =>
          eb.or([
            eb('stored_at', '>', stored),
            eb.and([eb('stored_at', '=', stored), eb('fact_id', '>', id)]),
          ]),
        )
      : s.where((eb) =>
          eb.or([
            eb('stored_at', '<', stored),
            eb.and([eb('stored_at', '=', stored), eb('fact_id', '<', id)]),
          ]),
        )
  }
  const dir = q.ascending ? 'asc' : 'desc'
  return s
    .orderBy('stored_at', dir)
    .orderBy('fact_id', dir)
    .limit(q.limit + 1)
    .execute()
}
