import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { type NodeKey, nodeKey, signBytes, verifyBytes } from './sync.keys.ts'
import { findNode, type NodeRow } from './sync.nodes.ts'

const gzipAsync = promisify(gzip)

/**
 * Every sync request is signed by the node that sends it, and every answer by the node that
 * answers (bound to the request's signature, so an old answer cannot be replayed). The clock
 * window is wide on purpose: hubs run for weeks on a laptop whose clock may be hours off.
 */
export const CLOCK_WINDOW_MS = 48 * 3_600_000

export const H_NODE = 'x-hocso-node'
export const H_TIME = 'x-hocso-time'
export const H_SIG = 'x-hocso-signature'

const digest = (body: Uint8Array | string) => createHash('sha256').update(body).digest('hex')

function requestText(method: string, path: string, time: string, node: string, body: Uint8Array | string) {
  return `hocso-sync/1\n${method.toUpperCase()}\n${path}\n${time}\n${node}\n${digest(body)}`
}

/** The headers that sign a request (path includes the query string, if any). */
export function signRequest(
  key: NodeKey,
  now: Date,
  method: string,
  path: string,
  body: Uint8Array | string,
): Record<string, string> {
  const time = now.toISOString()
  return {
    [H_NODE]: key.nodeId,
    [H_TIME]: time,
    [H_SIG]: signBytes(key, requestText(method, path, time, key.nodeId, body)),
  }
}

/** A signed request as the server sees it. */
export type SignedRequest = {
  method: string
  path: string
  header: (name: string) => string | undefined
  body: Uint8Array | string
}

/**
 * Checks a request's signature against the registered key of the node it names. Refuses, with a
 * message saying which: a missing header, an unknown node, one waiting for approval, a revoked one,
 * a clock too far off, or a signature that does not match.
 */
export async function verifyRequest(ctx: Ctx, req: SignedRequest): Promise<NodeRow> {
  const { node, time, sig } = requireSyncHeaders(ctx, req.header)
  const row = await findNode(ctx, node)
  if (!row || row.role === 'upstream')
    throw new AppError('unauthenticated', `node ${node} is not registered here; an officer must register it`)
  if (row.role === 'pending')
    throw new AppError('unauthenticated', `node ${node} is waiting for an officer to approve it`)
  if (row.revoked_at) throw new AppError('forbidden', `node ${node} was revoked on ${row.revoked_at}`)
  if (!verifyBytes(row.public_key, requestText(req.method, req.path, time, node, req.body), sig))
    throw new AppError('unauthenticated', `${H_SIG}: does not match the key registered for node ${node}`)
  return row
}

/**
 * The three signing headers, present and well formed, and the time inside the clock window: what
 * can be checked before reading a byte of the body.
 */
export function requireSyncHeaders(
  ctx: Ctx,
  header: (name: string) => string | undefined,
): { node: string; time: string; sig: string } {
  const node = header(H_NODE)
  const time = header(H_TIME)
  const sig = header(H_SIG)
  if (!node || !time || !sig)
    throw new AppError(
      'unauthenticated',
      `${!node ? H_NODE : !time ? H_TIME : H_SIG}: required on sync requests`,
    )
  if (node.length > 64 || sig.length > 200)
    throw new AppError('unauthenticated', `${node.length > 64 ? H_NODE : H_SIG}: too long`)
  const at = Date.parse(time)
  if (!Number.isFinite(at) || Math.abs(at - ctx.now().getTime()) > CLOCK_WINDOW_MS)
    throw new AppError('unauthenticated', `${H_TIME}: more than 48 hours away from this server's clock`)
  return { node, time, sig }
}

/** True when a request is signed by the given key (a node asking to join proves it holds its key). */
export function verifyRequestWithKey(publicKey: string, req: SignedRequest): boolean {
  const node = req.header(H_NODE)
  const time = req.header(H_TIME)
  const sig = req.header(H_SIG)
  if (!node || !time || !sig) return false
  return verifyBytes(publicKey, requestText(req.method, req.path, time, node, req.body), sig)
}

