import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { Ctx } from '../core/context.ts'
import { AppError } from '../core/errors.ts'
import { DEFAULT_LOCALE, isLocale, negotiateLocale } from '../core/i18n.ts'
import { randomToken } from '../core/ids.ts'
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
  const found = sid ? await loadSession(c.var.ctx, sid) : null
  c.set('user', found?.user ?? null)
  c.set('sessionId', found ? sid! : null)
  await next()
}

/** Interface language: the saved choice, else the account's, else the browser's, else Vietnamese. */
export const withLocale: MiddlewareHandler<AppEnv> = async (c, next) => {
  const saved = getCookie(c, LANG_COOKIE)
  const fromUser = c.var.user?.locale
  c.set(
    'locale',
    isLocale(saved)
      ? saved
      : isLocale(fromUser)
        ? fromUser
        : (negotiateLocale(c.req.header('accept-language')) ?? DEFAULT_LOCALE),
  )
  await next()
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * CSRF defence. Forms carry a token that must equal the HttpOnly, SameSite=Lax cookie (double
 * submit). JSON requests need `Content-Type: application/json`, which a foreign page cannot send
 * without a CORS preflight, and a matching Origin when the browser sends one.
 */
export const csrf: MiddlewareHandler<AppEnv> = async (c, next) => {
  let token = getCookie(c, CSRF_COOKIE)
  if (!token || token.length < 20) {
    token = randomToken()
    setCookie(c, CSRF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: secureCookies(c.var.ctx, c.req.url),
    })
  }
  c.set('csrf', token)
  if (UNSAFE.has(c.req.method)) {
    const type = c.req.header('content-type') ?? ''
    const origin = c.req.header('origin')
    if (origin && origin !== 'null' && new URL(c.req.url).host !== safeHost(origin)) {
      throw new AppError('csrf', 'origin: this request came from another site and was refused')
    }
    if (!type.startsWith('application/json') && !type.startsWith('application/octet-stream')) {
      const form = type.includes('form') ? await c.req.parseBody({ all: true }) : {}
      const sent = (form._csrf as string | undefined) ?? c.req.header('x-csrf-token')
      if (!sent || sent !== getCookie(c, CSRF_COOKIE)) {
        throw new AppError(
          'csrf',
          '_csrf: the form has expired or came from another site; reload the page and try again',
        )
      }
    }
  }
  await next()
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}
