import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join } from 'node:path'
import { linkProblem } from '../../core/confined.ts'
import { inspectMarkdown, isLocalPath, type MediaRef, splitFrontMatter } from './content.markdown.ts'
import { compareQuizzes, quizRules } from './content.quiz-check.ts'
import {
  type CourseFile,
  courseFileSchema,
  type FrontMatter,
  frontMatterSchema,
  type QuizFile,
  quizFileSchema,
} from './content.schemas.ts'
import { type ParsedYaml, parseYaml, type YamlIssue, zodIssues } from './content.yaml.ts'
import { CONTENT_LANGS, type ContentLang, isContentLang, SOURCE_LANG } from './learning.types.ts'

/**
 * `hocso content check`: every rule of docs/content-format.md, reported as `file:line: problem`.
 * A problem is *blocking* when the course cannot be imported safely (its course.yaml or a
 * Vietnamese file is wrong); a bad translation is only left out, and the last good import stays.
 */
export type Problem = { file: string; line: number; message: string; blocking: boolean }

export type LessonText = {
  lang: ContentLang
  file: string
  front: FrontMatter
  body: string
  bodyLine: number
  images: MediaRef[]
}
export type LessonQuiz = { lang: ContentLang; file: string; quiz: QuizFile }
export type ParsedLesson = {
  key: string
  position: number
  texts: Map<ContentLang, LessonText>
  quizzes: Map<ContentLang, LessonQuiz>
}
export type ParsedCourse = {
  folder: string
  dir: string
  order: number
  meta: CourseFile
  lessons: ParsedLesson[]
  /** True when a blocking problem means the course must not be imported. */
  blocked: boolean
}
export type CheckResult = { courses: ParsedCourse[]; problems: Problem[] }

const FOLDER_RE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/
const LESSON_RE = /^(\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\.([A-Za-z_-]+)\.md$/
const QUIZ_RE = /^(\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)\.quiz\.([A-Za-z_-]+)\.ya?ml$/
export const IMAGE_EXT = ['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif']
export const AUDIO_EXT = ['.mp3', '.ogg', '.opus', '.m4a', '.wav', '.webm']

/** Checks every course folder under `root` (as given, so reported paths read as the writer typed them). */
export function checkContent(root: string): CheckResult {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`${root}: no such content folder`)
  const courses: ParsedCourse[] = []
  const problems: Problem[] = []
  const slugs = new Map<string, string>()
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
  for (const folder of folders) {
    const r = checkCourseFolder(root, folder)
    problems.push(...r.problems)
    if (!r.course) continue
    const other = slugs.get(r.course.meta.slug)
    if (other) {
      problems.push({
        file: join(root, folder, 'course.yaml'),
        line: 1,
        message: `slug: ${r.course.meta.slug} is already used by ${other}`,
        blocking: true,
      })
      continue
    }
    slugs.set(r.course.meta.slug, folder)
    courses.push(r.course)
  }
  return { courses, problems }
}

type Sink = (file: string, issues: YamlIssue[], blocking: boolean) => void

/** Symbolic links of a course folder (at any depth) that are refused: see `linkProblem`. */
function refusedLinks(dir: string, prefix = ''): { rel: string; why: string; target: string }[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name
    if (e.isDirectory()) return refusedLinks(dir, rel)
    if (!e.isSymbolicLink()) return []
    const p = linkProblem(dir, join(dir, rel))
    return p && p !== 'file' ? [{ rel, ...p }] : []
  })
}

