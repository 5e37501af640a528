import type { Registry } from '../registry.ts'
import { helpFact } from './help.service.ts'
import { householdFact } from './households.service.ts'
import { outreachMigration } from './outreach.migration.ts'
import { endGroupRolesOf, outreachOf } from './outreach.privacy.ts'
import outreachRoutes from './outreach.routes.ts'

/** The field tools: technology groups, help given, household checks. */
export function register(r: Registry): void {
  r.migration('0007-outreach', outreachMigration)
  r.routes(outreachRoutes)
  r.factKind(helpFact)
  r.factKind(householdFact)
  r.personalData({
    key: 'outreach',
    export: (db, p) => outreachOf(db, p.id),
    erase: { key: 'groups', run: (tx, p, actorId) => endGroupRolesOf(tx, p.id, actorId) },
  })
}
