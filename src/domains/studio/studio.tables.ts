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
  /** A recording of one section of a lesson in one language by a community voice (decision 0190). */
  studio_voice_clips: {
    /** Made on the phone that recorded it, so a repeated upload is recognised. */
    id: string
    origin_node: string
    course_slug: string
    lesson_key: string
    lang: string
    /** The section's key in the lesson (`title`, `p:3`, `q:q1:prompt`…), as the studio cuts it. */
    section: string
    /** The Vietnamese text of the section when it was recorded: a changed original shows as outdated. */
    source_text: string
    mime: string
    bytes: number
    duration_ms: number
    /** The bytes are in the shared blob store under `voice/<id>` (decision 0166; migration 0190-studio-voice-blobs). */
    sha256: string
    recorded_by: string
    /** When the phone recorded it (bounded by the server), and when the server received it. */
    recorded_at: string
    received_at: string
    /** 'pending' (waiting for review), 'approved' (learners hear it) or 'returned' (sent back with a reason). */
    status: string
    reviewed_by: string | null
    reviewed_at: string | null
    review_reason: string | null
  }
  /** The parts of a recording still arriving (resumable uploads); removed once it is whole. */
  studio_voice_parts: {
    clip_id: string
    offset: number
    data: Uint8Array
    total: number
    /** JSON of what the first part said: course, lesson, language, section, recorded_at. */
    meta: string
    account_id: string
    created_at: string
  }
  /** An interface string of a community language (decision 0194): one per language and catalogue key. */
  studio_ui_strings: {
    id: string
    lang: string
    /** The key of the Vietnamese catalogue (`nav.studio`). */
    key: string
    /** The latest translation, as typed or imported. */
    text: string
    /** The Vietnamese text the translator saw (the `other` form of a plural). */
    source_text: string
    /** 'pending' (waiting for review), 'returned' (sent back with a reason) or 'approved'. */
    status: string
    translated_by: string
    translated_at: string
    reviewed_by: string | null
    reviewed_at: string | null
    review_reason: string | null
    /** What was last approved and for which Vietnamese text: what people see while that text is current. */
    approved_text: string | null
    approved_source: string | null
    approved_at: string | null
    updated_at: string
  }
}

// The domain's tables join the one database type; core/schema.ts declares it and knows no domain.
declare module '../../core/schema.ts' {
  interface Database extends StudioTables {}
}
