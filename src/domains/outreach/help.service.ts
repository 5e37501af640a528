import { assertClientTime } from '../../core/client-time.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError, validationError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { openForks, replacementsAround } from '../facts/facts.forks.ts'
import { type BatchResult, defineFactKind, storeFacts } from '../facts/facts.service.ts'
import { currentUserById, registerAssisted } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can } from '../people/policy.ts'
import { canAt } from '../places/places.service.ts'
import { placeFor, villageFor } from './outreach.places.ts'
import { type HelpData, helpDataSchema } from './outreach.schemas.ts'
import * as store from './outreach.store.ts'

export const HELP_KIND = 'help_given'

/**
 * A help record as the lists show it; `apart`, the corrections of it made on another server while
 * the two were apart and set aside (decision 0204), until one is kept.
 */
export type HelpEntry = store.HelpRow & {
  personName: string | null
  actorName: string | null
  apart?: HelpEntry[]
}

export const helpFact = defineFactKind({
  kind: HELP_KIND,
  data: helpDataSchema,
  authorize: async (ctx, user, data: HelpData) => {
    if (!user) throw new AppError('unauthenticated', 'sign in to continue')
    const village = await villageFor(ctx, data.village)
    assertCan(user, 'help.write', village)
    if (data.at) assertClientTime(ctx, 'at', data.at)
    if (data.whom === 'account') {
      await currentUserById(ctx, data.person_id!).catch(() => {
        throw validationError('person_id', 'no such account')
      })
    }
    // Only the server fills person_id for a new person (below); other nodes receive it that way.
    if (data.whom === 'new' && data.person_id)
      throw validationError('person_id', 'a new person has no account yet: choose "account" to name one')
    if (data.whom === 'new') {
      data.person_id = await registerAssisted(ctx, user, {
        display_name: data.display_name!,
        phone: data.phone,
        birth_year: data.birth_year,
        place_code: village.code,
      })
      // The name and phone now live in the person's account, with their consent, where they can be
      // erased on request; the append-only fact keeps only the account id. storeFacts stores the
      // very object authorize receives, so removing them here keeps them out of the facts table.
      delete data.display_name
      delete data.phone
      delete data.birth_year
    }
    return { subjectId: data.person_id ?? null, placeCode: village.code }
  },
  mayCorrect: (ctx, user, original) => canAt(ctx, user, 'help.write', original.placeCode),
  apply: async (tx, fact) => {
    const d = fact.data
    const village = await villageFor(tx, d.village)
    // A fact from another node was authorised where it was made; it may also arrive before the
    // record it corrects, or after its own correction, or correct a record corrected here too.
    const remote = !!tx.replica
    if (fact.corrects) {
      const old = await store.findHelp(tx.db, fact.corrects)
      if (!old && !remote) throw validationError('corrects', `no help record ${fact.corrects}`)
      if (old && !remote && old.actor_id !== fact.actorId) {
        const actor = fact.actorId ? await currentUserById(tx, fact.actorId) : null
        const oldPlace = await villageFor(tx, old.village_code, 'corrects')
        if (!can(actor, 'help.write', oldPlace))
          throw new AppError('forbidden', `corrects: you may not correct help recorded in ${oldPlace.name}`)
      }
      // Here a record is corrected once (a second correction is refused: correct the latest).
      if (old && !(await store.replaceHelp(tx.db, old.id, fact.id)) && !remote)
        throw new AppError(
          'conflict',
          `corrects: ${old.id} was already corrected by ${old.replaced_by}; correct the latest record`,
        )
    }
    await store.insertHelp(tx.db, {
      id: fact.id,
      origin_node: fact.originNode,
      actor_id: fact.actorId,
      village_code: village.code,
      commune_code: village.communeCode,
      what: d.what,
      note: d.note ?? null,
      whom: d.whom,
      person_id: d.person_id ?? null,
      sex: d.sex ?? null,
      age_band: d.age_band ?? null,
      helped_at: d.at ?? fact.occurredAt,
      recorded_at: fact.recordedAt,
      corrects: fact.corrects,
      replaced_by: null,
    })
    // Whatever the order, one record of the tree stands: the end of its later corrections (decision 0204).
    if (fact.corrects || remote) await store.setReplaced(tx.db, await replacementsAround(tx.db, fact))
  },
})

