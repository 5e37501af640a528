/**
 * The texts of a page with the language each is in: the `lang` of its nearest element that has one.
 * For pages hocso renders (every element closed, void ones written `<br/>` or known by name).
 */
export type LangText = { text: string; lang: string | undefined; tag: string }

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
])

export function textsByLang(html: string): LangText[] {
  const out: LangText[] = []
  const stack: { tag: string; lang: string | undefined }[] = []
  const here = () => stack[stack.length - 1]
  const re =
    /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g
  for (const m of html.matchAll(re)) {
    const [, close, open, attrs, text] = m
    if (close) {
      const at = stack.map((e) => e.tag).lastIndexOf(close.toLowerCase())
      if (at >= 0) stack.length = at
    } else if (open) {
      const tag = open.toLowerCase()
      const own = /\slang="([^"]*)"/.exec(attrs ?? '')?.[1]
      const lang = own ?? here()?.lang
      if (tag === 'script' || tag === 'style') {
        const end = html.indexOf(`</${tag}>`, m.index + m[0].length)
        re.lastIndex = end < 0 ? html.length : end
      }
      if (!VOID.has(tag) && !attrs?.endsWith('/')) stack.push({ tag, lang })
    } else if (text?.trim()) {
      out.push({ text: decode(text.trim()), lang: here()?.lang, tag: here()?.tag ?? '' })
    }
  }
  return out
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
