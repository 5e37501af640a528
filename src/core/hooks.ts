import type { Ctx } from './context.ts'
import type { Db } from './db.ts'

/**
 * In-process domain events. A domain announces what happened (a course completed, a person
 * checked in) and other domains react without the first importing them. Handlers run inside the
 * caller's transaction (`trx`), so a reaction (a certificate, a rollup) commits or fails with the
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
  /** A fact was stored (learning, help, check-in…), for rollups. */
  'fact.stored': {
    kind: string
    factId: string
    accountId: string | null
    placeCode: string | null
    at: string
    data: unknown
  }
}

type Handler<K extends keyof HookEvents> = (ctx: Ctx, trx: Db, payload: HookEvents[K]) => Promise<void>

const handlers: { [K in keyof HookEvents]?: Handler<K>[] } = {}

/** Registers a reaction to an event (call at module load of the reacting domain). */
export function on<K extends keyof HookEvents>(event: K, handler: Handler<K>): void {
  const list = (handlers[event] ?? []) as Handler<K>[]
  list.push(handler)
  ;(handlers as Record<string, unknown>)[event] = list
}

/** Runs every reaction to an event, in registration order, inside the given transaction. */
export async function emit<K extends keyof HookEvents>(
  ctx: Ctx,
  trx: Db,
  event: K,
  payload: HookEvents[K],
): Promise<void> {
  for (const h of (handlers[event] ?? []) as Handler<K>[]) await h(ctx, trx, payload)
}
