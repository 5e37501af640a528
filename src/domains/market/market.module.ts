import type { Registry } from '../registry.ts'
import { marketMigration } from './market.migration.ts'
import marketRoutes from './market.routes.tsx'
import { tickSellingStep, traderStepFact } from './market.service.ts'

/** The digital market: traders and their onboarding checklist. */
export function register(r: Registry): void {
  r.migration('0009-market', marketMigration)
  r.routes(marketRoutes)
  r.factKind(traderStepFact)
  r.on('course.completed', tickSellingStep)
}
