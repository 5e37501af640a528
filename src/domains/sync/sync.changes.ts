import { type Kysely, sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import { type Db, ownTables } from '../../core/db.ts'
import { compareVersions } from '../../core/hlc.ts'
import { rowChanged } from '../../core/row-changes.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { nextCounter } from '../facts/facts.service.ts'
import { accountRecord, roleRecordsOf } from '../people/people.reads.ts'
import { BASE, baseText, noteConcurrent, type Version } from './sync.conflicts.ts'
import {
  CHILDREN,
  childRows,
  placeTags,
  putChildren,
  REPLICATED,
  type ReplicatedTable,
  type RowData,
  replicated,
} from './sync.replicated.ts'
import { mergeTags, type PlaceIndex, tagList } from './sync.scope.ts'
import { counterName, lockForWrite } from './sync.vector.ts'

/** One version of an editable row as it travels: the row itself, or a deletion. */
export type Change = {
  tbl: string
  key: string
  hlc: string
  node: string
  op: 'put' | 'delete'
  row: RowData | null
}

// Replicated tables are named at run time; this view of the database types their columns loosely.
type Loose = Kysely<Record<string, Record<string, unknown>>>
const loose = (db: Db) => db as unknown as Loose

const columnCache = new Map<string, Set<string>>()

/** The columns a table has here; a version from a newer or older node keeps only those. */
async function columnsOf(db: Db, table: string): Promise<Set<string>> {
  const hit = columnCache.get(table)
  if (hit) return hit
  for (const [name, cols] of await ownTables(db)) columnCache.set(name, cols)
  return columnCache.get(table) ?? new Set()
}

async function ledgerOf(trx: Db, tbl: string, key: string) {
  return trx
    .selectFrom('sync_rows')
    .selectAll()
    .where('tbl', '=', tbl)
    .where('row_key', '=', key)
    .executeTakeFirst()
}

async function putLedger(
  trx: Db,
  row: {
    tbl: string
    row_key: string
    hlc: string
    node: string
    deleted: number
    scopes: string
    first_from: string
  },
): Promise<void> {
  await trx
    .insertInto('sync_rows')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tbl', 'row_key']).doUpdateSet({
        hlc: row.hlc,
        node: row.node,
        deleted: row.deleted,
        scopes: row.scopes,
      }),
    )
    .execute()
}

/** Logs one version in the change log and blanks older versions of the row (an erasure leaves no copy). */
async function logVersion(
  trx: Db,
  entry: { origin: string; seq: number; change: Change; scopes: string; at: string; superseded?: boolean },
): Promise<void> {
  const c = entry.change
  await trx
    .insertInto('sync_changes')
    .values({
      origin_node: entry.origin,
      seq: entry.seq,
      tbl: c.tbl,
      row_key: c.key,
      hlc: c.hlc,
      node: c.node,
      op: entry.superseded ? 'gone' : c.op,
      scopes: entry.scopes,
      row: entry.superseded || !c.row ? null : JSON.stringify(c.row),
      logged_at: entry.at,
    })
    .execute()
  if (entry.superseded) return
  await trx
    .updateTable('sync_changes')
    .set({ op: 'gone', row: null })
    .where('tbl', '=', c.tbl)
    .where('row_key', '=', c.key)
    .where('op', '!=', 'gone')
    .where((eb) => eb.or([eb('origin_node', '!=', entry.origin), eb('seq', '!=', entry.seq)]))
    .execute()
}

function keyOf(t: ReplicatedTable, row: RowData): string {
  return String(row[t.key])
}

/** Strips the ledger columns the capture query adds. */
function tableRow(r: RowData): RowData {
  const out: RowData = {}
  for (const [k, v] of Object.entries(r)) if (!k.startsWith('sync_')) out[k] = v
  return out
}

