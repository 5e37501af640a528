import type { Registry } from '../registry.ts'
import { checkinFact } from './events.checkin.ts'
import { eventsMigration } from './events.migration.ts'
import eventsRoutes from './events.routes.tsx'

/** Trainings and festivals: registration, check-in at the door, attendance. */
export function register(r: Registry): void {
  r.migration('0008-events', eventsMigration)
  r.routes(eventsRoutes)
  r.factKind(checkinFact)
}
