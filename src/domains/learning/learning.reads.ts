import type { Db } from '../../core/db.ts'

/**
 * What other domains read of the learning catalogue: each function is one query (or one per 500
 * keys) and takes the handle to read with first (inside a transaction, the transaction itself).
 */

/** The audiences of each course whose slug is given (a course with none maps to []; unknown slugs are left out). */
export async function courseAudiences(db: Db, slugs: Iterable<string>): Promise<Map<string, string[]>> {
  const want = [...new Set(slugs)]
  const out = new Map<string, string[]>()
  for (let i = 0; i < want.length; i += 500) {
    const rows = await db
      .selectFrom('courses')
      .select(['slug', 'audiences'])
      .where('slug', 'in', want.slice(i, i + 500))
      .execute()
    for (const r of rows) out.set(r.slug, r.audiences ? r.audiences.split(',').filter(Boolean) : [])
  }
  return out
}
