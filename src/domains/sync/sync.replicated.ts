import type { Kysely } from 'kysely'
import type { Db } from '../../core/db.ts'
import { homePlaceOf, liveRoleScopes } from '../people/people.reads.ts'
import type { HubScope, PlaceIndex } from './sync.scope.ts'

// Replicated tables are named at run time; this view of the database types their columns loosely.
type Loose = Kysely<Record<string, Record<string, unknown>>>

/** A row of a replicated table, as read from the database and carried as JSON. */
export type RowData = Record<string, unknown>

/**
 * An editable table that replicates. Rows merge by (hlc, origin_node): the greater stamp wins on
 * every node, whatever the order of exchanges. `places` says where a row belongs, for scopes.
 */
export type ReplicatedTable = {
  name: string
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
  /** Rows every hub receives, whatever its scope (tagged `*`): the province's issuing keys and lists. */
  global?: boolean
  /**
   * Rows of a dependent table without stamps of their own (an event's trainers) travel inside the
   * parent's version, as JSON under `$children`, and are replaced with it; the parent's stamp moves when they change.
   */
  children?: { table: string; fk: string; order: string }
}

/** Where the rows of a child table travel inside their parent's version. */
export const CHILDREN = '$children'

const str = (v: unknown) => (typeof v === 'string' ? v : null)

/** The places of the row another row points at (an event's, a group's), read here. */
async function placeOf(db: Db, table: string, column: string, id: unknown): Promise<string | null> {
  if (typeof id !== 'string') return null
  const r = await (db as unknown as Loose)
    .selectFrom(table)
    .select(column)
    .where('id', '=', id)
    .executeTakeFirst()
  return str(r?.[column])
}

/**
 * The scope tags a person's row carries here (their places and `@node`): a record about the
 * person (a certificate) reaches exactly the hubs that hold the person.
 */
async function personTags(db: Db, accountId: unknown): Promise<string[]> {
  if (typeof accountId !== 'string') return []
  const r = await db
    .selectFrom('sync_rows')
    .select('scopes')
    .where('tbl', '=', 'accounts')
    .where('row_key', '=', accountId)
    .executeTakeFirst()
  const home = await homePlaceOf(db, accountId)
  return [...(r?.scopes.split(',').filter(Boolean) ?? []), ...(home ? [home] : [])]
}

/** Certificates are signed by the province only (decision 0110): a hub sends none of their records. */
const provinceOnly = (r: RowData) => `certificates are issued by the province only (${String(r.id)})`

/** A hub may grant, set or plan only inside its scope. */
const inScope = (column: string) => (r: RowData, scope: HubScope) =>
  scope.places.has(String(r[column]))
    ? null
    : `${column} ${String(r[column])} is outside the hub's scope ${scope.code}`