/** Checks one course folder; returns what can be imported and every problem found. */
export function checkCourseFolder(
  root: string,
  folder: string,
): { course: ParsedCourse | null; problems: Problem[] } {
  const dir = join(root, folder)
  const problems: Problem[] = []
  const add: Sink = (file, issues, blocking) => {
    for (const i of issues)
      problems.push({ file: join(dir, file), line: i.line, message: i.message, blocking })
  }
  const fm = FOLDER_RE.exec(folder)
  if (!fm) {
    add('', [{ line: 0, message: 'folder name must be NN-course-slug, e.g. 04-paying-without-cash' }], true)
    return { course: null, problems }
  }
  for (const link of refusedLinks(dir))
    add(
      link.rel,
      [{ line: 1, message: `symbolic link ${link.why} (→ ${link.target}): not imported, not served` }],
      true,
    )
  const meta = readCourseYaml(dir, add)
  if (meta && meta.slug !== fm[2]) {
    add(
      'course.yaml',
      [{ line: 1, message: `slug: ${meta.slug} must equal the folder name without "${fm[1]}-" (${fm[2]})` }],
      true,
    )
  }
  const listed = new Set(meta?.lessons ?? [])
  const lessonFiles = new Map<string, Map<ContentLang, string>>()
  const quizFiles = new Map<string, Map<ContentLang, string>>()
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const name = ent.name
    if (name.startsWith('.') || ent.isDirectory() || name === 'course.yaml') continue
    const m = LESSON_RE.exec(name) ?? QUIZ_RE.exec(name)
    if (!m) {
      if (/\.(md|ya?ml)$/.test(name))
        add(
          name,
          [
            {
              line: 1,
              message: 'unexpected file name: use NN-lesson.<lang>.md or NN-lesson.quiz.<lang>.yaml',
            },
          ],
          false,
        )
      continue
    }
    const [, key, lang] = m as unknown as [string, string, string]
    if (!isContentLang(lang)) {
      add(
        name,
        [{ line: 1, message: `unknown language code "${lang}" (use ${CONTENT_LANGS.join(', ')})` }],
        false,
      )
      continue
    }
    if (meta && !listed.has(key)) {
      add(
        name,
        [{ line: 1, message: `lesson ${key} is not listed in course.yaml lessons, so it is not imported` }],
        false,
      )
      continue
    }
    const into = name.endsWith('.md') ? lessonFiles : quizFiles
    if (!into.has(key)) into.set(key, new Map())
    into.get(key)!.set(lang, name)
  }
  if (!meta) return { course: null, problems }
  let blocked = problems.some((p) => p.blocking)
  const lessons: ParsedLesson[] = []
  meta.lessons.forEach((key, i) => {
    const files = lessonFiles.get(key) ?? new Map<ContentLang, string>()
    if (!files.has(SOURCE_LANG)) {
      const y = parseYaml(readFileSync(join(dir, 'course.yaml'), 'utf8'))
      add(
        'course.yaml',
        [
          {
            line: y.lineOf(['lessons', i]),
            message: `lesson ${key} is missing in Vietnamese (${key}.vi.md)`,
          },
        ],
        true,
      )
      blocked = true
      return
    }
    const lesson = checkLesson(dir, key, i + 1, files, quizFiles.get(key), add)
    if (!lesson) blocked = true
    else lessons.push(lesson)
  })
  return { course: { folder, dir, order: Number(fm[1]), meta, lessons, blocked }, problems }
}

function readCourseYaml(dir: string, add: Sink): CourseFile | null {
  const file = join(dir, 'course.yaml')
  if (!existsSync(file)) {
    add('course.yaml', [{ line: 0, message: 'missing: every course folder needs a course.yaml' }], true)
    return null
  }
  const y = parseYaml(readFileSync(file, 'utf8'))
  if (y.errors.length) {
    add('course.yaml', y.errors, true)
    return null
  }
  const parsed = courseFileSchema.safeParse(y.value)
  const issues: YamlIssue[] = parsed.success ? [] : zodIssues(parsed.error, y)
  const raw = (y.value ?? {}) as Record<string, unknown>
  for (const field of ['title', 'summary'] as const) {
    const map = raw[field]
    if (!map || typeof map !== 'object') continue
    for (const lang of Object.keys(map)) {
      if (!isContentLang(lang))
        issues.push({
          line: y.lineOf([field, lang]),
          message: `${field}.${lang}: unknown language code "${lang}" (use ${CONTENT_LANGS.join(', ')})`,
        })
    }
    if (!(SOURCE_LANG in map))
      issues.push({ line: y.lineOf([field]), message: `${field}.vi: required (the Vietnamese ${field})` })
  }
  if (parsed.success) {
    const dup = parsed.data.lessons.filter((l, i, all) => all.indexOf(l) !== i)
    for (const d of dup)
      issues.push({ line: y.lineOf(['lessons']), message: `lessons: ${d} is listed twice` })
  }
  add('course.yaml', issues, true)
  // Only a shape problem stops here; an unknown title language still lets the lessons be checked.
  return parsed.success ? parsed.data : null
}

