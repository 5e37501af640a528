/** The development JSX runtime: the same as ./jsx-runtime.ts. */
import { jsxDEV as honoJsxDEV } from 'hono/jsx/jsx-dev-runtime'
import { markFallbacks } from './fallback-lang.ts'

export { Fragment, type JSX } from 'hono/jsx/jsx-dev-runtime'

type Tag = Parameters<typeof honoJsxDEV>[0]

export function jsxDEV(tag: Tag, props: Record<string, unknown>, key?: string) {
  return honoJsxDEV(tag, markFallbacks(tag, props), key)
}
