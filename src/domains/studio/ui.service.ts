import type { Ctx } from '../../core/context.ts'
import { isoNow } from '../../core/context.ts'
import { AppError, type FieldIssue, forbidden } from '../../core/errors.ts'
import {
  type Catalogue,
  COMMUNITY_LOCALES,
  type CommunityLocale,
  installOverlay,
  type Message,
  type MessageKey,
  rawMessage,
  sourceCatalogue,
} from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import { normaliseText, textMessage, textProblem } from '../../core/text.ts'
import { inTransaction } from '../../core/transaction.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { mayIn } from './studio.service.ts'
import * as store from './ui.store.ts'

/**
 * The interface translated like a lesson (decision 0194): translators of Tai Dam and Hmong give a
 * text per catalogue key, a reviewer of the language approves it or sends it back, and the approved
 * strings are installed over the Vietnamese catalogue, which stays the fallback for every other key.
 */

export const UI_LANGS = COMMUNITY_LOCALES
export type UiLang = CommunityLocale

/** A plural message is translated once: Tai Dam and Hmong, like Vietnamese, have one form. */
export const sourceText = (m: Message): string => (typeof m === 'string' ? m : m.other)

/** The `{name}` placeholders of a text, sorted, each once. */
export function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort()
}

/** The page or area a key belongs to: its first part (`studio.saved` → `studio`). */
export const groupOf = (key: string) => key.split('.')[0]!

/** Longest translation accepted: room for a longer script, never a page of text in a button. */
export const maxLength = (source: string) => Math.min(2000, Math.max(200, 4 * [...source].length))

const HTML = /<\/?[a-z!][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i

/** A problem with a translation of one key, or null: its catalogue key, params and English text. */
export function checkTranslation(
  key: string,
  source: string,
  raw: string,
): { text: string; issue: FieldIssue | null } {
  const multiline = source.includes('\n')
  const text = normaliseText(raw, multiline)
  const issue = (message: string, k: MessageKey, params?: Record<string, string | number>): FieldIssue => ({
    field: key,
    message,
    key: k,
    params,
  })
  const p = textProblem(text, { min: 1, max: maxLength(source), multiline })
  if (p) return { text, issue: issue(textMessage(p), `text.${p.problem}` as MessageKey, { n: p.n }) }
  if (HTML.test(text))
    return { text, issue: issue('must not contain HTML tags or entities', 'studio.ui.error.html') }
  const want = placeholders(source)
  const got = placeholders(text)
  const missing = want.filter((x) => !got.includes(x))
  if (missing.length) {
    const list = missing.map((x) => `{${x}}`).join(', ')
    return { text, issue: issue(`missing placeholder ${list}`, 'studio.ui.error.missing', { list }) }
  }
  const extra = got.filter((x) => !want.includes(x))
  if (extra.length) {
    const list = extra.map((x) => `{${x}}`).join(', ')
    return { text, issue: issue(`unknown placeholder ${list}`, 'studio.ui.error.extra', { list }) }
  }
  return { text, issue: null }
}

function refuse(
  code: 'validation' | 'forbidden' | 'conflict' | 'not_found',
  field: string,
  message: string,
  key: MessageKey,
  params?: Record<string, string | number>,
): AppError {
  return new AppError(code, `${field}: ${message}`, { issues: [{ field, message, key, params }] })
}

function assertLang(lang: string): asserts lang is UiLang {
  if (!(UI_LANGS as readonly string[]).includes(lang))
    throw refuse('not_found', 'lang', `${lang} is not translated in the studio`, 'studio.ui.error.lang', {
      lang,
    })
}

function assertMay(user: CurrentUser | null, action: 'content.translate' | 'content.review', lang: string) {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!mayIn(user, action, lang))
    throw forbidden(`you may not ${action === 'content.review' ? 'review' : 'translate'} in ${lang}`)
  return user
}

/** The interface languages this person translates or reviews. */
export function uiLangsOf(user: CurrentUser | null): UiLang[] {
  return UI_LANGS.filter((l) => mayIn(user, 'content.translate', l) || mayIn(user, 'content.review', l))
}

export type UiEntry = {
  key: string
  group: string
  source: string
  plural: boolean
  placeholders: string[]
  fr: string
  en: string
  /** The latest translation, its state ('none' when never translated) and the reason it was sent back. */
  text: string
  status: 'none' | 'pending' | 'returned' | 'approved'
  reason: string | null
  translatedBy: string | null
  /** An approved text for the current Vietnamese: what people see. */
  live: boolean
  /** Translated for an older Vietnamese text: shown in Vietnamese until translated again. */
  outdated: boolean
}

