import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { type Ctx, stamp } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { AppError, conflict, notFound, validationError } from '../../core/errors.ts'
import { compareVersions } from '../../core/hlc.ts'
import { rowChanged } from '../../core/row-changes.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { can, type PlaceRef, PROVINCE } from '../people/policy.ts'
import { placeKinds } from '../places/places.reads.ts'
import { writeAudit } from '../system/audit.ts'
import { type ReplicatedTable, type RowData, replicated } from './sync.replicated.ts'

/**
 * Concurrent edits (decision 0185). Every version of a row travels with the version it replaced
 * (`$base`). When a node holds a version the sender of another had not seen, the two were made
 * apart: the greater stamp still wins on every node, and the other is kept here, with both values,
 * for an officer to keep one. The conflict's id is made from the row and the losing version, so
 * every node that meets the pair records the same conflict, and the record replicates with the
 * row's scope: a resolution made on any node reaches the others.
 */
export type Version = { hlc: string; node: string }

/** Where the version a row's new version replaced travels inside it. */
export const BASE = '$base'

type Loose = Kysely<Record<string, Record<string, unknown>>>
const loose = (db: Db) => db as unknown as Loose

/** Tables whose conflicts are not kept: the record of conflicts itself, and the province's certificates. */
const UNTRACKED = /^(sync_conflicts|certificate)/

/** The version written in `$base`: "hlc|node", "" for a row new on the node that made it, undefined when absent. */
export function baseOf(row: RowData | null | undefined): Version | null | undefined {
  const v = row?.[BASE]
  if (typeof v !== 'string') return undefined
  if (!v) return null
  const [hlc, node] = v.split('|')
  return { hlc: hlc!, node: node! }
}

export function baseText(v: Version | null): string {
  return v ? `${v.hlc}|${v.node}` : ''
}

/** Columns never kept in a conflict nor shown: secrets stay in their row. */
const SECRET = /password|hash|secret|token/i

/** The row without the fields that travel with it ($base, $children), that every version changes, or secrets. */
function dataOf(row: RowData): RowData {
  const out: RowData = {}
  for (const [k, v] of Object.entries(row))
    if (!k.startsWith('$') && k !== 'hlc' && k !== 'origin_node' && !SECRET.test(k)) out[k] = v
  return out
}

function differ(a: RowData, b: RowData): boolean {
  const x = dataOf(a)
  const y = dataOf(b)
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].some(
    (k) => String(x[k] ?? '') !== String(y[k] ?? ''),
  )
}

/** The version the current version of a row replaced, read from the change log (undefined when unknown). */
async function baseOfHeld(
  trx: Db,
  tbl: string,
  key: string,
  v: Version,
): Promise<Version | null | undefined> {
  const r = await trx
    .selectFrom('sync_changes')
    .select('row')
    .where('tbl', '=', tbl)
    .where('row_key', '=', key)
    .where('hlc', '=', v.hlc)
    .where('node', '=', v.node)
    .where('op', '=', 'put')
    .executeTakeFirst()
  return r?.row ? baseOf(JSON.parse(r.row) as RowData) : undefined
}

/**
 * Called by applyChange with the row held here (`held`, at version `current`, which replaced
 * `heldBase`) and an incoming version that either won (`incomingWon`) or lost. Records a conflict
 * when the two were made apart and hold different values.
 */
