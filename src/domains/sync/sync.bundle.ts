import { createHash } from 'node:crypto'
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { canonicalJson } from '../facts/canonical.ts'
import { collectPage, type Recipient } from './paging.service.ts'
import { type ApplyResult, applyEntries, type Sender } from './sync.apply.ts'
import { contentManifest, readContentFile, reimportContent, writeContentFile } from './sync.content.ts'
import { type Cover, coverSchema, type Entry, entrySchema } from './sync.entries.ts'
import { nodeKey, signBytes, verifyBytes } from './sync.keys.ts'
import { findNode, hasHubs, type NodeRow, scopeOfHub, upstreamNode, vectorOfNode } from './sync.nodes.ts'
import { PlaceIndex } from './sync.scope.ts'
import { capture, ownScope, retryHeldNow } from './sync.service.ts'
import { lockForWrite, readVector, STREAMS, type Vector, vectorOf } from './sync.vector.ts'

/**
 * A bundle: everything one node lacks from another, in one file carried by hand. Layout:
 * `HOCSO-BUNDLE/1\n`, the header's length in ten digits and `\n`, the header (JSON, signed with
 * the sender's Ed25519 key; it holds the payload's length and SHA-256), then the payload: one
 * JSON record per line, compressed with Brotli.
 */
export const MAGIC = 'HOCSO-BUNDLE/1\n'

/** Why a bundle was refused whole. */
export type BundleFault = 'not_bundle' | 'truncated' | 'altered' | 'unregistered' | 'revoked' | 'foreign'

/** A bundle refused whole; `fault` says which check failed, the message says it to a person. */
export class BundleError extends AppError {
  constructor(
    readonly fault: BundleFault,
    message: string,
  ) {
    super(
      fault === 'revoked' || fault === 'unregistered' ? 'forbidden' : 'validation',
      `${message}; nothing was imported`,
    )
  }
}

const headerSchema = z
  .object({
    format: z.literal(1),
    id: z.string().uuid(),
    from: z.string().min(1).max(64),
    from_key: z.string().max(64),
    to: z.string().min(1).max(64),
    created_at: z.string().max(40),
    answer_to: z.string().uuid().nullable(),
    vector: z.unknown(),
    covers: z.array(coverSchema),
    counts: z.object({ changes: z.number(), facts: z.number(), files: z.number() }),
    payload: z.object({ encoding: z.literal('br'), bytes: z.number().int().min(0), sha256: z.string() }),
    signature: z.string(),
  })
  .strict()
export type BundleHeader = z.infer<typeof headerSchema>

const fileLine = z
  .object({ s: z.literal('file'), path: z.string(), sha256: z.string(), data: z.string() })
  .strict()

type Built = { data: Buffer; header: BundleHeader; entries: number }

export type ExportProgress = (phase: 'collect' | 'compress', done: number, total?: number) => void

/** The recipient of a bundle for node `to`: a hub registered here, or this hub's upstream. */
async function recipientFor(
  ctx: Ctx,
  to: string,
): Promise<{ peer: NodeRow; recipient: Recipient; theirs: Vector }> {
  const peer = await findNode(ctx, to)
  if (!peer || peer.role === 'pending')
    throw new AppError(
      'validation',
      `--for: node ${to} is not registered here (neither a hub nor the upstream)`,
    )
  if (peer.revoked_at) throw new AppError('validation', `--for: node ${to} was revoked on ${peer.revoked_at}`)
  const recipient: Recipient =
    peer.role === 'hub'
      ? { node: peer.node_id, hub: await scopeOfHub(ctx, peer) }
      : { node: peer.node_id, hub: null, ownScope: await ownScope(ctx) }
  return { peer, recipient, theirs: vectorOfNode(peer) }
}

/**
 * Writes a bundle of everything node `to` lacks, according to the last vector it told us
 * (records it already holds only make the bundle bigger: applying them again changes nothing).
 */
