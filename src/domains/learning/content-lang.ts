import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppEnv } from '../../web/env.ts'
import { type ContentLang, isContentLang, type LangMap, SOURCE_LANG } from './learning.types.ts'

/**
 * The language lessons are read in may differ from the interface language: a Hmong reader may
 * keep the menus in Vietnamese and read lessons in Hmong. It is chosen with `?lang=` (remembered
 * in a cookie), else the interface language.
 */
export const CONTENT_LANG_COOKIE = 'hocso_clang'

/** The content language of this request (and remembers an explicit choice). */
export function contentLang(c: Context<AppEnv>): ContentLang {
  const asked = c.req.query('lang')
  if (isContentLang(asked)) {
    if (getCookie(c, CONTENT_LANG_COOKIE) !== asked)
      setCookie(c, CONTENT_LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 })
    return asked
  }
  const saved = getCookie(c, CONTENT_LANG_COOKIE)
  if (isContentLang(saved)) return saved
  return c.get('locale')
}

/** A text in the wanted language, or in Vietnamese with `fallback` set. */
export type Picked = { text: string; lang: ContentLang; fallback: boolean }

/** Picks a language map entry: the wanted language, else Vietnamese. */
export function pick(map: LangMap, want: ContentLang): Picked {
  const t = map[want]
  if (t) return { text: t, lang: want, fallback: false }
  return {
    text: map[SOURCE_LANG] ?? Object.values(map)[0] ?? '',
    lang: SOURCE_LANG,
    fallback: want !== SOURCE_LANG,
  }
}

/** The cookie that keeps the language a learner listens to lessons in (community recordings). */
export const LISTEN_COOKIE = 'hocso_listen'

/** Languages a lesson can be heard in (community recordings, decision 0190), in the order offered. */
export const LISTEN_LANGS = ['vi', 'hnj', 'blt'] as const

/** The language the learner chose to listen in: `?listen=` (remembered) or the remembered choice. */
export function listenChoice(c: Context<AppEnv>): string | null {
  const q = c.req.query('listen')
  if (q === 'off') {
    deleteCookie(c, LISTEN_COOKIE, { path: '/' })
    return null
  }
  if (q && (LISTEN_LANGS as readonly string[]).includes(q)) {
    setCookie(c, LISTEN_COOKIE, q, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 })
    return q
  }
  const saved = getCookie(c, LISTEN_COOKIE)
  return saved && (LISTEN_LANGS as readonly string[]).includes(saved) ? saved : null
}
