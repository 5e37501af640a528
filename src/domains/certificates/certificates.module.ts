import type { Registry } from '../registry.ts'
import { certificatesCommand } from './certificates.cli.ts'
import { certifyAttendance, certifyCompletion, revokeWithdrawnAttendance } from './certificates.hooks.ts'
import { certificatesMigration, certificatesReplicatedMigration } from './certificates.migration.ts'
import { certificatesOfPerson, eraseCertificatesOf } from './certificates.privacy.ts'
import certificatesRoutes from './certificates.routes.tsx'

/** Verifiable certificates, issued when a course is completed or an event attended. */
export function register(r: Registry): void {
  r.migration('0006-certificates', certificatesMigration)
  r.migration('0185-certificates-replicated', certificatesReplicatedMigration)
  r.routes(certificatesRoutes)
  r.on('course.completed', certifyCompletion)
  r.on('event.attended', certifyAttendance)
  r.on('event.attendance_withdrawn', revokeWithdrawnAttendance)
  r.personalData({
    key: 'certificates',
    export: (db, p) => certificatesOfPerson(db, p.id),
    erase: {
      key: 'certificates',
      run: async (tx, p, actorId) => ({ count: await eraseCertificatesOf(tx, p.id, actorId) }),
    },
  })
  r.command(certificatesCommand)
}
