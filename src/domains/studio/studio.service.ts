import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { isoNow, stamp } from '../../core/context.ts'
import { AppError, forbidden, notFound, validationError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { freeText } from '../../core/text.ts'
import { inTransaction } from '../../core/transaction.ts'
import { defineFactKind, recordFact } from '../facts/facts.service.ts'
import { CONTENT_LANGS, type ContentLang, SOURCE_LANG } from '../learning/learning.types.ts'
import {
  lessonIndex,
  lessonSource,
  type ProgressLine,
  publishTranslation,
  renderForLearners,
} from '../learning/studio.bridge.ts'
import { displayNames } from '../people/people.service.ts'
import type { CurrentUser, RoleGrant } from '../people/people.types.ts'
import { type Action, can, PROVINCE } from '../people/policy.ts'
import { audioInfo } from './studio.audio-check.ts'
import { wordDiff } from './studio.diff.ts'
import { assemble, segmentsOf } from './studio.segments.ts'
import * as store from './studio.store.ts'

/** Languages translated in the studio: every content language but the Vietnamese original. */
export const STUDIO_LANGS = CONTENT_LANGS.filter((l) => l !== SOURCE_LANG)
export type StudioLang = (typeof STUDIO_LANGS)[number]
/** Largest recording accepted (also bounded by HOCSO_MAX_BODY_BYTES, the limit of any request). */
export const MAX_AUDIO_BYTES = 8 * 1024 * 1024
/** Longest recording accepted: a lesson is read in a few minutes. */
export const MAX_AUDIO_MS = 20 * 60 * 1000

/**
 * Where recordings were kept before they moved into the blob store (decision 0166): the data
 * directory's `studio-audio` folder. Read only by the start-up copy and by erasure (old copies).
 */
export const audioDir = (ctx: Ctx) => join(ctx.config.dataDir, 'studio-audio')

/** A recording's key in the blob store. */
export const audioBlobKey = (file: string) => `studio/${file}`

/** The bytes limit in force: ours, or the request limit when that is lower. */
export function audioLimit(ctx: Ctx): number {
  return Math.min(MAX_AUDIO_BYTES, ctx.config.maxBodyBytes - 16 * 1024)
}

/**
 * A grant covers a language when it names it; a content editor's grant without languages covers
 * them all (editors review every language), a translator's without languages covers none.
 */
function grantCovers(g: RoleGrant, lang: string): boolean {
  return g.languages.length ? g.languages.includes(lang) : g.role === 'content_editor'
}

/** May this person do `action` (translate or review) in `lang`? */
export function mayIn(user: CurrentUser | null, action: Action, lang: string): boolean {
  if (!user) return false
  return user.roles.some((g) => grantCovers(g, lang) && can({ ...user, roles: [g] }, action, PROVINCE))
}

/** Throws unless the person may translate (or review) in this language. */
function assertLang(user: CurrentUser | null, action: Action, lang: string): asserts user is CurrentUser {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!mayIn(user, action, lang))
    throw forbidden(`you may not ${action === 'content.review' ? 'review' : 'translate'} in ${lang}`)
}

/** The languages this person works in (translating or reviewing). */
export function myLangs(user: CurrentUser | null): StudioLang[] {
  return STUDIO_LANGS.filter((l) => mayIn(user, 'content.translate', l) || mayIn(user, 'content.review', l))
}

const langSchema = z.enum(STUDIO_LANGS as unknown as [StudioLang, ...StudioLang[]])
const slugish = z.string().regex(/^[a-z0-9-]{1,80}$/, 'must be a course slug or lesson id')

/** The data of a `translation_draft_saved` fact: one segment's text, as typed. */
export const draftSchema = z
  .object({
    course: slugish,
    lesson: slugish,
    lang: langSchema,
    segment: z.string().regex(/^[a-z0-9:_-]{1,120}$/i, 'must be a segment key'),
    text: freeText(0, 10_000, { multiline: true }),
    source: freeText(0, 10_000, { multiline: true }),
  })
  .strict()

export const translationDraftFact = defineFactKind({
  kind: 'translation_draft_saved',
  data: draftSchema,
  authorize: async (_ctx, user, d) => {
    assertLang(user, 'content.translate', d.lang)
    return { subjectId: null, placeCode: null }
  },
  apply: async (tx, fact) => {
    const d = fact.data
    const k = { slug: d.course, key: d.lesson, lang: d.lang }
    const old = await store.findSegment(tx.db, k, d.segment)
    // The latest typing wins, whatever order the saves arrive in (a phone offline for a day).
    if (
      old &&
      (old.saved_at > fact.occurredAt || (old.saved_at === fact.occurredAt && old.fact_id > fact.id))
    )
      return
    await store.putSegment(tx.db, {
      id: old?.id ?? uuidv7(),
      ...stamp(tx),
      course_slug: d.course,
      lesson_key: d.lesson,
      lang: d.lang,
      segment: d.segment,
      source_text: d.source,
      text: d.text,
      author_id: fact.actorId ?? '',
      saved_at: fact.occurredAt,
      fact_id: fact.id,
    })
    await touch(tx, k, {})
  },
})

