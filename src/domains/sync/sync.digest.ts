import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'
import { type Db, ownTables } from '../../core/db.ts'
import { canonicalJson } from '../facts/canonical.ts'
import { hubScope } from './sync.scope.ts'

/** Count and SHA-256 of one kind of record, for comparing two nodes. */
export type Part = { count: number; sha256: string }
export type Digest = Record<string, Part>

type Loose = Kysely<Record<string, Record<string, unknown>>>

function part(rows: Record<string, unknown>[], key: (r: Record<string, unknown>) => string): Part {
  const lines = rows.map((r) => `${key(r)} ${canonicalJson(r)}`).sort()
  return { count: rows.length, sha256: createHash('sha256').update(lines.join('\n')).digest('hex') }
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  return (await ownTables(db)).has(name)
}

/**
 * Digests of what a node holds for a scope: facts, people and roles, traders, places, and the
 * rollups and projections built from facts. `whole` digests everything a hub holds (it should
 * hold exactly its scope); otherwise only the records that belong to the scope are taken (on the
 * province). Two nodes agree on a scope when every part is equal.
 */
export async function digestScope(
  db: Db,
  scopeCode: string,
  hubNode: string,
  whole: boolean,
): Promise<Digest> {
  const scope = await hubScope(db, hubNode, scopeCode)
  const places = [...scope.places]
  const reach = sql<boolean>`(r.scopes like ${`%,${scopeCode},%`} or r.scopes like ${`%,@${hubNode},%`})`
  const ldb = db as unknown as Loose
  const out: Digest = {}
  const facts = whole
    ? await db
        .selectFrom('facts')
        .select(['id', 'hash', 'kind', 'place_code', 'subject_id', 'occurred_at'])
        .execute()
    : (
        await sql<
          Record<string, unknown>
        >`select f.id, f.hash, f.kind, f.place_code, f.subject_id, f.occurred_at
          from facts f where f.place_code in (${sql.join(places)})
          or f.subject_id in (select r.row_key from sync_rows r where r.tbl = 'accounts' and ${reach})`.execute(
          db,
        )
      ).rows
  out.facts = part(facts, (r) => String(r.id))
  for (const tbl of ['accounts', 'role_assignments', 'traders'] as const) {
    const rows = whole
      ? await ldb.selectFrom(tbl).selectAll().execute()
      : (
          await sql<Record<string, unknown>>`select t.* from ${sql.table(tbl)} t
            join sync_rows r on r.tbl = ${tbl} and r.row_key = t.id where ${reach}`.execute(db)
        ).rows
    out[tbl] = part(rows, (r) => String(r.id))
  }
  out.places = part(
    await ldb
      .selectFrom('places')
      .selectAll()
      .where('code', 'in', places)
      .where('kind', '=', 'village')
      .execute(),
    (r) => String(r.code),
  )
  // Rollups and projections, where their domains are installed.
  const derived: [string, string][] = [
    ['campaign_rollups', 'place_code'],
    ['outreach_households', 'village_code'],
    ['outreach_help', 'village_code'],
  ]
  for (const [tbl, col] of derived) {
    if (!(await tableExists(db, tbl))) continue
    // A projection row's own id is whichever fact made it first here; its values are what must agree.
    let q = ldb.selectFrom(tbl).selectAll().where(col, 'in', places)
    // A rollup row at zero (made, then brought back by a correction or a rebuild) counts nothing:
    // one node may hold it and another not, and they still agree.
    if (tbl === 'campaign_rollups') q = q.where('value', '!=', 0)
    const rows = (await q.execute()).map(({ id: _id, ...r }) => r)
    out[tbl] = part(rows, (r) => canonicalJson(r))
  }
  if (await tableExists(db, 'trader_steps')) {
    const rows = (
      await sql<Record<string, unknown>>`select s.* from trader_steps s join traders t on t.id = s.trader_id
        where t.place_code in (${sql.join(places)})`.execute(db)
    ).rows
    out.trader_steps = part(rows, (r) => canonicalJson(r))
  }
  return out
}

/** The names of the parts on which two digests differ (empty when the nodes agree). */
export function digestDiff(a: Digest, b: Digest): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => a[k]?.sha256 !== b[k]?.sha256).sort()
}
