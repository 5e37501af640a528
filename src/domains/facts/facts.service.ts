import { randomInt } from 'node:crypto'
import { sql } from 'kysely'
import { z } from 'zod'
import { assertClientTime } from '../../core/client-time.ts'
import type { Ctx } from '../../core/context.ts'
import { type Db, type Holes, prepared, preparedRows } from '../../core/db.ts'
import { isDiskFull } from '../../core/disk.ts'
import { AppError, fromZod, issueText, isUniqueViolation } from '../../core/errors.ts'
import { batchingHooks, deferringHooks, emit, runDeferredSoon } from '../../core/hooks.ts'
import { type Locale, t } from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import { safeParseJson } from '../../core/numbers.ts'
import { inTransaction, isTx, type TxCtx } from '../../core/transaction.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { canonicalJson, sha256 } from './canonical.ts'

/** A fact as stored, with its data parsed. */
export type StoredFact<D = unknown> = {
  id: string
  kind: string
  originNode: string
  actorId: string | null
  subjectId: string | null
  placeCode: string | null
  occurredAt: string
  recordedAt: string
  data: D
  corrects: string | null
}

/**
 * A kind of fact a domain accepts through the one facts endpoint: its data schema, who may record
 * it (and whom and where it counts for), and what storing it changes (projections, completion).
 */
export type FactKind<S extends z.ZodType = z.ZodType> = {
  kind: string
  data: S
  /**
   * Runs inside the transaction that stores the fact (its checks and any record it makes commit or
   * fail with the fact).
   */
  authorize: (
    tx: TxCtx,
    user: CurrentUser | null,
    data: z.infer<S>,
    /** When the fact happened, as the client says (already inside the client time window), ISO UTC. */
    when: { occurredAt: string },
  ) => Promise<{ subjectId: string | null; placeCode: string | null }>
  apply?: (tx: TxCtx, fact: StoredFact<z.infer<S>>) => Promise<void>
  /**
   * `apply` for many facts at once (a sync page, a bundle): the same result as `apply` on each, in
   * any order, and touching only this kind's own records, so it may run after the facts of other
   * kinds around them. For kinds whose apply is order-free by design (the latest check wins).
   */
  applyMany?: (tx: TxCtx, facts: StoredFact<z.infer<S>>[]) => Promise<void>
  /**
   * May this person correct `original` (a stored fact of this kind)? Only someone allowed to write
   * that fact's place for this kind. A kind without it cannot be corrected: corrections uncount the
   * original in every rollup, so an unchecked one bends the province's figures.
   */
  mayCorrect?: (tx: TxCtx, user: CurrentUser, original: StoredFact) => Promise<boolean>
}

const kinds = new Map<string, FactKind>()

/** Declares a fact kind with its data type inferred from the schema; the domain's `register` registers it. */
export function defineFactKind<S extends z.ZodType>(k: FactKind<S>): FactKind<S> {
  return k
}

/** Registers a fact kind (through the registry); the same kind again replaces it. */
export function registerFactKind<S extends z.ZodType>(k: FactKind<S>): void {
  kinds.set(k.kind, k as unknown as FactKind)
}

/** Kinds accepted by this node. */
export function factKinds(): string[] {
  return [...kinds.keys()]
}

export const MAX_BATCH = 500

/** One fact as a client sends it. */
export const factInputSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        'must be a lowercase UUIDv7',
      ),
    kind: z.string().min(1).max(40),
    occurred_at: z.string().datetime({ offset: true, message: 'must be an ISO-8601 date and time' }),
    data: z.record(z.string(), z.unknown()),
    corrects: z.string().uuid('must be the id of the fact being corrected').optional(),
  })
  .strict()
export type FactInput = z.infer<typeof factInputSchema>

export const batchSchema = z
  .object({
    facts: z
      .array(z.unknown())
      .min(1, 'must hold at least one fact')
      .max(MAX_BATCH, `at most ${MAX_BATCH} facts per batch`),
  })
  .strict()