type Key = { slug: string; key: string; lang: string }

/** Marks the translation as changed (a draft waiting for review), creating its record. */
async function touch(ctx: Ctx, k: Key, set: { audio_id?: string }) {
  const t = await store.findTranslation(ctx.db, k)
  if (!t)
    await store.insertTranslation(ctx.db, {
      id: uuidv7(),
      ...stamp(ctx),
      course_slug: k.slug,
      lesson_key: k.key,
      lang: k.lang,
      status: 'draft',
      audio_id: set.audio_id ?? null,
      approved_by: null,
      approved_at: null,
      approved_lesson_id: null,
      approved: null,
      approved_audio_id: null,
      updated_at: isoNow(ctx),
    })
  else
    await store.updateTranslation(ctx.db, t.id, {
      ...set,
      status: 'draft',
      hlc: ctx.clock.now(),
      updated_at: isoNow(ctx),
    })
}

/** What an approved translation holds. */
export type Approved = {
  title: string
  body: string
  questions: ReturnType<typeof assemble>['questions']
  sources: Record<string, string>
}

/** Everything the side-by-side editor shows for one lesson in one language. */

/** The comments on a lesson with their authors' names (from the people domain). */
async function commentsWithAuthors(ctx: Ctx, k: Parameters<typeof store.commentsOf>[1]) {
  const rows = await store.commentsOf(ctx.db, k)
  const names = await displayNames(
    ctx,
    rows.map((r) => r.author_id),
  )
  return rows.flatMap(({ author_id, ...r }) => {
    const author = names.get(author_id)
    return author === undefined ? [] : [{ ...r, author }]
  })
}
export async function editorView(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  key: string,
  lang: string,
) {
  const l = langSchema.safeParse(lang)
  if (!l.success) throw notFound(`language ${lang}`)
  if (!mayIn(user, 'content.review', lang)) assertLang(user, 'content.translate', lang)
  const src = await lessonSource(ctx, slug, key)
  const k = { slug, key, lang }
  const drafts = new Map((await store.segmentsOf(ctx.db, k)).map((s) => [s.segment, s]))
  const t = await store.findTranslation(ctx.db, k)
  const approved = t?.approved ? (JSON.parse(t.approved) as Approved) : null
  const segments = segmentsOf(src.title, src.body, src.questions).map((s) => {
    const d = drafts.get(s.key)
    const before = d?.source_text ?? approved?.sources[s.key]
    const outdated = before !== undefined && before !== s.source
    return {
      ...s,
      text: d?.text ?? '',
      savedAt: d?.saved_at ?? null,
      outdated,
      diff: outdated ? wordDiff(before!, s.source) : null,
    }
  })
  const audio = t?.audio_id ? await store.findAudio(ctx.db, t.audio_id) : undefined
  const text = (k2: string) => segments.find((s) => s.key === k2)?.text || ''
  const draft = assemble(src.title, src.body, src.questions, text)
  return {
    source: src,
    lang: l.data,
    segments,
    translation: t ?? null,
    approved,
    approvedCurrent: !!t?.approved_lesson_id && t.approved_lesson_id === src.lessonId,
    outdated: segments.some((s) => s.outdated),
    missing: segments.filter((s) => !s.text.trim()).map((s) => s.key),
    audio: audio ?? null,
    comments: await commentsWithAuthors(ctx, k),
    glossary: await store.glossaryOf(ctx.db, lang),
    previewHtml: renderForLearners(slug, src.courseDir, draft.body),
    previewTitle: draft.title,
    mayReview: mayIn(user, 'content.review', lang),
    mayTranslate: mayIn(user, 'content.translate', lang),
  }
}
export type EditorView = Awaited<ReturnType<typeof editorView>>

/** Saves the segments of the no-JavaScript form: one draft fact per changed segment. */
export async function saveDrafts(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  key: string,
  lang: string,
  texts: Record<string, string>,
): Promise<number> {
  assertLang(user, 'content.translate', lang)
  const v = await editorView(ctx, user, slug, key, lang)
  let n = 0
  for (const s of v.segments) {
    const text = texts[s.key]
    if (text === undefined || (text === s.text && !s.outdated)) continue
    await recordFact(ctx, user, 'translation_draft_saved', {
      course: slug,
      lesson: key,
      lang,
      segment: s.key,
      text,
      source: s.source,
    })
    n++
  }
  return n
}

