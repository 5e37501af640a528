import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, posix, resolve } from 'node:path'
import type { Insertable } from 'kysely'
import { linkProblem } from '../../core/confined.ts'
import type { Ctx } from '../../core/context.ts'
import { isoNow, stamp } from '../../core/context.ts'
import { contentUuid, uuidv7 } from '../../core/ids.ts'
import { bumpPublicStamp } from '../../core/public-stamp.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import * as store from './catalogue.store.ts'
import { checkCourseFolder, type ParsedCourse, type ParsedLesson, type Problem } from './content.check.ts'
import { type Picture, pictureSize, plainText, renderLesson } from './content.markdown.ts'
import type { LearningTables } from './learning.tables.ts'
import { CONTENT_LANGS } from './learning.types.ts'
import { fold } from './search.fold.ts'
import { replaceCourseDocs } from './search.store.ts'

/**
 * `hocso content import` and the start-up import. A course folder whose files hash the same as
 * last time is skipped without being parsed, so a start with nothing changed costs one read of
 * the files. A changed lesson becomes a new version; the old one stays, with the progress and
 * quiz attempts that point at it.
 */
export type ImportReport = {
  imported: string[]
  unchanged: string[]
  /** Course folders not imported because of blocking problems (the last good import stays). */
  skipped: string[]
  retired: string[]
  newVersions: number
  problems: Problem[]
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

/**
 * Every file of a course folder. Symbolic links are read only when they name a file inside the
 * folder; the others (a folder, a file elsewhere) are reported by the check and never read here.
 */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      const rel = posix.join(prefix, e.name)
      if (e.isDirectory()) return listFiles(dir, rel)
      if (e.isFile()) return [rel]
      return e.isSymbolicLink() && linkProblem(dir, join(dir, rel)) === 'file' ? [rel] : []
    })
    .sort()
}

/** SHA-256 over every file (path and content) of a course folder. */
export function folderHash(dir: string): string {
  const h = createHash('sha256')
  for (const f of listFiles(dir)) h.update(`${f}\0${sha(readFileSync(join(dir, f)))}\n`)
  return h.digest('hex')
}

/** The served URL of a file of a course (hashed, so it can be cached for a year), with its size for a picture. */
function mediaUrl(slug: string, dir: string, rel: string): Picture | null {
  const clean = posix.normalize(rel.replaceAll('\\', '/'))
  const file = join(dir, clean)
  if (!existsSync(file)) return null
  const body = readFileSync(file)
  const v = sha(body).slice(0, 10)
  return {
    url: `/media/${slug}/${clean.split('/').map(encodeURIComponent).join('/')}?v=${v}`,
    ...pictureSize(body, clean),
  }
}

