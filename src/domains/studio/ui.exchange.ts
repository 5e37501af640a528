import type { Ctx } from '../../core/context.ts'
import { isoNow } from '../../core/context.ts'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { parsePo, writePo } from './ui.po.ts'
import { entries, saveTranslations, UI_LANGS, type UiLang } from './ui.service.ts'

/** A problem of an imported file, at its line. */
export type LineIssue = FieldIssue & { line?: number }

/** The interface strings of a language as a PO file, for a translator working offline. */
export async function exportPo(
  ctx: Ctx,
  lang: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ text: string; count: number; translated: number }> {
  if (!(UI_LANGS as readonly string[]).includes(lang))
    throw new AppError('not_found', `lang: ${lang} is not translated in the studio`, {
      issues: [{ field: 'lang', message: 'unknown', key: 'studio.ui.error.lang', params: { lang } }],
    })
  const all = await entries(ctx, lang as UiLang)
  const out = all.map((e, i) => {
    onProgress?.(i + 1, all.length)
    const notes = [`fr: ${e.fr}`, `en: ${e.en}`]
    if (e.placeholders.length) notes.push(`placeholders: ${e.placeholders.map((p) => `{${p}}`).join(' ')}`)
    if (e.plural) notes.push('plural: one form serves every number')
    return { key: e.key, source: e.source, text: e.text, notes, fuzzy: e.outdated && e.text !== '' }
  })
  return {
    text: writePo(lang, out, isoNow(ctx)),
    count: out.length,
    translated: out.filter((e) => e.text && !e.fuzzy).length,
  }
}

/**
 * Reads a translator's PO file back: every entry is checked (form, language, key, Vietnamese text,
 * placeholders, HTML, length) before anything is stored, and one bad line refuses the whole file
 * with every problem and its line. Fuzzy entries (marked for rework) are left out. The strings go
 * to review, as typed ones do.
 */
export async function importPo(
  ctx: Ctx,
  user: CurrentUser | null,
  lang: string,
  text: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ changed: number; read: number; fuzzy: number }> {
  const po = parsePo(text)
  const issues: LineIssue[] = po.errors.map((e) => ({
    field: 'file',
    message: e.message,
    key: 'studio.ui.error.syntax',
    params: { problem: e.message },
    line: e.line,
  }))
  if (po.language !== null && po.language !== lang)
    issues.push({
      field: 'Language',
      message: `the file is for ${po.language}, not ${lang}`,
      key: 'studio.ui.error.file_lang',
      params: { file: po.language, lang },
      line: 1,
    })
  if (issues.length) throw refused(issues)
  const kept = po.entries.filter((e) => !e.fuzzy)
  try {
    const changed = await saveTranslations(
      ctx,
      user,
      lang,
      kept.map((e) => ({ key: e.key, text: e.text, source: e.source, line: e.line })),
      onProgress,
    )
    return { changed, read: kept.length, fuzzy: po.entries.length - kept.length }
  } catch (e) {
    if (e instanceof AppError && e.code === 'validation') throw refused(e.issues as LineIssue[])
    throw e
  }
}

const refused = (issues: LineIssue[]) =>
  new AppError(
    'validation',
    `file: refused, nothing was stored: ${issues.map((i) => `line ${i.line ?? '?'}: ${i.field}: ${i.message}`).join('; ')}`,
    { issues },
  )