export async function noteConcurrent(
  tx: TxCtx,
  t: ReplicatedTable,
  key: string,
  held: RowData,
  current: Version,
  heldBase: Version | null | undefined,
  incoming: { version: Version; row: RowData },
  incomingWon: boolean,
): Promise<void> {
  if (UNTRACKED.test(t.name)) return
  const base = baseOf(incoming.row)
  // A version from an older node carries no base: it cannot be told apart from a later edit.
  if (base === undefined) return
  if (compareVersions(incoming.version, current) === 0) return
  // The sender had seen what is held here: one edit after the other, not a conflict.
  if (base && compareVersions(current, base) <= 0) return
  // What is held here was made after seeing the incoming version (it arrived late by another path).
  const mine = heldBase === undefined ? await baseOfHeld(tx.db, t.name, key, current) : heldBase
  if (!incomingWon && mine && compareVersions(mine, incoming.version) >= 0) return
  if (!differ(held, incoming.row)) return
  const [kept, lost] = incomingWon
    ? [
        { v: incoming.version, row: incoming.row },
        { v: current, row: held },
      ]
    : [
        { v: current, row: held },
        { v: incoming.version, row: incoming.row },
      ]
  const id = createHash('sha256')
    .update(`${t.name}\n${key}\n${lost.v.hlc}\n${lost.v.node}`)
    .digest('hex')
    .slice(0, 32)
  await tx.db
    .insertInto('sync_conflicts')
    .values({
      id,
      // Stamped with the losing version, the same on every node: any resolution sorts after it.
      origin_node: lost.v.node,
      hlc: lost.v.hlc,
      tbl: t.name,
      row_key: key,
      kept_hlc: kept.v.hlc,
      kept_node: kept.v.node,
      kept_row: JSON.stringify(dataOf(kept.row)),
      lost_hlc: lost.v.hlc,
      lost_node: lost.v.node,
      lost_row: JSON.stringify(dataOf(lost.row)),
      resolution: null,
      resolved_at: null,
      resolved_by: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  tx.log.info({ table: t.name, key, lost: lost.v }, 'concurrent edit kept as a conflict')
}

export type ConflictView = {
  id: string
  tbl: string
  rowKey: string
  kept: { node: string; at: string }
  lost: { node: string; at: string }
  /** The columns whose values differ: the kept value, then the lost one. */
  fields: { name: string; kept: string; lost: string }[]
}

const atOf = (hlc: string) => new Date(Number(hlc.slice(0, 16))).toISOString()

type ConflictRow = { tbl: string; kept_row: string; lost_row: string }

/**
 * The places a conflict's record belongs to (as its table says, from both values: an edit may
 * have moved it); the province for a record of no place.
 */
async function placesOf(db: Db, c: ConflictRow): Promise<PlaceRef[]> {
  const t = replicated(c.tbl)
  const codes = new Set<string>()
  for (const json of [c.kept_row, c.lost_row])
    for (const code of t ? await t.places(db, JSON.parse(json) as RowData) : [])
      if (code && !code.startsWith('@')) codes.add(code)
  if (!codes.size) return [PROVINCE]
  const found = [...(await placeKinds(db, codes)).values()]
  return found.length ? found.map((p) => ({ code: p.code, communeCode: p.communeCode })) : [PROVINCE]
}

/** May this officer see and settle the conflict? Only over records of their scope (hubs.manage). */
async function mayHandle(db: Db, user: CurrentUser, c: ConflictRow): Promise<boolean> {
  return (await placesOf(db, c)).some((p) => can(user, 'hubs.manage', p))
}

/** The open conflicts of records in the officer's scope, newest first. */
export async function openConflicts(ctx: Ctx, user: CurrentUser, limit = 100): Promise<ConflictView[]> {
  const all = await ctx.db
    .selectFrom('sync_conflicts')
    .selectAll()
    .where('resolved_at', 'is', null)
    .orderBy('lost_hlc', 'desc')
    .execute()
  const rows = []
  for (const r of all) {
    if (rows.length >= limit) break
    if (await mayHandle(ctx.db, user, r)) rows.push(r)
  }
  return rows.map((r) => {
    const kept = JSON.parse(r.kept_row) as RowData
    const lost = JSON.parse(r.lost_row) as RowData
    const fields = [...new Set([...Object.keys(kept), ...Object.keys(lost)])]
      .filter((k) => String(kept[k] ?? '') !== String(lost[k] ?? ''))
      .map((k) => ({ name: k, kept: String(kept[k] ?? ''), lost: String(lost[k] ?? '') }))
    return {
      id: r.id,
      tbl: r.tbl,
      rowKey: r.row_key,
      kept: { node: r.kept_node, at: atOf(r.kept_hlc) },
      lost: { node: r.lost_node, at: atOf(r.lost_hlc) },
      fields,
    }
  })
}

/**
 * An officer keeps one side: 'kept' leaves the winner; 'lost' writes the losing values back as a
 * new edit made here, which wins everywhere as it travels. The conflict is marked resolved with a
 * new stamp, so the resolution replicates too.
 */
export async function resolveConflict(
  ctx: Ctx,
  actor: CurrentUser,
  id: string,
  keep: unknown,
): Promise<'kept' | 'restored'> {
  if (keep !== 'kept' && keep !== 'lost') throw validationError('keep', "must be 'kept' or 'lost'")
  return inTransaction(ctx, async (tx) => {
    const c = await tx.db.selectFrom('sync_conflicts').selectAll().where('id', '=', id).executeTakeFirst()
    if (!c) throw notFound(`conflict ${id}`)
    if (!(await mayHandle(tx.db, actor, c)))
      throw new AppError('forbidden', `you may not hubs.manage for the ${c.tbl} row ${c.row_key}`)
    if (c.resolved_at) throw conflict(`conflict ${id}: already resolved on ${c.resolved_at}`)
    const resolution = keep === 'lost' ? 'restored' : 'kept'
    if (keep === 'lost') {
      const t = replicated(c.tbl)
      if (!t) throw new AppError('validation', `conflict ${id}: table ${c.tbl} does not replicate here`)
      const row = JSON.parse(c.lost_row) as RowData
      const values: RowData = { ...row, ...stamp(tx) }
      delete values[t.key]
      const held = await loose(tx.db)
        .selectFrom(t.name)
        .selectAll()
        .where(t.key, '=', c.row_key)
        .executeTakeFirst()
      if (!held) throw conflict(`conflict ${id}: the ${c.tbl} row ${c.row_key} no longer exists`)
      await loose(tx.db).updateTable(t.name).set(values).where(t.key, '=', c.row_key).execute()
      // What other domains derived from the row moves with it, as for any edit (decision 0210).
      await rowChanged(tx, t.name, held, { ...held, ...values })
    }
    await tx.db
      .updateTable('sync_conflicts')
      .set({ ...stamp(tx), resolution, resolved_at: tx.now().toISOString(), resolved_by: actor.id })
      .where('id', '=', id)
      .execute()
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'sync.conflict.resolve',
      targetType: c.tbl,
      targetId: c.row_key,
      detail: { conflict: id, resolution },
    })
    return resolution
  })
}

