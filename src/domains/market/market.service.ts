import type { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { AppError, alreadyExists, isUniqueViolation, notFound, validationError } from '../../core/errors.ts'
import type { Handler } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction, type TxCtx } from '../../core/transaction.ts'
import { latestStanding } from '../facts/facts.forks.ts'
import { defineFactKind, type StoredFact, storeFact } from '../facts/facts.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, PROVINCE, PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { canAt, placeRef } from '../places/places.service.ts'
import { writeAudit } from '../system/audit.ts'
import { SELLING_COURSE, STEPS, type Step, stepFactSchema, type traderSchema } from './market.schemas.ts'
import * as store from './market.store.ts'
import { bankByBin, buildStaticVietQR } from './vietqr.ts'

export type Trader = NonNullable<Awaited<ReturnType<typeof store.findTrader>>> & {
  steps: Record<Step, boolean>
  payload: string | null
}

async function placeOf(ctx: Ctx, code: string) {
  if (code === PROVINCE_CODE) return { ...PROVINCE, kind: 'province', name: '' }
  return placeRef(ctx, code).catch(() => {
    throw validationError('place_code', `unknown place ${code}`)
  })
}

/** Registers a trader or farmer (by an ambassador or a commune officer of that place). */
export async function createTrader(
  ctx: Ctx,
  actor: CurrentUser | null,
  input: z.infer<typeof traderSchema>,
): Promise<string> {
  const place = await placeOf(ctx, input.place_code)
  if (place.kind === 'province') throw validationError('place_code', 'must be a village or a commune')
  assertCan(actor, 'market.manage', place)
  const id = input.id ?? uuidv7()
  // A client-chosen id already in use is a 409, checked first (and again by the key, for a race).
  if (input.id && (await store.findTrader(ctx.db, id))) throw alreadyExists('id', id)
  await inTransaction(ctx, async (tx) => {
    await store.insertTrader(tx.db, {
      id,
      ...stamp(tx),
      created_at: tx.now().toISOString(),
      created_by: actor.id,
      name: input.name,
      place_code: place.code,
      market: input.market,
      products: input.products,
      phone: input.phone ?? null,
      account_id: null,
      bank_bin: input.bank_bin ?? null,
      bank_account: input.bank_account ?? null,
      erased_at: null,
    })
    if (input.bank_account)
      await tickBankSteps(tx, actor.id, { id, place_code: place.code, account_id: null })
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'trader.create',
      targetType: 'trader',
      targetId: id,
    })
  }).catch((err) => {
    throw isUniqueViolation(err) ? alreadyExists('id', id) : err
  })
  return id
}

/** Sets or changes the bank account a trader's VietQR pays into. */
export async function setBankAccount(
  ctx: Ctx,
  actor: CurrentUser | null,
  traderId: string,
  bankBin: string,
  account: string,
): Promise<void> {
  const t = await store.findTrader(ctx.db, traderId)
  if (!t) throw notFound(`trader ${traderId}`)
  assertCan(actor, 'market.manage', await placeOf(ctx, t.place_code))
  if (!bankByBin(bankBin)) throw validationError('bank_bin', 'must be a bank that takes part in VietQR')
  if (!/^[0-9A-Za-z]{4,19}$/.test(account))
    throw validationError('bank_account', 'must be 4 to 19 letters or digits, without spaces')
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('traders')
      .set({ ...stamp(tx), bank_bin: bankBin, bank_account: account })
      .where('id', '=', traderId)
      .execute()
    await tickBankSteps(tx, actor.id, t)
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'trader.bank',
      targetType: 'trader',
      targetId: traderId,
      detail: { bank: bankBin },
    })
  })
}

/** The steps a bank account completes: the account exists, and its VietQR (poster) is ready for the stall. */
const BANK_STEPS: Step[] = ['payment_account', 'vietqr_at_stall']

/**
 * Entering a bank account ticks the first two steps, as facts like a tick from the phone (so the
 * rollups and hubs see them); a step already ticked, or unticked by hand before, is left as it is.
 */
async function tickBankSteps(
  tx: TxCtx,
  actorId: string,
  t: { id: string; place_code: string; account_id: string | null },
): Promise<void> {
  const known = new Set((await store.stepsOf(tx.db, [t.id])).map((r) => r.step))
  for (const step of BANK_STEPS) {
    if (known.has(step)) continue
    await storeStep(tx, { trader: t, actorId, step, at: tx.now().toISOString() })
  }
}

/** Stores one checklist tick made by the server itself (bank account entered, course completed). */
async function storeStep(
  tx: TxCtx,
  p: {
    trader: { id: string; place_code: string; account_id: string | null }
    actorId: string | null
    step: Step
    at: string
  },
): Promise<void> {
  const fact = {
    id: uuidv7(),
    kind: 'trader_step',
    originNode: tx.nodeId,
    actorId: p.actorId,
    subjectId: p.trader.account_id,
    placeCode: p.trader.place_code,
    occurredAt: p.at,
    recordedAt: tx.now().toISOString(),
    data: { trader_id: p.trader.id, step: p.step, done: true },
    corrects: null,
  }
  // Stored like a tick from the phone: its kind's `apply` puts the step, and the campaign rollups
  // count it in this transaction.
  await storeFact(tx, fact)
}