/**
 * A local edit happened after the version it replaced, so it must sort after it. A process whose
 * clock is behind (a hub hours slow, a command run beside the server, which did not observe the
 * stamps that arrived) may stamp an edit lower: it is stamped again here, before it travels.
 */
async function restampIfBehind(tx: TxCtx, t: ReplicatedTable, row: RowData, raw: RowData) {
  if (!raw.sync_hlc || Number(raw.sync_deleted)) return
  const replaced = { hlc: String(raw.sync_hlc), node: String(raw.sync_node) }
  if (compareVersions({ hlc: String(row.hlc), node: String(row.origin_node) }, replaced) > 0) return
  tx.clock.observe(replaced.hlc)
  const hlc = tx.clock.now()
  await loose(tx.db)
    .updateTable(t.name)
    .set({ hlc })
    .where(t.key, '=', keyOf(t, row))
    .where('hlc', '=', String(row.hlc))
    .execute()
  row.hlc = hlc
}

/**
 * Change capture. Services edit their tables as they always do (stamping `hlc` and `origin_node`);
 * this compares every replicated table with the ledger of versions known here and logs what
 * differs as a new entry of this node's change stream: new rows, edited rows, and deleted rows
 * (as tombstones). Returns the number of entries logged. `relog` re-logs rows whose scopes grew
 * (a role granted in a new place), so the hubs of that place receive the person too.
 */
export async function captureChanges(ctx: Ctx, index: PlaceIndex, opts: { relog: boolean }): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    await lockForWrite(tx.db)
    let logged = 0
    const touched = new Set<string>()
    const at = tx.now().toISOString()
    for (const t of REPLICATED) {
      const rows = (
        await sql<RowData>`select t.*, r.scopes as sync_scopes, r.first_from as sync_first
          , r.hlc as sync_hlc, r.node as sync_node, r.deleted as sync_deleted
          from ${sql.table(t.name)} t left join sync_rows r on r.tbl = ${t.name} and r.row_key = t.${sql.ref(t.key)}
          where (r.row_key is null or r.hlc <> t.hlc or r.node <> t.origin_node or r.deleted = 1)
          and ${t.only ? sql`t.${sql.ref(t.only.column)} = ${t.only.value}` : sql`1 = 1`}`.execute(tx.db)
      ).rows
      for (const raw of rows) {
        const row = tableRow(raw)
        const key = keyOf(t, row)
        await restampIfBehind(tx, t, row, raw)
        if (t.children) row[CHILDREN] = JSON.stringify(await childRows(tx.db, t, key))
        // The version this one replaced travels with it: a receiver tells an edit made after
        // seeing its own version from one made apart (a conflict, sync.conflicts.ts).
        row[BASE] = baseText(
          raw.sync_hlc && !Number(raw.sync_deleted)
            ? { hlc: String(raw.sync_hlc), node: String(raw.sync_node) }
            : null,
        )
        const first = (raw.sync_first as string | null) ?? tx.nodeId
        const scopes = mergeTags(
          (raw.sync_scopes as string | null) ?? ',',
          tagList([...(await placeTags(tx.db, index, t, row)), `@${first}`]),
        )
        const change: Change = {
          tbl: t.name,
          key,
          hlc: String(row.hlc),
          node: String(row.origin_node),
          op: 'put',
          row,
        }
        const seq = await nextCounter(tx.db, counterName('changes', tx.nodeId))
        await logVersion(tx.db, { origin: tx.nodeId, seq, change, scopes, at })
        await putLedger(tx.db, {
          tbl: t.name,
          row_key: key,
          hlc: change.hlc,
          node: change.node,
          deleted: 0,
          scopes,
          first_from: first,
        })
        if (t.name === 'accounts') touched.add(key)
        if (t.name === 'role_assignments') touched.add(String(row.account_id))
        logged++
      }
      // Places just logged may be new villages: read the places again for the tables that follow.
      if (t.name === 'places' && rows.length) index.reset()
      const gone = (
        await sql<{ row_key: string; scopes: string }>`select r.row_key, r.scopes from sync_rows r
          left join ${sql.table(t.name)} t on t.${sql.ref(t.key)} = r.row_key
          where r.tbl = ${t.name} and r.deleted = 0 and t.${sql.ref(t.key)} is null`.execute(tx.db)
      ).rows
      for (const g of gone) {
        const change: Change = {
          tbl: t.name,
          key: g.row_key,
          hlc: tx.clock.now(),
          node: tx.nodeId,
          op: 'delete',
          row: null,
        }
        const seq = await nextCounter(tx.db, counterName('changes', tx.nodeId))
        await logVersion(tx.db, { origin: tx.nodeId, seq, change, scopes: g.scopes, at })
        await tx.db
          .updateTable('sync_rows')
          .set({ hlc: change.hlc, node: change.node, deleted: 1 })
          .where('tbl', '=', t.name)
          .where('row_key', '=', g.row_key)
          .execute()
        logged++
      }
    }
    logged += await rescope(tx, index, touched, opts.relog)
    return logged
  })
}

