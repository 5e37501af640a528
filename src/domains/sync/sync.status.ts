import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, PROVINCE } from '../people/policy.ts'
import { placeRef } from '../places/places.service.ts'
import { countWaiting } from './paging.service.ts'
import { findNode, listHubs, type NodeRow, scopeOfHub, upstreamNode, vectorOfNode } from './sync.nodes.ts'
import { hubSyncState } from './sync.scheduler.ts'
import { ownScope } from './sync.service.ts'

/** One hub as the officers' page shows it. */
export type HubLine = {
  node: NodeRow
  placeName: string | null
  waiting: number | null
  bundles: number
  refused: number
  /** The latest refusals, with their reasons. */
  latestRefusals: { reason: string; at: string }[]
}

async function exchanges(ctx: Ctx, peer: string) {
  const r = await ctx.db
    .selectFrom('sync_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('peer', '=', peer)
    .where('kind', 'in', ['bundle_in', 'bundle_out'])
    .executeTakeFirstOrThrow()
  const f = await ctx.db
    .selectFrom('sync_refusals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('peer', '=', peer)
    .executeTakeFirstOrThrow()
  return { bundles: Number(r.n), refused: Number(f.n) }
}

/** The hubs an officer manages: last contact, records waiting for them, bundles exchanged, refusals. */
export async function hubsOverview(ctx: Ctx, actor: CurrentUser): Promise<HubLine[]> {
  const out: HubLine[] = []
  for (const node of await listHubs(ctx, actor)) {
    const place = node.scope_code ? await placeRef(ctx, node.scope_code).catch(() => null) : null
    const live = node.role === 'hub' && !node.revoked_at
    const waiting = live
      ? await countWaiting(ctx, { node: node.node_id, hub: await scopeOfHub(ctx, node) }, vectorOfNode(node))
      : null
    const latestRefusals = (await refusalsOf(ctx, node.node_id))
      .slice(0, 3)
      .map((r) => ({ reason: r.reason, at: r.at }))
    out.push({
      node,
      placeName: place?.name ?? null,
      waiting,
      latestRefusals,
      ...(await exchanges(ctx, node.node_id)),
    })
  }
  return out
}

/** This node's own state as a hub (null when it has no upstream): what waits to go, what came in. */
export async function ownHubStatus(ctx: Ctx) {
  const up = await upstreamNode(ctx)
  if (!up) return null
  const scope = await ownScope(ctx)
  const waiting = await countWaiting(ctx, { node: up.node_id, hub: null, ownScope: scope }, vectorOfNode(up))
  const recent = await ctx.db
    .selectFrom('sync_log')
    .selectAll()
    .where('peer', '=', up.node_id)
    .orderBy('at', 'desc')
    .limit(10)
    .execute()
  const held = await ctx.db
    .selectFrom('sync_held')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const refusals = await ctx.db
    .selectFrom('sync_refusals')
    .select(['record_id', 'reason', 'at'])
    .where('peer', '=', up.node_id)
    .orderBy('at', 'desc')
    .limit(20)
    .execute()
  return { upstream: up, waiting, recent, held: Number(held.n), refusals, scheduler: hubSyncState() }
}

/** Refusals recorded for a hub, newest first. */
export function refusalsOf(ctx: Ctx, peer: string) {
  return ctx.db
    .selectFrom('sync_refusals')
    .selectAll()
    .where('peer', '=', peer)
    .orderBy('at', 'desc')
    .limit(50)
    .execute()
}

/** Throws unless the person may exchange records with this node (manage hubs in its scope). */
export async function assertCanExchange(
  ctx: Ctx,
  user: CurrentUser | null,
  nodeId: string,
): Promise<NodeRow> {
  const node = await findNode(ctx, nodeId)
  if (!node || node.role === 'pending') throw new AppError('not_found', `node ${nodeId}: not registered here`)
  const place = node.scope_code ? await placeRef(ctx, node.scope_code).catch(() => PROVINCE) : PROVINCE
  assertCan(user, 'hubs.manage', place)
  return node
}
