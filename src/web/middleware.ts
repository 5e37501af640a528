import { createHmac, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { CSRF_SECRET, type Ctx } from '../core/context.ts'
import { AppError } from '../core/errors.ts'
import {
  DEFAULT_LOCALE,
  isCommunityLocale,
  isLocale,
  isOffered,
  negotiateLocale,
  noteFallbacks,
} from '../core/i18n.ts'
import { randomToken } from '../core/ids.ts'
import { ensureSecret } from '../core/node-identity.ts'
import { loadSession } from '../domains/people/people.service.ts'
import type { AppEnv } from './env.ts'

export const SESSION_COOKIE = 'hocso_session'
export const CSRF_COOKIE = 'hocso_csrf'
export const LANG_COOKIE = 'hocso_lang'

/** Whether cookies get the Secure flag: on HTTPS, or when configured. */
export function secureCookies(ctx: Ctx, url: string): boolean {
  if (ctx.config.cookieSecure === 'true') return true
  if (ctx.config.cookieSecure === 'false') return false
  return url.startsWith('https:')
}

/** Puts the service context on every request. */
export function withContext(ctx: Ctx): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('ctx', ctx)
    await next()
  }
}

/** Loads the signed-in person from the session cookie (sessions live in the database). */
export const withUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sid = getCookie(c, SESSION_COOKIE)
  const found = sid ? await loadSession(c.get('ctx'), sid) : null
  c.set('user', found?.user ?? null)
  c.set('sessionId', found ? sid! : null)
  c.set('publicStamp', found?.publicStamp ?? null)
  await next()
}

/**
 * Interface language: the saved choice, else the account's, else the browser's, else Vietnamese.
 * Tai Dam or Hmong only while that language has approved strings (otherwise the page is Vietnamese
 * and says so in its `lang`).
 */
export const withLocale: MiddlewareHandler<AppEnv> = async (c, next) => {
  const saved = getCookie(c, LANG_COOKIE)
  const fromUser = c.get('user')?.locale
  c.set(
    'locale',
    isLocale(saved) && isOffered(saved)
      ? saved
      : isLocale(fromUser) && isOffered(fromUser)
        ? fromUser
        : (negotiateLocale(c.req.header('accept-language')) ?? DEFAULT_LOCALE),
  )
  // In Tai Dam or Hmong, the texts still in Vietnamese are noted so the page marks them `lang="vi"`
  // (web/jsx/fallback-lang.ts, decision 0194).
  if (isCommunityLocale(c.get('locale'))) await noteFallbacks(next)
  else await next()
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const secrets = new WeakMap<object, Promise<Buffer>>()

function csrfSecret(ctx: Ctx): Promise<Buffer> {
  let s = secrets.get(ctx.db)
  if (!s) {
    s = ensureSecret(ctx.db, CSRF_SECRET).then((v) => Buffer.from(v, 'base64url'))
    secrets.set(ctx.db, s)
  }
  return s
}

/** The cookie that holds a visitor's pre-session id: `__Host-` over HTTPS, so no sibling site can plant it. */
export function csrfCookieName(ctx: Ctx, url: string): string {
  return secureCookies(ctx, url) ? `__Host-${CSRF_COOKIE}` : CSRF_COOKIE
}

/** A pre-session id is 32 random bytes; anything shorter or stranger is replaced, never trusted. */
const PRE_SESSION = /^[A-Za-z0-9_-]{43}$/

/** The form token of a visitor: an HMAC of their session (or, before sign-in, their pre-session id). */
export async function csrfToken(ctx: Ctx, binding: string): Promise<string> {
  return createHmac('sha256', await csrfSecret(ctx))
    .update(`csrf:${binding}`)
    .digest('base64url')
}

/**
 * CSRF defence (decision 0175). Forms carry a token that is an HMAC, under a secret of this server,
 * of the person's session (or before sign-in, of a random pre-session id kept in a cookie). A
 * planted cookie gives nothing: the token for it cannot be made without the secret, and once signed
 * in only the session's own token passes. JSON requests need `Content-Type: application/json`,
 * which a foreign page cannot send without a CORS preflight, and a matching Origin when sent.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ctx = c.get('ctx')
  const cookieName = csrfCookieName(ctx, c.req.url)
  let pre = getCookie(c, cookieName)
  if (!pre || !PRE_SESSION.test(pre)) {
    pre = randomToken()
    setCookie(c, cookieName, pre, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: secureCookies(ctx, c.req.url),
    })
  }
  const binding = c.get('sessionId') ? `session:${c.get('sessionId')}` : `anon:${pre}`
  const token = await csrfToken(ctx, binding)
  c.set('csrf', token)
  if (UNSAFE.has(c.req.method)) {
    const type = c.req.header('content-type') ?? ''
    const origin = c.req.header('origin')
    if (origin && origin !== 'null' && new URL(c.req.url).host !== safeHost(origin)) {
      throw new AppError('csrf', 'origin: this request came from another site and was refused')
    }
    if (!type.startsWith('application/json') && !type.startsWith('application/octet-stream')) {
      const form = type.includes('form') ? await c.req.parseBody({ all: true }) : {}
      const field = form._csrf ?? c.req.header('x-csrf-token')
      const sent = typeof field === 'string' ? field : undefined
      if (!sent || !sameToken(sent, token)) {
        throw new AppError(
          'csrf',
          '_csrf: the form has expired or came from another site; reload the page and try again',
          {
            issues: [
              {
                field: '_csrf',
                message: 'the form has expired or came from another site; reload the page and try again',
                key: 'csrf.expired',
              },
            ],
          },
        )
      }
    }
  }
  await next()
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}