export type StoreOptions = {
  /**
   * Queue the rollups (decision 0191) instead of making them in the transaction: they are made
   * right after, in the background, and before any rollup is read. For the lesson reader's view.
   */
  deferRollups?: boolean
  /** The facts came as a JSON body (the facts endpoint): their number fields must be JSON numbers. */
  json?: boolean
  /**
   * The ids were made here just now (`recordFact` without an id): none can be stored already, so
   * they are not looked up first. Should one be, its insert fails on the key and it is answered as
   * any fact stored meanwhile.
   */
  minted?: boolean
  /**
   * Write it with the others made at the same moment, in one transaction (decision 0202): for a
   * fact made here just now whose rollups are deferred. The caller still waits for the commit.
   */
  grouped?: boolean
}

/** A refused fact: `message` in English (logs, tests), `text` in the person's language when known. */
export type Rejected = { id: string | null; status: number; code: string; message: string; text?: string }
export type BatchResult = { stored: string[]; rejected: Rejected[] }

function hashOf(f: FactInput): string {
  return sha256(
    canonicalJson({
      kind: f.kind,
      occurred_at: new Date(f.occurred_at).toISOString(),
      data: f.data,
      corrects: f.corrects ?? null,
    }),
  )
}

/**
 * The next value of a named counter (per-origin sequence numbers), inside the caller's transaction.
 * One upsert: two first facts stored at once both get a number (an update-then-insert let the
 * second fail on the counter's key, and its fact was answered 409).
 */
export async function nextCounter(trx: Db, name: string): Promise<number> {
  const [row] = await bumpCounter(trx, { name })
  return Number(row!.value)
}
const bumpCounter = prepared((db, p: Holes<{ name: string }>) =>
  db
    .insertInto('counters')
    .values({ name: p('name'), value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })))
    .returning('value'),
)

/** Takes the next `n` values of a named counter at once; returns the first. */
async function nextCounters(trx: Db, name: string, n: number): Promise<number> {
  const [row] = await bumpCounterBy(trx, { name, n })
  return Number(row!.value) - n + 1
}
const bumpCounterBy = prepared((db, p: Holes<{ name: string; n: number }>) =>
  db
    .insertInto('counters')
    .values({ name: p('name'), value: p('n') })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ value: eb('counters.value', '+', eb.ref('excluded.value')) })),
    )
    .returning('value'),
)

/** Sets a named counter to a value, creating it if needed (a restored node renumbering its streams). */
export async function setCounter(trx: Db, name: string, value: number): Promise<void> {
  await trx
    .insertInto('counters')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
    .execute()
}

/**
 * Writes a counter row without changing it: takes SQLite's write lock even when nothing changes,
 * and on PostgreSQL locks the row, so concurrent transactions that do the same wait in turn.
 */
export async function touchCounter(trx: Db, name: string): Promise<void> {
  await sql`update counters set value = value where name = ${name}`.execute(trx)
}

const occurredAtOf = (f: FactInput) => new Date(f.occurred_at).toISOString()

/** The error behind each refusal, for recordFact to rethrow whole (field, message key) to a form. */
const causes = new WeakMap<Rejected, AppError>()

function reject(id: string | null, err: unknown, locale?: Locale): Rejected {
  if (err instanceof AppError) {
    const r: Rejected = { id, status: err.status, code: err.code, message: err.message }
    if (locale && err.key) r.text = t(locale, err.key, err.params)
    else if (locale && err.issues.some((i) => i.key))
      r.text = err.issues.map((i) => issueText(locale, i)).join('; ')
    causes.set(r, err)
    return r
  }
  throw err
}

/**
 * Stores a batch of facts idempotently. A fact already stored with the same body counts as stored;
 * the same id with another body is refused (409); an invalid or unauthorised fact is refused with
 * its reason and the others still go in. The new facts of a batch are written in one transaction,
 * each with its effects or not at all (a savepoint each), and their rollups made once for the batch.
 */
