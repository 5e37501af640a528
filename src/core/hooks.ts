import type { Ctx } from './context.ts'
import { isTx, type Tx, type TxCtx } from './transaction.ts'

/**
 * In-process domain events. A domain announces what happened (a course completed, a person
 * checked in) and other domains react without the first importing them. Handlers run inside the
 * caller's transaction (`tx`), so a reaction (a certificate, a rollup) commits or fails with the
 * fact that caused it.
 */
export type HookEvents = {
  /** A learner completed a course; emitted once per person and course. */
  'course.completed': {
    accountId: string
    courseSlug: string
    lang: string
    completedAt: string
    factId: string
    /** Course data for the certificate (optional; the certificate falls back to the slug). */
    courseTitle?: string
    courseSummary?: string
    competency?: string
    level?: string
  }
  /** A person attended an event (training, festival); emitted once per person and event. */
  'event.attended': {
    accountId: string | null
    eventId: string
    registrationId: string
    attendedAt: string
    /** Event data for the attendance certificate (optional; it falls back to the event id). */
    eventTitle?: string
    eventSummary?: string
    lang?: string
    /** training | festival | session, and ai_officials | digital_skills | digital_market | other. */
    eventKind?: string
    eventTopic?: string
    /** The commune or ward of the event, and its dates (ISO-8601 UTC). */
    placeCode?: string
    startsAt?: string
    endsAt?: string
  }
  /**
   * A person's attendance of an event was taken away: the check-in that made it was withdrawn or
   * corrected to someone else (decision 0204, amended), and no other check-in of theirs there stands.
   */
  'event.attendance_withdrawn': {
    accountId: string | null
    eventId: string
    registrationId: string
  }
  /** An account was made (sign-up, assisted registration, admin); its phone links what others recorded for it. */
  'account.created': {
    accountId: string
    phone: string | null
  }
  /** A fact was stored (learning, help, check-in…), for rollups. */
  'fact.stored': {
    kind: string
    factId: string
    accountId: string | null
    placeCode: string | null
    at: string
    data: unknown
    /**
     * The fact as its row reads back (data parsed from the stored text), when the code storing it
     * has the row at hand (a sync page): the rollups use it instead of reading the row again.
     */
    asStored?: {
      id: string
      kind: string
      subjectId: string | null
      placeCode: string | null
      occurredAt: string
      recordedAt: string
      data: unknown
      corrects: string | null
    }
  }
}

export type Handler<K extends keyof HookEvents> = (tx: TxCtx, payload: HookEvents[K]) => Promise<void>

const handlers: { [K in keyof HookEvents]?: Handler<K>[] } = {}

export type BatchHandler<K extends keyof HookEvents> = (tx: TxCtx, payloads: HookEvents[K][]) => Promise<void>

const batchHandlers: { [K in keyof HookEvents]?: BatchHandler<K> } = {}
/** Per transaction being batched: the payloads waiting, by event. */
const waiting = new WeakMap<Tx, Map<keyof HookEvents, unknown[]>>()

/** The `on` handlers that have a batch form, which runs instead inside `batchingHooks`. */
const batched = new Set<Handler<keyof HookEvents>>()

/**
 * A reaction that may also be done later (decision 0191): `enqueue` keeps the events inside the
 * caller's transaction (in a table, so a process that dies loses nothing), and `drain` does the
 * queued work in transactions of its own, from any process, exactly once.
 */
export type DeferForm<K extends keyof HookEvents> = {
  enqueue: BatchHandler<K>
  drain: (ctx: Ctx) => Promise<void>
}
const deferForms: { [K in keyof HookEvents]?: DeferForm<K> } = {}

/**
 * Registers a reaction to an event (through the registry, from the reacting domain's `register`;
 * registering the same handler again does nothing, so the app can be built many times). With `batch`, the
 * reaction also has a form for many events at once: inside `batchingHooks` the events wait and
 * reach it together at the end. Only for reactions whose result does not depend on the order or
 * the moment they run (the rollups, order-independent by design). One batch form per event.
 */
export function on<K extends keyof HookEvents>(
  event: K,
  handler: Handler<K>,
  opts: { batch?: BatchHandler<K>; defer?: DeferForm<K> } = {},
): void {
  const list = (handlers[event] ?? []) as Handler<K>[]
  if (list.includes(handler)) return
  list.push(handler)
  ;(handlers as Record<string, unknown>)[event] = list
  if (opts.batch) {
    batched.add(handler as Handler<keyof HookEvents>)
    ;(batchHandlers as Record<string, unknown>)[event] = opts.batch
    if (opts.defer) (deferForms as Record<string, unknown>)[event] = opts.defer
  }
}

/** How many reactions are registered, by event (for the test that importing a module registers none). */
export function registeredHooks(): Record<string, number> {
  return Object.fromEntries(Object.entries(handlers).map(([k, v]) => [k, v?.length ?? 0]))
}

