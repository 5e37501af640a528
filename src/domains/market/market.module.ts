import type { Registry } from '../registry.ts'
import { marketMigration } from './market.migration.ts'
import { eraseTradersOf, tradersOfPerson } from './market.privacy.ts'
import marketRoutes from './market.routes.tsx'
import { tickSellingStep, traderStepFact } from './market.service.ts'

/** The digital market: traders and their onboarding checklist. */
export function register(r: Registry): void {
  r.migration('0009-market', marketMigration)
  r.routes(marketRoutes)
  r.factKind(traderStepFact)
  r.on('course.completed', tickSellingStep)
  r.personalData({
    key: 'traders',
    export: (db, p) => tradersOfPerson(db, p.id),
    erase: { key: 'traders', run: async (tx, p) => ({ count: await eraseTradersOf(tx, p.id) }) },
  })
}
