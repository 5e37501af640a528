import type { Registry } from '../registry.ts'
import syncApi from './api.routes.ts'
import { bundleCommand, hubCommand } from './sync.cli.ts'
import { conflictsOfPerson, eraseConflictsOf } from './sync.conflicts.ts'
import { syncConflictsMigration, syncMigration } from './sync.migration.ts'
import syncRoutes from './sync.routes.tsx'

/** Replication between the province server and commune hubs, online or by bundle. */
export function register(r: Registry): void {
  r.migration('0011-sync', syncMigration)
  r.migration('0186-sync-conflicts', syncConflictsMigration)
  r.routes(syncApi, syncRoutes)
  r.command(hubCommand)
  r.command(bundleCommand)
  // Edits made apart keep both values: a person's, until they are erased.
  r.personalData({
    key: 'conflicts',
    export: (db, p) => conflictsOfPerson(db, p),
    erase: {
      key: 'conflicts',
      run: async (tx, p, actorId) => ({ count: await eraseConflictsOf(tx, p, actorId) }),
    },
  })
}