export async function exportBundle(
  ctx: Ctx,
  to: string,
  opts: { content?: boolean; answerTo?: string | null; progress?: ExportProgress } = {},
): Promise<Built> {
  const { recipient, theirs } = await recipientFor(ctx, to)
  await capture(ctx, true)
  const index = new PlaceIndex()
  const lines: string[] = []
  const covers: Cover[] = []
  const counts = { changes: 0, facts: 0, files: 0 }
  const cursor: Vector = { changes: { ...theirs.changes }, facts: { ...theirs.facts } }
  for (;;) {
    const page = await collectPage(ctx, index, recipient, cursor, 5000)
    for (const e of page.entries) {
      lines.push(JSON.stringify(e))
      counts[e.s]++
    }
    for (const c of page.covers) {
      covers.push(c)
      cursor[c.s][c.o] = c.to
    }
    opts.progress?.('collect', counts.changes + counts.facts)
    if (!page.more) break
  }
  if (opts.content) {
    const root = ctx.config.contentDir
    for (const f of contentManifest(root)) {
      lines.push(
        JSON.stringify({
          s: 'file',
          path: f.path,
          sha256: f.sha256,
          data: readContentFile(root, f.path).toString('base64'),
        }),
      )
      counts.files++
    }
  }
  opts.progress?.('compress', 0, 1)
  const payload = brotliCompressSync(Buffer.from(lines.join('\n')), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: lines.length * 300 },
  })
  opts.progress?.('compress', 1, 1)
  const key = nodeKey(ctx)
  const unsigned = {
    format: 1 as const,
    id: uuidv7(),
    from: ctx.nodeId,
    from_key: key.publicKey,
    to,
    created_at: ctx.now().toISOString(),
    answer_to: opts.answerTo ?? null,
    vector: await vectorOf(ctx.db, ctx.nodeId),
    covers,
    counts,
    payload: {
      encoding: 'br' as const,
      bytes: payload.length,
      sha256: createHash('sha256').update(payload).digest('hex'),
    },
  }
  const header: BundleHeader = { ...unsigned, signature: signBytes(key, canonicalJson(unsigned)) }
  const head = Buffer.from(JSON.stringify(header))
  const data = Buffer.concat([
    Buffer.from(MAGIC),
    Buffer.from(`${String(head.length).padStart(10, '0')}\n`),
    head,
    payload,
  ])
  await ctx.db
    .insertInto('sync_log')
    .values({
      id: uuidv7(),
      at: ctx.now().toISOString(),
      peer: to,
      kind: 'bundle_out',
      records_in: 0,
      records_out: counts.changes + counts.facts,
      refused: 0,
      bytes: data.length,
      bundle_id: header.id,
      note: counts.files ? `${counts.files} content file(s)` : null,
    })
    .execute()
  return { data, header, entries: counts.changes + counts.facts }
}

/** Reads and checks a bundle without applying it: refuses it whole, saying which check failed. */
export async function verifyBundle(
  ctx: Ctx,
  data: Buffer,
): Promise<{ header: BundleHeader; peer: NodeRow; entries: Entry[]; files: z.infer<typeof fileLine>[] }> {
  const magic = Buffer.from(MAGIC)
  if (data.length < magic.length || !data.subarray(0, magic.length).equals(magic)) {
    if (data.length < magic.length && magic.subarray(0, data.length).equals(data))
      throw new BundleError('truncated', `bundle cut short: only ${data.length} bytes`)
    throw new BundleError('not_bundle', 'not a hocso bundle: the file does not start with HOCSO-BUNDLE/1')
  }
  const lenEnd = magic.length + 11
  if (data.length < lenEnd) throw new BundleError('truncated', `bundle cut short: only ${data.length} bytes`)
  const lenText = data.subarray(magic.length, lenEnd).toString('latin1')
  if (!/^\d{10}\n$/.test(lenText))
    throw new BundleError('altered', 'bundle altered: its header length is not readable')
  const headEnd = lenEnd + Number(lenText.slice(0, 10))
  if (data.length < headEnd)
    throw new BundleError(
      'truncated',
      `bundle cut short: ${data.length} bytes, the header alone needs ${headEnd}`,
    )
  let header: BundleHeader
  try {
    header = headerSchema.parse(JSON.parse(data.subarray(lenEnd, headEnd).toString('utf8')))
  } catch {
    throw new BundleError('altered', 'bundle altered: its header is not readable')
  }
  const payload = data.subarray(headEnd)
  if (payload.length < header.payload.bytes)
    throw new BundleError(
      'truncated',
      `bundle cut short: ${data.length} of ${headEnd + header.payload.bytes} bytes are present`,
    )
  if (payload.length > header.payload.bytes)
    throw new BundleError('altered', 'bundle altered: it is longer than its header says')
  const peer = await findNode(ctx, header.from)
  if (!peer || peer.role === 'pending')
    throw new BundleError('unregistered', `bundle from node ${header.from}, which is not registered here`)
  if (peer.revoked_at)
    throw new BundleError(
      'revoked',
      `bundle from node ${header.from}, whose key was revoked on ${peer.revoked_at}`,
    )
  const { signature, ...unsigned } = header
  if (!verifyBytes(peer.public_key, canonicalJson(unsigned), signature))
    throw new BundleError(
      'altered',
      `bundle altered: its signature does not match the key of node ${header.from}`,
    )
  if (header.to !== ctx.nodeId)
    throw new BundleError(
      'foreign',
      `bundle for another node: it is addressed to ${header.to}, this node is ${ctx.nodeId}`,
    )
  if (createHash('sha256').update(payload).digest('hex') !== header.payload.sha256)
    throw new BundleError('altered', 'bundle altered: its checksum does not match')
  let text: string
  try {
    text = brotliDecompressSync(payload).toString('utf8')
  } catch {
    throw new BundleError('altered', 'bundle altered: its records cannot be decompressed')
  }
  const entries: Entry[] = []
  const files: z.infer<typeof fileLine>[] = []
  for (const line of text ? text.split('\n') : []) {
    const raw = JSON.parse(line)
    if (raw?.s === 'file') files.push(fileLine.parse(raw))
    else {
      const e = entrySchema.safeParse(raw)
      if (!e.success) throw new BundleError('altered', 'bundle altered: a record is not readable')
      entries.push(e.data as Entry)
    }
  }
  return { header, peer, entries, files }
}

