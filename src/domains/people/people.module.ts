import type { Registry } from '../registry.ts'
import { peopleCommand } from './people.cli.ts'
import { peopleMigration } from './people.migration.ts'
import peopleRoutes from './people.routes.tsx'
import privacyRoutes from './privacy.routes.tsx'

/** Accounts, roles and sessions; export and erasure of a person's data. */
export function register(r: Registry): void {
  r.migration('0003-people', peopleMigration)
  r.routes(peopleRoutes, privacyRoutes)
  r.command(peopleCommand)
}
