import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { DbHandle } from './db.ts'

/** SQLite's own default: a commit that leaves the WAL this many pages long checkpoints it. */
export const AUTOCHECKPOINT_PAGES = 1000

/** How often the checkpointing thread copies what the WAL holds into the database file. */
export const CHECKPOINT_EVERY_MS = 500

/**
 * What the checkpointing thread runs: its own connection to the database file, and every
 * `everyMs` a PASSIVE checkpoint (copies what no reader still needs, never waits for a lock,
 * never blocks a writer), and each result goes back to the server.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const SQLite = require(workerData.module)
const db = new SQLite(workerData.file)
db.pragma('busy_timeout = 1000')
db.pragma('cache_size = -256')
const run = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed })
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) })
  }
}
const timer = setInterval(run, workerData.everyMs)
parentPort.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  run()
  db.close()
  parentPort.close()
})
`

export type Checkpointer = {
  /** The last checkpoint: WAL pages, and how many of them are in the database file. */
  last: () => { log: number; checkpointed: number; at: number } | undefined
  /** Ends the thread after a last checkpoint; the connection checkpoints by itself again. */
  stop: () => Promise<void>
}

/**
 * WAL checkpoints in a thread of their own, for a serving SQLite database (decision 0207). A
 * commit that takes the WAL past 1,000 pages otherwise copies them all into the database file and
 * syncs it to disk on the main thread, inside that commit: measured under 50 lesson views at once,
 * 8 commits in 107 took 10–37 ms, two thirds of all the time spent committing, and every request of
 * the moment waited behind them. Here the main connection stops checkpointing and a thread with
 * its own connection does it every half second; if the thread fails or ends, the main connection
 * checkpoints by itself again, so the WAL never grows without bound. Nothing on PostgreSQL or on an
 * in-memory database.
 */
export function checkpointApart(
  handle: DbHandle,
  opts: { everyMs?: number; onError?: (message: string) => void } = {},
): Checkpointer | undefined {
  const sqlite = handle.sqlite
  if (!sqlite || !handle.file) return undefined
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: {
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
      file: handle.file,
      everyMs: opts.everyMs ?? CHECKPOINT_EVERY_MS,
    },
    // A small heap: the thread holds one connection and a timer.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  })
  worker.unref()
  let last: { log: number; checkpointed: number; at: number } | undefined
  let ended = false
  // A failing checkpoint (a full disk) is said once, not every half second, until one succeeds.
  let failing: string | undefined
  const selfAgain = () => {
    if (ended) return
    ended = true
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  }
  worker.on('message', (m: { log?: number; checkpointed?: number; error?: string }) => {
    if (m.error !== undefined) {
      if (m.error !== failing) opts.onError?.(m.error)
      failing = m.error
      return
    }
    failing = undefined
    last = { log: m.log ?? 0, checkpointed: m.checkpointed ?? 0, at: Date.now() }
  })
  worker.on('error', (err) => {
    opts.onError?.(err.message)
    selfAgain()
  })
  worker.on('exit', selfAgain)
  sqlite.pragma('wal_autocheckpoint = 0')
  return {
    last: () => last,
    stop: () =>
      new Promise<void>((done) => {
        if (ended) return done()
        // Held open until the thread's last checkpoint: unreferenced, a stopping server could
        // run out of work and end before the thread does.
        worker.ref()
        worker.once('exit', () => done())
        worker.postMessage('stop')
      }),
  }
}