export async function storeFacts(
  ctx: Ctx,
  user: CurrentUser | null,
  items: unknown[],
  locale?: Locale,
  opts: StoreOptions = {},
): Promise<BatchResult> {
  // Every kind needs a signed-in person: refuse before reading anything a stranger sent.
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  const stored: string[] = []
  const rejected: Rejected[] = []
  const valid: { input: FactInput; kind: FactKind; data: unknown; hash: string }[] = []
  for (const raw of items) {
    const env = factInputSchema.safeParse(raw)
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null
    if (!env.success) {
      rejected.push(reject(id, fromZod(env.error), locale))
      continue
    }
    try {
      assertClientTime(ctx, 'occurred_at', env.data.occurred_at)
    } catch (err) {
      rejected.push(reject(id, err, locale))
      continue
    }
    const kind = kinds.get(env.data.kind)
    if (!kind) {
      rejected.push({
        id,
        status: 400,
        code: 'validation',
        message: `kind: unknown kind ${JSON.stringify(env.data.kind)}`,
      })
      continue
    }
    const data = opts.json ? safeParseJson(kind.data, env.data.data) : kind.data.safeParse(env.data.data)
    if (!data.success) {
      const e = fromZod(data.error)
      const r: Rejected = {
        id,
        status: 400,
        code: 'validation',
        message: e.issues.map((i) => `data.${i.field}: ${i.message}`).join('; '),
      }
      // The outbox shows it beside the record, in the person's language.
      if (locale) r.text = e.issues.map((i) => `data.${i.field}: ${issueText(locale, i)}`).join('; ')
      rejected.push(r)
      continue
    }
    valid.push({ input: env.data, kind, data: data.data, hash: hashOf(env.data) })
  }
  if (valid.length) {
    const r = await decideAndStore(ctx, user, valid, locale, opts)
    stored.push(...r.stored)
    rejected.push(...r.rejected)
  }
  // The answer lists facts in the order they were sent.
  const order = new Map(items.map((raw, i) => [(raw as { id?: unknown })?.id, i]))
  const at = (id: string | null) => order.get(id) ?? -1
  stored.sort((x, y) => at(x) - at(y))
  rejected.sort((x, y) => at(x.id) - at(y.id))
  return { stored, rejected }
}

const conflict = (id: string): Rejected => ({
  id,
  status: 409,
  code: 'conflict',
  message: `id: ${id} was already stored with a different body`,
})

type Valid = { input: FactInput; kind: FactKind; data: unknown; hash: string }

/**
 * Decides and stores the valid facts of a batch in one transaction: a known id is answered after
 * its kind's check; each new fact is authorised and stored with its effects inside a savepoint, so
 * a fact that is refused or fails (a race on its id, an effect that refuses) is taken back whole,
 * with whatever its check wrote, and the others stay. The rollups of the batch are made once at the
 * end (`batchingHooks`), or queued for right after the response with `deferRollups` (decision 0191).
 */
async function decideAndStore(
  ctx: Ctx,
  user: CurrentUser,
  valid: Valid[],
  locale: Locale | undefined,
  opts: StoreOptions,
): Promise<BatchResult> {
  if (opts.minted && valid.length === 1 && !isTx(ctx)) {
    const v = valid[0]!
    const groupable = opts.grouped && opts.deferRollups && !v.kind.mayCorrect && !v.input.corrects
    return (groupable ? storeGrouped : storeAlone)(ctx, user, v, locale, opts)
  }
  const stored: string[] = []
  const rejected: Rejected[] = []
  let deferred = false
  await inTransaction(ctx, async (tx) => {
    const ids = valid.map((v) => v.input.id)
    const existing = new Map<string, { hash: string; actorId: string | null }>()
    for (let i = 0; !opts.minted && i < ids.length; i += 400) {
      const rows = await tx.db
        .selectFrom('facts')
        .select(['id', 'hash', 'actor_id'])
        .where('id', 'in', ids.slice(i, i + 400))
        .execute()
      for (const r of rows) existing.set(r.id, { hash: r.hash, actorId: r.actor_id })
    }
    const fresh: Valid[] = []
    for (const v of valid) {
      const id = v.input.id
      const prior = existing.get(id)
      if (prior === undefined) {
        fresh.push(v)
        continue
      }
      // Authorised first, and only for the person who recorded it: 'stored' for a known id and
      // body would otherwise confirm that fact's content to whoever guessed it.
      try {
        await inTransaction(
          tx,
          async (tx) => {
            await v.kind.authorize(tx, user, v.data, { occurredAt: occurredAtOf(v.input) })
            if (prior.actorId !== null && prior.actorId !== user.id)
              throw new AppError('forbidden', `id: ${id} was recorded by another person`)
          },
          { savepoint: true },
        )
      } catch (err) {
        if (isDiskFull(err)) throw err
        rejected.push(reject(id, err))
        continue
      }
      if (prior.hash === v.hash) stored.push(id)
      else rejected.push(conflict(id))
    }
    if (!fresh.length) return
    // Only facts that take no part in corrections wait: a correction must find what it corrects
    // already counted, or not stored at all (decision 0191).
    deferred = !!opts.deferRollups && fresh.every((v) => !v.kind.mayCorrect && !v.input.corrects)
    const r = await (deferred ? deferringHooks : batchingHooks)(tx, () => storeEach(tx, user, fresh, locale))
    stored.push(...r.stored)
    rejected.push(...r.rejected)
  })
  if (deferred) runDeferredSoon(ctx)
  return { stored, rejected }
}

