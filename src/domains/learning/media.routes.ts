import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { Hono } from 'hono'
import { AppError } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
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
  const f = await mediaFile(c.var.ctx, slug, rel)
  c.header('Content-Type', f.type)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Cache-Control', c.req.query('v') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
  c.header('Last-Modified', f.mtime.toUTCString())
  c.header('Accept-Ranges', 'bytes')
  const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '')
  let start = 0
  let end = f.size - 1
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1])
      if (range[2]) end = Math.min(Number(range[2]), f.size - 1)
    } else start = Math.max(0, f.size - Number(range[2]))
    if (start > end || start >= f.size) {
      c.header('Content-Range', `bytes */${f.size}`)
      return c.body(null, 416)
    }
    c.header('Content-Range', `bytes ${start}-${end}/${f.size}`)
    c.status(206)
  }
  c.header('Content-Length', String(end - start + 1))
  const stream = Readable.toWeb(createReadStream(f.path, { start, end })) as ReadableStream<Uint8Array>
  return c.body(stream)
})

export default routes
