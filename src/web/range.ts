import type { Context } from 'hono'

/**
 * Answers a GET for a body of known size, honouring a single `Range: bytes=…` request: phones
 * seek in audio with them, and resume a download cut short. One implementation for every route
 * that serves media (course pictures and recordings, studio recordings).
 *
 * - `bytes=a-b`, `bytes=a-` and the suffix form `bytes=-n` give 206 with `Content-Range`;
 * - a range that starts past the end gives 416 with `Content-Range: bytes *\/size`;
 * - anything else (no header, several ranges, nonsense) gives the whole body with 200.
 */
export async function sendWithRange(
  c: Context,
  size: number,
  read: (
    start: number,
    end: number,
  ) => ReadableStream<Uint8Array> | Uint8Array | Promise<ReadableStream<Uint8Array> | Uint8Array>,
): Promise<Response> {
  c.header('Accept-Ranges', 'bytes')
  const range = /^bytes=(\d*)-(\d*)$/.exec(c.req.header('range') ?? '')
  let start = 0
  let end = size - 1
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1])
      if (range[2]) end = Math.min(Number(range[2]), size - 1)
    } else start = Math.max(0, size - Number(range[2]))
    if (start > end || start >= size) {
      c.header('Content-Range', `bytes */${size}`)
      return c.body(null, 416)
    }
    c.header('Content-Range', `bytes ${start}-${end}/${size}`)
    c.status(206)
  }
  c.header('Content-Length', String(Math.max(0, end - start + 1)))
  if (size === 0) return c.body(new Uint8Array(0))
  const body = await read(start, end)
  return body instanceof Uint8Array ? c.body(new Uint8Array(body)) : c.body(body)
}
