import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { getMeta } from '../../core/node-identity.ts'
import { collectPage } from './paging.service.ts'
import { compressBody, signedCall } from './sync.auth.ts'
import { pullContent } from './sync.content.ts'
import { MAX_PAGE, type Page, readPage } from './sync.entries.ts'
import { nodeKey } from './sync.keys.ts'
import { pinUpstream, touchNode, upstreamNode } from './sync.nodes.ts'
import { recoverFromRestore, restoredStreams, restoreNote } from './sync.restore.ts'
import { PlaceIndex } from './sync.scope.ts'
import {
  applyFromUpstream,
  capture,
  clockNote,
  heldCount,
  ownScope,
  PAGE_LIMIT,
  retryHeldNow,
} from './sync.service.ts'
import { emptyVector, STREAMS, type Vector, vectorOf } from './sync.vector.ts'

/** Where `serve --hub --upstream` keeps the address until the upstream first answers. */
export const UPSTREAM_URL = 'sync.upstream_url'

/** What one sync with the upstream did. */
export type SyncReport = {
  pushed: number
  pulled: number
  refused: { id: string; reason: string }[]
  held: number
  files: number
  pages: number
  /** Set when this node found it was restored from a backup (see sync.restore.ts). */
  restored?: string
  /** Set when this node's clock is off from the upstream's by more than HOCSO_MAX_CLOCK_DRIFT. */
  clock?: string
}

export type Progress = (phase: 'push' | 'pull' | 'content', done: number) => void

const helloAnswer = z.object({
  node: z.string(),
  public_key: z.string(),
  name: z.string(),
  scope: z.string().nullable(),
  have: z.object({ changes: z.number(), facts: z.number() }),
  tip: z.object({ changes: z.string().nullable(), facts: z.string().nullable() }).optional(),
  clock_offset_ms: z.number().optional(),
})

const pushAnswer = z.object({
  applied: z.number(),
  duplicates: z.number(),
  held: z.number(),
  refused: z.array(z.object({ id: z.string(), reason: z.string() }).passthrough()),
  have: z.object({ changes: z.number(), facts: z.number() }),
})

/**
 * Records a hub pushes per page by default. Fewer, larger pages cost fewer round trips and
 * commits; any upstream takes up to MAX_PAGE (pageSchema), so hubs already deployed are served.
 * Pages of 5,000 were measured too: the province spent no less CPU a fact, and a hub would hold
 * two pages of them at once (decision 0110).
 */
export const PUSH_PAGE = 2000

/**
 * The first page is smaller: the upstream starts applying it sooner, while the hub collects the
 * next, full one, instead of waiting for a full page to be read and compressed.
 */
export const FIRST_PUSH_PAGE = 500

/** What the upstream holds of this node once it has taken a page with these covers: each cover's end. */
function afterCovers(theirs: Vector, covers: Page['covers']): Vector {
  const next = emptyVector()
  for (const s of STREAMS) next[s] = { ...theirs[s] }
  for (const c of covers) next[c.s][c.o] = Math.max(next[c.s][c.o] ?? 0, c.to)
  return next
}

/** Do two vectors agree on this node's own streams? */
function sameOwn(node: string, a: Vector, b: Vector): boolean {
  return STREAMS.every((s) => (a[s][node] ?? 0) === (b[s][node] ?? 0))
}

/**
 * One full sync with the upstream: hello, push this hub's records page by page, the content,
 * then pull what it lacks page by page. Every page commits on its own, so an interrupted sync
 * resumes from the last page at the next attempt.
 */