/**
 * Records help from a form post or JSON call (the outbox posts to /api/facts instead). `key` is
 * the id the form was rendered with: a form sent twice (a double tap, a resend after a timeout)
 * is stored once, and the second send answers with the first record.
 */
export async function recordHelp(
  ctx: Ctx,
  user: CurrentUser | null,
  data: HelpData,
  opts: { key?: string; corrects?: string } = {},
): Promise<{ id: string; stored: boolean }> {
  const id = opts.key ?? uuidv7()
  if (await store.findHelp(ctx.db, id)) return { id, stored: false }
  const r: BatchResult = await storeFacts(ctx, user, [
    { id, kind: HELP_KIND, occurred_at: ctx.now().toISOString(), data, corrects: opts.corrects },
  ])
  const bad = r.rejected[0]
  if (bad) {
    if (bad.status === 409 && bad.code === 'conflict' && (await store.findHelp(ctx.db, id)))
      return { id, stored: false }
    const m = /^(?:data\.)?([\w.]+): (.*)$/.exec(bad.message)
    throw new AppError(bad.code as 'validation', bad.message, {
      issues: m ? [{ field: m[1]!, message: m[2]! }] : [],
    })
  }
  return { id, stored: true }
}

async function withNames(ctx: Ctx, rows: store.HelpRow[]): Promise<HelpEntry[]> {
  const names = new Map<string, string | null>()
  const ids = rows.flatMap((r) => [r.person_id, r.actor_id]).filter((x): x is string => !!x)
  for (const id of new Set(ids)) {
    names.set(
      id,
      await currentUserById(ctx, id).then(
        (u) => u.displayName,
        () => null,
      ),
    )
  }
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null)
  return rows.map((r) => ({ ...r, personName: name(r.person_id), actorName: name(r.actor_id) }))
}

/** The entries with the corrections set aside beside them, when their record was corrected apart. */
async function withForks(ctx: Ctx, entries: HelpEntry[]): Promise<HelpEntry[]> {
  const forks = await openForks(
    ctx.db,
    entries.filter((e) => e.corrects).map((e) => e.id),
  )
  if (!forks.size) return entries
  const lost = [...forks.values()].flat().flatMap((f) => f.lost)
  const rows = (await Promise.all(lost.map((id) => store.findHelp(ctx.db, id)))).filter((r) => !!r)
  const apart = new Map((await withNames(ctx, rows)).map((r) => [r.id, r]))
  return entries.map((e) => {
    const mine = (forks.get(e.id) ?? []).flatMap((f) => f.lost.flatMap((id) => apart.get(id) ?? []))
    return mine.length ? { ...e, apart: mine } : e
  })
}

/** The signed-in person's own help records (corrections applied), newest first. */
export async function myHelp(ctx: Ctx, user: CurrentUser | null, limit = 30): Promise<HelpEntry[]> {
  if (!user) throw new AppError('unauthenticated', 'sign in to continue')
  return withForks(ctx, await withNames(ctx, await store.listHelp(ctx.db, { actorId: user.id }, limit)))
}

/** The help log of a village, a commune (all its villages) or the province; 403 outside the reader's scope. */
export async function helpLog(ctx: Ctx, user: CurrentUser | null, placeCode: string, limit = 200) {
  const place = await placeFor(ctx, placeCode)
  assertCan(user, 'help.read', place)
  const entries = await withNames(ctx, await store.listHelp(ctx.db, { placeCode }, limit))
  return { place, entries: await withForks(ctx, entries) }
}

/** One current help record, for its correction form; 403 when the reader may not see its village. */
export async function getHelp(ctx: Ctx, user: CurrentUser | null, id: string): Promise<HelpEntry> {
  const row = await store.findHelp(ctx.db, id)
  if (!row) throw new AppError('not_found', `help record ${id}: not found`)
  if (row.actor_id !== user?.id) assertCan(user, 'help.read', await villageFor(ctx, row.village_code))
  return (await withNames(ctx, [row]))[0]!
}
