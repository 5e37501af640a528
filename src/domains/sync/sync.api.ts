import { gunzipSync } from 'node:zlib'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { AppError, fromZod } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
import { H_NODE, H_SIG, H_TIME, signResponse, verifyRequest, verifyRequestWithKey } from './sync.auth.ts'
import { contentManifest, readContentFile } from './sync.content.ts'
import { pageSchema } from './sync.entries.ts'
import { isPublicKey, nodeKey } from './sync.keys.ts'
import { findNode, notePending } from './sync.nodes.ts'
import { acceptPush, hello, PAGE_LIMIT, servePull } from './sync.service.ts'
import { readVector } from './sync.vector.ts'

/** The node-to-node API: every request signed by a registered hub, every answer signed by us. */
const api = new Hono<AppEnv>()

const MAX_INFLATED = 64 * 1024 * 1024

function inflate(c: Context<AppEnv>, raw: Uint8Array): unknown {
  if (!raw.length) return {}
  let text: string
  try {
    text = (
      c.req.header('content-encoding') === 'gzip'
        ? gunzipSync(raw, { maxOutputLength: MAX_INFLATED })
        : Buffer.from(raw)
    ).toString('utf8')
  } catch {
    throw new AppError('validation', 'body: is not valid gzip')
  }
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
  const node = await verifyRequest(c.var.ctx, {
    method: c.req.method,
    path: pathOf(c),
    header: (n) => c.req.header(n),
    body,
  })
  return { node, json: inflate(c, body) }
}

function answer(c: Context<AppEnv>, body: unknown) {
  const text = JSON.stringify(body)
  c.header('x-hocso-answer', signResponse(nodeKey(c.var.ctx), c.req.header(H_SIG) ?? '', text))
  c.header('content-type', 'application/json; charset=utf-8')
  return c.body(text, 200)
}

const helloSchema = z
  .object({ public_key: z.string(), name: z.string().max(80), vector: z.unknown() })
  .strict()

api.post('/api/sync/hello', async (c) => {
  const ctx = c.var.ctx
  const raw = new Uint8Array(await c.req.arrayBuffer())
  const claimed = c.req.header(H_NODE)
  if (claimed && !(await findNode(ctx, claimed))) {
    // A node never seen here asks to join. If it proves it holds the key it names (the request is
    // signed with it), keep the request for an officer to approve; the hub keeps asking meanwhile.
    const body = helloSchema.safeParse(inflate(c, raw))
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
  const { node, json } = await signedBody(c, raw)
  const body = helloSchema.safeParse(json)
  if (!body.success) throw fromZod(body.error)
  const offset = Date.parse(c.req.header(H_TIME) ?? '') - ctx.now().getTime()
  return answer(c, await hello(ctx, node, readVector(body.data.vector), offset))
})

api.post('/api/sync/push', async (c) => {
  const { node, json } = await signedBody(c)
  const page = pageSchema.safeParse(json)
  if (!page.success) throw fromZod(page.error)
  return answer(c, await acceptPush(c.var.ctx, node, page.data))
})

const pullSchema = z.object({ vector: z.unknown(), limit: z.number().int().min(1).max(PAGE_LIMIT) }).strict()

api.post('/api/sync/pull', async (c) => {
  const { node, json } = await signedBody(c)
  const body = pullSchema.safeParse(json)
  if (!body.success) throw fromZod(body.error)
  return answer(c, await servePull(c.var.ctx, node, readVector(body.data.vector), body.data.limit))
})

api.post('/api/sync/content', async (c) => {
  await signedBody(c)
  return answer(c, { files: contentManifest(c.var.ctx.config.contentDir) })
})

api.get('/api/sync/content/file', async (c) => {
  await signedBody(c)
  const data = readContentFile(c.var.ctx.config.contentDir, c.req.query('path') ?? '')
  c.header('content-type', 'application/octet-stream')
  return c.body(new Uint8Array(data), 200)
})

export default api
