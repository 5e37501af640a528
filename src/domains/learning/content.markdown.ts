import { createRequire } from 'node:module'
import type { default as MarkdownIt, Token } from 'markdown-it'

/**
 * Lessons are Markdown with raw HTML disabled: a lesson can never inject markup or scripts into a
 * page, whoever wrote it. Links and images stay as Markdown gives them, except that pictures
 * point at the media route with a content hash so they can be cached for a year.
 */
type Parser = InstanceType<typeof MarkdownIt>
let parsers: { md: Parser; mdHtml: Parser } | undefined
/** markdown-it, loaded the first time a lesson is rendered or checked (a running server seldom does). */
function markdown() {
  if (!parsers) {
    const Markdown = createRequire(import.meta.url)('markdown-it') as typeof MarkdownIt
    parsers = {
      md: new Markdown({ html: false, linkify: false, typographer: false }),
      // The checker parses with HTML on, only to find the raw HTML a writer should not rely on.
      mdHtml: new Markdown({ html: true, linkify: false, typographer: false }),
    }
  }
  return parsers
}

/** A lesson file split into its front matter (YAML text) and its Markdown body. */
export type SplitLesson = { yaml: string | null; body: string; bodyLine: number }

/** Splits `---\n<yaml>\n---\n<markdown>`; `bodyLine` is the 1-based line where the body starts. */
export function splitFrontMatter(text: string): SplitLesson {
  const src = text.replace(/^\uFEFF/, '')
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(src)
  if (!m) return { yaml: null, body: src, bodyLine: 1 }
  const head = m[0]
  return { yaml: m[1]!, body: src.slice(head.length), bodyLine: head.split('\n').length }
}

/** A picture or link target found in a lesson, with its line in the file. */
export type MediaRef = { src: string; alt: string; line: number }

/** attrGet, typed as the string it always is for src and href. */
const attr = (t: Token, name: string): string => String(t.attrGet(name) ?? '')

function walk(tokens: Token[], visit: (t: Token, line: number) => void, line = 0) {
  for (const t of tokens) {
    const l = t.map ? t.map[0] : line
    visit(t, l)
    if (t.children) walk(t.children, visit, l)
  }
}

/** Problems the renderer would hide: raw HTML (not rendered) and the pictures the text uses. */
export function inspectMarkdown(body: string): { images: MediaRef[]; htmlLines: number[] } {
  const images: MediaRef[] = []
  const htmlLines: number[] = []
  walk(markdown().mdHtml.parse(body, {}), (t, line) => {
    if (t.type === 'image') {
      images.push({ src: attr(t, 'src'), alt: t.content, line: line + 1 })
    }
    if ((t.type === 'html_block' || t.type === 'html_inline') && t.content.trim()) htmlLines.push(line + 1)
  })
  return { images, htmlLines: [...new Set(htmlLines)] }
}

/** True for a relative path that stays inside the course folder. */
export function isLocalPath(src: string): boolean {
  if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('/') || src.startsWith('//')) return false
  return !src.split(/[\\/]/).includes('..')
}

/** A picture's served URL and, when its file says so, its size in CSS pixels. */
export type Picture = { url: string; width?: number; height?: number }

/**
 * The intrinsic size of an SVG (its `width`/`height` in pixels, else its `viewBox`) or a PNG (its
 * header), or nothing for other files. Written on the `<img>`, it lets the browser lay the lesson
 * out once, before the picture arrives, instead of again when each one does.
 */
export function pictureSize(file: Buffer, name: string): { width: number; height: number } | undefined {
  const ok = (w: number, h: number) =>
    Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0
      ? { width: Math.round(w), height: Math.round(h) }
      : undefined
  if (/\.png$/i.test(name) && file.length >= 24 && file.toString('latin1', 12, 16) === 'IHDR')
    return ok(file.readUInt32BE(16), file.readUInt32BE(20))
  if (!/\.svg$/i.test(name)) return undefined
  const tag = /<svg\b[^>]*>/i.exec(file.toString('utf8', 0, 4096))?.[0]
  if (!tag) return undefined
  const get = (a: string) => new RegExp(`\\s${a}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1]?.trim()
  const px = (v: string | undefined) =>
    v && /^\d+(\.\d+)?(px)?$/.test(v) ? Number.parseFloat(v) : Number.NaN
  const sized = ok(px(get('width')), px(get('height')))
  if (sized) return sized
  const box = get('viewBox')
    ?.split(/[\s,]+/)
    .map(Number)
  return box?.length === 4 ? ok(box[2]!, box[3]!) : undefined
}

/**
 * Renders a lesson body to HTML; `mediaUrl` maps a picture's relative path to its served URL, with
 * its size when known (see pictureSize).
 */
export function renderLesson(body: string, mediaUrl: (src: string) => string | Picture | null): string {
  const env = {}
  const { md } = markdown()
  const tokens = md.parse(body, env)
  walk(tokens, (t) => {
    if (t.type === 'image') {
      const src = attr(t, 'src')
      const found = isLocalPath(src) ? mediaUrl(src) : null
      const pic = typeof found === 'string' ? { url: found } : found
      if (pic) t.attrSet('src', pic.url)
      if (pic?.width && pic.height) {
        t.attrSet('width', String(pic.width))
        t.attrSet('height', String(pic.height))
      }
      t.attrSet('loading', 'lazy')
      t.attrSet('decoding', 'async')
    }
    if (t.type === 'link_open' && /^https?:/i.test(attr(t, 'href'))) {
      t.attrSet('rel', 'noopener noreferrer')
    }
  })
  return md.renderer.render(tokens, md.options, env)
}

/** The text a reader sees (for search): no markup, one line per block. */
export function plainText(body: string): string {
  const out: string[] = []
  walk(markdown().md.parse(body, {}), (t) => {
    if (t.type === 'text' || t.type === 'code_inline') out.push(t.content)
    else if (t.type === 'image') out.push(t.content)
    else if (t.type === 'code_block' || t.type === 'fence') out.push(t.content)
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out.push(' ')
    else if (t.type.endsWith('_close') && t.block) out.push('\n')
  })
  return out
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim()
}