/** Imports every course folder under `root`. */
export async function importContent(
  ctx: Ctx,
  root: string,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  const source = resolve(root)
  if (!existsSync(source)) throw new Error(`${root}: no such content folder`)
  const report: ImportReport = {
    imported: [],
    unchanged: [],
    skipped: [],
    retired: [],
    newVersions: 0,
    problems: [],
  }
  const known = new Map((await store.coursesFromSource(ctx.db, source)).map((c) => [c.folder, c]))
  const folders = readdirSync(source, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
  let done = 0
  for (const folder of folders) {
    const hash = folderHash(join(source, folder))
    const before = known.get(folder)
    if (before && before.content_hash === hash && !before.retired) report.unchanged.push(folder)
    else {
      const { course, problems } = checkCourseFolder(root, folder)
      report.problems.push(...problems)
      const clash = course && (await store.findCourse(ctx.db, course.meta.slug))
      if (clash && clash.source === source && clash.folder !== folder && folders.includes(clash.folder)) {
        report.problems.push({
          file: join(root, folder, 'course.yaml'),
          line: 1,
          message: `slug: ${course!.meta.slug} is already used by ${clash.folder}`,
          blocking: true,
        })
        report.skipped.push(folder)
      } else if (!course || course.blocked) report.skipped.push(folder)
      else {
        report.newVersions += await inTransaction(ctx, async (tx) => {
          const n = await importCourse(tx, course, source, hash)
          await bumpPublicStamp(tx.db)
          return n
        })
        report.imported.push(folder)
      }
    }
    opts.onProgress?.(++done, folders.length)
  }
  const gone = [...known.values()].filter((c) => !c.retired && !folders.includes(c.folder)).map((c) => c.slug)
  if (gone.length) {
    await inTransaction(ctx, async (tx) => {
      await store.retireCourses(tx.db, gone)
      for (const slug of gone) await replaceCourseDocs(tx.db, slug, [])
      await bumpPublicStamp(tx.db)
    })
    report.retired = gone
  }
  return report
}

async function importCourse(tx: TxCtx, c: ParsedCourse, source: string, hash: string): Promise<number> {
  const m = c.meta
  const slug = m.slug
  const existing = await store.findCourse(tx.db, slug)
  const langs = new Set(c.lessons.flatMap((l) => [...l.texts.keys()]))
  const frame = (xs: Iterable<string>) => `,${[...xs].join(',')},`
  await store.upsertCourse(tx.db, {
    id: existing?.id ?? uuidv7(),
    ...stamp(tx),
    slug,
    folder: c.folder,
    source,
    position: c.order,
    titles: JSON.stringify(m.title),
    summaries: JSON.stringify(m.summary),
    audiences: frame(m.audiences),
    topics: frame(m.topics),
    languages: frame(CONTENT_LANGS.filter((l) => langs.has(l))),
    competency: m.competency,
    level: m.level,
    pass_mark: m.pass_mark,
    minutes: m.minutes,
    sequential: m.sequential ? 1 : 0,
    lesson_keys: JSON.stringify(m.lessons),
    content_hash: hash,
    retired: 0,
    imported_at: isoNow(tx),
  })
  const versions = await store.lessonVersions(tx.db, slug)
  let added = 0
  const docs: Insertable<LearningTables['learning_search']>[] = []
  for (const lang of Object.keys(m.title) as (keyof typeof m.title)[]) {
    const title = m.title[lang]!
    const body = m.summary[lang] ?? ''
    docs.push(doc(`course:${slug}:${lang}`, 'course', slug, null, lang, title, body))
  }
  const keep = new Set<string>()
  for (const lesson of c.lessons) {
    const lhash = lessonHash(c.dir, lesson)
    const mine = versions.filter((v) => v.lesson_key === lesson.key)
    const same = mine.find((v) => v.hash === lhash)
    let id: string
    if (same) {
      id = same.id
      if (!same.current || same.position !== lesson.position)
        await store.setLessonState(tx.db, id, { position: lesson.position, current: 1, hlc: tx.clock.now() })
    } else {
      id = lessonVersionId(slug, lesson.key, lhash)
      await insertVersion(tx, c, lesson, id, lhash, Math.max(0, ...mine.map((v) => v.version)) + 1)
      added++
    }
    keep.add(id)
    for (const t of lesson.texts.values()) {
      docs.push(
        doc(
          `lesson:${slug}:${lesson.key}:${t.lang}`,
          'lesson',
          slug,
          lesson.key,
          t.lang,
          t.front.title,
          plainText(t.body),
        ),
      )
    }
  }
  for (const v of versions) {
    if (v.current && !keep.has(v.id))
      await store.setLessonState(tx.db, v.id, { current: 0, hlc: tx.clock.now() })
  }
  await replaceCourseDocs(tx.db, slug, docs)
  return added
}

/**
 * A lesson version's id, from what it is: the same course, lesson and content give the same id on
 * the province and on every hub, so learning facts made anywhere name the same lesson
 * (decision 0041).
 */
export function lessonVersionId(slug: string, key: string, hash: string): string {
  return contentUuid('lesson', slug, key, hash)
}

function doc(
  id: string,
  kind: string,
  slug: string,
  key: string | null,
  lang: string,
  title: string,
  body: string,
): Insertable<LearningTables['learning_search']> {
  const b = body.normalize('NFC')
  const t = title.normalize('NFC')
  return {
    id,
    kind,
    course_slug: slug,
    lesson_key: key,
    lang,
    title: t,
    body: b,
    folded_title: fold(t),
    folded_body: fold(b),
  }
}

/** Hash of everything a learner sees of one lesson: its texts, quizzes, pictures and recordings. */
function lessonHash(dir: string, l: ParsedLesson): string {
  const files = new Set<string>()
  for (const t of l.texts.values()) {
    files.add(t.file)
    for (const img of t.images) files.add(posix.normalize(img.src))
    if (t.front.audio) files.add(posix.normalize(t.front.audio))
  }
  for (const q of l.quizzes.values()) files.add(q.file)
  const h = createHash('sha256')
  for (const f of [...files].sort()) h.update(`${f}\0${sha(readFileSync(join(dir, f)))}\n`)
  return h.digest('hex')
}

async function insertVersion(
  tx: TxCtx,
  c: ParsedCourse,
  l: ParsedLesson,
  id: string,
  hash: string,
  version: number,
): Promise<void> {
  const slug = c.meta.slug
  const vi = l.texts.get('vi')!
  await store.insertLesson(
    tx.db,
    {
      id,
      ...stamp(tx),
      course_slug: slug,
      lesson_key: l.key,
      version,
      position: l.position,
      hash,
      current: 1,
      has_quiz: l.quizzes.has('vi') ? 1 : 0,
      minutes: vi.front.minutes ?? null,
      created_at: isoNow(tx),
    },
    [...l.texts.values()].map((t) => ({
      lesson_id: id,
      lang: t.lang,
      title: t.front.title,
      updated: t.front.updated,
      minutes: t.front.minutes ?? null,
      audio_url: t.front.audio ? (mediaUrl(slug, c.dir, t.front.audio)?.url ?? null) : null,
      body_html: renderLesson(t.body, (src) => mediaUrl(slug, c.dir, src)),
      file: t.file,
    })),
    [...l.quizzes.values()].map((q) => ({
      lesson_id: id,
      lang: q.lang,
      questions: JSON.stringify(q.quiz.questions),
    })),
  )
}
