import type { Ctx } from '../core/context.ts'
import { ensureIssuer } from '../domains/certificates/issuer.service.ts'
import { importContentAtStart } from '../domains/learning/content.cli.ts'
import { purgeExpiredSessions } from '../domains/people/people.service.ts'
import { ensureUnits } from '../domains/places/places.service.ts'
import { importAudioFiles } from '../domains/studio/studio.service.ts'

/**
 * Work every server start does after migrating. Each domain may add a task here (importing the
 * content folder, creating the issuing key…). Tasks must be idempotent.
 */
const STARTUP_TASKS: { name: string; run: (ctx: Ctx) => Promise<void> }[] = [
  { name: 'places.units', run: ensureUnits },
  { name: 'people.sessions', run: purgeExpiredSessions },
  { name: 'certificates.issuer', run: ensureIssuer },
  { name: 'learning.content', run: importContentAtStart },
  {
    name: 'studio.audio',
    run: async (ctx) => {
      await importAudioFiles(ctx)
    },
  },
]

export async function startupTasks(ctx: Ctx): Promise<void> {
  for (const task of STARTUP_TASKS) {
    const t0 = performance.now()
    await task.run(ctx)
    ctx.log.info({ task: task.name, ms: Math.round(performance.now() - t0) }, 'startup task done')
  }
}