/** Every key of the catalogue with its translation state in a language. */
export async function entries(ctx: Ctx, lang: UiLang): Promise<UiEntry[]> {
  const rows = new Map((await store.stringsOf(ctx.db, lang)).map((r) => [r.key, r]))
  const src = sourceCatalogue()
  return Object.keys(src)
    .sort()
    .map((key) => {
      const m = src[key]!
      const source = sourceText(m)
      const r = rows.get(key)
      const other = (l: 'fr' | 'en') => {
        const x = rawMessage(l, key as MessageKey)
        return x === undefined ? '' : sourceText(x)
      }
      const live = !!r?.approved_text && r.approved_source === source
      return {
        key,
        group: groupOf(key),
        source,
        plural: typeof m !== 'string',
        placeholders: placeholders(source),
        fr: other('fr'),
        en: other('en'),
        text: r?.text ?? '',
        status: (r?.status ?? 'none') as UiEntry['status'],
        reason: r?.review_reason ?? null,
        translatedBy: r?.translated_by ?? null,
        live,
        outdated: !!r && r.source_text !== source,
      }
    })
}

export type UiCoverage = {
  lang: UiLang
  total: number
  translated: number
  inReview: number
  approved: number
  /** approved / total, 0 to 1. */
  share: number
}

/** How far each language is: keys translated, waiting for review, approved for the current Vietnamese. */
export async function uiCoverage(ctx: Ctx, langs: readonly UiLang[] = UI_LANGS): Promise<UiCoverage[]> {
  const out: UiCoverage[] = []
  for (const lang of langs) {
    const es = await entries(ctx, lang)
    const approved = es.filter((e) => e.live).length
    out.push({
      lang,
      total: es.length,
      translated: es.filter((e) => e.status !== 'none' && !e.outdated).length,
      inReview: es.filter((e) => e.status === 'pending').length,
      approved,
      share: es.length ? approved / es.length : 0,
    })
  }
  return out
}

/** The page of one group of keys in a language, for a translator or reviewer of it. */
export async function groupView(ctx: Ctx, user: CurrentUser | null, lang: string, group: string | undefined) {
  assertLang(lang)
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  if (!mayIn(user, 'content.translate', lang) && !mayIn(user, 'content.review', lang))
    throw forbidden(`you do not work in ${lang}`)
  const all = await entries(ctx, lang)
  const groups = new Map<string, { total: number; approved: number; pending: number }>()
  for (const e of all) {
    const g = groups.get(e.group) ?? { total: 0, approved: 0, pending: 0 }
    g.total++
    if (e.live) g.approved++
    if (e.status === 'pending') g.pending++
    groups.set(e.group, g)
  }
  const g = group && groups.has(group) ? group : undefined
  return {
    lang,
    group: g,
    groups: [...groups].map(([name, n]) => ({ name, ...n })),
    entries: g ? all.filter((e) => e.group === g) : [],
    mayTranslate: mayIn(user, 'content.translate', lang),
    mayReview: mayIn(user, 'content.review', lang),
    userId: user.id,
  }
}

/** One translation to store: the key, the text as typed, and (from a file) the Vietnamese it was made for. */
export type Incoming = { key: string; text: string; source?: string; line?: number }

/** Checks translations against the catalogue: the cleaned texts, or every problem (nothing is stored then). */
export function validate(items: Incoming[]): {
  ok: { key: string; text: string; source: string }[]
  issues: (FieldIssue & { line?: number })[]
} {
  const src = sourceCatalogue()
  const ok: { key: string; text: string; source: string }[] = []
  const issues: (FieldIssue & { line?: number })[] = []
  for (const it of items) {
    const m = src[it.key]
    if (m === undefined) {
      issues.push({
        field: it.key,
        message: 'no such key in the interface',
        key: 'studio.ui.error.unknown_key',
        line: it.line,
      })
      continue
    }
    const source = sourceText(m)
    if (it.source !== undefined && it.source !== source) {
      issues.push({
        field: it.key,
        message: 'the Vietnamese text changed since this file was made; export the file again',
        key: 'studio.ui.error.source_changed',
        line: it.line,
      })
      continue
    }
    const { text, issue } = checkTranslation(it.key, source, it.text)
    if (issue) issues.push({ ...issue, line: it.line })
    else ok.push({ key: it.key, text, source })
  }
  return { ok, issues }
}

/**
 * Stores translations for review, all or none: any problem refuses every one of them with an issue
 * naming the key. A text equal to the one already there is left as it is. Returns how many changed.
 */
