import type { Ctx } from '../../core/context.ts'
import { recordFact } from '../facts/facts.service.ts'
import { accountIdByUsername } from '../people/people.reads.ts'
import { currentUserById } from '../people/people.service.ts'
import { createTrader } from './market.service.ts'

/**
 * Demo traders of the demo village, registered by the demo ambassador through the same services
 * as real input. Their account numbers are obviously fake (all nines) and their names say demo.
 */
export async function seedDemoMarket(ctx: Ctx): Promise<void> {
  const ambId = await accountIdByUsername(ctx.db, 'ambassador')
  if (!ambId) return
  const actor = await currentUserById(ctx, ambId)
  const village = actor.roles.find((r) => r.role === 'ambassador')!.scopeCode
  const traders = [
    {
      name: 'Quầy mật ong (demo)',
      market: 'Chợ phiên (demo)',
      products: 'Mật ong',
      bank_bin: '970405',
      bank_account: '9999000000001',
      steps: ['payment_account', 'vietqr_at_stall', 'received_transfer'],
    },
    {
      name: 'Quầy măng khô (demo)',
      market: 'Chợ phiên (demo)',
      products: 'Măng khô',
      bank_bin: '970418',
      bank_account: '9999000000002',
      steps: ['payment_account'],
    },
    { name: 'Hộ trồng chè (demo)', market: 'Tại nhà (demo)', products: 'Chè shan tuyết', steps: [] },
  ]
  for (const t of traders) {
    const { steps, ...input } = t
    const id = await createTrader(ctx, actor, { ...input, place_code: village })
    for (const step of steps) await recordFact(ctx, actor, 'trader_step', { trader_id: id, step, done: true })
  }
}