function checkLesson(
  dir: string,
  key: string,
  position: number,
  files: Map<ContentLang, string>,
  quizFiles: Map<ContentLang, string> | undefined,
  add: Sink,
): ParsedLesson | null {
  const texts = new Map<ContentLang, LessonText>()
  for (const [lang, name] of files) {
    const t = checkLessonFile(dir, name, lang, add)
    if (t) texts.set(lang, t)
    else if (lang === SOURCE_LANG) return null
  }
  const vi = texts.get(SOURCE_LANG)!
  for (const [lang, t] of texts) {
    if (lang === SOURCE_LANG || t.front.updated >= vi.front.updated) continue
    const y = parseYaml(splitFrontMatter(readFileSync(join(dir, t.file), 'utf8')).yaml ?? '', 2)
    add(
      t.file,
      [
        {
          line: y.lineOf(['updated']),
          message: `older than the Vietnamese original (updated ${t.front.updated}, Vietnamese ${vi.front.updated}): the translation needs updating`,
        },
      ],
      false,
    )
  }
  const quizzes = new Map<ContentLang, LessonQuiz>()
  const viQuizName = quizFiles?.get(SOURCE_LANG)
  let viQuiz: QuizFile | null = null
  if (viQuizName) {
    viQuiz = checkQuizFile(dir, viQuizName, null, add, true)
    if (!viQuiz) return null
    quizzes.set(SOURCE_LANG, { lang: SOURCE_LANG, file: viQuizName, quiz: viQuiz })
  }
  for (const [lang, name] of quizFiles ?? []) {
    if (lang === SOURCE_LANG) continue
    if (!viQuiz) {
      add(
        name,
        [{ line: 1, message: `no Vietnamese quiz (${key}.quiz.vi.yaml) for this translation` }],
        false,
      )
      continue
    }
    if (!files.has(lang)) {
      add(name, [{ line: 1, message: `quiz in "${lang}" but no lesson ${key}.${lang}.md` }], false)
      continue
    }
    const q = checkQuizFile(dir, name, viQuiz, add, false)
    if (q) quizzes.set(lang, { lang, file: name, quiz: q })
  }
  return { key, position, texts, quizzes }
}

