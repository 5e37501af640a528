import { type Kysely, type Migration, sql } from 'kysely'
import { contentUuid } from '../../core/ids.ts'

/**
 * Lesson versions take ids made from what they are (course, lesson, content hash) instead of
 * random ones, so a learning fact recorded on a hub names the same lesson on the province
 * (decision 0041). Existing versions are re-keyed with every table that holds their id; the facts
 * already recorded keep the old id (they are never rewritten) and find their lesson through
 * `lesson_aliases`.
 */
export const lessonIdsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('lesson_aliases')
      .addColumn('old_id', 'text', (c) => c.primaryKey())
      .addColumn('lesson_id', 'text', (c) => c.notNull())
      .execute()
    const { rows } = await sql<{ id: string; course_slug: string; lesson_key: string; hash: string }>`
      select id, course_slug, lesson_key, hash from lessons`.execute(db)
    for (const r of rows) {
      const id = contentUuid('lesson', r.course_slug, r.lesson_key, r.hash)
      if (id === r.id) continue
      await sql`insert into lesson_aliases (old_id, lesson_id) values (${r.id}, ${id})`.execute(db)
      await sql`update lessons set id = ${id} where id = ${r.id}`.execute(db)
      for (const t of ['lesson_texts', 'lesson_quizzes', 'learning_progress', 'learning_events'])
        await sql`update ${sql.table(t)} set lesson_id = ${id} where lesson_id = ${r.id}`.execute(db)
      await sql`update studio_translations set approved_lesson_id = ${id} where approved_lesson_id = ${r.id}`.execute(
        db,
      )
    }
  },
}
