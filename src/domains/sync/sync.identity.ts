import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { canonicalJson } from '../facts/canonical.ts'
import { isPublicKey, nodeKey, signBytes, verifyBytes } from './sync.keys.ts'
import { findNode, pinUpstream } from './sync.nodes.ts'

/**
 * The two small documents that introduce nodes when no network joins them. A hub's identity
 * (node id and public key) goes to the province, which registers it; the province answers with a
 * welcome (its own identity and the hub's scope, signed), which the hub joins.
 */
export const identitySchema = z
  .object({
    kind: z.literal('hocso-node'),
    node: z.string().min(1).max(64),
    public_key: z.string().refine(isPublicKey, 'must be an Ed25519 public key (43 characters)'),
    name: z.string().max(80),
  })
  .strict()
export type Identity = z.infer<typeof identitySchema>

const welcomeSchema = z
  .object({
    kind: z.literal('hocso-welcome'),
    upstream: z
      .object({ node: z.string(), public_key: z.string(), name: z.string(), url: z.string().nullable() })
      .strict(),
    hub: z.object({ node: z.string(), scope: z.string() }).strict(),
    at: z.string(),
    signature: z.string(),
  })
  .strict()

/** This node's identity, for registering it on the province. */
export function identityOf(ctx: Ctx): Identity {
  return {
    kind: 'hocso-node',
    node: ctx.nodeId,
    public_key: nodeKey(ctx).publicKey,
    name: (ctx.config.publicUrl ?? `hocso ${ctx.nodeId.slice(-6)}`).slice(0, 80),
  }
}

/** Reads an identity document, naming the bad field. */
export function parseIdentity(text: string): Identity {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new AppError('validation', 'identity: is not JSON (use the file `hocso hub identity` writes)')
  }
  const r = identitySchema.safeParse(raw)
  if (!r.success)
    throw new AppError(
      'validation',
      r.error.issues.map((i) => `identity.${i.path.join('.')}: ${i.message}`).join('; '),
    )
  return r.data
}

/** The welcome the province gives a registered hub: its own identity and the hub's scope, signed. */
export async function welcomeFor(ctx: Ctx, hubNode: string): Promise<string> {
  const hub = await findNode(ctx, hubNode)
  if (!hub || hub.role !== 'hub' || !hub.scope_code)
    throw new AppError('not_found', `hub ${hubNode}: not registered`)
  const body = {
    kind: 'hocso-welcome' as const,
    upstream: {
      node: ctx.nodeId,
      public_key: nodeKey(ctx).publicKey,
      name: ctx.config.publicUrl ?? 'hocso',
      url: ctx.config.publicUrl ?? null,
    },
    hub: { node: hubNode, scope: hub.scope_code },
    at: ctx.now().toISOString(),
  }
  return `${JSON.stringify({ ...body, signature: signBytes(nodeKey(ctx), canonicalJson(body)) }, null, 2)}\n`
}

/** Joins a hub to its province from a welcome document (the bundle-only way to pin the upstream). */
export async function joinFromWelcome(ctx: Ctx, text: string): Promise<{ upstream: string; scope: string }> {
  let w: z.infer<typeof welcomeSchema>
  try {
    w = welcomeSchema.parse(JSON.parse(text))
  } catch {
    throw new AppError(
      'validation',
      'welcome: is not a welcome file written by `hocso hub register --welcome`',
    )
  }
  const { signature, ...body } = w
  if (!verifyBytes(w.upstream.public_key, canonicalJson(body), signature))
    throw new AppError('validation', 'welcome: its signature does not match; the file was altered')
  if (w.hub.node !== ctx.nodeId)
    throw new AppError('validation', `welcome: it is for node ${w.hub.node}, this node is ${ctx.nodeId}`)
  await pinUpstream(ctx, {
    node: w.upstream.node,
    publicKey: w.upstream.public_key,
    name: w.upstream.name,
    url: w.upstream.url,
    scope: w.hub.scope,
  })
  return { upstream: w.upstream.node, scope: w.hub.scope }
}