export async function syncWithUpstream(
  ctx: Ctx,
  opts: { url?: string; progress?: Progress; pageSize?: number } = {},
): Promise<SyncReport> {
  const pinned = await upstreamNode(ctx)
  const url = opts.url ?? pinned?.url ?? (await getMeta(ctx.db, UPSTREAM_URL))
  if (!url) throw new AppError('validation', 'upstream: no address; start with --upstream <url>')
  // Pushed pages may be larger than pulled ones: an upstream takes up to 5,000 records a page.
  const pushSize = Math.max(1, Math.min(opts.pageSize ?? PUSH_PAGE, MAX_PAGE))
  const pullSize = Math.max(1, Math.min(opts.pageSize ?? PAGE_LIMIT, PAGE_LIMIT))
  const report: SyncReport = { pushed: 0, pulled: 0, refused: [], held: 0, files: 0, pages: 0 }
  try {
    const key = nodeKey(ctx)
    const h = await signedCall(
      ctx,
      url,
      '/api/sync/hello',
      {
        public_key: key.publicKey,
        name: ctx.config.publicUrl ?? `hub ${ctx.nodeId.slice(-6)}`,
        vector: await vectorOf(ctx.db, ctx.nodeId),
      },
      pinned?.public_key ?? null,
    )
    const hi = helloAnswer.parse(h.json)
    const up = await pinUpstream(ctx, {
      node: hi.node,
      publicKey: hi.public_key,
      name: hi.name,
      url,
      scope: hi.scope,
    })
    report.clock = clockNote(hi.clock_offset_ms ?? 0, ctx.clock.maxDriftMs, 'the upstream') ?? undefined
    // Behind the upstream beyond the drift: stamp by its time, or everything it sends is "ahead".
    ctx.clock.follow(-(hi.clock_offset_ms ?? 0))
    await capture(ctx, true)
    // Restored from a backup? Then take a new incarnation before pushing anything (sync.restore.ts).
    if ((await restoredStreams(ctx, { ...hi.have, tip: hi.tip })).length)
      report.restored = restoreNote(await recoverFromRestore(ctx, up, { ...hi.have, tip: hi.tip }))
    const index = new PlaceIndex()
    const scope = await ownScope(ctx)
    let theirs: Vector = emptyVector()
    theirs.changes[ctx.nodeId] = hi.have.changes
    theirs.facts[ctx.nodeId] = hi.have.facts
    const to = { node: up.node_id, hub: null, ownScope: scope }
    // A page's covers and its body compressed, ready to send: the records themselves are not
    // kept once compressed (a hub has little memory, and holds two pages at once).
    const prepare = async (from: Vector, limit = pushSize) => {
      const page = await collectPage(ctx, index, to, from, limit)
      return { covers: page.covers, body: page.covers.length ? await compressBody(page) : null }
    }
    let { covers, body } = await prepare(theirs, Math.min(FIRST_PUSH_PAGE, pushSize))
    while (covers.length) {
      // The next page is collected and compressed while the upstream applies this one, for the
      // vector it will answer if it takes the page whole; when it answers otherwise, that page
      // is collected again.
      const expected = afterCovers(theirs, covers)
      const [sent, collected] = await Promise.allSettled([
        signedCall(ctx, url, '/api/sync/push', body, up.public_key),
        prepare(expected),
      ])
      if (sent.status === 'rejected') throw sent.reason
      const r = pushAnswer.parse(sent.value.json)
      report.pushed += r.applied
      report.refused.push(...r.refused.map((x) => ({ id: x.id, reason: x.reason })))
      report.pages++
      opts.progress?.('push', report.pushed)
      const next = emptyVector()
      next.changes[ctx.nodeId] = r.have.changes
      next.facts[ctx.nodeId] = r.have.facts
      if (
        next.changes[ctx.nodeId] === theirs.changes[ctx.nodeId] &&
        next.facts[ctx.nodeId] === theirs.facts[ctx.nodeId]
      )
        throw new AppError('internal', 'upstream: a pushed page did not advance; stopping to avoid a loop')
      theirs = next
      // Kept after every page: a push cut off halfway must not leave `hub status` counting as
      // waiting what the upstream already holds.
      await touchNode(ctx, up.node_id, { vector: theirs })
      if (!sameOwn(ctx.nodeId, theirs, expected)) ({ covers, body } = await prepare(theirs))
      else if (collected.status === 'fulfilled') ({ covers, body } = collected.value)
      else throw collected.reason
    }
    await touchNode(ctx, up.node_id, { vector: theirs })
    // Content before records: a course completion counts by the course's audience, which the
    // course files give, and a lesson fact waits for its lesson (decision 0110).
    report.files = await pullContent(ctx, url, up.public_key, (n) => opts.progress?.('content', n))
    for (;;) {
      const body = { vector: await vectorOf(ctx.db, ctx.nodeId, { asking: true }), limit: pullSize }
      const read = readPage((await signedCall(ctx, url, '/api/sync/pull', body, up.public_key)).json)
      if (!read.success) throw read.error
      const page = read.data
      const r = await applyFromUpstream(ctx, up, page)
      report.pulled += r.applied
      report.held += r.held
      report.pages++
      ctx.log.info({ page: report.pages, applied: r.applied, more: page.more }, 'sync page applied')
      opts.progress?.('pull', report.pulled)
      if (!page.more) break
    }
    // Whatever is still held may have waited for this content or these records.
    report.pulled += await retryHeldNow(ctx)
    report.held = await heldCount(ctx)
    await touchNode(ctx, up.node_id, { error: null })
    if (report.clock) await touchNode(ctx, up.node_id, { error: report.clock })
    await ctx.db
      .insertInto('sync_log')
      .values({
        id: uuidv7(),
        at: ctx.now().toISOString(),
        peer: up.node_id,
        kind: 'sync',
        records_in: report.pulled,
        records_out: report.pushed,
        refused: report.refused.length,
        bytes: 0,
        bundle_id: null,
        note: report.files ? `${report.files} content file(s)` : null,
      })
      .execute()
    return report
  } catch (err) {
    const up = await upstreamNode(ctx)
    if (up) await touchNode(ctx, up.node_id, { error: (err as Error).message.slice(0, 500) })
    throw err
  }
}