/** A person whose data is read or erased (people/privacy). */
type Person = { id: string; phone: string | null }

/** A conflict holds the person's values: their account's row, or a row that names their account or phone. */
function isAbout(
  p: Person,
  c: { tbl: string; row_key: string; kept_row: string; lost_row: string },
): boolean {
  if (c.tbl === 'accounts' && c.row_key === p.id) return true
  return [c.kept_row, c.lost_row].some((json) => {
    const row = JSON.parse(json) as RowData
    return row.account_id === p.id || (!!p.phone && row.phone === p.phone)
  })
}

async function conflictsAbout(db: Db, p: Person) {
  const rows = await db.selectFrom('sync_conflicts').selectAll().execute()
  return rows.filter((c) => isAbout(p, c))
}

/** The conflicts that hold a person's values, for the export of their data. */
export async function conflictsOfPerson(db: Db, p: Person) {
  return (await conflictsAbout(db, p)).map((c) => ({
    table: c.tbl,
    row: c.row_key,
    kept: JSON.parse(c.kept_row) as RowData,
    lost: JSON.parse(c.lost_row) as RowData,
    resolution: c.resolution,
  }))
}

/**
 * What stays of a row's values once its person is erased: its id and the ids and place codes it
 * points at, which say where the conflict belongs (its scope) and hold nothing about the person
 * that facts do not already hold.
 */
function redacted(json: string): string {
  const row = JSON.parse(json) as RowData
  return JSON.stringify(
    Object.fromEntries(Object.entries(row).filter(([k]) => k === 'id' || /_(id|code)$/.test(k))),
  )
}

/**
 * Erasure (people/privacy): both values of every conflict about the person are redacted, and an
 * open one is closed as `erased`, in the erasure's transaction. Closed, it cannot write the
 * person's old values back into their blanked row; with a new stamp, the redaction replaces the
 * conflict on every node that holds it, as the blanked row does.
 */
export async function eraseConflictsOf(tx: TxCtx, p: Person, actorId: string | null): Promise<number> {
  const about = await conflictsAbout(tx.db, p)
  const now = tx.now().toISOString()
  for (const c of about)
    await tx.db
      .updateTable('sync_conflicts')
      .set({
        ...stamp(tx),
        kept_row: redacted(c.kept_row),
        lost_row: redacted(c.lost_row),
        ...(c.resolved_at ? {} : { resolution: 'erased', resolved_at: now, resolved_by: actorId }),
      })
      .where('id', '=', c.id)
      .execute()
  return about.length
}