/**
 * Runs `fn` with the batchable reactions of the transaction `tx` gathered and run once at the end, in the same
 * transaction: a sync page of a thousand facts updates the rollups with a few statements instead
 * of a few per fact. If `fn` throws, what waited is dropped with it.
 */
export function batchingHooks<T>(tx: TxCtx, fn: () => Promise<T>): Promise<T> {
  return gathering(tx, fn, false)
}

/**
 * The same, but reactions with a deferred form are only queued at the end (in the transaction);
 * call `runDeferredSoon` after the commit. For requests that must answer fast (a lesson view).
 */
export function deferringHooks<T>(tx: TxCtx, fn: () => Promise<T>): Promise<T> {
  return gathering(tx, fn, true)
}

async function gathering<T>(tx: TxCtx, fn: () => Promise<T>, defer: boolean): Promise<T> {
  if (waiting.has(tx.db)) return fn()
  const queue = new Map<keyof HookEvents, unknown[]>()
  waiting.set(tx.db, queue)
  try {
    const out = await fn()
    waiting.delete(tx.db)
    for (const [event, payloads] of queue) {
      if (!payloads.length) continue
      const later = defer ? (deferForms[event] as DeferForm<typeof event> | undefined) : undefined
      const h = later?.enqueue ?? (batchHandlers[event] as BatchHandler<typeof event> | undefined)
      if (h) await h(tx, payloads as HookEvents[typeof event][])
    }
    return out
  } finally {
    waiting.delete(tx.db)
  }
}

/**
 * Per database: a deferred run is scheduled or under way (`again`: views came meanwhile), and the
 * drain in progress, if any, that a reader must wait for.
 */
const scheduled = new WeakMap<Ctx['handle'], { again: boolean; running: Promise<void> | null }>()

/**
 * How long the run after an answer waits, so that the views of that moment are rolled up together
 * in one transaction instead of one run each: at hundreds of views a second, a run per few views
 * kept the one SQLite connection (or the province's rollup rows) busy between every two requests.
 * Readers never wait for it: they drain first (`runDeferred`).
 */
export const DEFER_GATHER_MS = 50

/**
 * Does all queued work now (every event's `drain`), and waits for it. Readers of what the work
 * makes (the dashboards) call it first, so they see every fact stored before they asked.
 */
export async function runDeferred(ctx: Ctx): Promise<void> {
  // A run this process started right after an answer holds its batch (on PostgreSQL, rows locked
  // and skipped by any other drain) until it commits: wait for it, or this drain would return
  // with those facts not yet rolled up. Not from inside a transaction: on SQLite that run waits
  // for the one connection this caller holds.
  if (!isTx(ctx)) await scheduled.get(ctx.handle)?.running
  await drainAll(ctx)
}

async function drainAll(ctx: Ctx): Promise<void> {
  for (const form of Object.values(deferForms)) await form?.drain(ctx)
}

const pause = (ms: number) =>
  new Promise<void>((ok) => {
    setTimeout(ok, ms).unref()
  })

/**
 * Schedules the queued work for shortly after the current request has answered (`DEFER_GATHER_MS`).
 * Runs coalesce: views arriving before or while one runs are taken by the next, in one batch, after
 * the same wait. A failure is logged and left queued: the next run (or any process) takes it again.
 */
export function runDeferredSoon(ctx: Ctx): void {
  const s = scheduled.get(ctx.handle)
  if (s) {
    s.again = true
    return
  }
  const state = { again: false, running: null as Promise<void> | null }
  scheduled.set(ctx.handle, state)
  const loop = async () => {
    for (;;) {
      state.again = false
      const run = drainAll(ctx)
      // What a reader waits for: this drain only, never the wait before the next one.
      state.running = run.catch(() => {})
      try {
        await run
      } catch (err) {
        ctx.log.warn({ err }, 'deferred work failed; it stays queued')
        break
      } finally {
        state.running = null
      }
      if (!state.again) break
      await pause(DEFER_GATHER_MS)
    }
    scheduled.delete(ctx.handle)
  }
  pause(DEFER_GATHER_MS).then(loop)
}

/** Runs every reaction to an event, in registration order, inside the given transaction. */
export async function emit<K extends keyof HookEvents>(
  tx: TxCtx,
  event: K,
  payload: HookEvents[K],
): Promise<void> {
  const queue = batchHandlers[event] ? waiting.get(tx.db) : undefined
  for (const h of (handlers[event] ?? []) as Handler<K>[]) {
    if (queue && batched.has(h as Handler<keyof HookEvents>)) {
      const list = queue.get(event) ?? []
      list.push(payload)
      queue.set(event, list)
      continue
    }
    await h(tx, payload)
  }
}
