import type { Insertable } from 'kysely'
import { sql } from 'kysely'
import type { Db, Dialect } from '../../core/db.ts'
import type { LearningTables } from './learning.tables.ts'

/** Replaces the search documents of a course (on SQLite, triggers keep FTS5 in step). */
export async function replaceCourseDocs(
  db: Db,
  slug: string,
  docs: Insertable<LearningTables['learning_search']>[],
): Promise<void> {
  await db.deleteFrom('learning_search').where('course_slug', '=', slug).execute()
  for (let i = 0; i < docs.length; i += 50)
    await db
      .insertInto('learning_search')
      .values(docs.slice(i, i + 50))
      .execute()
}

export type SearchHit = {
  id: string
  kind: string
  course_slug: string
  lesson_key: string | null
  lang: string
  title: string
  body: string
  rank: number
}

/**
 * Ranked matches for folded words, each as a prefix ("dang" matches "dang", "dangky"...):
 * FTS5 with bm25 (title weighs 10, text 1) on SQLite; tsvector with ts_rank (title weight A)
 * on PostgreSQL. Words are letters and digits only, so no query syntax can reach the engine.
 */
export async function searchDocs(
  db: Db,
  dialect: Dialect,
  terms: string[],
  limit: number,
): Promise<SearchHit[]> {
  if (!terms.length) return []
  if (dialect === 'postgres') {
    const tsq = terms.map((t) => `${t}:*`).join(' & ')
    const r = await sql<SearchHit>`
      select s.id, s.kind, s.course_slug, s.lesson_key, s.lang, s.title, s.body,
             ts_rank(s.tsv, to_tsquery('simple', ${tsq})) as rank
      from learning_search s join courses c on c.slug = s.course_slug and c.retired = 0
      where s.tsv @@ to_tsquery('simple', ${tsq})
      order by rank desc, s.id limit ${limit}`.execute(db)
    return r.rows
  }
  const match = terms.map((t) => `"${t}"*`).join(' ')
  const r = await sql<SearchHit>`
    select s.id, s.kind, s.course_slug, s.lesson_key, s.lang, s.title, s.body,
           -bm25(learning_search_fts, 0.0, 10.0, 1.0) as rank
    from learning_search_fts f
    join learning_search s on s.id = f.doc_id
    join courses c on c.slug = s.course_slug and c.retired = 0
    where learning_search_fts match ${match}
    order by rank desc, s.id limit ${limit}`.execute(db)
  return r.rows
}