/** Checks and stores a recording (or an uploaded file) as the draft audio of a lesson. */
export async function uploadAudio(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  key: string,
  lang: string,
  file: File,
) {
  assertLang(user, 'content.translate', lang)
  await lessonSource(ctx, slug, key)
  const limit = audioLimit(ctx)
  if (file.size === 0) throw validationError('audio', 'the file is empty')
  if (file.size > limit)
    throw new AppError('payload_too_large', `audio: ${mb(file.size)} is larger than the ${mb(limit)} allowed`)
  const bytes = new Uint8Array(await file.arrayBuffer())
  const info = audioInfo(bytes)
  if (!info)
    throw validationError(
      'audio',
      'is not a recording (WebM, Ogg, MP4/M4A or WAV expected; the file content was checked, not its name)',
    )
  if (info.durationMs === null)
    throw validationError('audio', 'its length could not be read; record again or save it as WAV or Ogg')
  if (info.durationMs > MAX_AUDIO_MS)
    throw validationError(
      'audio',
      `is ${minutes(info.durationMs)} long; at most ${minutes(MAX_AUDIO_MS)} allowed`,
    )
  const id = uuidv7()
  const rel = join(slug, `${key}.${lang}.${id}.${info.kind.ext}`)
  const row = {
    id,
    origin_node: ctx.nodeId,
    course_slug: slug,
    lesson_key: key,
    lang,
    file: rel,
    mime: info.kind.mime,
    bytes: bytes.length,
    duration_ms: info.durationMs,
    uploaded_by: user.id,
    created_at: isoNow(ctx),
  }
  await inTransaction(ctx, async (tx) => {
    await tx.blobs.put(audioBlobKey(rel), bytes, info.kind.mime, row.created_at)
    await store.insertAudio(tx.db, row)
    await touch(tx, { slug, key, lang }, { audio_id: id })
  })
  return row
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
const minutes = (ms: number) => `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`

/**
 * A recording to serve: its blob key, type and size. An approved recording is public (learners
 * hear it in the lesson); a draft only to those who translate or review its language, and to
 * nobody else it exists (404, as for an unknown id).
 */
export async function audioFile(ctx: Ctx, user: CurrentUser | null, id: string) {
  const a = /^[0-9a-f-]{36}$/.test(id) ? await store.findAudio(ctx.db, id) : undefined
  if (!a) throw notFound(`recording ${id}`)
  const approved = await store.isApprovedAudio(ctx.db, id)
  if (!approved && !mayIn(user, 'content.translate', a.lang) && !mayIn(user, 'content.review', a.lang))
    throw notFound(`recording ${id}`)
  const key = audioBlobKey(a.file)
  const info = await ctx.blobs.info(key)
  if (!info) throw notFound(`recording ${id} (its bytes are missing from the media store)`)
  return { key, mime: a.mime, size: info.size, approved }
}

/**
 * Start-up copy from older versions, which kept recordings as files of the data directory: every
 * recording whose bytes are not in the blob store yet is read from `studio-audio/` and stored. The
 * files stay (nothing is lost; they may be deleted once the database is backed up). A recording
 * whose file is gone is reported, not invented.
 */
export async function importAudioFiles(ctx: Ctx): Promise<{ copied: number; missing: string[] }> {
  const stored = await ctx.blobs.keys('studio/')
  const rows = (
    await ctx.db.selectFrom('studio_audio').select(['id', 'file', 'mime', 'created_at']).execute()
  ).filter((r) => !stored.has(audioBlobKey(r.file)))
  let copied = 0
  const missing: string[] = []
  for (const r of rows) {
    const path = join(audioDir(ctx), r.file)
    if (!existsSync(path)) {
      missing.push(r.id)
      continue
    }
    await ctx.blobs.put(audioBlobKey(r.file), readFileSync(path), r.mime, r.created_at)
    copied++
  }
  if (copied) ctx.log.info({ copied, dir: audioDir(ctx) }, 'studio recordings copied into the database')
  if (missing.length)
    ctx.log.warn({ missing }, 'studio recordings whose file is missing from the data directory')
  return { copied, missing }
}

/**
 * Approves the current drafts and recording: they become what learners see. Only a reviewer of
 * the language, who wrote none of it and did not record it, may approve.
 */
export async function approve(ctx: Ctx, user: CurrentUser | null, slug: string, key: string, lang: string) {
  assertLang(user, 'content.review', lang)
  const v = await editorView(ctx, user, slug, key, lang)
  const k = { slug, key, lang }
  const authors = new Set((await store.segmentsOf(ctx.db, k)).map((s) => s.author_id))
  if (v.audio) authors.add(v.audio.uploaded_by)
  if (authors.has(user.id)) throw forbidden('you cannot approve a translation or recording you made yourself')
  if (!v.translation) throw validationError('translation', 'nothing to approve yet')
  if (v.missing.length) throw validationError('translation', `not translated yet: ${v.missing.join(', ')}`)
  if (v.outdated)
    throw validationError(
      'translation',
      'the Vietnamese original changed: update the outdated paragraphs first',
    )
  const text = (s: string) => v.segments.find((x) => x.key === s)!.text
  const a = assemble(v.source.title, v.source.body, v.source.questions, text)
  const approved: Approved = { ...a, sources: Object.fromEntries(v.segments.map((s) => [s.key, s.source])) }
  const now = isoNow(ctx)
  await inTransaction(ctx, async (tx) => {
    await store.updateTranslation(tx.db, v.translation!.id, {
      status: 'approved',
      approved_by: user.id,
      approved_at: now,
      approved_lesson_id: v.source.lessonId,
      approved: JSON.stringify(approved),
      approved_audio_id: v.audio?.id ?? null,
      hlc: tx.clock.now(),
      updated_at: now,
    })
    await publishTranslation(tx.db, {
      slug,
      lessonId: v.source.lessonId,
      lang: lang as ContentLang,
      title: a.title,
      updated: now.slice(0, 10),
      bodyHtml: renderForLearners(slug, v.source.courseDir, a.body),
      audioUrl: v.audio ? `/studio/audio/${v.audio.id}` : null,
      questions: a.questions,
      file: `${key}.${lang}.md`,
    })
  })
}

/** A comment on a paragraph (translators and reviewers of the language). */
export async function addComment(
  ctx: Ctx,
  user: CurrentUser | null,
  k: Key,
  segment: string,
  body: string,
): Promise<void> {
  if (!mayIn(user, 'content.review', k.lang)) assertLang(user, 'content.translate', k.lang)
  await lessonSource(ctx, k.slug, k.key)
  await store.insertComment(ctx.db, {
    id: uuidv7(),
    origin_node: ctx.nodeId,
    course_slug: k.slug,
    lesson_key: k.key,
    lang: k.lang,
    segment,
    author_id: user!.id,
    body,
    created_at: isoNow(ctx),
  })
}

/** Adds or changes a glossary entry of a language. */
export async function saveTerm(
  ctx: Ctx,
  user: CurrentUser | null,
  lang: string,
  e: { term: string; translation: string; note?: string | undefined },
): Promise<void> {
  if (!langSchema.safeParse(lang).success) throw validationError('lang', `${lang} is not a studio language`)
  if (!mayIn(user, 'content.review', lang)) assertLang(user, 'content.translate', lang)
  await store.putTerm(ctx.db, {
    id: uuidv7(),
    ...stamp(ctx),
    lang,
    term: e.term,
    translation: e.translation,
    note: e.note ?? '',
    updated_at: isoNow(ctx),
  })
}

/** The glossary of a language. */
export function glossary(ctx: Ctx, lang: string) {
  return store.glossaryOf(ctx.db, lang)
}

/** The studio's index: every lesson with its state in each of the person's languages. */
export async function studioIndex(ctx: Ctx, user: CurrentUser | null) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const langs = myLangs(user)
  if (!langs.length) throw forbidden('the studio is for translators and content editors')
  const all = await store.allTranslations(ctx.db)
  const courses = await lessonIndex(ctx)
  return {
    langs,
    courses: courses.map((c) => ({
      ...c,
      lessons: c.lessons.map((l) => ({
        ...l,
        states: Object.fromEntries(
          langs.map((g) => {
            const t = all.find((x) => x.course_slug === c.slug && x.lesson_key === l.key && x.lang === g)
            const state = !t
              ? 'none'
              : t.approved_lesson_id && t.approved_lesson_id !== l.id
                ? 'outdated'
                : t.status
            return [g, state]
          }),
        ) as Record<string, string>,
      })),
    })),
  }
}

/** Lessons translated (every segment drafted), recorded and reviewed (approved for the current version), per language. */
export async function progress(ctx: Ctx): Promise<ProgressLine[]> {
  const courses = await lessonIndex(ctx)
  const all = await store.allTranslations(ctx.db)
  const total = courses.reduce((n, c) => n + c.lessons.length, 0)
  const segs = await ctx.db
    .selectFrom('studio_segments')
    .select(['course_slug', 'lesson_key', 'lang'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('text', '!=', '')
    .groupBy(['course_slug', 'lesson_key', 'lang'])
    .execute()
  return STUDIO_LANGS.map((lang) => {
    const mine = all.filter((t) => t.lang === lang)
    const current = (t: (typeof all)[number]) =>
      courses.some(
        (c) =>
          c.slug === t.course_slug &&
          c.lessons.some((l) => l.key === t.lesson_key && l.id === t.approved_lesson_id),
      )
    return {
      lang,
      total,
      translated: segs.filter((s) => s.lang === lang && Number(s.n) > 0).length,
      recorded: mine.filter((t) => t.audio_id).length,
      reviewed: mine.filter(current).length,
    }
  })
}
