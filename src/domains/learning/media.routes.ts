import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { AppError } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
import { sendWithRange } from '../../web/range.ts'
import { mediaFile } from './media.service.ts'

const routes = new Hono<AppEnv>()

/**
 * Pictures and recordings of a course, read from the content folder. Lesson pages link them with
 * `?v=<hash>`, so they are cached for a year; audio answers Range requests (phones seek with them).
 */
routes.get('/media/:slug/*', async (c) => {
  const slug = c.req.param('slug')
  let rel: string
  try {
    rel = c.req.path
      .slice(`/media/${slug}/`.length)
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/')
  } catch {
    throw new AppError('not_found', `${c.req.path}: not found`)
  }
  const f = await mediaFile(c.get('ctx'), slug, rel)
  c.header('Content-Type', f.type)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
  c.header('Last-Modified', f.mtime.toUTCString())
  return sendWithRange(
    c,
    f.size,
    (start, end) => Readable.toWeb(createReadStream(f.path, { start, end })) as ReadableStream<Uint8Array>,
  )
})

export default routes
