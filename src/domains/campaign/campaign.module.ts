import type { Registry } from '../registry.ts'
import { campaignMigration, pendingMigration, visitAssigneeMigration } from './campaign.migration.ts'
import campaignRoutes from './campaign.routes.tsx'
import { planCommand } from './plan.command.ts'
import { planMigration } from './plan.migration.ts'
import { recountEvent } from './rollup.events.ts'
import { drainPending, enqueueStored, rollUpStored, rollUpStoredBatch } from './rollup.service.ts'
import { rollupsCommand } from './rollups.command.ts'

/** The campaign's indicators, targets and dashboards, rolled up from the facts as they are stored. */
export function register(r: Registry): void {
  r.migration('0010-campaign', campaignMigration)
  r.migration('0010-campaign-visit-assignee', visitAssigneeMigration)
  r.migration('0020-campaign-plan', planMigration)
  r.routes(campaignRoutes)
  r.migration('0191-campaign-pending', pendingMigration)
  r.on('fact.stored', rollUpStored, {
    batch: rollUpStoredBatch,
    defer: { enqueue: enqueueStored, drain: drainPending },
  })
  // An event's check-ins count by what the event is: they move when that changes (decision 0210).
  r.rowChanged('events', recountEvent)
  r.command(rollupsCommand)
  r.command(planCommand)
}
