import type { Context } from 'hono'
import { Hono } from 'hono'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
import { readBody } from '../../web/request.ts'
import { headcountsFor, recordHeadcount } from './events.headcount.ts'
import { headcountCorrectionSchema, headcountEntrySchema } from './events.schemas.ts'
import { acceptsJson, isJson, requireUser } from './events.views.tsx'
import { HeadcountPage } from './headcount.views.tsx'

/**
 * A festival's headcount: the visitors who did not check in one by one, entered as a number per
 * booth or at the end of the day, beside the number who did, and the corrections of a count typed
 * wrong (decision 0196).
 */
const routes = new Hono<AppEnv>()

async function page(
  c: Context<AppEnv>,
  id: string,
  opts: {
    issues?: FieldIssue[]
    values?: Record<string, unknown>
    correcting?: string
    saved?: boolean
  } = {},
) {
  const { event, rows, visitors } = await headcountsFor(c.get('ctx'), requireUser(c), id)
  return c.html(<HeadcountPage c={c} event={event} rows={rows} visitors={visitors} {...opts} />)
}

routes.get('/events/:id/headcount', async (c) => {
  const id = c.req.param('id')
  if (acceptsJson(c)) {
    const { rows, visitors, event } = await headcountsFor(c.get('ctx'), requireUser(c), id)
    return c.json({
      checked_in: event.counts.attended,
      counted: visitors,
      headcounts: rows.map(({ byName, ...r }) => ({ ...r, counted_by_name: byName })),
    })
  }
  return page(c, id, { saved: c.req.query('saved') === '1' })
})

/**
 * Refusals a person can act on are shown on the page, with what they typed: a bad number, a count
 * already corrected by someone else, a count they may not correct.
 */
const onPage = (err: unknown): err is AppError =>
  err instanceof AppError &&
  (err.code === 'validation' ||
    ((err.code === 'conflict' || err.code === 'forbidden') && err.issues.length > 0))

async function refused(c: Context<AppEnv>, id: string, err: AppError, correcting?: string) {
  const form = await c.req.parseBody()
  c.status(err.status as 400)
  const issues = err.issues.length ? err.issues : [{ field: 'form', message: err.message }]
  return page(c, id, { issues, values: form, correcting })
}

/** A new count from the form (no JavaScript needed) or as JSON; nothing is stored when it is refused. */
routes.post('/events/:id/headcount', async (c) => {
  const user = requireUser(c)
  const id = c.req.param('id')
  try {
    const { id: factId, ...data } = await readBody(c, headcountEntrySchema)
    const r = await recordHeadcount(c.get('ctx'), user, id, data, { factId })
    if (isJson(c)) return c.json({ fact_id: r.id }, r.stored ? 201 : 200)
    return c.redirect(`/events/${id}/headcount?saved=1#hc-${r.id}`, 303)
  } catch (err) {
    if (isJson(c) || !onPage(err)) throw err
    return refused(c, id, err)
  }
})

/**
 * A correction of a count: the right number, or 0 for a count entered by mistake. A new fact that
 * replaces the count; the one it corrects stays in the facts.
 */
routes.post('/events/:id/headcount/:count/correct', async (c) => {
  const user = requireUser(c)
  const id = c.req.param('id')
  const count = c.req.param('count')
  try {
    const { id: factId, ...data } = await readBody(c, headcountCorrectionSchema)
    const r = await recordHeadcount(c.get('ctx'), user, id, data, { factId, corrects: count })
    if (isJson(c)) return c.json({ fact_id: r.id }, r.stored ? 201 : 200)
    return c.redirect(`/events/${id}/headcount?saved=1#hc-${r.id}`, 303)
  } catch (err) {
    if (isJson(c) || !onPage(err)) throw err
    return refused(c, id, err, count)
  }
})

export default routes
