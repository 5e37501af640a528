import type { Selectable } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import { AppError, conflict, notFound, validationError } from '../../core/errors.ts'
import { setMeta, UPSTREAM_META } from '../../core/node-identity.ts'
import { normaliseText, textMessage, textProblem, UUID } from '../../core/text.ts'
import { inTransaction } from '../../core/transaction.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, PROVINCE, scopesFor } from '../people/policy.ts'
import { placeRef } from '../places/places.service.ts'
import { writeAudit } from '../system/audit.ts'
import { isPublicKey } from './sync.keys.ts'
import { type HubScope, hubScope } from './sync.scope.ts'
import type { SyncTables } from './sync.tables.ts'
import { emptyVector, readVector, type Vector } from './sync.vector.ts'

export type NodeRow = Selectable<SyncTables['sync_nodes']>

/** The command line acts with the authority of whoever runs it on the server, like create-admin. */
export type Actor = CurrentUser | 'system'

const MAX_PENDING = 50

/** One known node by id. */
export function findNode(ctx: Ctx, nodeId: string) {
  return ctx.db.selectFrom('sync_nodes').selectAll().where('node_id', '=', nodeId).executeTakeFirst()
}

/** This hub's upstream (the province), when one is known. */
export function upstreamNode(ctx: Ctx) {
  return ctx.db.selectFrom('sync_nodes').selectAll().where('role', '=', 'upstream').executeTakeFirst()
}

/** True when hubs are registered here: this node forwards records between hubs. */
export async function hasHubs(ctx: Ctx): Promise<boolean> {
  const r = await ctx.db
    .selectFrom('sync_nodes')
    .select('node_id')
    .where('role', '=', 'hub')
    .executeTakeFirst()
  return !!r
}

/** The scope of a registered hub, with every place code inside it. */
export async function scopeOfHub(ctx: Ctx, hub: NodeRow): Promise<HubScope> {
  if (!hub.scope_code) throw new AppError('internal', `hub ${hub.node_id} has no scope`)
  return hubScope(ctx.db, hub.node_id, hub.scope_code)
}

/** The last vector a node told us it holds. */
export function vectorOfNode(row: NodeRow | undefined): Vector {
  if (!row) return emptyVector()
  try {
    return readVector(JSON.parse(row.vector))
  } catch {
    return emptyVector()
  }
}

async function placeFor(ctx: Ctx, code: string) {
  const place = await placeRef(ctx, code).catch(() => {
    throw validationError('scope_code', `unknown place ${code}`)
  })
  if (place.kind === 'province') throw validationError('scope_code', 'must be a commune, a ward or a village')
  return place
}

/**
 * Registers a hub: its node id, public key and scope (a commune or a village). A node that asked
 * to join over the network is approved the same way. A revoked key is never registered again:
 * the hub makes a new database and key.
 */
export async function registerHub(
  ctx: Ctx,
  actor: Actor,
  input: { node: string; publicKey: string; scope: string; name: string },
): Promise<void> {
  if (!UUID.test(input.node)) throw validationError('node', 'must be a node id (a UUID)')
  const name = normaliseText(input.name)
  const nameProblem = textProblem(name, { min: 2, max: 80 })
  if (nameProblem) throw validationError('name', textMessage(nameProblem))
  const place = await placeFor(ctx, input.scope)
  if (actor !== 'system') assertCan(actor, 'hubs.manage', place)
  if (!isPublicKey(input.publicKey))
    throw validationError('public_key', 'must be an Ed25519 public key (43 characters)')
  if (input.node === ctx.nodeId) throw validationError('node', 'is this node itself')
  const existing = await findNode(ctx, input.node)
  if (existing?.revoked_at)
    throw conflict(
      `node: ${input.node} was revoked on ${existing.revoked_at}; a revoked hub must make a new key`,
    )
  if (existing && existing.role !== 'pending') throw conflict(`node: ${input.node} is already registered`)
  const now = ctx.now().toISOString()
  const actorId = actor === 'system' ? null : actor.id
  await inTransaction(ctx, async (tx) => {
    const row = {
      public_key: input.publicKey,
      role: 'hub',
      name,
      scope_code: place.code,
      registered_at: now,
      registered_by: actorId,
    }
    if (existing) await tx.db.updateTable('sync_nodes').set(row).where('node_id', '=', input.node).execute()
    else
      await tx.db
        .insertInto('sync_nodes')
        .values({ node_id: input.node, ...row, url: null, vector: '{}' })
        .execute()
    await writeAudit(tx, {
      actorId,
      action: 'hub.register',
      targetType: 'node',
      targetId: input.node,
      detail: { scope: place.code, name },
    })
  })
}

