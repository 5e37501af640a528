import { createHash } from 'node:crypto'
import type { Ctx } from '../../core/context.ts'
import { isoNow } from '../../core/context.ts'
import { readDateTime } from '../../core/dates.ts'
import { AppError, type ErrorCode, forbidden, notFound } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { isUuid } from '../../core/ids.ts'
import { bumpPublicStamp } from '../../core/public-stamp.ts'
import { inTransaction } from '../../core/transaction.ts'
import {
  courseSources,
  type LessonSource,
  lessonIndex,
  lessonSource,
  renderForLearners,
} from '../learning/studio.bridge.ts'
import type { CurrentUser, RoleGrant } from '../people/people.types.ts'
import { type Action, grantsFor } from '../people/policy.ts'
import { audioInfo } from './studio.audio-check.ts'
import { segmentsOf } from './studio.segments.ts'
import { voiceBlobKey } from './voice.migration.ts'
import * as store from './voice.store.ts'

/**
 * Community voices (decision 0190): people who speak a language record a lesson section by
 * section on their phone, offline if need be; a reviewer of the language approves or sends back
 * with a reason; learners hear only what was approved. Nobody types Thai or Hmong here: the
 * Vietnamese text is shown, and the voice says it in the person's own language.
 */

/** Languages a lesson can be heard in: Vietnamese, Hmong and Tai Dam. */
export const VOICE_LANGS = ['vi', 'hnj', 'blt'] as const
export type VoiceLang = (typeof VOICE_LANGS)[number]
export const isVoiceLang = (s: unknown): s is VoiceLang => VOICE_LANGS.includes(s as VoiceLang)

/** Longest recording of one section: a paragraph is said in well under a minute. */
export const MAX_CLIP_MS = 3 * 60 * 1000
/** Largest recording of one section (3 minutes of Opus at 24 kbit/s is ~540 kB; WAV is bigger). */
export const MAX_CLIP_BYTES = 6 * 1024 * 1024
/** Largest part of a resumable upload: under any sane request limit, a few seconds on 2G. */
export const MAX_PART_BYTES = 256 * 1024
/** A recording shorter than this is a slip of the finger, not a section read aloud. */
export const MIN_CLIP_MS = 500
/** How far in the past a phone may date a recording (it may have waited offline), and the future. */
const PAST_WINDOW_MS = 90 * 24 * 3600 * 1000
const FUTURE_SKEW_MS = 5 * 60 * 1000

/** A refusal that names the field, with the catalogue key that says it in the person's language. */
function refuse(
  code: ErrorCode,
  field: string,
  message: string,
  key: MessageKey,
  params?: Record<string, string | number>,
): AppError {
  return new AppError(code, `${field}: ${message}`, { issues: [{ field, message, key, params }] })
}

/**
 * A grant covers a language when it names it; a content editor's grant without languages covers
 * them all; any other grant without languages covers none (a voice says which language they speak).
 */
function covers(g: RoleGrant, lang: string): boolean {
  return g.languages.length ? g.languages.includes(lang) : g.role === 'content_editor'
}

function mayFor(user: CurrentUser | null, action: Action, lang: string): boolean {
  return grantsFor(user, action).some((g) => covers(g, lang))
}

/** May this person record in this language? */
export const mayRecord = (user: CurrentUser | null, lang: string) => mayFor(user, 'content.voice', lang)
/** May this person approve or send back recordings in this language? */
export const mayReview = (user: CurrentUser | null, lang: string) =>
  mayFor(user, 'content.voice.review', lang)
/** The languages this person records in, and reviews in. */
export const recordLangs = (user: CurrentUser | null) => VOICE_LANGS.filter((l) => mayRecord(user, l))
export const reviewLangs = (user: CurrentUser | null) => VOICE_LANGS.filter((l) => mayReview(user, l))

function assertRecord(user: CurrentUser | null, lang: string): asserts user is CurrentUser {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!isVoiceLang(lang))
    throw refuse('validation', 'lang', 'is not a language lessons are recorded in', 'voice.error.lang')
  if (!mayRecord(user, lang))
    throw refuse('forbidden', 'lang', `you may not record in ${lang}`, 'voice.error.not_granted', { lang })
}

/** The sections of a lesson as the voice sees them: the Vietnamese text to say, and its key. */
export type Section = { key: string; kind: 'title' | 'paragraph' | 'quiz'; text: string; html: string | null }

