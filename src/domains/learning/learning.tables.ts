/**
 * Courses and lessons imported from content/, the learners' progress (projections of the learning
 * facts, so pages never scan the facts table) and the search index.
 */
export type LearningTables = {
  courses: {
    id: string
    origin_node: string
    hlc: string
    slug: string
    /** Folder name in the content directory, e.g. 04-paying-without-cash. */
    folder: string
    /** Absolute content directory it was imported from (a re-import retires what disappeared there). */
    source: string
    position: number
    /** JSON language map. */
    titles: string
    summaries: string
    /** Comma-framed lists (",citizen,official,") so a filter is one LIKE on both databases. */
    audiences: string
    topics: string
    /** Languages with at least one lesson, comma-framed. */
    languages: string
    competency: string
    level: string
    pass_mark: number
    minutes: number
    sequential: number
    /** JSON array of the lesson ids in order. */
    lesson_keys: string
    /** SHA-256 of every file of the folder: an unchanged folder is skipped at start-up. */
    content_hash: string
    retired: number
    imported_at: string
  }
  /** One row per version of a lesson; a changed lesson gets a new row and the old one stays. */
  lessons: {
    id: string
    origin_node: string
    hlc: string
    course_slug: string
    lesson_key: string
    version: number
    position: number
    hash: string
    current: number
    has_quiz: number
    minutes: number | null
    created_at: string
  }
  lesson_texts: {
    lesson_id: string
    lang: string
    title: string
    /** The `updated` date of the file (YYYY-MM-DD), for the translation status. */
    updated: string
    minutes: number | null
    audio_url: string | null
    body_html: string
    file: string
  }
  lesson_quizzes: { lesson_id: string; lang: string; questions: string }
  /** Old random ids of lesson versions (before ids were made from content), for facts that name them. */
  lesson_aliases: { old_id: string; lesson_id: string }
  /** Progress per person and lesson (any version: a new version keeps what was done). */
  learning_progress: {
    account_id: string
    course_slug: string
    lesson_key: string
    lesson_id: string
    first_opened_at: string | null
    last_opened_at: string | null
    completed_at: string | null
    quiz_attempts: number
    quiz_best_score: number | null
    quiz_passed_at: string | null
    updated_at: string
  }
  course_progress: {
    account_id: string
    course_slug: string
    last_lesson_key: string | null
    last_activity_at: string
    started_at: string
    completed_at: string | null
    completion_fact_id: string | null
  }
  /** One row per learning fact, with what the server computed (score): statements and results. */
  learning_events: {
    fact_id: string
    kind: string
    account_id: string
    place_code: string | null
    course_slug: string
    lesson_key: string | null
    lesson_id: string | null
    lang: string
    occurred_at: string
    stored_at: string
    score: number | null
    correct: number | null
    total: number | null
    passed: number | null
    answers: string | null
  }
  learning_search: {
    id: string
    kind: string
    course_slug: string
    lesson_key: string | null
    lang: string
    title: string
    body: string
    /** The folded title and text (SQLite feeds them to FTS5, PostgreSQL to a tsvector). */
    folded_title: string
    folded_body: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends LearningTables {}
}