/**
 * One fact made here just now, in a transaction of its own (a lesson view, a form): nothing else
 * is written in that transaction, so a refusal takes the transaction back whole, as the savepoint
 * of `storeEach` would, two statements fewer (two round trips on PostgreSQL).
 */
async function storeAlone(
  ctx: Ctx,
  user: CurrentUser,
  v: Valid,
  locale: Locale | undefined,
  opts: StoreOptions,
): Promise<BatchResult> {
  const id = v.input.id
  const deferred = !!opts.deferRollups && !v.kind.mayCorrect && !v.input.corrects
  try {
    await inTransaction(ctx, (tx) =>
      (deferred ? deferringHooks : batchingHooks)(tx, async () => {
        await storeFact(tx, await prepare(tx, user, v), { hash: v.hash })
      }),
    )
  } catch (err) {
    if (isDiskFull(err)) throw err
    if (!isUniqueViolation(err)) return { stored: [], rejected: [reject(id, err, locale)] }
    const row = await ctx.db.selectFrom('facts').select('hash').where('id', '=', id).executeTakeFirst()
    return row?.hash === v.hash ? { stored: [id], rejected: [] } : { stored: [], rejected: [conflict(id)] }
  }
  if (deferred) runDeferredSoon(ctx)
  return { stored: [id], rejected: [] }
}

/** At most this many facts in one group's transaction. */
const GROUP_MAX = 200

type Waiting = {
  ctx: Ctx
  user: CurrentUser
  v: Valid
  locale: Locale | undefined
  opts: StoreOptions
  done: (r: Promise<BatchResult>) => void
}
/** Per database: the facts waiting for the next group, and whether a group is being written. */
const groups = new WeakMap<Ctx['handle'], { waiting: Waiting[]; writing: boolean }>()

/**
 * Group commit (decision 0202): a fact made here just now, with deferred rollups (a lesson view),
 * joins the facts made at the same moment in one transaction, instead of a transaction each. No
 * timer: the first waits one turn of the event loop for the others of that turn; those that come
 * while a group is being written form the next one, started as soon as it commits. Every caller
 * waits for its group's commit, so a fact answered is a fact stored, as alone. Should the group
 * fail (a fact refused, a lost connection), each of its facts is stored again alone, with its own
 * answer: none was written by the failed group, and a fact the group did write after all (a
 * commit whose answer was lost) is found by its id and counted as stored, never written twice.
 */
function storeGrouped(
  ctx: Ctx,
  user: CurrentUser,
  v: Valid,
  locale: Locale | undefined,
  opts: StoreOptions,
): Promise<BatchResult> {
  let g = groups.get(ctx.handle)
  if (!g) {
    g = { waiting: [], writing: false }
    groups.set(ctx.handle, g)
  }
  const group = g
  return new Promise<BatchResult>((ok) => {
    group.waiting.push({ ctx, user, v, locale, opts, done: (r) => ok(r) })
    if (!group.writing) {
      group.writing = true
      setImmediate(() => writeGroups(group))
    }
  })
}