async function sectionsOf(
  ctx: Ctx,
  slug: string,
  key: string,
): Promise<{ title: string; sections: Section[] }> {
  return sectionsFrom(await lessonSource(ctx, slug, key))
}

function sectionsFrom(src: LessonSource): { title: string; sections: Section[] } {
  const sections = segmentsOf(src.title, src.body, src.questions).map((s) => ({
    key: s.key,
    kind: s.kind,
    text: s.source,
    // What the voice reads: a paragraph as learners see it (headings, bold, pictures), never raw Markdown.
    html:
      s.kind === 'paragraph'
        ? renderForLearners(src.courseSlug, src.courseDir, s.source, src.lessonId)
        : null,
  }))
  return { title: src.title, sections }
}

/** The text of each section of each current lesson of a course (one reading of its folder). */
async function courseSectionTexts(ctx: Ctx, slug: string): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>()
  for (const src of await courseSources(ctx, slug))
    out.set(
      src.lessonKey,
      new Map(segmentsOf(src.title, src.body, src.questions).map((s) => [s.key, s.source])),
    )
  return out
}

/** The latest clip of each section (newest first in `clips`). */
function latestBySection(clips: store.ClipMeta[]): Map<string, store.ClipMeta> {
  const out = new Map<string, store.ClipMeta>()
  for (const c of clips) if (!out.has(c.section)) out.set(c.section, c)
  return out
}

/** The recording page of a lesson: each section with its latest take and its state. */
export async function recordingView(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  key: string,
  lang: string,
) {
  assertRecord(user, lang)
  const { title, sections } = await sectionsOf(ctx, slug, key)
  const latest = latestBySection(await store.clipsOfLesson(ctx.db, slug, key, lang))
  return {
    slug,
    key,
    lang,
    title,
    sections: sections.map((s) => {
      const c = latest.get(s.key)
      return {
        ...s,
        clip: c
          ? {
              id: c.id,
              status: c.status,
              reason: c.review_reason,
              durationMs: c.duration_ms,
              bytes: c.bytes,
              outdated: c.source_text !== s.text,
            }
          : null,
      }
    }),
  }
}

/** What the first part of an upload says about the recording. */
export type UploadMeta = { course: string; lesson: string; lang: string; section: string; recordedAt: string }

const slugRe = /^[a-z0-9-]{1,80}$/
const sectionRe = /^(title|p:\d{1,4}|q:[a-z0-9_-]{1,40}(:[a-z0-9_:-]{1,80})?)$/i

function checkMeta(ctx: Ctx, m: Partial<UploadMeta>): UploadMeta {
  for (const f of ['course', 'lesson'] as const)
    if (typeof m[f] !== 'string' || !slugRe.test(m[f]!))
      throw refuse('validation', f, 'must be a course or lesson name', 'voice.error.field', { field: f })
  if (typeof m.section !== 'string' || !sectionRe.test(m.section))
    throw refuse('validation', 'section', 'must be a section of the lesson', 'voice.error.section')
  if (typeof m.lang !== 'string' || !isVoiceLang(m.lang))
    throw refuse('validation', 'lang', 'is not a language lessons are recorded in', 'voice.error.lang')
  // Read strictly (core/dates.ts): Date.parse would take 30 February for 2 March.
  const read = typeof m.recordedAt === 'string' ? readDateTime(m.recordedAt) : null
  const at = read && 'iso' in read ? Date.parse(read.iso) : Number.NaN
  const now = Date.parse(isoNow(ctx))
  if (!Number.isFinite(at))
    throw refuse('validation', 'recorded_at', 'must be a date and time', 'voice.error.recorded_at')
  if (at > now + FUTURE_SKEW_MS || at < now - PAST_WINDOW_MS)
    throw refuse(
      'validation',
      'recorded_at',
      'is outside the accepted window',
      'voice.error.recorded_at_window',
    )
  return {
    course: m.course!,
    lesson: m.lesson!,
    lang: m.lang,
    section: m.section,
    recordedAt: new Date(at).toISOString(),
  }
}

/** Parses `bytes start-end/total` (the part being sent and the whole recording's size). */
export function parseContentRange(h: string | undefined): { start: number; end: number; total: number } {
  const m = /^bytes (\d{1,9})-(\d{1,9})\/(\d{1,9})$/.exec(h ?? '')
  if (!m) throw refuse('validation', 'content-range', 'must be "bytes start-end/total"', 'voice.error.range')
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (end < start || end >= total)
    throw refuse('validation', 'content-range', 'does not fit inside the recording', 'voice.error.range')
  return { start, end, total }
}

