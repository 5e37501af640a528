import { Fragment, jsx as honoJsx } from 'hono/jsx/jsx-runtime'
import { isVietnameseFallback, notingFallbacks } from '../../core/i18n.ts'

/**
 * Marks the interface texts a Tai Dam or Hmong page shows in Vietnamese (decision 0194).
 *
 * The page is `<html lang="blt">` (or `hnj`); a key without an approved string is given by `t()` in
 * Vietnamese, and a screen reader would read it with a Tai Dam or Hmong voice. `t()` returns plain
 * text (it also fills attributes, JSON, CSV, PO files, SMS and the command line) but notes, for the
 * request, each text it gave in Vietnamese. When an element is made, a child that is exactly such a
 * text is put in `<span lang="vi">` (`<tspan>` in SVG text). So `<h1>{t(l, 'x')}</h1>` is marked,
 * and only the JSX children of HTML elements are: Hono escapes the text inside the span as any other.
 *
 * Not marked, by design:
 * - attribute values (`title`, `placeholder`, `aria-label`, `alt`, `value`): an attribute has no
 *   language of its own, and `lang="vi"` on its element would also say that the element's content
 *   (a field's typed Hmong, a menu's items) is Vietnamese. They stay in the page's language.
 * - text-only elements: `<option>` and `<title>` whose whole text is Vietnamese get `lang="vi"`
 *   themselves (they may hold no span); `<textarea>`, `<script>` and `<style>` are left as they are.
 * - a child that is more than the one text (`{`${t(l, 'x')} · 5`}`): write it as separate children,
 *   or note it with `composedText`.
 * - an element that already says `lang="vi"` (the layout's menu): no span inside it.
 * - a component's `children` prop (a component may use it as an attribute): marked where the
 *   component puts it into an element or a fragment (`<>{text}</>`, shown as its parent's content).
 *   A text put together from several (`"Số điện thoại: bắt buộc"`) is marked when it is noted with
 *   `composedText` (the form problems of web/issues.tsx are).
 * Outside a Tai Dam or Hmong request nothing is noted, and this does nothing.
 */
export function markFallbacks(tag: unknown, props: Record<string, unknown>): Record<string, unknown> {
  if (!props || props.children == null || !notingFallbacks()) return props
  const children = props.children
  // A fragment's children are shown as they are, in its parent: marked as the parent's would be.
  if (tag === Fragment) {
    const marked = mark(children, 'span')
    return marked === children ? props : { ...props, children: marked }
  }
  if (typeof tag !== 'string') return props
  if (TEXT_ONLY.has(tag))
    return typeof children === 'string' && props.lang == null && isVietnameseFallback(children)
      ? { ...props, lang: 'vi' }
      : props
  if (RAW_TEXT.has(tag) || props.lang === 'vi') return props
  const wrapper = SVG_TEXT.has(tag) ? 'tspan' : 'span'
  const marked = mark(children, wrapper)
  return marked === children ? props : { ...props, children: marked }
}

/** Elements whose content is text only: the element carries the language. */
const TEXT_ONLY = new Set(['option', 'title'])
/** Elements whose content is not shown as text of the page, or is what the person types. */
const RAW_TEXT = new Set(['script', 'style', 'textarea'])
/** SVG elements whose text may hold a `<tspan>` but not an HTML `<span>`. */
const SVG_TEXT = new Set(['text', 'tspan', 'textPath'])

function mark(child: unknown, wrapper: string): unknown {
  if (typeof child === 'string')
    return isVietnameseFallback(child) ? honoJsx(wrapper, { lang: 'vi', children: child }) : child
  if (!Array.isArray(child)) return child
  let out: unknown[] | undefined
  for (let i = 0; i < child.length; i++) {
    const m = mark(child[i], wrapper)
    if (m !== child[i]) {
      out ??= child.slice()
      out[i] = m
    }
  }
  return out ?? child
}