async function writeGroups(g: { waiting: Waiting[]; writing: boolean }): Promise<void> {
  try {
    while (g.waiting.length) {
      const batch = g.waiting.splice(0, GROUP_MAX)
      const first = batch[0]!
      if (batch.length === 1) {
        const r = storeAlone(first.ctx, first.user, first.v, first.locale, first.opts)
        first.done(r)
        await r.catch(() => {})
        continue
      }
      try {
        await inTransaction(first.ctx, (tx) =>
          deferringHooks(tx, async () => {
            const made: Made[] = []
            for (const w of batch) made.push({ fact: await prepare(tx, w.user, w.v), hash: w.v.hash })
            await storeMadeFacts(tx, made)
          }),
        )
      } catch {
        // Nothing of the group was written (or, after a lost commit answer, all of it): each
        // alone, in turn, gets its own answer.
        for (const w of batch) {
          const r = storeAlone(w.ctx, w.user, w.v, w.locale, w.opts)
          w.done(r)
          await r.catch(() => {})
        }
        continue
      }
      runDeferredSoon(first.ctx)
      for (const w of batch) w.done(Promise.resolve({ stored: [w.v.input.id], rejected: [] }))
    }
  } finally {
    g.writing = false
  }
}

/** Authorises a new fact and makes its stored form. */
async function prepare(tx: TxCtx, user: CurrentUser | null, v: Valid): Promise<StoredFact> {
  const { subjectId, placeCode } = await v.kind.authorize(tx, user, v.data, {
    occurredAt: occurredAtOf(v.input),
  })
  if (v.input.corrects) await assertMayCorrect(tx, user, v.kind, v.input.corrects)
  return {
    id: v.input.id,
    kind: v.input.kind,
    originNode: tx.nodeId,
    actorId: user?.id ?? null,
    subjectId,
    placeCode,
    occurredAt: occurredAtOf(v.input),
    recordedAt: tx.now().toISOString(),
    data: v.data,
    corrects: v.input.corrects ?? null,
  }
}

/**
 * Authorises and stores new facts, each inside a savepoint with its check and its effects, so that
 * a refused or failing fact is taken back whole (with whatever its check wrote) and the others stay.
 */
async function storeEach(
  tx: TxCtx,
  user: CurrentUser,
  items: Valid[],
  locale: Locale | undefined,
): Promise<BatchResult> {
  const stored: string[] = []
  const rejected: Rejected[] = []
  for (const v of items) {
    const id = v.input.id
    await sql`savepoint fact`.execute(tx.db)
    try {
      const fact = await prepare(tx, user, v)
      await storeFact(tx, fact, { hash: v.hash })
      await sql`release savepoint fact`.execute(tx.db)
      stored.push(id)
    } catch (err) {
      // A full disk fails the whole batch (SQLite has already ended the transaction itself);
      // so does any error the savepoint cannot take back: the original error is the one said.
      if (isDiskFull(err)) throw err
      try {
        await sql`rollback to savepoint fact`.execute(tx.db)
        await sql`release savepoint fact`.execute(tx.db)
      } catch {
        throw err
      }
      if (!isUniqueViolation(err)) {
        rejected.push(reject(id, err, locale))
        continue
      }
      // Stored meanwhile by another request (a phone's retry): the same body counts as stored.
      const row = await tx.db.selectFrom('facts').select('hash').where('id', '=', id).executeTakeFirst()
      if (row?.hash === v.hash) stored.push(id)
      else rejected.push(conflict(id))
    }
  }
  return { stored, rejected }
}

/**
 * A correction must point at a stored fact of the same kind that the person may write for that
 * kind at its place. Unknown, other-kind and out-of-reach facts get the same answer, so the answer
 * does not tell whether an id exists.
 */
async function assertMayCorrect(
  tx: TxCtx,
  user: CurrentUser | null,
  kind: FactKind,
  id: string,
): Promise<void> {
  const row = await tx.db.selectFrom('facts').selectAll().where('id', '=', id).executeTakeFirst()
  const ok =
    !!user &&
    !!row &&
    row.kind === kind.kind &&
    !!kind.mayCorrect &&
    (await kind.mayCorrect(tx, user, parseFactRow(row)))
  if (!ok)
    throw new AppError(
      'forbidden',
      `corrects: you may not correct ${id} (a ${kind.kind} fact you may record)`,
      {
        issues: [
          {
            field: 'corrects',
            message: `you may not correct ${id}`,
            key: 'facts.corrects.forbidden',
            params: { kind: kind.kind },
          },
        ],
        key: 'facts.corrects.forbidden',
        params: { kind: kind.kind },
      },
    )
}

