import type { Handler } from '../../core/hooks.ts'
import { issueForCourse, issueForEvent } from './certificates.service.ts'

/**
 * Certificates react to the learning engine and to events without those domains knowing about
 * certificates (certificates.module.ts registers these reactions). Signing takes a few milliseconds and happens inside the caller's transaction, so a
 * completion is never stored without its certificate (nor the reverse).
 */
export const certifyCompletion: Handler<'course.completed'> = async (ctx, trx, p) => {
  // A completion received from another node was certified there (ctx.replica, see context.ts).
  if (ctx.replica) return
  await issueForCourse(ctx, trx, p)
}

export const certifyAttendance: Handler<'event.attended'> = async (ctx, trx, p) => {
  if (ctx.replica) return
  await issueForEvent(ctx, trx, p)
}
