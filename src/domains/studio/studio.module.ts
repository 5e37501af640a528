import type { Registry } from '../registry.ts'
import { contentWithExport } from './studio.cli.ts'
import { studioMigration } from './studio.migration.ts'
import studioRoutes from './studio.routes.tsx'
import { translationDraftFact } from './studio.service.ts'

/** The translation studio: lessons translated and recorded by native speakers. */
export function register(r: Registry): void {
  r.migration('0012-studio', studioMigration)
  r.routes(studioRoutes)
  r.factKind(translationDraftFact)
  // learning's `content` command (check, import) with the studio's `export` added.
  r.command(contentWithExport)
}