/** Revokes a hub: from now on its requests and bundles are refused, and say so. */
export async function revokeHub(ctx: Ctx, actor: Actor, nodeId: string): Promise<void> {
  const hub = await findNode(ctx, nodeId)
  if (!hub || hub.role === 'upstream') throw notFound(`hub ${nodeId}`)
  if (actor !== 'system') assertCan(actor, 'hubs.manage', await placeFor(ctx, hub.scope_code ?? ''))
  if (hub.revoked_at) return
  const actorId = actor === 'system' ? null : actor.id
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('sync_nodes')
      .set({ revoked_at: tx.now().toISOString(), revoked_by: actorId })
      .where('node_id', '=', nodeId)
      .execute()
    await writeAudit(tx, { actorId, action: 'hub.revoke', targetType: 'node', targetId: nodeId })
  })
}

/** Remembers a node that asked to join over the network, for an officer to approve. */
export async function notePending(ctx: Ctx, input: { node: string; publicKey: string; name: string }) {
  // Ids are UUIDs and names follow the text rule; a request that breaks either is not kept.
  if (!isPublicKey(input.publicKey) || !UUID.test(input.node)) return
  const name = normaliseText(input.name)
  if (textProblem(name, { min: 1, max: 80 })) return
  const n = await ctx.db
    .selectFrom('sync_nodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'pending')
    .executeTakeFirstOrThrow()
  if (Number(n.n) >= MAX_PENDING) return
  await ctx.db
    .insertInto('sync_nodes')
    .values({
      node_id: input.node,
      public_key: input.publicKey,
      role: 'pending',
      name,
      scope_code: null,
      url: null,
      registered_at: ctx.now().toISOString(),
      registered_by: null,
      vector: '{}',
    })
    .onConflict((oc) => oc.column('node_id').doNothing())
    .execute()
}

/** Hubs (and pending requests) an officer may manage: those whose scope lies in theirs. */
export async function listHubs(ctx: Ctx, actor: Actor): Promise<NodeRow[]> {
  const rows = await ctx.db
    .selectFrom('sync_nodes')
    .selectAll()
    .where('role', 'in', ['hub', 'pending'])
    .orderBy('registered_at', 'desc')
    .execute()
  if (actor === 'system') return rows
  const scopes = scopesFor(actor, 'hubs.manage')
  if (!scopes.length) assertCan(actor, 'hubs.manage', PROVINCE)
  const out: NodeRow[] = []
  for (const r of rows) {
    // A pending request has no place yet; any officer who may manage hubs sees it and picks a scope in theirs.
    if (r.role === 'pending') {
      out.push(r)
      continue
    }
    const place = await placeRef(ctx, r.scope_code ?? '').catch(() => null)
    if (place && scopes.some((s) => s === PROVINCE.code || s === place.code || s === place.communeCode))
      out.push(r)
  }
  return out
}

/**
 * Pins this hub's upstream: its node id and key (and address and the scope it registered this
 * hub for). A different key for the same upstream is refused: that is how a man in the middle looks.
 */
export async function pinUpstream(
  ctx: Ctx,
  up: { node: string; publicKey: string; name: string; url: string | null; scope: string | null },
): Promise<NodeRow> {
  const current = await upstreamNode(ctx)
  if (current && (current.node_id !== up.node || current.public_key !== up.publicKey))
    throw new AppError(
      'forbidden',
      `upstream: answered as node ${up.node} with another key than the pinned upstream ${current.node_id}; nothing was exchanged`,
    )
  if (!current)
    await ctx.db
      .insertInto('sync_nodes')
      .values({
        node_id: up.node,
        public_key: up.publicKey,
        role: 'upstream',
        name: up.name,
        scope_code: up.scope,
        url: up.url,
        registered_at: ctx.now().toISOString(),
        registered_by: null,
        vector: '{}',
      })
      .execute()
  else
    await ctx.db
      .updateTable('sync_nodes')
      .set({ url: up.url ?? current.url, scope_code: up.scope ?? current.scope_code, name: up.name })
      .where('node_id', '=', up.node)
      .execute()
  await setMeta(ctx.db, UPSTREAM_META, up.node)
  return (await upstreamNode(ctx))!
}

/** Notes a contact with a node: when, what it holds, and the error if the exchange failed. */
export async function touchNode(ctx: Ctx, nodeId: string, what: { vector?: Vector; error?: string | null }) {
  await ctx.db
    .updateTable('sync_nodes')
    .set({
      ...(what.error === undefined || what.error === null
        ? { last_contact_at: ctx.now().toISOString() }
        : {}),
      ...(what.vector ? { vector: JSON.stringify(what.vector) } : {}),
      ...(what.error !== undefined ? { last_error: what.error } : {}),
    })
    .where('node_id', '=', nodeId)
    .execute()
}
