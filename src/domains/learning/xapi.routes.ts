import { Hono } from 'hono'
import { z } from 'zod'
import { AppError, fromZod } from '../../core/errors.ts'
import { wholeNumber } from '../../core/numbers.ts'
import type { AppEnv } from '../../web/env.ts'
import { statements, XAPI_VERSION } from './xapi.service.ts'

const routes = new Hono<AppEnv>()

const iso = z.string().datetime({ offset: true, message: 'must be an ISO-8601 timestamp' })
const querySchema = z
  .object({
    since: iso.optional(),
    until: iso.optional(),
    limit: wholeNumber(0, 1_000_000, { min: 'must be 0 or more' }).default(100),
    ascending: z.enum(['true', 'false']).default('false'),
    agent: z.string().max(2000).optional(),
    cursor: z.string().max(200).optional(),
    format: z.enum(['exact', 'ids', 'canonical']).optional(),
  })
  .strict()

const MAX = 500

function parseAgent(text: string, base: string): string {
  let a: unknown
  try {
    a = JSON.parse(text)
  } catch {
    throw new AppError('validation', 'agent: must be a JSON Agent object')
  }
  const acc = (a as { account?: { homePage?: unknown; name?: unknown } })?.account
  if (!acc || typeof acc.name !== 'string' || typeof acc.homePage !== 'string')
    throw new AppError('validation', 'agent: must identify the person by account {homePage, name}')
  if (acc.homePage.replace(/\/$/, '') !== base)
    throw new AppError('validation', `agent: account.homePage must be ${base}`)
  return acc.name
}

function parseCursor(s: string): { stored: string; id: string } {
  const [stored, id] = Buffer.from(s, 'base64url').toString('utf8').split('|')
  if (!stored || !id || Number.isNaN(Date.parse(stored)))
    throw new AppError('validation', 'cursor: not a cursor from a "more" link')
  return { stored, id }
}

/**
 * GET /xapi/statements (xAPI 1.0.3, Statement Resource): `since`, `until`, `limit`, `agent`,
 * `ascending`, and a `more` link to the next page. The version header is required, as the
 * specification asks of every request.
 */
routes.get('/xapi/statements', async (c) => {
  c.header('X-Experience-API-Version', XAPI_VERSION)
  const asked = c.req.header('x-experience-api-version')
  if (!asked || !/^1\.0(\.\d+)?$/.test(asked))
    throw new AppError('validation', 'X-Experience-API-Version: required header; send 1.0.3')
  const user = c.get('user')
  if (!user) throw new AppError('unauthenticated', 'sign in to read learning records')
  const parsed = querySchema.safeParse(c.req.query())
  if (!parsed.success) throw fromZod(parsed.error)
  const p = parsed.data
  const base = c.get('ctx').config.publicUrl ?? new URL(c.req.url).origin
  const limit = p.limit === 0 ? MAX : Math.min(p.limit, MAX)
  const ascending = p.ascending === 'true'
  const r = await statements(
    c.get('ctx'),
    user,
    {
      since: p.since && new Date(p.since).toISOString(),
      until: p.until && new Date(p.until).toISOString(),
      agent: p.agent ? parseAgent(p.agent, base) : undefined,
      after: p.cursor ? parseCursor(p.cursor) : undefined,
      ascending,
      limit,
    },
    base,
  )
  let more = ''
  if (r.cursor) {
    const next = new URLSearchParams()
    for (const [k, v] of Object.entries(c.req.query())) if (k !== 'cursor') next.set(k, v)
    next.set('cursor', r.cursor)
    more = `/xapi/statements?${next.toString()}`
  }
  c.header('X-Experience-API-Consistent-Through', c.get('ctx').now().toISOString())
  return c.json({ statements: r.statements, more })
})

export default routes
