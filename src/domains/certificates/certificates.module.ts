import type { Registry } from '../registry.ts'
import { certificatesCommand } from './certificates.cli.ts'
import { certifyAttendance, certifyCompletion } from './certificates.hooks.ts'
import { certificatesMigration } from './certificates.migration.ts'
import certificatesRoutes from './certificates.routes.tsx'

/** Verifiable certificates, issued when a course is completed or an event attended. */
export function register(r: Registry): void {
  r.migration('0006-certificates', certificatesMigration)
  r.routes(certificatesRoutes)
  r.on('course.completed', certifyCompletion)
  r.on('event.attended', certifyAttendance)
  r.command(certificatesCommand)
}