/** What importing a bundle did. */
export type ImportResult = ApplyResult & {
  bundleId: string
  from: string
  alreadyImported: boolean
  files: number
}

export type ImportProgress = (done: number, total: number) => void

/** Max of two vectors: what a peer holds only grows, whatever order its bundles arrive in. */
function maxVector(a: Vector, b: Vector): Vector {
  const out: Vector = { changes: { ...a.changes }, facts: { ...a.facts } }
  for (const s of STREAMS) for (const [o, n] of Object.entries(b[s])) out[s][o] = Math.max(out[s][o] ?? 0, n)
  return out
}

/**
 * Verifies a bundle and applies it in one transaction: all of it or, if anything goes wrong
 * (even the process being killed), none of it. Importing the same bundle again changes nothing.
 */
export async function importBundle(
  ctx: Ctx,
  data: Buffer,
  opts: { progress?: ImportProgress } = {},
): Promise<ImportResult> {
  const { header, peer, entries, files } = await verifyBundle(ctx, data)
  const sender: Sender =
    peer.role === 'hub'
      ? { node: peer.node_id, hub: await scopeOfHub(ctx, peer) }
      : { node: peer.node_id, hub: null }
  // Content before records: a course completion counts by the course's audience, which the
  // course files give; applied before them it would be missing from the dashboards.
  let written = 0
  if (peer.role === 'upstream') {
    // Made by the upstream later than this clock says it is now: this clock is behind by at least
    // that much, and takes the upstream's time as a sync does (an old bundle says nothing more).
    const lead = Date.parse(header.created_at) - ctx.clock.machineMs()
    if (lead > ctx.clock.leadMs) ctx.clock.follow(lead)
    const mine = new Map(contentManifest(ctx.config.contentDir).map((f) => [f.path, f.sha256]))
    for (const f of files) {
      if (mine.get(f.path) === f.sha256) continue
      writeContentFile(ctx.config.contentDir, f.path, Buffer.from(f.data, 'base64'), f.sha256)
      written++
    }
    if (written) await reimportContent(ctx)
  }
  await capture(ctx, true)
  const index = new PlaceIndex()
  const relog = await hasHubs(ctx)
  const total: ApplyResult = { applied: 0, duplicates: 0, held: 0, refused: [] }
  const logged = await ctx.db
    .selectFrom('sync_log')
    .select('at')
    .where('bundle_id', '=', header.id)
    .where('kind', '=', 'bundle_in')
    .executeTakeFirst()
  await inTransaction(ctx, async (tx) => {
    await lockForWrite(tx.db)
    const CHUNK = 500
    opts.progress?.(0, entries.length)
    for (let i = 0; i < entries.length || i === 0; i += CHUNK) {
      const last = i + CHUNK >= entries.length
      const r = await applyEntries(
        tx,
        index,
        entries.slice(i, i + CHUNK),
        last ? header.covers : [],
        sender,
        {
          relog,
        },
      )
      total.applied += r.applied
      total.duplicates += r.duplicates
      total.held += r.held
      total.refused.push(...r.refused)
      opts.progress?.(Math.min(i + CHUNK, entries.length), entries.length)
      if (last) break
    }
    if (logged) return
    const known = vectorOfNode(
      (await tx.db
        .selectFrom('sync_nodes')
        .selectAll()
        .where('node_id', '=', peer.node_id)
        .executeTakeFirst()) ?? undefined,
    )
    await tx.db
      .updateTable('sync_nodes')
      .set({
        vector: JSON.stringify(maxVector(known, readVector(header.vector))),
        last_contact_at: tx.now().toISOString(),
        last_error: null,
      })
      .where('node_id', '=', peer.node_id)
      .execute()
    await tx.db
      .insertInto('sync_log')
      .values({
        id: uuidv7(),
        at: tx.now().toISOString(),
        peer: peer.node_id,
        kind: 'bundle_in',
        records_in: total.applied,
        records_out: 0,
        refused: total.refused.length,
        bytes: data.length,
        bundle_id: header.id,
        note: header.answer_to ? `answer to ${header.answer_to}` : null,
      })
      .execute()
  })
  // Records held here may have waited for these records or this content: try them again now.
  if (total.applied || written) await retryHeldNow(ctx)
  return { ...total, bundleId: header.id, from: peer.node_id, alreadyImported: !!logged, files: written }
}

/** The node this hub's bundles go to by default: its upstream. */
export async function defaultRecipient(ctx: Ctx): Promise<string | null> {
  return (await upstreamNode(ctx))?.node_id ?? null
}
