import { isIP } from 'node:net'
import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError, fromZod } from '../core/errors.ts'
import { safeParseJson } from '../core/numbers.ts'
import type { AppEnv } from './env.ts'

/**
 * Reads a request body as JSON or as a form, validated by a zod schema. Malformed JSON, unknown
 * fields and wrong types become a 400 that names the field. Form checkboxes arrive as "on".
 */
export async function readBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  let raw: unknown
  if (isJsonBody(c)) {
    const text = await c.req.text()
    try {
      raw = JSON.parse(text)
    } catch {
      throw new AppError('malformed_json', 'body: is not valid JSON')
    }
  } else {
    const form = await c.req.parseBody()
    const { _csrf, ...rest } = form as Record<string, unknown>
    void _csrf
    raw = Object.fromEntries(
      Object.entries(rest)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, v === 'on' ? true : v]),
    )
  }
  return checkBody(c, schema, raw)
}

/** True when the request's body is JSON (then its number fields must be JSON numbers). */
export function isJsonBody(c: Context<AppEnv>): boolean {
  return (c.req.header('content-type') ?? '').startsWith('application/json')
}

/**
 * Checks a body already read (see readBody) with a schema, by the rules of the body's type: in a
 * JSON body a number is a JSON number (`"10"` is refused, naming the field); a form's text is read
 * as a number. 400 naming each bad field.
 */
export function checkBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S, raw: unknown): z.infer<S> {
  const parsed = isJsonBody(c) ? safeParseJson(schema, raw) : schema.safeParse(raw)
  if (!parsed.success) throw fromZod(parsed.error)
  return parsed.data
}

/**
 * The client's address, for sign-in throttling. Behind a proxy (the TLS proxy the README
 * recommends) every request comes from the proxy, so the address it forwards is used, but only
 * when the request comes from a hop listed in HOCSO_TRUSTED_PROXIES: anyone else could write any
 * X-Forwarded-For. The list is read right to left, skipping trusted hops; the first other address
 * is the client's.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  const peer = env?.incoming?.socket?.remoteAddress ?? 'local'
  return forwardedClient(peer, c.req.header('x-forwarded-for'), c.get('ctx').config.trustedProxies)
}

/** The client behind a chain of proxies (see clientAddress); `peer` is the socket's address. */
export function forwardedClient(
  peer: string,
  forwarded: string | undefined,
  trusted: readonly string[],
): string {
  if (!trusted.length || !isTrusted(peer, trusted) || !forwarded) return peer
  const hops = forwarded
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean)
  let client = peer
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (!isIP(hop)) break
    client = hop
    if (!isTrusted(hop, trusted)) break
  }
  return client
}

/** True when an address is one of the trusted proxies: an address, a CIDR range, or `loopback`. */
export function isTrusted(address: string, trusted: readonly string[]): boolean {
  const a = address.replace(/^::ffff:(?=\d+\.)/, '')
  return trusted.some((t) => {
    if (t === 'loopback') return a === 'local' || a === '::1' || (isIP(a) === 4 && inCidr(a, '127.0.0.0/8'))
    if (t.includes('/')) return isIP(a) === 4 && inCidr(a, t)
    return a === t
  })
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string]
  const n = Number(bits)
  const toInt = (s: string) => s.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0
  return (toInt(ip) & mask) === (toInt(base) & mask)
}
