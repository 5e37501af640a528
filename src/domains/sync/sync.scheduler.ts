import type { Ctx } from '../../core/context.ts'
import { type SyncReport, syncWithUpstream } from './sync.client.ts'

/** The state of this process's hub sync, for the status page. */
export type HubState = {
  url: string
  everyMs: number
  running: boolean
  lastRunAt: string | null
  lastReport: SyncReport | null
  lastError: string | null
}

let state: HubState | null = null
let wake: (() => void) | null = null

/** The hub sync of this process, or null when it does not run as a hub. */
export function hubSyncState(): HubState | null {
  return state
}

/** Asks the hub to sync now (the "sync now" button); false when this process is not a hub. */
export function requestSync(): boolean {
  if (!state) return false
  wake?.()
  return true
}

/**
 * Runs the hub's sync loop: once at start, then every `everyMs`, and whenever asked. A failed
 * sync (upstream unreachable, key not yet approved) is logged and tried again at the next turn.
 */
export function startHubSync(ctx: Ctx, opts: { url: string; everyMs: number }): { stop: () => void } {
  state = {
    url: opts.url,
    everyMs: opts.everyMs,
    running: false,
    lastRunAt: null,
    lastReport: null,
    lastError: null,
  }
  const s = state
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  const loop = async () => {
    while (!stopped) {
      s.running = true
      try {
        s.lastReport = await syncWithUpstream(ctx, { url: opts.url })
        s.lastError = null
        ctx.log.info({ ...s.lastReport, refused: s.lastReport.refused.length }, 'hub sync done')
      } catch (err) {
        s.lastError = (err as Error).message
        ctx.log.warn({ err: s.lastError }, 'hub sync failed; will try again')
      } finally {
        s.running = false
        s.lastRunAt = ctx.now().toISOString()
      }
      if (stopped) break
      await new Promise<void>((resolve) => {
        wake = resolve
        timer = setTimeout(resolve, opts.everyMs)
      })
      if (timer) clearTimeout(timer)
      wake = null
    }
  }
  setTimeout(() => void loop(), 500)
  return {
    stop: () => {
      stopped = true
      wake?.()
      state = null
    },
  }
}