/**
 * Stores one fact inside the caller's transaction, the one way every fact is stored (a client's
 * batch, a form, a fact the server makes, the demo, sync): the row with the next sequence number
 * of its node (or, with `row`, exactly as it arrived from another node), the kind's `apply`, then
 * 'fact.stored' for the rollups. The caller has authorised it.
 */
export async function storeFact(
  tx: TxCtx,
  fact: StoredFact,
  opts: { hash?: string; row?: FactRow; kind?: FactKind; seq?: number } = {},
): Promise<void> {
  const kind = opts.kind ?? kinds.get(fact.kind)
  // A kind this node does not know would be stored without its effects.
  if (!kind) throw new AppError('validation', `kind: unknown kind ${JSON.stringify(fact.kind)} on this node`)
  if (opts.row) await tx.db.insertInto('facts').values(opts.row).execute()
  else await insertFact(tx, fact, opts.hash, opts.seq)
  await kind.apply?.(tx, fact)
  await emitStored(tx, fact)
}

function emitStored(tx: TxCtx, fact: StoredFact, asStored?: StoredFact): Promise<void> {
  return emit(tx, 'fact.stored', {
    kind: fact.kind,
    factId: fact.id,
    accountId: fact.subjectId,
    placeCode: fact.placeCode,
    at: fact.occurredAt,
    data: fact.data,
    asStored,
  })
}

/** A fact made on this node with its hash and the sequence number taken for it. */
type Made = { fact: StoredFact; hash: string }

/**
 * Stores facts made on this node (a group of views, decision 0202) inside the caller's
 * transaction, with the effects `storeFact` gives each: the rows in multi-row INSERTs, each fact's
 * `apply` in the order given (a kind's `applyMany` once for all its facts instead), 'fact.stored'
 * for each. The caller has authorised them. Their sequence numbers are taken at once and as late
 * as can be: the counter's row stays locked until the commit (so facts are committed in the order
 * of their numbers, which sync pages follow), and on PostgreSQL every other process storing facts
 * waits for whatever comes after it. When every kind of the group applies many at once and cannot
 * be corrected (lesson views), the effects go first and the numbers and rows last, the lock then
 * held for two statements and the commit; otherwise the rows go first, as in `storeFact`.
 */
async function storeMadeFacts(tx: TxCtx, made: Made[]): Promise<void> {
  const many = new Map<FactKind, StoredFact[]>()
  const each: { kind: FactKind; fact: StoredFact }[] = []
  for (const { fact } of made) {
    const kind = kinds.get(fact.kind)
    if (!kind)
      throw new AppError('validation', `kind: unknown kind ${JSON.stringify(fact.kind)} on this node`)
    const same = kind.applyMany ? many.get(kind) : undefined
    if (same) same.push(fact)
    else if (kind.applyMany) many.set(kind, [fact])
    else each.push({ kind, fact })
  }
  // Numbers last only where no effect can read these facts' rows: every kind applies many at once
  // and none can be corrected (corrections settle by reading the facts they correct, 0204).
  const last = each.length === 0 && [...many.keys()].every((k) => !k.mayCorrect)
  const rows = async () => {
    let seq = await nextCounters(tx.db, `facts:${tx.nodeId}`, made.length)
    await insertFactRows(
      tx.db,
      made.map((m) => factRow(m.fact, m.hash, seq++)),
    )
  }
  if (!last) await rows()
  for (const { kind, fact } of each) await kind.apply?.(tx, fact)
  for (const [kind, facts] of many) await kind.applyMany!(tx, facts)
  for (const { fact } of made) await emitStored(tx, fact)
  if (last) await rows()
}

/**
 * Inserts one fact row with the next sequence number of its node, or `seq` when the caller took it
 * (a group, `nextCounters`) (no effects: see `storeFact`). On PostgreSQL a fact made here gets a
 * provisional number instead and its real one at the commit (`provisionalSeq`).
 */
async function insertFact(tx: TxCtx, fact: StoredFact, hash?: string, taken?: number): Promise<void> {
  const seq =
    taken ??
    (tx.dialect === 'postgres' && fact.originNode === tx.nodeId
      ? provisionalSeq(tx)
      : await nextCounter(tx.db, `facts:${fact.originNode}`))
  await insertFactRow(tx.db, factRow(fact, hash, seq))
}

