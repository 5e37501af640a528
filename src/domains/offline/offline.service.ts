import { createHash } from 'node:crypto'
import type { Ctx } from '../../core/context.ts'
import { type Locale, t } from '../../core/i18n.ts'
import { allAssets, assetUrl } from '../../web/assets.ts'
import { courseDetail } from '../learning/catalogue.service.ts'
import { type ContentLang, hasTaiViet, SOURCE_LANG } from '../learning/learning.types.ts'
import { lessonPage } from '../learning/lesson.service.ts'
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
    .filter((a) => /\.(css|js|svg)$/.test(a.path) && a.path !== 'sw.js' && !a.path.startsWith('manifest/'))
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
): Promise<CourseManifest> {
  const detail = await courseDetail(ctx, user, slug, lang)
  const base = `/courses/${slug}`
  const pages: string[] = [base]
  const media = new Set<string>()
  let htmlBytes = 0
  let taiViet = hasTaiViet(detail.course.title.text)
  const langs: ContentLang[] = lang === SOURCE_LANG ? [lang] : [lang, SOURCE_LANG]
  for (const item of detail.lessons) {
    for (const l of langs) {
      const suffix = l === lang ? '' : `?lang=${l}`
      const p = await lessonPage(ctx, user, slug, item.key, l)
      pages.push(`${base}/${item.key}${suffix}`)
      if (item.hasQuiz) pages.push(`${base}/${item.key}/quiz${suffix}`)
      for (const m of mediaOf(p.text.body_html, p.text.audio_url)) media.add(m)
      htmlBytes += p.text.body_html.length * (item.hasQuiz ? 2 : 1)
      taiViet ||= hasTaiViet(p.text.title, p.text.body_html)
    }
  }
  const files: CourseFile[] = [...pages, ...media].map((url) => ({ url }))
  if (taiViet)
    files.push({ url: assetUrl('taiviet.css') }, { url: assetUrl('fonts/NotoSansTaiViet-Regular.ttf') })
  const version = createHash('sha256')
    .update(JSON.stringify({ lessons: detail.lessons.map((l) => l.id), files }))
    .digest('hex')
    .slice(0, 16)
  // Pages travel compressed (about a third of their text) around a ~3 KB layout; media as is.
  const bytes = Math.round(htmlBytes / 3 + pages.length * 3000 + media.size * 4000)
  return { course: slug, lang, title: detail.course.title.text, url: base, version, files, bytes }
}
