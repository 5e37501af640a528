import { statfsSync } from 'node:fs'

/**
 * A full disk, as the people who run a hub need to hear it. SQLite says "database or disk is
 * full" (SQLITE_FULL) and PostgreSQL 53100; either way nothing was stored, and every write fails
 * until space is freed. The last one seen is kept so /healthz reports the node unhealthy, until
 * the data directory has room again.
 */
let fullSince: { at: string; dir: string } | null = null

/** Room the data directory needs before the node counts as healthy again after a full disk. */
const ROOM_BYTES = 8 * 1024 * 1024

/** True when an error is a full disk on either database. */
export function isDiskFull(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null
  return e?.code === 'SQLITE_FULL' || e?.code === '53100' || /database or disk is full/.test(e?.message ?? '')
}

/** Free bytes of the filesystem holding `dir`, or null when it cannot be read. */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir)
    return Number(s.bavail) * Number(s.bsize)
  } catch {
    return null
  }
}

const mb = (n: number | null) => (n === null ? 'unknown' : `${(n / 1024 / 1024).toFixed(1)} MB`)

/** Notes a full disk and says it in one line: the data directory and its free space. */
export function diskFullMessage(dir: string, now: Date): string {
  fullSince ??= { at: now.toISOString(), dir }
  return `disk full: the data directory ${dir} has ${mb(freeBytes(dir))} free; new records are refused until space is freed (what was not stored can be sent again)`
}

/**
 * The full disk /healthz reports, or null once the node can write again: the data directory has
 * room and a trial write (`probe`, rolled back) goes through. A database can be full with room on
 * the disk (a size limit), so room alone is not enough.
 */
export async function diskFullState(
  probe: () => Promise<void>,
): Promise<{ since: string; data_dir: string; free: string } | null> {
  if (!fullSince) return null
  const free = freeBytes(fullSince.dir)
  const state = { since: fullSince.at, data_dir: fullSince.dir, free: mb(free) }
  if (free !== null && free < ROOM_BYTES) return state
  try {
    await probe()
  } catch (err) {
    if (isDiskFull(err)) return state
    throw err
  }
  fullSince = null
  return null
}
