import { Hono } from 'hono'
import { AppError, fromZod } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
import { batchSchema, storeFacts } from './facts.service.ts'

const routes = new Hono<AppEnv>()

/**
 * The one idempotent endpoint for facts (the offline outbox and the field forms use it).
 * In: `{ facts: [...] }`. Out: `{ stored: [ids], rejected: [{ id, status, code, message }] }`.
 * Only the stored ids may leave a client's outbox; rejected ones are kept aside and shown.
 */
routes.post('/api/facts', async (c) => {
  // 401 at the door: a stranger's batch is neither parsed nor validated.
  if (!c.get('user')) throw new AppError('unauthenticated', 'sign in to continue')
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch {
    throw new AppError('malformed_json', 'body: is not valid JSON')
  }
  const parsed = batchSchema.safeParse(body)
  if (!parsed.success) throw fromZod(parsed.error)
  const result = await storeFacts(c.get('ctx'), c.get('user'), parsed.data.facts, c.get('locale'), {
    json: true,
  })
  return c.json(result, 200)
})

export default routes
