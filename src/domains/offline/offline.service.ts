import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Ctx } from '../../core/context.ts'
import { type Locale, type MessageKey, t } from '../../core/i18n.ts'
import { allAssets, assetUrl } from '../../web/assets.ts'
import { courseDetail } from '../learning/catalogue.service.ts'
import {
  type ContentLang,
  hasTaiViet,
  type Question,
  quizPictures,
  quizPictureUrl,
  SOURCE_LANG,
} from '../learning/learning.types.ts'
import { lessonPage, quizPage } from '../learning/lesson.service.ts'
import { mediaFile } from '../learning/media.service.ts'
import { courseVoices } from '../learning/studio.bridge.ts'
import type { CurrentUser } from '../people/people.types.ts'

/** Pages every installed app keeps, so that even a first offline moment shows something useful. */
export const SHELL_PAGES = ['/offline', '/downloads'] as const

/**
 * The app shell the service worker precaches: the hashed styles, scripts and icons every page
 * uses. Fonts and pictures of courses are left to course downloads (a learner who never reads
 * Tai Dam does not pay for its font); sw.js itself is served from the root, never from /static.
 */
export function shellAssets(): string[] {
  return allAssets()
    .filter(
      (a) =>
        /\.(css|js|svg)$/.test(a.path) &&
        a.path !== 'sw.js' &&
        !a.path.startsWith('manifest/') &&
        // Fetched when used (the QR decoder), never installed with the shell.
        !a.path.startsWith('vendor/'),
    )
    .map((a) => a.url)
    .sort()
}

let cachedWorker: { body: string; version: string } | null = null

/**
 * The service worker script: sw.js preceded by its configuration. The version hashes the shell
 * list and the worker's own code, so any change of an asset or of the worker makes the browser
 * install the new worker, and nothing else does.
 */
export function serviceWorkerScript(): { body: string; version: string } {
  if (cachedWorker) return cachedWorker
  const sw = allAssets().find((a) => a.path === 'sw.js')
  if (!sw) throw new Error('src/web/static/sw.js is missing')
  const shell = shellAssets()
  const version = createHash('sha256')
    .update(JSON.stringify({ shell, sw: sw.hash, pages: SHELL_PAGES }))
    .digest('hex')
    .slice(0, 12)
  const conf = { version, shell, pages: SHELL_PAGES, outbox: assetUrl('outbox.js'), offline: '/offline' }
  const body = `self.HOCSO_SW = ${JSON.stringify(conf)};\n${sw.body.toString('utf8')}`
  cachedWorker = { body, version }
  return cachedWorker
}

