/**
 * The translation studio: drafts per paragraph (latest save wins), one record per lesson and
 * language (its review state and what was last approved), recordings, comments and glossaries.
 */
export type StudioTables = {
  /** The latest draft of one segment (title, a paragraph, a quiz text) of a lesson in a language. */
  studio_segments: {
    id: string
    origin_node: string
    hlc: string
    course_slug: string
    lesson_key: string
    lang: string
    segment: string
    /** The Vietnamese text the translator saw, so a later change shows as a diff. */
    source_text: string
    text: string
    author_id: string
    /** When the translator typed it (the fact's occurred_at): the latest wins, then the fact id. */
    saved_at: string
    fact_id: string
  }
  /** One per lesson and language: the review state and the approved version learners see. */
  studio_translations: {
    id: string
    origin_node: string
    hlc: string
    course_slug: string
    lesson_key: string
    lang: string
    /** 'draft' (changes waiting for review) or 'approved' (nothing new since the last approval). */
    status: string
    audio_id: string | null
    approved_by: string | null
    approved_at: string | null
    approved_lesson_id: string | null
    /** JSON: { title, body, questions, sources } as approved. */
    approved: string | null
    approved_audio_id: string | null
    updated_at: string
  }
  studio_audio: {
    id: string
    origin_node: string
    course_slug: string
    lesson_key: string
    lang: string
    /** Path relative to <data dir>/studio-audio. */
    file: string
    mime: string
    bytes: number
    duration_ms: number
    uploaded_by: string
    created_at: string
  }
  studio_comments: {
    id: string
    origin_node: string
    course_slug: string
    lesson_key: string
    lang: string
    segment: string
    author_id: string
    body: string
    created_at: string
  }
  studio_glossary: {
    id: string
    origin_node: string
    hlc: string
    lang: string
    term: string
    translation: string
    note: string
    updated_at: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends StudioTables {}
}
