import type { Db } from '../../core/db.ts'
import type { HubScope, PlaceIndex } from './sync.scope.ts'

/** A row of a replicated table, as read from the database and carried as JSON. */
export type RowData = Record<string, unknown>

/**
 * An editable table that replicates. Rows merge by (hlc, origin_node): the greater stamp wins on
 * every node, whatever the order of exchanges. `places` says where a row belongs, for scopes.
 */
export type ReplicatedTable = {
  name: 'places' | 'accounts' | 'role_assignments' | 'traders'
  /** The key rows are matched by: the id, or the official code for places (each node creates the units itself). */
  key: 'id' | 'code'
  /** Applied in this order within a page, so references exist first. */
  rank: number
  /** Place codes the row belongs to (before adding communes). */
  places: (db: Db, row: RowData) => Promise<(string | null)[]>
  /** Extra rule for versions sent by a hub; returns the reason to refuse, or null. */
  hubRule?: (row: RowData, scope: HubScope) => string | null
  /** Rows about people: one with no place at all still belongs to the hub it was made on. */
  personal?: boolean
  /** Only the rows with this column value replicate (the others are reference data every node makes). */
  only?: { column: string; value: string }
}

const str = (v: unknown) => (typeof v === 'string' ? v : null)

/**
 * What replicates today, in application order. Not yet: consents, technology groups and their
 * members, events and registrations, certificates, campaign targets, the audit log, sessions
 * (sessions never will: a session belongs to one server).
 */
export const REPLICATED: ReplicatedTable[] = [
  // The province, communes and wards come from data/dien-bien-units.json on every node; villages travel.
  {
    name: 'places',
    key: 'code',
    rank: 0,
    places: async (_db, r) => [str(r.code)],
    only: { column: 'kind', value: 'village' },
  },
  {
    name: 'accounts',
    key: 'id',
    rank: 1,
    personal: true,
    // A person belongs to their home place and to every place where they hold a role.
    places: async (db, r) => {
      const roles = await db
        .selectFrom('role_assignments')
        .select('scope_code')
        .where('account_id', '=', String(r.id))
        .where('revoked_at', 'is', null)
        .execute()
      return [str(r.place_code), ...roles.map((x) => x.scope_code)]
    },
  },
  {
    name: 'role_assignments',
    key: 'id',
    rank: 2,
    personal: true,
    // A role belongs to its scope and to the person's home, so a hub knows what its people may do.
    places: async (db, r) => {
      const acc = await db
        .selectFrom('accounts')
        .select('place_code')
        .where('id', '=', String(r.account_id))
        .executeTakeFirst()
      return [str(r.scope_code), acc?.place_code ?? null]
    },
    // A hub may grant roles only inside its scope (a learner role, which grants nothing, anywhere).
    hubRule: (r, scope) =>
      r.role === 'learner' || scope.places.has(String(r.scope_code))
        ? null
        : `role ${String(r.role)} at ${String(r.scope_code)} is outside the hub's scope ${scope.code}`,
  },
  { name: 'traders', key: 'id', rank: 3, places: async (_db, r) => [str(r.place_code)] },
]

const BY_NAME = new Map(REPLICATED.map((t) => [t.name, t]))

/** The descriptor of a replicated table, or undefined for a name that does not replicate. */
export function replicated(name: string): ReplicatedTable | undefined {
  return BY_NAME.get(name as ReplicatedTable['name'])
}

/** The place tags of a row (places and their communes), without `@node` tags. */
export async function placeTags(db: Db, index: PlaceIndex, table: ReplicatedTable, row: RowData) {
  const out: string[] = []
  for (const p of await table.places(db, row)) out.push(...(await index.expand(db, p)))
  return out
}