/** Signs an answer, bound to the request it answers. */
export function signResponse(key: NodeKey, requestSignature: string, body: string): string {
  return signBytes(key, `hocso-sync/1 answer\n${requestSignature}\n${digest(body)}`)
}

/** Checks an answer's signature with the pinned key of the node that should have sent it. */
export function verifyResponse(
  publicKey: string,
  requestSignature: string,
  body: string,
  sig: string,
): boolean {
  return verifyBytes(publicKey, `hocso-sync/1 answer\n${requestSignature}\n${digest(body)}`, sig)
}

/** What went wrong on the wire, in words: undici's 'fetch failed' and 'terminated' name nothing. */
export function networkCause(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } }
  const code = e?.cause?.code
  if (code === 'ECONNREFUSED') return 'connection refused: the upstream is not running or not reachable'
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed by the upstream'
  if (e?.name === 'TimeoutError') return 'no answer within 120 s'
  return [e?.message, e?.cause?.message].filter(Boolean).join(': ') || String(err)
}

/** A request body already compressed (`compressBody`), ready to be signed and sent. */
export class Compressed {
  constructor(readonly bytes: Awaited<ReturnType<typeof gzipAsync>>) {}
}

/**
 * A request body as JSON, compressed on libuv's threads, not the server's: a page of a thousand
 * records takes tens of milliseconds to compress, during which a hub's learners would wait.
 */
export async function compressBody(body: unknown): Promise<Compressed> {
  return new Compressed(await gzipAsync(Buffer.from(JSON.stringify(body))))
}

/**
 * Sends one signed request to the upstream and checks the signature of its answer (with the
 * pinned key, or for the very first hello with the key the answer carries, which is then pinned).
 * The body may come compressed already (a page prepared while the last one was applied); it is
 * signed as it is sent.
 */
export async function signedCall(
  ctx: Ctx,
  base: string,
  path: string,
  body: unknown,
  expectKey: string | null,
): Promise<{ json: unknown; text: string; key: string }> {
  const raw = (body instanceof Compressed ? body : await compressBody(body)).bytes
  // The machine's own clock, not the upstream's time learned at the last sync: the upstream
  // measures how far off it is at every hello (and shows it), which the lead would hide.
  const headers = signRequest(nodeKey(ctx), new Date(ctx.clock.machineMs()), 'POST', path, raw)
  const send = () =>
    fetch(`${base.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: raw,
      signal: AbortSignal.timeout(120_000),
    })
  let res: Response
  try {
    res = await send()
  } catch (err) {
    // A kept-alive connection the upstream closed while idle (after a long local step, such as
    // re-importing the course files) fails at once; every sync call is safe to send again.
    try {
      res = await send()
    } catch {
      throw new AppError('internal', `upstream ${base}${path}: no answer (${networkCause(err)})`)
    }
  }
  let text: string
  try {
    text = await res.text()
  } catch (err) {
    throw new AppError(
      'internal',
      `upstream ${base}${path}: the answer was cut off halfway (${networkCause(err)}); the upstream stopped or the link dropped, nothing of it was applied`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError('internal', `upstream ${base}${path}: answered ${res.status} without JSON`)
  }
  if (!res.ok) {
    const msg = (json as { error?: { message?: string } })?.error?.message ?? `status ${res.status}`
    throw new AppError('internal', `upstream refused: ${msg}`)
  }
  const key = expectKey ?? (json as { public_key?: string }).public_key ?? ''
  const sig = res.headers.get('x-hocso-answer') ?? ''
  if (!verifyResponse(key, headers[H_SIG]!, text, sig))
    throw new AppError('forbidden', `upstream ${base}: the answer's signature does not match its key`)
  return { json, text, key }
}
