import type { Registry } from '../registry.ts'
import offlineRoutes from './offline.routes.tsx'

/** Courses kept on the phone for use without a connection. */
export function register(r: Registry): void {
  r.routes(offlineRoutes)
}
