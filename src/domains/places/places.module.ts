import type { Registry } from '../registry.ts'
import { placesMigration } from './places.migration.ts'
import placesRoutes from './places.routes.tsx'

/** The province's communes, wards and villages. */
export function register(r: Registry): void {
  r.migration('0002-places', placesMigration)
  r.routes(placesRoutes)
}