export type UploadState = { id: string; received: number; total: number | null; status: 'partial' | 'stored' }

/**
 * Receives one part of a recording (resumable, exactly once). The phone names the recording with
 * an id it made when recording; sending a part again is harmless, and once the last part arrives
 * the recording is checked and stored whole, or refused whole with the reason.
 */
export async function receivePart(
  ctx: Ctx,
  user: CurrentUser | null,
  id: string,
  rawMeta: Partial<UploadMeta>,
  range: { start: number; end: number; total: number },
  bytes: Uint8Array,
): Promise<UploadState> {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!isUuid(id))
    throw refuse('validation', 'id', 'must be the id the phone gave the recording', 'voice.error.id')
  const meta = checkMeta(ctx, rawMeta)
  assertRecord(user, meta.lang)
  if (bytes.length !== range.end - range.start + 1)
    throw refuse(
      'validation',
      'content-range',
      'does not match the size of the part sent',
      'voice.error.range',
    )
  if (bytes.length > MAX_PART_BYTES)
    throw refuse('payload_too_large', 'audio', 'part is too large', 'voice.error.part_size', {
      kb: MAX_PART_BYTES / 1024,
    })
  if (range.total > MAX_CLIP_BYTES)
    throw refuse('payload_too_large', 'audio', 'is too large', 'voice.error.size', {
      mb: MAX_CLIP_BYTES / 1024 / 1024,
    })

  const existing = await store.findClip(ctx.db, id)
  if (existing) {
    if (existing.recorded_by !== user.id) throw forbidden('this recording belongs to someone else')
    return { id, received: existing.bytes, total: existing.bytes, status: 'stored' }
  }
  const sections = (await sectionsOf(ctx, meta.course, meta.lesson)).sections
  const section = sections.find((s) => s.key === meta.section)
  if (!section)
    throw refuse('validation', 'section', 'is not a section of this lesson', 'voice.error.section')

  const now = isoNow(ctx)
  // A recording refused when its last part arrives is refused whole: its parts go too, so
  // nothing of it stays, and the phone is told why.
  let refusal: AppError | undefined
  const state = await inTransaction(ctx, async (tx) => {
    const parts = await store.partsOf(tx.db, id)
    if (parts.length && (parts[0]!.account_id !== user.id || parts[0]!.total !== range.total))
      throw refuse('conflict', 'id', 'another recording is being sent under this id', 'voice.error.id_taken')
    let received = 0
    for (const p of parts) if (p.offset === received) received += new Uint8Array(p.data).length
    if (range.start > received)
      // A gap: the phone must send what is missing first.
      return { id, received, total: range.total, status: 'partial' as const }
    if (range.end >= received) {
      const fresh = bytes.subarray(received - range.start)
      await store.insertPart(tx.db, {
        clip_id: id,
        offset: received,
        data: fresh,
        total: range.total,
        meta: JSON.stringify(meta),
        account_id: user.id,
        created_at: now,
      })
      received += fresh.length
    }
    if (received < range.total) return { id, received, total: range.total, status: 'partial' as const }

    const whole = new Uint8Array(range.total)
    for (const p of await store.partsOf(tx.db, id)) whole.set(new Uint8Array(p.data), p.offset)
    await store.deleteParts(tx.db, id)
    let info: { mime: string; durationMs: number }
    try {
      info = checkRecording(whole)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      refusal = err
      return { id, received: 0, total: range.total, status: 'partial' as const }
    }
    await store.insertClip(tx.db, {
      id,
      origin_node: tx.nodeId,
      course_slug: meta.course,
      lesson_key: meta.lesson,
      lang: meta.lang,
      section: meta.section,
      source_text: section.text,
      mime: info.mime,
      bytes: whole.length,
      duration_ms: info.durationMs,
      sha256: createHash('sha256').update(whole).digest('hex'),
      recorded_by: user.id,
      recorded_at: meta.recordedAt,
      received_at: now,
      status: 'pending',
      reviewed_by: null,
      reviewed_at: null,
      review_reason: null,
    })
    // The bytes go to the shared blob store in the same transaction: never a row without its sound.
    await tx.blobs.put(voiceBlobKey(id), whole, info.mime, now)
    return { id, received, total: range.total, status: 'stored' as const }
  })
  if (refusal) throw refusal
  return state
}