/** Per transaction: the next provisional sequence number of this node's facts (`provisionalSeq`). */
const provisional = new WeakMap<object, { next: number }>()

/**
 * Numbers last (decision 0208, amended). A node's facts are numbered from one counter row, locked
 * from the number's taking to the commit so that facts commit in the order of their numbers (sync
 * pages follow them). Taken at the first fact, the row stayed locked through a whole outbox batch
 * or quiz answer, every effect of every fact included, and on PostgreSQL every other transaction
 * storing a fact, in any process, waited behind it. So on PostgreSQL a fact made here is written
 * with a provisional number, negative, never seen outside its transaction, and a trigger deferred
 * to the commit (facts-number-last.migration.ts) gives the transaction's facts their numbers in
 * the order they were written: the row is then locked only inside the commit. Two transactions may
 * draw the same provisional number: the second insert waits for the first transaction, whose row
 * by then has its real number. On SQLite one transaction writes at a time, so the number is taken
 * at once, as before.
 */
function provisionalSeq(tx: TxCtx): number {
  let p = provisional.get(tx.db)
  if (!p) {
    // Room for 2^20 facts in one transaction before reaching zero.
    p = { next: -randomInt(2 ** 20, 2 ** 31 - 1) }
    provisional.set(tx.db, p)
  }
  if (p.next >= 0) throw new Error('too many facts in one transaction')
  return p.next++
}

/** The row of a fact made on this node. */
function factRow(fact: StoredFact, hash: string | undefined, seq: number): FactRow {
  return {
    id: fact.id,
    kind: fact.kind,
    origin_node: fact.originNode,
    seq,
    actor_id: fact.actorId,
    subject_id: fact.subjectId,
    place_code: fact.placeCode,
    occurred_at: fact.occurredAt,
    recorded_at: fact.recordedAt,
    data: canonicalJson(fact.data),
    hash:
      hash ??
      sha256(
        canonicalJson({
          kind: fact.kind,
          occurred_at: fact.occurredAt,
          data: fact.data,
          corrects: fact.corrects,
        }),
      ),
    corrects: fact.corrects ?? null,
  }
}
const insertFactRow = prepared((db, p: Holes<FactRow>) =>
  db.insertInto('facts').values({
    id: p('id'),
    kind: p('kind'),
    origin_node: p('origin_node'),
    seq: p('seq'),
    actor_id: p('actor_id'),
    subject_id: p('subject_id'),
    place_code: p('place_code'),
    occurred_at: p('occurred_at'),
    recorded_at: p('recorded_at'),
    data: p('data'),
    hash: p('hash'),
    corrects: p('corrects'),
  }),
)

/** A fact row exactly as stored, as it travels between nodes (sync, bundles). */
export type FactRow = {
  id: string
  kind: string
  origin_node: string
  seq: number
  actor_id: string | null
  subject_id: string | null
  place_code: string | null
  occurred_at: string
  recorded_at: string
  data: string
  hash: string
  corrects: string | null
}

/**
 * Stores a fact made on another node (sync, bundles), keeping the origin's node id and sequence
 * number, and runs the same effects as a local fact: the kind's `apply`, then 'fact.stored', in
 * the caller's transaction (`storeFact`). The fact was authorised where it was made, so `authorize` does not run
 * again (it may have side effects, such as registering a person, whose records arrive by sync too).
 * The caller has checked that the id is new here. Effects see `ctx.replica` set to the origin.
 */
export async function storeRemoteFact(tx: TxCtx, row: FactRow): Promise<void> {
  const { kind, fact } = remoteFact(row)
  await storeFact({ ...tx, replica: row.origin_node }, fact, { kind, row })
}

/**
 * A received row checked against its kind: the kind, the fact with its data as the kind reads it,
 * and the fact as its row reads back (`parseFactRow`: the data as stored, before the kind's schema).
 */
