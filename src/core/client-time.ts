import type { Ctx } from './context.ts'
import { validationError } from './errors.ts'

/** A phone's clock may run this far ahead of the server's. */
export const CLIENT_SKEW_MS = 5 * 60_000

/**
 * A time a client (a phone, a browser) says something happened is accepted only inside a window:
 * back to the offline window (HOCSO_OFFLINE_WINDOW_DAYS, 90 days by default) and a few minutes
 * ahead of the server's clock. The server's own receipt time is kept beside it (`recorded_at`).
 * Facts replicated from a registered hub are not clients' times: they were checked where they were
 * made, and arrive signed (decision 0170).
 */
export function assertClientTime(ctx: Ctx, field: string, iso: string): void {
  const at = Date.parse(iso)
  const now = ctx.now().getTime()
  const days = ctx.config.offlineWindowDays
  if (!Number.isFinite(at) || at > now + CLIENT_SKEW_MS)
    throw validationError(field, 'must not be in the future', 'core.client_time.future')
  if (at < now - days * 86_400_000)
    throw validationError(field, `must be within the last ${days} days`, 'core.client_time.too_old', { days })
}
