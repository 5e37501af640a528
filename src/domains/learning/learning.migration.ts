import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely'

/** Courses, lesson versions, progress projections and the search index (FTS5 or tsvector). */
export const learningMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const pg = db.getExecutor().adapter instanceof PostgresAdapter
    await db.schema
      .createTable('courses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      .addColumn('folder', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('titles', 'text', (c) => c.notNull())
      .addColumn('summaries', 'text', (c) => c.notNull())
      .addColumn('audiences', 'text', (c) => c.notNull())
      .addColumn('topics', 'text', (c) => c.notNull())
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('competency', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('pass_mark', 'integer', (c) => c.notNull())
      .addColumn('minutes', 'integer', (c) => c.notNull())
      .addColumn('sequential', 'integer', (c) => c.notNull())
      .addColumn('lesson_keys', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('lessons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin_node', 'text', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('current', 'integer', (c) => c.notNull())
      .addColumn('has_quiz', 'integer', (c) => c.notNull())
      .addColumn('minutes', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('lessons_version', ['course_slug', 'lesson_key', 'version'])
      .execute()
    await db.schema.createIndex('lessons_current').on('lessons').columns(['course_slug', 'current']).execute()
    await db.schema
      .createTable('lesson_texts')
      .addColumn('lesson_id', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('updated', 'text', (c) => c.notNull())
      .addColumn('minutes', 'integer')
      .addColumn('audio_url', 'text')
      .addColumn('body_html', 'text', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('lesson_texts_pk', ['lesson_id', 'lang'])
      .execute()
    await db.schema
      .createTable('lesson_quizzes')
      .addColumn('lesson_id', 'text', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('questions', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('lesson_quizzes_pk', ['lesson_id', 'lang'])
      .execute()
    await db.schema
      .createTable('learning_progress')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text', (c) => c.notNull())
      .addColumn('lesson_id', 'text', (c) => c.notNull())
      .addColumn('first_opened_at', 'text')
      .addColumn('last_opened_at', 'text')
      .addColumn('completed_at', 'text')
      .addColumn('quiz_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('quiz_best_score', 'integer')
      .addColumn('quiz_passed_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('learning_progress_pk', ['account_id', 'course_slug', 'lesson_key'])
      .execute()
    await db.schema
      .createTable('course_progress')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('last_lesson_key', 'text')
      .addColumn('last_activity_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .addColumn('completion_fact_id', 'text')
      .addPrimaryKeyConstraint('course_progress_pk', ['account_id', 'course_slug'])
      .execute()
    await db.schema
      .createIndex('course_progress_recent')
      .on('course_progress')
      .columns(['account_id', 'last_activity_at'])
      .execute()
    await db.schema
      .createTable('learning_events')
      .addColumn('fact_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('place_code', 'text')
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text')
      .addColumn('lesson_id', 'text')
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('stored_at', 'text', (c) => c.notNull())
      .addColumn('score', 'integer')
      .addColumn('correct', 'integer')
      .addColumn('total', 'integer')
      .addColumn('passed', 'integer')
      .addColumn('answers', 'text')
      .execute()
    await db.schema
      .createIndex('learning_events_stored')
      .on('learning_events')
      .columns(['stored_at', 'fact_id'])
      .execute()
    await db.schema
      .createIndex('learning_events_account')
      .on('learning_events')
      .columns(['account_id', 'stored_at'])
      .execute()
    await db.schema
      .createIndex('learning_events_place')
      .on('learning_events')
      .columns(['place_code', 'stored_at'])
      .execute()
    await db.schema
      .createTable('learning_search')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('course_slug', 'text', (c) => c.notNull())
      .addColumn('lesson_key', 'text')
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('folded_title', 'text', (c) => c.notNull())
      .addColumn('folded_body', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('learning_search_course')
      .on('learning_search')
      .column('course_slug')
      .execute()
    if (pg) {
      // The same folded text as on SQLite, split by the 'simple' configuration (no stemming: the
      // index serves five languages, and folding already did what a Vietnamese stemmer would).
      await sql`alter table learning_search add column tsv tsvector generated always as (
        setweight(to_tsvector('simple', folded_title), 'A') || setweight(to_tsvector('simple', folded_body), 'B')
      ) stored`.execute(db)
      await sql`create index learning_search_tsv on learning_search using gin (tsv)`.execute(db)
    } else {
      // FTS5 keeps its own copy of the folded text (not external content: rowids of a table
      // without an integer primary key may change on VACUUM). Triggers keep it in step.
      await sql`create virtual table learning_search_fts using fts5(
        doc_id unindexed, folded_title, folded_body, tokenize='unicode61 remove_diacritics 0'
      )`.execute(db)
      await sql`create trigger learning_search_ai after insert on learning_search begin
        insert into learning_search_fts(doc_id, folded_title, folded_body) values (new.id, new.folded_title, new.folded_body);
      end`.execute(db)
      await sql`create trigger learning_search_ad after delete on learning_search begin
        delete from learning_search_fts where doc_id = old.id;
      end`.execute(db)
    }
  },
}
