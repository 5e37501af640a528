import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { AppError, fromZod } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
import {
  H_NODE,
  H_SIG,
  H_TIME,
  requireSyncHeaders,
  signResponse,
  verifyRequest,
  verifyRequestWithKey,
} from './sync.auth.ts'
import { contentManifest, readContentFile } from './sync.content.ts'
import { readPage } from './sync.entries.ts'
import { isPublicKey, nodeKey } from './sync.keys.ts'
import { findNode, notePending } from './sync.nodes.ts'
import { acceptPush, hello, PAGE_LIMIT, servePull } from './sync.service.ts'
import { readVector } from './sync.vector.ts'

/** The node-to-node API: every request signed by a registered hub, every answer signed by us. */
const api = new Hono<AppEnv>()

/** A signed page (push) inflated: registered hubs only, streamed and cut off at this size. */
export const MAX_INFLATED = 64 * 1024 * 1024
/** A hello is a key, a name and a vector: anyone may send one, so it inflates to this much at most. */
export const MAX_HELLO_BYTES = 64 * 1024

/**
 * Inflates a gzip body as a stream, counting as it goes, and stops at `limit` (413): a small gzip
 * bomb can never grow into memory, and the event loop keeps serving other requests meanwhile.
 */
async function gunzipLimited(raw: Uint8Array, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  const z = createGunzip()
  try {
    await pipeline(Readable.from([Buffer.from(raw)]), z, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        size += chunk.length
        if (size > limit) throw new TooLarge()
        chunks.push(chunk)
      }
    })
  } catch (err) {
    // Past the limit, whichever error the pipeline ends with (its streams are torn down with it,
    // and on a busy machine the inflater's own error can come first): too large, not bad gzip.
    if (err instanceof TooLarge || size > limit)
      throw new AppError('payload_too_large', `body: larger than ${limit} bytes once inflated`, {
        key: 'sync.body.too_large',
        params: { limit },
      })
    throw new AppError('validation', 'body: is not valid gzip')
  }
  return Buffer.concat(chunks, size)
}

class TooLarge extends Error {}

async function inflate(c: Context<AppEnv>, raw: Uint8Array, limit = MAX_INFLATED): Promise<unknown> {
  if (!raw.length) return {}
  const gzip = c.req.header('content-encoding') === 'gzip'
  if (!gzip && raw.length > limit)
    throw new AppError('payload_too_large', `body: larger than ${limit} bytes`, {
      key: 'sync.body.too_large',
      params: { limit },
    })
  const text = (gzip ? await gunzipLimited(raw, limit) : Buffer.from(raw)).toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    throw new AppError('malformed_json', 'body: is not valid JSON')
  }
}

function pathOf(c: Context<AppEnv>): string {
  const url = new URL(c.req.url)
  return url.pathname + url.search
}

/** Reads a signed request: checks the signature against the sender's registered key, then the body. */
async function signedBody(c: Context<AppEnv>, raw?: Uint8Array) {
  const body = raw ?? new Uint8Array(await c.req.arrayBuffer())
  const node = await verifyRequest(c.get('ctx'), {
    method: c.req.method,
    path: pathOf(c),
    header: (n) => c.req.header(n),
    body,
  })
  return { node, json: await inflate(c, body) }
}

function answer(c: Context<AppEnv>, body: unknown) {
  const text = JSON.stringify(body)
  c.header('x-hocso-answer', signResponse(nodeKey(c.get('ctx')), c.req.header(H_SIG) ?? '', text))
  c.header('content-type', 'application/json; charset=utf-8')
  return c.body(text, 200)
}

const helloSchema = z
  .object({ public_key: z.string(), name: z.string().max(80), vector: z.unknown() })
  .strict()

api.post('/api/sync/hello', async (c) => {
  const ctx = c.get('ctx')
  // Nothing is read before the headers are checked: a request without them, or from a clock far
  // off, is refused at the door (an unauthenticated stranger must not make the server inflate).
  requireSyncHeaders(ctx, (n) => c.req.header(n))
  const raw = new Uint8Array(await c.req.arrayBuffer())
  if (raw.length > MAX_HELLO_BYTES)
    throw new AppError('payload_too_large', `body: larger than ${MAX_HELLO_BYTES} bytes`, {
      key: 'sync.body.too_large',
      params: { limit: MAX_HELLO_BYTES },
    })
  const claimed = c.req.header(H_NODE)!
  if (!(await findNode(ctx, claimed))) {
    // A node never seen here asks to join. If it proves it holds the key it names (the request is
    // signed with it), keep the request for an officer to approve; the hub keeps asking meanwhile.
    // Its body is all we have to check the signature with, so it inflates, to a hello's size only.
    const body = helloSchema.safeParse(await inflate(c, raw, MAX_HELLO_BYTES))
    if (body.success && isPublicKey(body.data.public_key)) {
      const ok = verifyRequestWithKey(body.data.public_key, {
        method: c.req.method,
        path: pathOf(c),
        header: (n) => c.req.header(n),
        body: raw,
      })
      if (ok) await notePending(ctx, { node: claimed, publicKey: body.data.public_key, name: body.data.name })
    }
  }
  // The signature covers the body as sent (compressed): it is checked before the body is inflated.
  const node = await verifyRequest(ctx, {
    method: c.req.method,
    path: pathOf(c),
    header: (n) => c.req.header(n),
    body: raw,
  })
  const body = helloSchema.safeParse(await inflate(c, raw, MAX_HELLO_BYTES))
  if (!body.success) throw fromZod(body.error)
  const offset = Date.parse(c.req.header(H_TIME) ?? '') - ctx.now().getTime()
  return answer(c, await hello(ctx, node, readVector(body.data.vector), offset))
})

api.post('/api/sync/push', async (c) => {
  const { node, json } = await signedBody(c)
  const page = readPage(json)
  if (!page.success) throw fromZod(page.error)
  return answer(c, await acceptPush(c.get('ctx'), node, page.data))
})

const pullSchema = z.object({ vector: z.unknown(), limit: z.number().int().min(1).max(PAGE_LIMIT) }).strict()

api.post('/api/sync/pull', async (c) => {
  const { node, json } = await signedBody(c)
  const body = pullSchema.safeParse(json)
  if (!body.success) throw fromZod(body.error)
  return answer(c, await servePull(c.get('ctx'), node, readVector(body.data.vector), body.data.limit))
})

api.post('/api/sync/content', async (c) => {
  await signedBody(c)
  return answer(c, { files: contentManifest(c.get('ctx').config.contentDir) })
})

api.get('/api/sync/content/file', async (c) => {
  await signedBody(c)
  const data = readContentFile(c.get('ctx').config.contentDir, c.req.query('path') ?? '')
  c.header('content-type', 'application/octet-stream')
  return c.body(new Uint8Array(data), 200)
})

export default api
