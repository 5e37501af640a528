import type { Db } from '../../core/db.ts'

/** What other domains read of the sync nodes; takes the handle to read with first. */

/** A hub registered with this node and not revoked: the place it serves and its last contact. */
export type LiveHub = { scopeCode: string; name: string; lastContactAt: string | null }

/** The hubs registered with this node and not revoked. */
export async function liveHubs(db: Db): Promise<LiveHub[]> {
  const rows = await db
    .selectFrom('sync_nodes')
    .select(['scope_code', 'name', 'last_contact_at'])
    .where('role', '=', 'hub')
    .where('revoked_at', 'is', null)
    .where('scope_code', 'is not', null)
    .execute()
  return rows.map((h) => ({ scopeCode: h.scope_code!, name: h.name, lastContactAt: h.last_contact_at }))
}
