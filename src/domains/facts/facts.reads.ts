import type { Db } from '../../core/db.ts'
import { parseFactRow, type StoredFact } from './facts.service.ts'

/**
 * What other domains read of the facts (the rollups, the demo): each function is one query (or
 * one per 500 ids), takes the handle to read with first (inside a transaction, the transaction
 * itself), and returns facts with their data parsed. Only the facts domain (and replication,
 * decision 0110) touches the `facts` table itself.
 */

const COLUMNS = [
  'id',
  'kind',
  'origin_node',
  'actor_id',
  'subject_id',
  'place_code',
  'occurred_at',
  'recorded_at',
  'data',
  'corrects',
] as const

const CHUNK = 500

/** One fact, or undefined. */
export async function findFact(db: Db, id: string): Promise<StoredFact | undefined> {
  const row = await db.selectFrom('facts').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return row ? parseFactRow(row) : undefined
}

/** The facts with these ids that are stored, in id order. */
export async function factsByIds(db: Db, ids: string[]): Promise<StoredFact[]> {
  const out: StoredFact[] = []
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('facts')
      .select(COLUMNS)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .orderBy('id')
      .execute()
    for (const r of rows) out.push(parseFactRow(r))
  }
  return out
}

/**
 * The other facts of a kind about the same person, or, for a fact about no one, at the same place
 * (none when it has no place either): where a corrected fact's effects fall back.
 */
export async function factsAlike(
  db: Db,
  fact: { id: string; kind: string; subjectId: string | null; placeCode: string | null },
): Promise<StoredFact[]> {
  let q = db.selectFrom('facts').select(COLUMNS).where('kind', '=', fact.kind).where('id', '!=', fact.id)
  q = fact.subjectId ? q.where('subject_id', '=', fact.subjectId) : q.where('place_code', '=', fact.placeCode)
  return (await q.execute()).map(parseFactRow)
}

/** The facts of some kinds at one place (but `exceptId`): where an event's facts are found. */
export async function factsOfKindsAt(
  db: Db,
  kinds: string[],
  placeCode: string | null,
  exceptId: string,
): Promise<StoredFact[]> {
  if (!placeCode || !kinds.length) return []
  const rows = await db
    .selectFrom('facts')
    .select(COLUMNS)
    .where('place_code', '=', placeCode)
    .where('kind', 'in', kinds)
    .where('id', '!=', exceptId)
    .execute()
  return rows.map(parseFactRow)
}

/**
 * The facts of some kinds whose data contains `text` (more than asked, at worst: the caller reads
 * the data): the facts naming one event, wherever they were made. Reads the facts of those kinds
 * one by one, so for rare operations only (an event's kind, topic or sector changed).
 */
export async function factsOfKindsMentioning(db: Db, kinds: string[], text: string): Promise<StoredFact[]> {
  if (!kinds.length || !text) return []
  const rows = await db
    .selectFrom('facts')
    .select(COLUMNS)
    .where('kind', 'in', kinds)
    .where('data', 'like', `%${text}%`)
    .orderBy('id')
    .execute()
  return rows.map(parseFactRow)
}

/** How many facts are stored. */
export async function countFacts(db: Db): Promise<number> {
  const r = await db
    .selectFrom('facts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The next page of facts in id order after `afterId` ('' for the first), for reading them all. */
export async function factsAfter(db: Db, afterId: string, limit: number): Promise<StoredFact[]> {
  const rows = await db
    .selectFrom('facts')
    .select(COLUMNS)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
  return rows.map(parseFactRow)
}

/** The current value of each named counter that exists (per-origin sequence numbers), by name. */
export async function counterValues(db: Db, names: string[]): Promise<Map<string, number>> {
  if (!names.length) return new Map()
  const rows = await db.selectFrom('counters').select(['name', 'value']).where('name', 'in', names).execute()
  return new Map(rows.map((r) => [r.name, Number(r.value)]))
}