/**
 * Recomputes the scopes of people (and their roles) after roles or homes changed. Scopes only
 * grow. With `relog`, a row whose scopes grew is logged again so newly concerned hubs receive it.
 */
export async function rescope(
  tx: TxCtx,
  index: PlaceIndex,
  accountIds: Set<string>,
  relog: boolean,
): Promise<number> {
  let logged = 0
  const at = tx.now().toISOString()
  const accounts = replicated('accounts')!
  const roles = replicated('role_assignments')!
  for (const id of accountIds) {
    const acc: RowData | undefined = await accountRecord(tx.db, id)
    if (!acc) continue
    const roleRows: RowData[] = await roleRecordsOf(tx.db, id)
    for (const [t, row] of [[accounts, acc] as const, ...roleRows.map((r) => [roles, r] as const)]) {
      const key = keyOf(t, row)
      const ledger = await ledgerOf(tx.db, t.name, key)
      if (!ledger || ledger.deleted) continue
      const scopes = mergeTags(ledger.scopes, tagList(await placeTags(tx.db, index, t, row)))
      if (scopes === ledger.scopes) continue
      await tx.db
        .updateTable('sync_rows')
        .set({ scopes })
        .where('tbl', '=', t.name)
        .where('row_key', '=', key)
        .execute()
      if (!relog) continue
      const seq = await nextCounter(tx.db, counterName('changes', tx.nodeId))
      const change: Change = {
        tbl: t.name,
        key,
        hlc: String(row.hlc),
        node: String(row.origin_node),
        op: 'put',
        row: { ...row },
      }
      await logVersion(tx.db, { origin: tx.nodeId, seq, change, scopes, at })
      logged++
    }
  }
  return logged
}

/** Where an incoming version stands against the one held here. */
export type ChangeOutcome = 'applied' | 'older' | 'duplicate'

/**
 * Applies one version received from another node, inside the caller's transaction: logged in the
 * change log (to forward to other hubs), and written to its table when it is newer than what is
 * held here by (hlc, node). Equal or older versions change nothing, so every order converges.
 */