function withSteps(
  t: NonNullable<Awaited<ReturnType<typeof store.findTrader>>>,
  rows: { trader_id: string; step: string; done: number }[],
): Trader {
  const steps = Object.fromEntries(STEPS.map((s) => [s, false])) as Record<Step, boolean>
  for (const r of rows) if (r.trader_id === t.id) steps[r.step as Step] = r.done === 1
  return {
    ...t,
    steps,
    payload: t.bank_bin && t.bank_account ? buildStaticVietQR(t.bank_bin, t.bank_account) : null,
  }
}

/** One trader with checklist and VietQR payload, if the person may see it. */
export async function getTrader(
  ctx: Ctx,
  actor: CurrentUser | null,
  id: string,
): Promise<Trader & { placeName: string }> {
  const t = await store.findTrader(ctx.db, id)
  if (!t) throw notFound(`trader ${id}`)
  const place = await placeOf(ctx, t.place_code)
  assertCan(actor, 'market.manage', place)
  return { ...withSteps(t, await store.stepsOf(ctx.db, [t.id])), placeName: place.name }
}

/** Traders in the person's scope (or a narrower scope they name), with their checklists. */
export async function listTraders(ctx: Ctx, actor: CurrentUser | null, scopeCode?: string) {
  const code = scopeCode ?? scopesFor(actor, 'market.manage')[0]
  if (!actor) throw new AppError('unauthenticated', 'sign in to continue')
  if (!code) throw new AppError('forbidden', 'you may not manage traders')
  const scope = await placeOf(ctx, code)
  assertCan(actor, 'market.manage', scope)
  const rows = await store.tradersIn(ctx.db, scope)
  const steps = await store.stepsOf(
    ctx.db,
    rows.map((r) => r.id),
  )
  return {
    scope,
    traders: rows.map((r) => {
      const s = Object.fromEntries(STEPS.map((x) => [x, false])) as Record<Step, boolean>
      for (const st of steps) if (st.trader_id === r.id) s[st.step as Step] = st.done === 1
      return { ...r, steps: s, onboarded: STEPS.every((x) => s[x]) }
    }),
  }
}

// A checklist tick is a fact: it can be made offline by an ambassador and replicated like any other.
export const traderStepFact = defineFactKind({
  kind: 'trader_step',
  data: stepFactSchema,
  authorize: async (ctx, user, data) => {
    const t = await store.findTrader(ctx.db, data.trader_id)
    if (!t) throw validationError('data.trader_id', 'no such trader')
    const place = await placeOf(ctx, t.place_code)
    assertCan(user, 'market.manage', place)
    return { subjectId: t.account_id, placeCode: t.place_code }
  },
  mayCorrect: (ctx, user, original) => canAt(ctx, user, 'market.manage', original.placeCode),
  apply: async (tx, fact) => {
    // A tick that takes part in corrections (decision 0204): each step its correction tree touches
    // takes the latest tick that stands, or is unticked when none does.
    const settled = await latestStanding(
      tx.db,
      'trader_step',
      fact.corrects || tx.replica ? [fact] : [],
      stepKey,
    )
    for (const [key, f] of settled) {
      const [trader, step] = key.split('\u0000') as [string, string]
      if (f) await store.setStep(tx.db, stepRow(f as StoredFact<StepData>))
      else await store.deleteStep(tx.db, trader, step)
    }
    if (!settled.has(stepKey(fact))) await store.putStep(tx.db, stepRow(fact))
  },
})

const stepKey = (f: StoredFact): string => {
  const d = f.data as { trader_id?: unknown; step?: unknown }
  return `${String(d.trader_id)}\u0000${String(d.step)}`
}

type StepData = z.infer<typeof stepFactSchema>

const stepRow = (fact: StoredFact<StepData>) => ({
  trader_id: fact.data.trader_id,
  step: fact.data.step,
  done: fact.data.done ? 1 : 0,
  at: fact.occurredAt,
  fact_id: fact.id,
})

// Completing the selling-online course ticks the last step for every trader record of that person.
export const tickSellingStep: Handler<'course.completed'> = async (tx, p) => {
  // A completion received from another node: that node ticked the step, and the tick arrives too.
  if (tx.replica || p.courseSlug !== SELLING_COURSE) return
  for (const t of await store.tradersOfAccount(tx.db, p.accountId))
    await storeStep(tx, {
      trader: { ...t, account_id: p.accountId },
      actorId: null,
      step: 'course_completed',
      at: p.completedAt,
    })
}

/** Links a trader to their own hocso account (so the course step follows their learning). */
export async function linkAccount(
  ctx: Ctx,
  actor: CurrentUser | null,
  traderId: string,
  accountId: string,
): Promise<void> {
  const t = await store.findTrader(ctx.db, traderId)
  if (!t) throw notFound(`trader ${traderId}`)
  assertCan(actor, 'market.manage', await placeOf(ctx, t.place_code))
  await ctx.db
    .updateTable('traders')
    .set({ ...stamp(ctx), account_id: accountId })
    .where('id', '=', traderId)
    .execute()
}
