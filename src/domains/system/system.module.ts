import type { Registry } from '../registry.ts'
import { systemMigration } from './system.migration.ts'

/** The node's identity, settings and audit trail: tables only. */
export function register(r: Registry): void {
  r.migration('0001-system', systemMigration)
}