export async function applyChange(
  tx: TxCtx,
  index: PlaceIndex,
  entry: { origin: string; seq: number; change: Change },
  from: string,
  touched: Set<string>,
): Promise<ChangeOutcome> {
  const c = entry.change
  const t = replicated(c.tbl)
  if (!t) throw new Error(`table ${c.tbl} does not replicate on this node`)
  const seen = await tx.db
    .selectFrom('sync_changes')
    .select('seq')
    .where('origin_node', '=', entry.origin)
    .where('seq', '=', entry.seq)
    .executeTakeFirst()
  if (seen) return 'duplicate'
  // A version stamped further ahead of this clock than HOCSO_MAX_CLOCK_DRIFT is not adopted: it
  // would win every merge and drag this clock ahead. Thrown, it is held and retried at each sync.
  const ahead = tx.clock.beyondDrift(c.hlc)
  if (ahead > 0)
    throw new Error(
      `${c.tbl} ${c.key}: stamped ${Math.round((ahead + tx.clock.maxDriftMs) / 60_000)} min ahead of this ` +
        `node's clock by node ${c.node}, whose clock is wrong; held until then (HOCSO_MAX_CLOCK_DRIFT)`,
    )
  tx.clock.observe(c.hlc)
  const ledger = await ledgerOf(tx.db, t.name, c.key)
  let current: { hlc: string; node: string } | null = ledger ? { hlc: ledger.hlc, node: ledger.node } : null
  const existing = await loose(tx.db)
    .selectFrom(t.name)
    .selectAll()
    .where(t.key, '=', c.key)
    .executeTakeFirst()
  // The version the held row replaced, when known without reading the log.
  let heldBase: Version | null | undefined
  // The row as it is here may be newer than the ledger: a local edit not captured yet (capture runs
  // at most every two seconds). It must win over an older incoming version, not be overwritten.
  if (existing) {
    const here = { hlc: String(existing.hlc), node: String(existing.origin_node) }
    if (!current || compareVersions(here, current) > 0) {
      heldBase = current
      current = here
    }
  }
  const incoming = { version: { hlc: c.hlc, node: c.node }, row: c.row ?? {} }
  const concurrent = (won: boolean) =>
    existing && current && c.op === 'put' && c.row
      ? noteConcurrent(tx, t, c.key, existing, current, heldBase, incoming, won)
      : Promise.resolve()
  const at = tx.now().toISOString()
  const first = ledger?.first_from ?? from
  const newTags =
    c.op === 'put' && c.row
      ? tagList([...(await placeTags(tx.db, index, t, c.row)), `@${first}`])
      : (ledger?.scopes ?? ',')
  const scopes = mergeTags(ledger?.scopes ?? ',', newTags)
  if (current && compareVersions({ hlc: c.hlc, node: c.node }, current) <= 0) {
    await concurrent(false)
    await logVersion(tx.db, { ...entry, scopes, at, superseded: true })
    if (ledger && scopes !== ledger.scopes)
      await tx.db
        .updateTable('sync_rows')
        .set({ scopes })
        .where('tbl', '=', t.name)
        .where('row_key', '=', c.key)
        .execute()
    return 'older'
  }
  await concurrent(true)
  if (c.op === 'delete') {
    if (existing) await loose(tx.db).deleteFrom(t.name).where(t.key, '=', c.key).execute()
  } else {
    const cols = await columnsOf(tx.db, t.name)
    const values: RowData = {}
    for (const [k, v] of Object.entries(c.row ?? {})) if (cols.has(k)) values[k] = v
    if (existing) await loose(tx.db).updateTable(t.name).set(values).where(t.key, '=', c.key).execute()
    else await loose(tx.db).insertInto(t.name).values(values).execute()
    if (t.children)
      await putChildren(tx.db, t, c.key, JSON.parse(String(c.row?.[CHILDREN] ?? '[]')) as RowData[])
    // What other domains derived from the row as it was here moves with it (decision 0210).
    if (existing) await rowChanged(tx, t.name, existing, { ...existing, ...values })
  }
  await logVersion(tx.db, { ...entry, scopes, at })
  await putLedger(tx.db, {
    tbl: t.name,
    row_key: c.key,
    hlc: c.hlc,
    node: c.node,
    deleted: c.op === 'delete' ? 1 : 0,
    scopes,
    first_from: first,
  })
  if (t.name === 'places' && c.row) index.note(c.key, (c.row.commune_code as string | null) ?? null)
  if (t.name === 'accounts') touched.add(c.key)
  if (t.name === 'role_assignments' && c.row) touched.add(String(c.row.account_id))
  return 'applied'
}