export async function saveTranslations(
  ctx: Ctx,
  user: CurrentUser | null,
  lang: string,
  items: Incoming[],
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  assertLang(lang)
  const me = assertMay(user, 'content.translate', lang)
  const { ok, issues } = validate(items)
  if (issues.length)
    throw new AppError(
      'validation',
      issues.map((i) => `${i.line ? `line ${i.line}: ` : ''}${i.field}: ${i.message}`).join('; '),
      { issues },
    )
  const now = isoNow(ctx)
  let changed = 0
  await inTransaction(ctx, async (tx) => {
    const rows = new Map((await store.stringsOf(tx.db, lang)).map((r) => [r.key, r]))
    for (const [i, it] of ok.entries()) {
      const old = rows.get(it.key)
      onProgress?.(i + 1, ok.length)
      if (old && old.text === it.text && old.source_text === it.source && old.status !== 'returned') continue
      await store.putString(tx.db, {
        id: old?.id ?? uuidv7(),
        lang,
        key: it.key,
        text: it.text,
        source_text: it.source,
        status: 'pending',
        translated_by: me.id,
        translated_at: now,
        reviewed_by: null,
        reviewed_at: null,
        review_reason: null,
        approved_text: old?.approved_text ?? null,
        approved_source: old?.approved_source ?? null,
        approved_at: old?.approved_at ?? null,
        updated_at: now,
      })
      changed++
    }
  })
  return changed
}

/** Approves a string (people see it at once) or sends it back with a reason the translator reads. */
export async function reviewString(
  ctx: Ctx,
  user: CurrentUser | null,
  lang: string,
  key: string,
  decision: string,
  reason: string,
): Promise<void> {
  assertLang(lang)
  const me = assertMay(user, 'content.review', lang)
  const row = await store.findString(ctx.db, lang, key)
  if (!row)
    throw refuse('not_found', 'key', `${key} has no translation in ${lang}`, 'studio.ui.error.unknown_key')
  if (row.translated_by === me.id)
    throw refuse('forbidden', 'decision', 'you cannot review your own translation', 'studio.ui.error.own')
  if (decision !== 'approve' && decision !== 'return')
    throw refuse('validation', 'decision', 'must be approve or return', 'studio.ui.error.decision')
  const why = normaliseText(reason, true)
  if (decision === 'return' && !why)
    throw refuse('validation', 'reason', 'required when sending back', 'studio.ui.error.reason')
  const p = textProblem(why, { min: 0, max: 500, multiline: true })
  if (p) throw refuse('validation', 'reason', textMessage(p), `text.${p.problem}` as MessageKey, { n: p.n })
  if (row.status !== 'pending')
    throw refuse('conflict', 'decision', 'this translation was already reviewed', 'studio.ui.error.reviewed')
  const now = isoNow(ctx)
  await store.setReview(ctx.db, row.id, {
    status: decision === 'approve' ? 'approved' : 'returned',
    reviewed_by: me.id,
    reviewed_at: now,
    review_reason: decision === 'return' ? why : null,
    updated_at: now,
    ...(decision === 'approve'
      ? { approved_text: row.text, approved_source: row.source_text, approved_at: now }
      : {}),
  })
  if (decision === 'approve') await loadOverlay(ctx)
}

let installed: string | null = null
let checkedAt = 0
/** How often a process asks the database whether another process approved a string. */
export const OVERLAY_CHECK_MS = 5_000

/** Reads every approved string and installs them over the Vietnamese catalogue (this process). */
export async function loadOverlay(ctx: Ctx): Promise<void> {
  const stamp = await store.approvedStamp(ctx.db)
  const rows = await store.approvedStrings(ctx.db)
  const src = sourceCatalogue()
  const by: Record<UiLang, Catalogue> = { blt: {}, hnj: {} }
  for (const r of rows) {
    const m = src[r.key]
    const lang = r.lang as UiLang
    // Approved for an older Vietnamese text: Vietnamese until it is translated again.
    if (!by[lang] || m === undefined || sourceText(m) !== r.approved_source || !r.approved_text) continue
    by[lang][r.key] = typeof m === 'string' ? r.approved_text : { other: r.approved_text }
  }
  for (const l of UI_LANGS) installOverlay(l, by[l])
  installed = stamp
  checkedAt = Date.now()
}

/**
 * Keeps the overlay current in a process that did not approve: at most every OVERLAY_CHECK_MS, one
 * small query says whether the approved strings changed, and they are re-read only then.
 */
export async function refreshOverlay(ctx: Ctx, force = false): Promise<void> {
  if (!force && installed !== null && Date.now() - checkedAt < OVERLAY_CHECK_MS) return
  checkedAt = Date.now()
  const stamp = await store.approvedStamp(ctx.db)
  if (stamp !== installed) await loadOverlay(ctx)
}