function remoteFact(row: FactRow): { kind: FactKind; fact: StoredFact; asStored: StoredFact } {
  const kind = kinds.get(row.kind)
  if (!kind) throw new AppError('validation', `kind: unknown kind ${JSON.stringify(row.kind)} on this node`)
  const asStored = parseFactRow(row)
  const data = kind.data.safeParse(asStored.data)
  if (!data.success) {
    const e = fromZod(data.error)
    throw new AppError('validation', e.issues.map((i) => `data.${i.field}: ${i.message}`).join('; '))
  }
  return { kind, fact: { ...asStored, data: data.data }, asStored }
}

/** Received facts written as they came, 400 to a statement (12 values each, well under both databases' limits). */
const insertFactRows = preparedRows<FactRow>(
  [
    'id',
    'kind',
    'origin_node',
    'seq',
    'actor_id',
    'subject_id',
    'place_code',
    'occurred_at',
    'recorded_at',
    'data',
    'hash',
    'corrects',
  ],
  400,
  (db, rows) => db.insertInto('facts').values(rows),
)

/**
 * Stores many facts made on other nodes (a sync page, a bundle) with the effects `storeRemoteFact`
 * gives each, inside the caller's transaction: every row checked against its kind first, the rows
 * written by multi-row INSERTs, then each fact's `apply` in the order given (a kind's `applyMany`
 * once for all its facts of one origin instead), then 'fact.stored' for each. The caller has
 * checked that the ids are new here and distinct. If any fact fails, the error is thrown and the
 * caller undoes the whole set (the sync then retries the facts one by one, to hold the bad one).
 */
export async function storeRemoteFacts(tx: TxCtx, rows: FactRow[]): Promise<void> {
  if (!rows.length) return
  const checked = rows.map(remoteFact)
  await insertFactRows(tx.db, rows)
  // The effects see each fact's origin as `replica`: one context per origin, not one per fact.
  const replicas = new Map<string, TxCtx>()
  const as = (origin: string) => {
    let r = replicas.get(origin)
    if (!r) {
      r = { ...tx, replica: origin }
      replicas.set(origin, r)
    }
    return r
  }
  const many = new Map<string, { kind: FactKind; origin: string; facts: StoredFact[] }>()
  for (const { kind, fact } of checked) {
    if (kind.applyMany) {
      const key = `${kind.kind}\u0000${fact.originNode}`
      const group = many.get(key) ?? { kind, origin: fact.originNode, facts: [] }
      group.facts.push(fact)
      many.set(key, group)
    } else await kind.apply?.(as(fact.originNode), fact)
  }
  for (const g of many.values()) await g.kind.applyMany!(as(g.origin), g.facts)
  // The rollups get each fact as its row reads back, and need not read the page again.
  for (const { fact, asStored } of checked) await emitStored(as(fact.originNode), fact, asStored)
}

/**
 * Records one fact made on the server (a plain form post without JavaScript); returns its id.
 * `corrects` makes it a correction of that fact (checked as from the facts endpoint).
 */
export async function recordFact(
  ctx: Ctx,
  user: CurrentUser | null,
  kind: string,
  data: unknown,
  opts: { id?: string; occurredAt?: string; corrects?: string } & StoreOptions = {},
): Promise<string> {
  const id = opts.id ?? uuidv7()
  const r = await storeFacts(
    ctx,
    user,
    [
      {
        id,
        kind,
        occurred_at: opts.occurredAt ?? ctx.now().toISOString(),
        data,
        ...(opts.corrects ? { corrects: opts.corrects } : {}),
      },
    ],
    undefined,
    { deferRollups: opts.deferRollups, grouped: opts.grouped, minted: opts.id === undefined },
  )
  const bad = r.rejected[0]
  if (bad) throw causes.get(bad) ?? new AppError(bad.code as 'validation', bad.message)
  return id
}

/** Reads facts back (newest first) with parsed data. */
export function parseFactRow(r: {
  id: string
  kind: string
  origin_node: string
  actor_id: string | null
  subject_id: string | null
  place_code: string | null
  occurred_at: string
  recorded_at: string
  data: string
  corrects: string | null
}): StoredFact {
  return {
    id: r.id,
    kind: r.kind,
    originNode: r.origin_node,
    actorId: r.actor_id,
    subjectId: r.subject_id,
    placeCode: r.place_code,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    data: JSON.parse(r.data),
    corrects: r.corrects,
  }
}
