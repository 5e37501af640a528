import type { Ctx } from './context.ts'

/**
 * A process's serving state, read by `/readyz`: once a process is told to stop (SIGTERM) it is
 * "draining": it finishes the requests it has but answers 503 to the readiness check, so a load
 * balancer sends new work elsewhere. Kept per database handle, so in-process tests with several
 * apps do not see each other's state.
 */
const draining = new WeakSet<Ctx['handle']>()

export function startDraining(ctx: Ctx): void {
  draining.add(ctx.handle)
}

export function isDraining(ctx: Ctx): boolean {
  return draining.has(ctx.handle)
}