/** How much of a recording the server holds (the phone resumes from there). */
export async function uploadState(ctx: Ctx, user: CurrentUser | null, id: string): Promise<UploadState> {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!isUuid(id)) throw notFound(`recording ${id}`)
  const clip = await store.findClip(ctx.db, id)
  if (clip) {
    if (clip.recorded_by !== user.id) throw notFound(`recording ${id}`)
    return { id, received: clip.bytes, total: clip.bytes, status: 'stored' }
  }
  const parts = (await store.partsOf(ctx.db, id)).filter((p) => p.account_id === user.id)
  let received = 0
  for (const p of parts) if (p.offset === received) received += new Uint8Array(p.data).length
  return { id, received, total: parts[0]?.total ?? null, status: 'partial' }
}

/**
 * A whole recording, checked by content: a container we play (WebM, Ogg, MP4, WAV), a readable
 * length between half a second and the section limit, and not silence.
 */
export function checkRecording(b: Uint8Array): { mime: string; durationMs: number } {
  const info = audioInfo(b)
  if (!info) throw refuse('validation', 'audio', 'is not a recording', 'voice.error.not_audio')
  const ms = info.durationMs
  if (ms === null)
    throw refuse('validation', 'audio', 'its length could not be read', 'voice.error.length_unknown')
  if (ms > MAX_CLIP_MS)
    throw refuse('validation', 'audio', 'is too long', 'voice.error.too_long', {
      seconds: Math.round(ms / 1000),
      max: MAX_CLIP_MS / 1000,
    })
  if (ms < MIN_CLIP_MS) throw refuse('validation', 'audio', 'is too short', 'voice.error.too_short')
  if (isSilent(b, info.kind.ext, ms)) throw refuse('validation', 'audio', 'is silent', 'voice.error.silent')
  return { mime: info.kind.mime, durationMs: ms }
}

/**
 * Silence, without decoding: in PCM WAV the loudest sample stays under 1% of full scale; a
 * compressed recording (Opus, AAC) of silence shrinks far below any speech, so fewer than 1,000
 * bytes per second of it is read as silence (speech at the recorder's 24 kbit/s is ~3,000 B/s).
 */
export function isSilent(b: Uint8Array, ext: string, ms: number): boolean {
  if (ext === 'wav') {
    const peak = wavPeak(b)
    return peak !== null && peak < 0.01
  }
  return (b.length * 1000) / ms < 1000
}

/** The loudest sample of an 8- or 16-bit PCM WAV file as a fraction of full scale, or null for other encodings. */
function wavPeak(b: Uint8Array): number | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  let at = 12
  let bits = 0
  while (at + 8 <= b.length) {
    const id = String.fromCharCode(...b.subarray(at, at + 4))
    const size = dv.getUint32(at + 4, true)
    if (id === 'fmt ' && dv.getUint16(at + 8, true) === 1) bits = dv.getUint16(at + 22, true)
    if (id === 'data') {
      const end = Math.min(at + 8 + size, b.length)
      let peak = 0
      if (bits === 8) for (let i = at + 8; i < end; i++) peak = Math.max(peak, Math.abs(b[i]! - 128) / 128)
      else if (bits === 16)
        for (let i = at + 8; i + 1 < end; i += 2)
          peak = Math.max(peak, Math.abs(dv.getInt16(i, true)) / 32768)
      else return null
      return peak
    }
    at += 8 + size + (size % 2)
  }
  return null
}

/** Recordings waiting for this person's review (in the languages they review; never their own). */
export async function reviewQueue(ctx: Ctx, user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const langs = reviewLangs(user)
  if (!langs.length) throw forbidden('you do not review recordings in any language')
  const pending = await store.clipsByStatus(ctx.db, 'pending', langs)
  return { langs, clips: pending.map((c) => ({ ...c, own: c.recorded_by === user.id })) }
}

