import { gzipSync } from 'node:zlib'
import type { Context, MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/utils/compress'

/** Below this many bytes an answer goes as it is (as Hono's `compress` decides). */
const THRESHOLD = 1024

/**
 * gzip level for pages made per request. Measured on a signed-in lesson page (7.2 kB): level 6
 * gives 2,822 bytes in 50–59 µs of CPU, level 1 3,019 bytes (7% more) in 34 µs; most of the time
 * at any level is zlib setting itself up. On a 2G phone the 200 bytes cost more than the 20 µs.
 */
const LEVEL = 6

/**
 * zlib's window and hash for pages made per request: 8 KiB and 2^13 entries instead of 32 KiB and
 * 2^15, so each page's deflate state is about 64 KiB instead of 256 KiB. Most of gzip's time in a
 * busy server went to that state, made and touched anew for each page: taking turns in one server
 * under 50 signed-in lesson views (gzip options alternating per page), 307 µs a page with zlib's
 * defaults, 187 µs with these, for the same bytes on pages up to 8 kB and 0.7% more on 12 kB ones.
 */
const GZIP = { level: LEVEL, windowBits: 13, memLevel: 6 } as const

/** Whether the client takes gzip (a `q=0` refuses it). */
export function takesGzip(header: string | undefined): boolean {
  if (!header) return false
  let star: number | undefined
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const q = qp ? Number(qp.slice(2)) : 1
    if (name === 'gzip') return q > 0
    if (name === '*') star = q
  }
  return (star ?? 0) > 0
}

/**
 * The body of an answer made from a string or bytes, without reading it as a stream: the node
 * server's `Response` (`@hono/node-server`, which writes such a body straight to the socket) keeps
 * `[status, body, headers]` under a symbol named `cache` until something asks for its stream.
 * Anything else (a stream, the web `Response` of in-process requests) gives undefined.
 */
function bodyInMemory(res: Response): string | Uint8Array | undefined {
  for (const s of Object.getOwnPropertySymbols(res))
    if (s.description === 'cache') {
      const body = (res as unknown as Record<symbol, unknown[] | undefined>)[s]?.[1]
      return typeof body === 'string' || body instanceof Uint8Array ? body : undefined
    }
  return undefined
}

const streamed = compress()
const nothing = async () => {}

/**
 * Compression of answers (decision 0202). A page made in memory (every HTML page) is gzipped at
 * once on this thread and sent with its length; streamed answers (exports, downloads), clients
 * that take only deflate, and in-process requests go through Hono's `compress`, which pipes the
 * body through a `CompressionStream`: for a page of a few kilobytes that costs web streams and a
 * trip to zlib's thread pool per answer, more than the compression itself.
 */
export const compressAnswers: MiddlewareHandler = async (c, next) => {
  await next()
  const res = c.res
  const body = bodyInMemory(res)
  if (body === undefined || !eligible(c, res) || !takesGzip(c.req.header('accept-encoding')))
    return streamed(c, nothing)
  const bytes = typeof body === 'string' ? Buffer.from(body) : body
  if (bytes.byteLength < THRESHOLD) return
  const headers = res.headers
  const vary = headers.get('Vary')
  if (vary !== '*' && !(vary && /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)))
    headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  headers.delete('Content-Length')
  headers.set('Content-Encoding', 'gzip')
  const etag = headers.get('ETag')
  if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`)
  const gz = new Uint8Array(gzipSync(bytes, GZIP))
  // Hono wraps an answer set over another one in a new Response made from the old one's body
  // stream, which would turn the bytes back into a stream: the old one goes first.
  c.res = undefined
  c.res = new Response(gz, { status: res.status, headers })
}

function eligible(c: Context, res: Response): boolean {
  const h = res.headers
  const type = h.get('Content-Type')
  return (
    res.status !== 206 &&
    c.req.method !== 'HEAD' &&
    !h.has('Content-Encoding') &&
    !h.has('Transfer-Encoding') &&
    !!type &&
    COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) &&
    !/(?:^|,)\s*?no-transform\s*?(?:,|$)/i.test(h.get('Cache-Control') ?? '')
  )
}