/**
 * What replicates, in application order. Not yet: consents, the audit log, sessions (sessions
 * never will: a session belongs to one server).
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
    places: async (db, r) => [str(r.place_code), ...(await liveRoleScopes(db, String(r.id)))],
  },
  {
    name: 'role_assignments',
    key: 'id',
    rank: 2,
    personal: true,
    // A role belongs to its scope and to the person's home, so a hub knows what its people may do.
    places: async (db, r) => [str(r.scope_code), await homePlaceOf(db, String(r.account_id))],
    // A hub may grant roles only inside its scope (a learner role, which grants nothing, anywhere).
    hubRule: (r, scope) =>
      r.role === 'learner' || scope.places.has(String(r.scope_code))
        ? null
        : `role ${String(r.role)} at ${String(r.scope_code)} is outside the hub's scope ${scope.code}`,
  },
  { name: 'traders', key: 'id', rank: 3, places: async (_db, r) => [str(r.place_code)] },
  // Trainings and other events of a commune, with their trainers; registrations follow their event.
  {
    name: 'events',
    key: 'id',
    rank: 4,
    places: async (_db, r) => [str(r.place_code)],
    hubRule: inScope('place_code'),
    children: { table: 'event_trainers', fk: 'event_id', order: 'position' },
  },
  {
    name: 'event_registrations',
    key: 'id',
    rank: 5,
    places: async (db, r) => [await placeOf(db, 'events', 'place_code', r.event_id)],
  },
  // Technology groups of a village or commune and their members.
  { name: 'outreach_groups', key: 'id', rank: 4, places: async (_db, r) => [str(r.place_code)] },
  {
    name: 'outreach_group_members',
    key: 'id',
    rank: 5,
    places: async (db, r) => [await placeOf(db, 'outreach_groups', 'place_code', r.group_id)],
  },
  // Targets of a commune (the province's own targets stay at the province) and planned visits.
  {
    name: 'campaign_targets',
    key: 'id',
    rank: 4,
    places: async (_db, r) => [str(r.scope_code)],
    hubRule: inScope('scope_code'),
  },
  { name: 'campaign_visits', key: 'id', rank: 4, places: async (_db, r) => [str(r.village_code)] },
  // Certificates come down from the province: its public keys and status lists to every hub (so
  // any hub verifies any certificate), a person's certificates and revocations where the person is.
  {
    name: 'certificate_keys',
    key: 'id',
    rank: 6,
    global: true,
    places: async () => [],
    hubRule: provinceOnly,
  },
  {
    name: 'certificate_status_lists',
    key: 'id',
    rank: 7,
    global: true,
    places: async () => [],
    hubRule: provinceOnly,
  },
  {
    name: 'certificates',
    key: 'id',
    rank: 8,
    personal: true,
    places: async (db, r) => personTags(db, r.account_id),
    hubRule: provinceOnly,
  },
  {
    name: 'certificate_revocations',
    key: 'id',
    rank: 9,
    personal: true,
    places: async (db, r) =>
      personTags(db, await placeOf(db, 'certificates', 'account_id', r.certificate_id)),
    hubRule: provinceOnly,
  },
  // The losing side of a concurrent edit goes where its row goes, so a resolution reaches every node.
  {
    name: 'sync_conflicts',
    key: 'id',
    rank: 10,
    places: async (db, r) => {
      const t = BY_NAME.get(String(r.tbl))
      return t ? t.places(db, JSON.parse(String(r.kept_row)) as RowData) : []
    },
  },
]

const BY_NAME = new Map(REPLICATED.map((t) => [t.name, t]))

/** The descriptor of a replicated table, or undefined for a name that does not replicate. */
export function replicated(name: string): ReplicatedTable | undefined {
  return BY_NAME.get(name)
}

/** The place tags of a row (places and their communes, `*` for a global row), without its own `@node` tag. */
export async function placeTags(db: Db, index: PlaceIndex, table: ReplicatedTable, row: RowData) {
  const out: string[] = table.global ? ['*'] : []
  for (const p of await table.places(db, row))
    if (p?.startsWith('@')) out.push(p)
    else out.push(...(await index.expand(db, p)))
  return out
}

/** The child rows of a parent row, in order, to travel inside its version. */
export async function childRows(db: Db, table: ReplicatedTable, key: string): Promise<RowData[]> {
  const c = table.children
  if (!c) return []
  return (db as unknown as Loose)
    .selectFrom(c.table)
    .selectAll()
    .where(c.fk, '=', key)
    .orderBy(c.order)
    .execute()
}

/** Replaces the child rows of a parent with those its version carried. */
export async function putChildren(
  db: Db,
  table: ReplicatedTable,
  key: string,
  rows: RowData[],
): Promise<void> {
  const c = table.children
  if (!c) return
  const ldb = db as unknown as Loose
  await ldb.deleteFrom(c.table).where(c.fk, '=', key).execute()
  if (rows.length) await ldb.insertInto(c.table).values(rows).execute()
}