/** Approves a recording (learners hear it) or sends it back with a reason the voice will read. */
export async function reviewClip(
  ctx: Ctx,
  user: CurrentUser | null,
  id: string,
  decision: string,
  reason: string,
): Promise<store.ClipMeta> {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const clip = isUuid(id) ? await store.findClip(ctx.db, id) : undefined
  if (!clip) throw notFound(`recording ${id}`)
  if (!mayReview(user, clip.lang))
    throw refuse(
      'forbidden',
      'lang',
      `you may not review recordings in ${clip.lang}`,
      'voice.error.not_reviewer',
      {
        lang: clip.lang,
      },
    )
  if (clip.recorded_by === user.id)
    throw refuse('forbidden', 'decision', 'you cannot review your own recording', 'voice.error.own')
  if (decision !== 'approve' && decision !== 'return')
    throw refuse('validation', 'decision', 'must be approve or return', 'voice.error.decision')
  const why = reason.normalize('NFC').trim()
  if (decision === 'return' && !why)
    throw refuse('validation', 'reason', 'required when sending back', 'voice.error.reason_required')
  if (why.length > 500 || /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(why.replace(/\n/g, '')))
    throw refuse(
      'validation',
      'reason',
      'must be plain text of at most 500 characters',
      'voice.error.reason_text',
    )
  if (clip.status !== 'pending')
    throw refuse('conflict', 'decision', 'this recording was already reviewed', 'voice.error.reviewed')
  const set = {
    status: decision === 'approve' ? 'approved' : 'returned',
    reviewed_by: user.id,
    reviewed_at: isoNow(ctx),
    review_reason: decision === 'return' ? why : null,
  }
  await inTransaction(ctx, async (tx) => {
    await store.setReview(tx.db, id, set)
    // An approved recording is on the lesson page at once, signed out too (decision 0195).
    if (set.status === 'approved') await bumpPublicStamp(tx.db)
  })
  return { ...clip, ...set }
}

/**
 * Where a recording's bytes are (its blob key) and their size. Approved ones are public (learners hear them, offline too); any other is
 * heard only by its voice and the reviewers of its language (404 to anyone else, as if unknown).
 */
export async function clipForListening(ctx: Ctx, user: CurrentUser | null, id: string) {
  const clip = isUuid(id) ? await store.findClip(ctx.db, id) : undefined
  if (!clip) throw notFound(`recording ${id}`)
  const open = clip.status === 'approved'
  if (!open && !(user && (user.id === clip.recorded_by || mayReview(user, clip.lang))))
    throw notFound(`recording ${id}`)
  const key = voiceBlobKey(id)
  const info = await ctx.blobs.info(key)
  if (!info) throw notFound(`recording ${id}`)
  return { clip, key, size: info.size, public: open }
}

/** The person's recordings, newest first, with what reviewers said. */
export async function myRecordings(ctx: Ctx, user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  return store.clipsBy(ctx.db, user.id)
}

/**
 * What a learner hears with a lesson in a language: the approved take of each section whose
 * Vietnamese text is still the one that was read (a changed section falls silent until recorded again).
 */
export async function listenSections(ctx: Ctx, slug: string, key: string, lang: string) {
  if (!isVoiceLang(lang)) return new Map<string, store.ClipMeta>()
  // Most lessons have no approved take in most languages: then the lesson's text is not needed.
  const ofLesson = (await store.approvedOfCourse(ctx.db, slug, lang)).filter((c) => c.lesson_key === key)
  if (!ofLesson.length) return new Map<string, store.ClipMeta>()
  const current = new Map((await sectionsOf(ctx, slug, key)).sections.map((s) => [s.key, s.text]))
  return latestBySection(ofLesson.filter((c) => current.get(c.section) === c.source_text))
}

/** The approved take of each section of a lesson, as learners get it. */
async function sectionVoices(ctx: Ctx, slug: string, key: string, lang: string) {
  const out = new Map<string, { url: string; durationMs: number; bytes: number }>()
  for (const [section, c] of await listenSections(ctx, slug, key, lang))
    out.set(section, { url: `/voice/clips/${c.id}`, durationMs: c.duration_ms, bytes: c.bytes })
  return out
}

/** The approved recordings of a course in a language, for a download: url and size. */
export async function courseVoiceFiles(ctx: Ctx, slug: string, lang: string) {
  if (!isVoiceLang(lang)) return []
  const latest = new Map<string, store.ClipMeta>()
  for (const c of await store.approvedOfCourse(ctx.db, slug, lang)) {
    const k = `${c.lesson_key}\u0000${c.section}`
    if (!latest.has(k)) latest.set(k, c)
  }
  return [...latest.values()].map((c) => ({ url: `/voice/clips/${c.id}`, bytes: c.bytes }))
}

export type CoverageLine = {
  courseSlug: string
  courseTitle: string
  lang: VoiceLang
  sections: number
  recorded: number
  inReview: number
  approved: number
  lessonsWithAudio: number
  lessons: number
}

