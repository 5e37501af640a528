import type { Registry } from '../registry.ts'
import { checkinFact } from './events.checkin.ts'
import { headcountFact } from './events.headcount.ts'
import { eventsMigration } from './events.migration.ts'
import { eraseRegistrationsOf, registrationsForExport } from './events.privacy.ts'
import eventsRoutes from './events.routes.tsx'
import { claimForNewAccount } from './events.service.ts'
import { eventsSectorMigration } from './events-sector.migration.ts'
import { headcountMigration } from './headcount.migration.ts'
import { headcountCorrectionsMigration } from './headcount-corrections.migration.ts'

/** Trainings and festivals: registration, check-in at the door, attendance. */
export function register(r: Registry): void {
  r.migration('0008-events', eventsMigration)
  r.migration('0020-events-sector', eventsSectorMigration)
  r.migration('0196-events-headcount', headcountMigration)
  r.migration('0196-events-headcount-corrections', headcountCorrectionsMigration)
  r.routes(eventsRoutes)
  r.factKind(checkinFact)
  r.factKind(headcountFact)
  r.on('account.created', claimForNewAccount)
  r.personalData({
    key: 'event_registrations',
    export: (db, p) => registrationsForExport(db, p.id, p.phone),
    erase: {
      key: 'registrations',
      run: async (tx, p) => ({ count: await eraseRegistrationsOf(tx, p.id, p.phone) }),
    },
  })
}
