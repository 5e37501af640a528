/**
 * The JSX runtime of hocso's pages (`jsxImportSource: "#jsx"`, package.json `imports`): Hono's,
 * with the Vietnamese texts of a Tai Dam or Hmong page marked `lang="vi"` (./fallback-lang.ts).
 */
import { jsx as honoJsx } from 'hono/jsx/jsx-runtime'
import { markFallbacks } from './fallback-lang.ts'

export { Fragment, type JSX, jsxAttr, jsxEscape, jsxTemplate } from 'hono/jsx/jsx-runtime'

type Tag = Parameters<typeof honoJsx>[0]

export function jsx(tag: Tag, props: Record<string, unknown>, key?: string) {
  return honoJsx(tag, markFallbacks(tag, props), key)
}
export const jsxs = jsx