/**
 * Lessons whose every section has an approved take of its current Vietnamese text in `lang`:
 * a learner who listens in that language hears the whole lesson.
 */
function lessonsHeard(
  texts: Map<string, Map<string, string>>,
  approved: { lesson_key: string; section: string; source_text: string }[],
): number {
  let n = 0
  for (const [key, sections] of texts) {
    if (!sections.size) continue
    const ok = new Set(
      approved
        .filter((c) => c.lesson_key === key && sections.get(c.section) === c.source_text)
        .map((c) => c.section),
    )
    if (ok.size >= sections.size) n++
  }
  return n
}

/**
 * Per course and language: sections in all, recorded (any take), waiting for review, approved;
 * and lessons whose every section has approved audio of its current text.
 */
export async function coverage(ctx: Ctx): Promise<CoverageLine[]> {
  const idx = await lessonIndex(ctx)
  const states = await store.allClipStates(ctx.db)
  const out: CoverageLine[] = []
  for (const course of idx) {
    const texts = await courseSectionTexts(ctx, course.slug)
    const total = [...texts.values()].reduce((a, m) => a + m.size, 0)
    for (const lang of VOICE_LANGS) {
      const mine = states.filter((s) => s.course_slug === course.slug && s.lang === lang)
      const distinct = (pred: (s: (typeof mine)[number]) => boolean) =>
        new Set(mine.filter(pred).map((s) => `${s.lesson_key}\u0000${s.section}`)).size
      out.push({
        courseSlug: course.slug,
        courseTitle: course.title,
        lang,
        sections: total,
        recorded: distinct(() => true),
        inReview: distinct((s) => s.status === 'pending'),
        approved: distinct((s) => s.status === 'approved'),
        lessonsWithAudio: lessonsHeard(
          texts,
          mine.filter((s) => s.status === 'approved'),
        ),
        lessons: texts.size,
      })
    }
  }
  return out
}

/** Lessons with audio: how many lessons there are, and how many are heard whole in each language. */
export type LessonsWithAudio = { lessons: number; byLang: Record<VoiceLang, number>; anyLang: number }

/**
 * The read function the campaign's indicator "lessons with audio in the learner's language" uses
 * (it never queries the voice tables): current lessons, and those whose every section has an
 * approved take of its current text, per language and in at least one language. Only courses
 * with an approved take are read from their folders, so it stays cheap while few are recorded.
 */
export async function lessonsWithAudio(ctx: Ctx): Promise<LessonsWithAudio> {
  const idx = await lessonIndex(ctx)
  const approved = await store.approvedStates(ctx.db)
  const byLang = Object.fromEntries(VOICE_LANGS.map((g) => [g, 0])) as Record<VoiceLang, number>
  let lessons = 0
  let anyLang = 0
  for (const course of idx) {
    lessons += course.lessons.length
    const mine = approved.filter((c) => c.course_slug === course.slug)
    if (!mine.length) continue
    const texts = await courseSectionTexts(ctx, course.slug)
    const heardIn = new Set<string>()
    for (const lang of VOICE_LANGS) {
      const ofLang = mine.filter((c) => c.lang === lang)
      byLang[lang] += lessonsHeard(texts, ofLang)
      for (const key of texts.keys())
        if (lessonsHeard(new Map([[key, texts.get(key)!]]), ofLang)) heardIn.add(key)
    }
    anyLang += heardIn.size
  }
  return { lessons, byLang, anyLang }
}

/** Lessons a voice can record, by course, with how many sections each has recorded in a language. */
export async function voiceIndex(ctx: Ctx, user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const langs = recordLangs(user)
  if (!langs.length && !reviewLangs(user).length) throw forbidden('you do not record in any language')
  const idx = await lessonIndex(ctx)
  return { langs, reviews: reviewLangs(user), courses: idx }
}

/** What learning asks of the studio for listening (registered by the studio's module). */
/** The voice languages in which a lesson has approved recordings: one query for every language. */
async function lessonVoiceLangs(ctx: Ctx, slug: string, key: string): Promise<string[]> {
  return (await store.approvedLangsOfLesson(ctx.db, slug, key)).filter(isVoiceLang)
}

export const voiceProvider = {
  sections: sectionVoices,
  languages: lessonVoiceLangs,
  courseFiles: courseVoiceFiles,
  coverage,
}
