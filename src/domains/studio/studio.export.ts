import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import YAML from 'yaml'
import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { isoNow, stamp } from '../../core/context.ts'
import { uuidv7 } from '../../core/ids.ts'
import { lessonIndex } from '../learning/studio.bridge.ts'
import { type Approved, audioBlobKey, STUDIO_LANGS } from './studio.service.ts'
import * as store from './studio.store.ts'

/**
 * `hocso content export [dir]`: the approved translations, their recordings and the glossaries,
 * written in the content/ layout (docs/content-format.md) so they can be versioned and shipped.
 * Every live course folder missing from `dir` is first copied from where it was imported, so an
 * empty folder becomes a complete content tree that `content check` accepts. Glossaries are
 * `glossary.<lang>.yaml` at the top of the tree: the course checker and importer only read folders.
 */
export type ExportReport = {
  lessons: number
  recordings: number
  terms: number
  skippedOutdated: number
  courses: string[]
}

/** Writes every approved, current translation, its recording and the glossaries into `dir`. */
export async function exportContent(
  ctx: Ctx,
  dir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ExportReport> {
  const root = resolve(dir)
  mkdirSync(root, { recursive: true })
  const courses = await lessonIndex(ctx)
  const all = (await store.allTranslations(ctx.db)).filter((t) => t.approved)
  const report: ExportReport = { lessons: 0, recordings: 0, terms: 0, skippedOutdated: 0, courses: [] }
  // Every live course goes into the tree, so the result is complete whatever was approved.
  for (const course of courses) {
    const target = join(root, course.folder)
    const from = join(course.source, course.folder)
    if (!existsSync(join(target, 'course.yaml')) && resolve(from) !== resolve(target))
      cpSync(from, target, { recursive: true })
    report.courses.push(course.folder)
  }
  let done = 0
  for (const t of all) {
    onProgress?.(done++, all.length)
    const course = courses.find((c) => c.slug === t.course_slug)
    const lesson = course?.lessons.find((l) => l.key === t.lesson_key)
    if (!course || !lesson) continue
    // Only what learners see: a translation approved for an older original is not shipped.
    if (lesson.id !== t.approved_lesson_id) {
      report.skippedOutdated++
      continue
    }
    const target = join(root, course.folder)
    const a = JSON.parse(t.approved!) as Approved
    const front: Record<string, unknown> = { title: a.title, updated: t.approved_at!.slice(0, 10) }
    if (t.approved_audio_id) {
      const rec = await store.findAudio(ctx.db, t.approved_audio_id)
      if (rec) {
        const ext = rec.file.slice(rec.file.lastIndexOf('.'))
        const rel = `audio/${t.lesson_key}.${t.lang}${ext}`
        mkdirSync(join(target, 'audio'), { recursive: true })
        const bytes = await ctx.blobs.read(audioBlobKey(rec.file))
        if (!bytes) throw new Error(`recording ${rec.id}: its bytes are missing from the media store`)
        writeFileSync(join(target, rel), bytes)
        front.audio = rel
        report.recordings++
      }
    }
    writeFileSync(
      join(target, `${t.lesson_key}.${t.lang}.md`),
      `---\n${YAML.stringify(front)}---\n\n${a.body}`,
    )
    if (a.questions)
      writeFileSync(
        join(target, `${t.lesson_key}.quiz.${t.lang}.yaml`),
        YAML.stringify({ questions: a.questions }),
      )
    report.lessons++
  }
  const terms = await store.allGlossary(ctx.db)
  for (const lang of STUDIO_LANGS) {
    const mine = terms.filter((g) => g.lang === lang)
    if (!mine.length) continue
    const entries = mine.map((g) =>
      g.note
        ? { term: g.term, translation: g.translation, note: g.note }
        : { term: g.term, translation: g.translation },
    )
    writeFileSync(join(root, `glossary.${lang}.yaml`), YAML.stringify({ terms: entries }))
    report.terms += mine.length
  }
  onProgress?.(all.length, all.length)
  return report
}

const glossaryFile = z
  .object({
    terms: z.array(
      z
        .object({
          term: z.string().trim().min(1).max(80),
          translation: z.string().trim().min(1).max(200),
          note: z.string().max(300).optional(),
        })
        .strict(),
    ),
  })
  .strict()

/** Reads `glossary.<lang>.yaml` files back (run by `content import` after the courses). */
export async function importGlossaries(
  ctx: Ctx,
  dir: string,
): Promise<{ terms: number; problems: string[] }> {
  const out = { terms: 0, problems: [] as string[] }
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir).sort()) {
    const m = /^glossary\.([a-z]+)\.yaml$/.exec(name)
    if (!m) continue
    const lang = m[1]!
    if (!(STUDIO_LANGS as readonly string[]).includes(lang)) {
      out.problems.push(`${join(dir, name)}: ${lang} is not a studio language`)
      continue
    }
    const parsed = glossaryFile.safeParse(YAML.parse(readFileSync(join(dir, name), 'utf8')))
    if (!parsed.success) {
      out.problems.push(
        `${join(dir, name)}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      )
      continue
    }
    for (const e of parsed.data.terms) {
      await store.putTerm(ctx.db, {
        id: uuidv7(),
        ...stamp(ctx),
        lang,
        term: e.term,
        translation: e.translation,
        note: e.note ?? '',
        updated_at: isoNow(ctx),
      })
      out.terms++
    }
  }
  return out
}