function checkLessonFile(dir: string, name: string, lang: ContentLang, add: Sink): LessonText | null {
  const blocking = lang === SOURCE_LANG
  const split = splitFrontMatter(readFileSync(join(dir, name), 'utf8'))
  if (split.yaml === null) {
    add(
      name,
      [{ line: 1, message: 'front matter missing: start the file with ---, title: and updated:, then ---' }],
      blocking,
    )
    return null
  }
  const y = parseYaml(split.yaml, 2)
  if (y.errors.length) {
    add(name, y.errors, blocking)
    return null
  }
  const parsed = frontMatterSchema.safeParse(y.value ?? {})
  const issues: YamlIssue[] = parsed.success ? [] : zodIssues(parsed.error, y)
  const { images, htmlLines } = inspectMarkdown(split.body)
  const at = (l: number) => l + split.bodyLine - 1
  for (const img of images) {
    const line = at(img.line)
    if (!isLocalPath(img.src))
      issues.push({
        line,
        message: `image ${img.src}: must be a file in the course folder (learners may be offline)`,
      })
    else if (!existsSync(join(dir, img.src)) || !statSync(join(dir, img.src)).isFile())
      issues.push({ line, message: `broken image link: ${img.src} (file not found)` })
    else if (!IMAGE_EXT.includes(extname(img.src).toLowerCase()))
      issues.push({ line, message: `image ${img.src}: use ${IMAGE_EXT.join(', ')}` })
    if (!img.alt.trim())
      issues.push({
        line,
        message: `image ${img.src}: describe it in the brackets ![…] for people who cannot see it`,
      })
  }
  for (const l of htmlLines)
    issues.push({ line: at(l), message: 'raw HTML is not shown to learners: use Markdown only' })
  const rawAudio = (y.value as { audio?: unknown } | null)?.audio
  const audio = typeof rawAudio === 'string' ? rawAudio : undefined
  if (audio) {
    const line = y.lineOf(['audio'])
    if (!isLocalPath(audio))
      issues.push({ line, message: `audio ${audio}: must be a file in the course folder` })
    else if (!existsSync(join(dir, audio)))
      issues.push({ line, message: `broken audio link: ${audio} (file not found)` })
    else if (!AUDIO_EXT.includes(extname(audio).toLowerCase()))
      issues.push({ line, message: `audio ${audio}: use ${AUDIO_EXT.join(', ')}` })
  }
  add(name, issues, blocking)
  if (issues.length || !parsed.success) return null
  return { lang, file: name, front: parsed.data, body: split.body, bodyLine: split.bodyLine, images }
}

function checkQuizFile(
  dir: string,
  name: string,
  vi: QuizFile | null,
  add: Sink,
  blocking: boolean,
): QuizFile | null {
  const y = parseYaml(readFileSync(join(dir, name), 'utf8'))
  if (y.errors.length) {
    add(name, y.errors, blocking)
    return null
  }
  const parsed = quizFileSchema.safeParse(y.value ?? {})
  if (!parsed.success) {
    add(name, zodIssues(parsed.error, y), blocking)
    return null
  }
  const issues = quizRules(parsed.data, y)
  if (vi) issues.push(...compareQuizzes(vi, parsed.data, y))
  issues.push(...quizPictureIssues(dir, parsed.data, y))
  add(name, issues, blocking)
  return issues.length ? null : parsed.data
}

/** A quiz's pictures are files of the course folder in a picture format, as a lesson's are. */
function quizPictureIssues(dir: string, quiz: QuizFile, y: ParsedYaml): YamlIssue[] {
  const out: YamlIssue[] = []
  const check = (src: string, path: (string | number)[]) => {
    const line = y.lineOf(path)
    if (!isLocalPath(src))
      out.push({
        line,
        message: `picture ${src}: must be a file in the course folder (learners may be offline)`,
      })
    else if (!existsSync(join(dir, src)) || !statSync(join(dir, src)).isFile())
      out.push({ line, message: `picture ${src}: file not found` })
    else if (!IMAGE_EXT.includes(extname(src).toLowerCase()))
      out.push({ line, message: `picture ${src}: use ${IMAGE_EXT.join(', ')}` })
  }
  quiz.questions.forEach((q, i) => {
    if (q.picture) check(q.picture, ['questions', i, 'picture'])
    if (q.type === 'single' || q.type === 'multiple')
      q.choices.forEach((c, j) => {
        if (c.picture) check(c.picture, ['questions', i, 'choices', j, 'picture'])
      })
  })
  return out
}

/** `file:line: problem`, sorted by file then line, as printed by the command line. */
export function formatProblems(problems: Problem[]): string[] {
  return [...problems]
    .sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1))
    .map((p) => `${p.file}:${p.line}: ${p.message}`)
}