/** The web app manifest (installable app): Vietnamese by default, in the asked language otherwise. */
export function webManifest(locale: Locale) {
  return {
    id: '/',
    name: t(locale, 'offline.app.name'),
    short_name: 'hocso',
    description: t(locale, 'offline.app.description'),
    lang: locale,
    dir: 'ltr',
    start_url: '/?source=app',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f6f7f9',
    theme_color: '#0b6e4f',
    categories: ['education'],
    icons: [
      { src: assetUrl('manifest/icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: assetUrl('manifest/icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      {
        src: assetUrl('manifest/icon-maskable-512.png'),
        sizes: '512x512',
        type: 'image/png',
        purpose: 'maskable',
      },
      { src: assetUrl('icon.svg'), sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  }
}

/** One file of a course download; `bytes` when known before fetching it. */
export type CourseFile = { url: string; bytes?: number }

/** What a phone must cache to follow a course with no network. */
export type CourseManifest = {
  course: string
  lang: ContentLang
  title: string
  /** The course page, where the learner starts offline. */
  url: string
  /** Changes whenever a lesson, a URL or the list changes: a downloaded copy then offers an update. */
  version: string
  files: CourseFile[]
  /** An estimate of the whole download, compressed as it will travel, to show before downloading. */
  bytes: number
}

const SRC_RE = /\bsrc="([^"]+)"/g

/** Local media (pictures, audio) a rendered lesson points at. */
function mediaOf(html: string, audio: string | null): string[] {
  const out = [...html.matchAll(SRC_RE)]
    .map((m) => m[1]!.replaceAll('&amp;', '&'))
    .filter((u) => u.startsWith('/'))
  if (audio?.startsWith('/')) out.push(audio)
  return out
}

/** Where the answer key of a course's quizzes is served (a page path, so the worker caches it). */
export function quizKeyUrl(slug: string, lang: ContentLang): string {
  return `/offline/courses/${slug}/quizzes?lang=${lang}`
}

/** The size of a /media/<slug>/<path> file, or null when it does not exist. */
async function mediaSize(ctx: Ctx, url: string): Promise<number | null> {
  const m = /^\/media\/([^/]+)\/([^?]+)/.exec(url)
  if (!m) return null
  try {
    const rel = m[2]!.split('/').map(decodeURIComponent).join('/')
    return (await mediaFile(ctx, m[1]!, rel)).size
  } catch {
    return null
  }
}

/**
 * The size estimate shown before a download (measured against the bytes a phone then takes, in
 * offline.test.ts: within 10%). Pages travel gzipped: the layout around them (header, menus,
 * footer; measured on the demo courses) plus their own text, compressed here as it will be. SVG
 * pictures travel gzipped at about a third; other pictures and recordings as they are.
 */
const LAYOUT_BYTES = 1500
/** One play button of a recorded section inside a page, compressed among its like. */
const PLAYER_BYTES = 70
const gz = (text: string) => gzipSync(text).length

/** The quiz form's own markup, as the quiz page draws it, to be compressed for the estimate. */
function quizMarkup(questions: Question[]): string {
  return questions
    .map((q, n) => {
      const head = `<fieldset class="card"><legend>${n + 1}. ${q.prompt}</legend>`
      if (q.type === 'single' || q.type === 'multiple')
        return `${head}${q.choices
          .map(
            (ch) =>
              `<div class="choice-row"><label class="choice"><input type="${q.type === 'single' ? 'radio' : 'checkbox'}" name="q.${q.id}" value="${ch.id}"/><span>${ch.text}</span></label></div>`,
          )
          .join('')}</fieldset>`
      if (q.type === 'truefalse')
        return `${head}<label class="choice"><input type="radio" name="q.${q.id}" value="true"/></label><label class="choice"><input type="radio" name="q.${q.id}" value="false"/></label></fieldset>`
      // An order question: one list of every step per position.
      const options = q.steps.map((st) => `<option value="${st.id}">${st.text}</option>`).join('')
      return `${head}${q.steps.map((_, i) => `<label><span>${i + 1}</span><select name="q.${q.id}.${i + 1}"><option value=""></option>${options}</select></label>`).join('')}</fieldset>`
    })
    .join('')
}

/** The size of a picture or recording as it travels. */
const travelling = (url: string, size: number) => (/\.svg(\?|$)/i.test(url) ? Math.round(size * 0.35) : size)

/**
 * Every URL of a course for offline use, in the learner's language and in Vietnamese (the
 * fallback the lesson pages link to): the course page, each lesson and quiz page, their pictures
 * and audio, and the Tai Viet font when the course has Tai Viet text. Built from the learning
 * service, so the list follows its pages.
 */
export async function courseManifest(
  ctx: Ctx,
  user: CurrentUser | null,
  slug: string,
  lang: ContentLang,
  /** The language the learner listens in (community recordings), when they chose one. */
  listen: string | null = null,
): Promise<CourseManifest> {
  const detail = await courseDetail(ctx, user, slug, lang)
  const base = `/courses/${slug}`
  const pages: string[] = [base]
  const media = new Set<string>()
  // The course page: its layout, and the list of lessons with their titles.
  let pageBytes =
    LAYOUT_BYTES +
    gz(
      detail.course.title.text +
        detail.course.summary.text +
        detail.lessons
          .map((l) => `<li class="card"><a href="${base}/${l.key}">${l.title.text}</a></li>`)
          .join(''),
    ) +
    150 * detail.lessons.length
  let taiViet = hasTaiViet(detail.course.title.text)
  const langs: ContentLang[] = lang === SOURCE_LANG ? [lang] : [lang, SOURCE_LANG]
  for (const item of detail.lessons) {
    for (const l of langs) {
      const suffix = l === lang ? '' : `?lang=${l}`
      const p = await lessonPage(ctx, user, slug, item.key, l)
      pages.push(`${base}/${item.key}${suffix}`)
      if (item.hasQuiz) pages.push(`${base}/${item.key}/quiz${suffix}`)
      for (const m of mediaOf(p.text.body_html, p.text.audio_url)) media.add(m)
      pageBytes += LAYOUT_BYTES + gz(p.text.title + p.text.body_html)
      if (item.hasQuiz) {
        const questions = (await quizPage(ctx, user, slug, item.key, l)).questions
        pageBytes += LAYOUT_BYTES + gz(quizMarkup(questions))
        // The pictures of the quiz's prompts and choices (decision 0190), for a learner who does not read.
        for (const pic of quizPictures(questions)) media.add(quizPictureUrl(slug, pic))
      }
      taiViet ||= hasTaiViet(p.text.title, p.text.body_html)
    }
  }
  if (detail.lessons.some((l) => l.hasQuiz))
    for (const l of langs) {
      pages.push(quizKeyUrl(slug, l))
      // The answer key, exactly as it will be served (JSON, gzipped), in the interface's language.
      pageBytes += gz(JSON.stringify(await quizKey(ctx, 'vi', slug, l)))
    }
  const files: CourseFile[] = pages.map((url) => ({ url }))
  let mediaBytes = 0
  for (const url of media) {
    const size = await mediaSize(ctx, url)
    // A picture the content check would flag as missing must not make every download fail.
    if (size === null) continue
    files.push({ url, bytes: size })
    mediaBytes += travelling(url, size)
  }
  // The lesson and quiz pages fetched for the download carry the listening choice, so they show a
  // play button per recorded section (in each language the pages are fetched in); the approved
  // recordings they play come along, sized before the download.
  if (listen)
    for (const f of await courseVoices(ctx, slug, listen)) {
      files.push(f)
      mediaBytes += f.bytes
      pageBytes += PLAYER_BYTES * langs.length
    }
  if (taiViet)
    files.push({ url: assetUrl('taiviet.css') }, { url: assetUrl('fonts/NotoSansTaiViet-Regular.ttf') })
  const version = createHash('sha256')
    .update(JSON.stringify({ lessons: detail.lessons.map((l) => l.id), files }))
    .digest('hex')
    .slice(0, 16)
  const bytes = Math.round(pageBytes + mediaBytes)
  return { course: slug, lang, title: detail.course.title.text, url: base, version, files, bytes }
}

/** Texts of the quiz feedback, the learning domain's own (the offline result mirrors its result page). */
export const QUIZ_TEXT_KEYS: MessageKey[] = [
  'learning.result_title',
  'learning.passed',
  'learning.failed',
  'learning.right',
  'learning.wrong',
  'learning.your_answer_right',
  'learning.your_answer_wrong',
  'learning.missed',
  'learning.you_said',
  'learning.correct_is',
  'learning.correct_order',
  'learning.true',
  'learning.false',
  'learning.retry',
  'learning.next',
  'learning.back_to_course',
  'learning.reread',
  'learning.quiz_incomplete',
  'learning.quiz_answer_needed',
]

/** The answer key of every quiz of a course, for scoring and feedback in the browser with no network. */
export type QuizKey = {
  course: string
  lang: ContentLang
  passMark: number
  lessons: { lessonId: string; key: string; lang: ContentLang; next: string | null; questions: Question[] }[]
  texts: Record<string, string>
}

/**
 * The quizzes of a course with their answers and explanations. Scoring stays the server's job
 * (it scores every quiz_attempt again from the answers); this only lets a learner with no network
 * see at once what was right, as the result page would show it.
 */
export async function quizKey(ctx: Ctx, locale: Locale, slug: string, lang: ContentLang): Promise<QuizKey> {
  const detail = await courseDetail(ctx, null, slug, lang)
  const lessons: QuizKey['lessons'] = []
  detail.lessons.forEach((item, i) => {
    if (!item.hasQuiz) return
    const next = detail.lessons[i + 1]
    lessons.push({
      lessonId: item.id,
      key: item.key,
      lang,
      next: next ? `/courses/${slug}/${next.key}` : null,
      questions: [],
    })
  })
  for (const l of lessons) {
    const q = await quizPage(ctx, null, slug, l.key, lang)
    l.questions = q.questions
    l.lang = q.quizLang
  }
  const texts: Record<string, string> = {}
  // Placeholders ({score}, {answer}…) stay in: the browser fills them.
  for (const k of QUIZ_TEXT_KEYS) texts[k] = t(locale, k)
  return { course: slug, lang, passMark: detail.passMark, lessons, texts }
}
