import type { Registry } from '../registry.ts'
import { factsMigration } from './facts.migration.ts'
import { factsAbout } from './facts.privacy.ts'
import factsRoutes from './facts.routes.ts'
import { factsCorrectsMigration } from './facts-corrects.migration.ts'
import { factsNumberLastMigration } from './facts-number-last.migration.ts'

/** The one facts endpoint and log; the kinds of fact are registered by the domains that own them. */
export function register(r: Registry): void {
  r.migration('0004-facts', factsMigration)
  r.migration('0202-facts-corrects', factsCorrectsMigration)
  r.migration('0208-facts-number-last', factsNumberLastMigration)
  r.routes(factsRoutes)
  r.personalData({ key: 'facts', export: (db, p) => factsAbout(db, p.id) })
}
