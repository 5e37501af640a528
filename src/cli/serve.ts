import cluster from 'node:cluster'
import type { Server as HttpServer } from 'node:http'
import { parseArgs } from 'node:util'
import v8 from 'node:v8'
import { runInNewContext } from 'node:vm'
import { serve } from '@hono/node-server'
import { createApp } from '../app.tsx'
import { checkpointApart } from '../core/checkpoints.ts'
import type { Ctx } from '../core/context.ts'
import { capPageCache, HUB_PAGE_CACHE_KIB } from '../core/db.ts'
import { fallbackBaseUrl } from '../core/lan.ts'
import { startDraining } from '../core/lifecycle.ts'
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from '../domains/demo/demo.seed.ts'
import { HUB_SCRYPT_LOG2_N, hashesGiveWay, SCRYPT } from '../domains/people/password.ts'
import { type HubOptions, startHubMode } from '../domains/sync/sync.cli.ts'
import { type Command, openContext } from './runtime.ts'
import { startupTasks } from './startup.ts'

/** How long a stopping process waits for requests in flight, unless HOCSO_DRAIN_SECONDS says. */
export const DRAIN_MS = 10_000

/** The configured drain time (configs built by hand in tests may lack it). */
const drainOf = (ctx: Ctx) => ctx.config.drainMs || DRAIN_MS

/**
 * Starts the HTTP server on a context; resolves when it listens. `close` stops accepting new
 * connections, lets every request in flight finish (keep-alive connections are closed as soon as
 * they are idle), and after `drainMs` closes whatever is left.
 */
export function listen(
  ctx: Ctx,
  drainMs = drainOf(ctx),
): Promise<{ close: () => Promise<void>; port: number; inFlight: () => number }> {
  const app = createApp(ctx)
  let active = 0
  const fetch: typeof app.fetch = async (req, ...rest) => {
    active++
    try {
      return await app.fetch(req, ...rest)
    } finally {
      active--
    }
  }
  return new Promise((resolve) => {
    const server = serve({ fetch, port: ctx.config.port, hostname: ctx.config.host }, (info) => {
      const http = server as HttpServer
      resolve({
        port: info.port,
        inFlight: () => active,
        close: () =>
          new Promise<void>((done) => {
            startDraining(ctx)
            const idle = setInterval(() => http.closeIdleConnections(), 50)
            const hard = setTimeout(() => http.closeAllConnections(), drainMs)
            http.close(() => {
              clearInterval(idle)
              clearTimeout(hard)
              done()
            })
            http.closeIdleConnections()
          }),
      })
    })
  })
}

/** Certificates and QR codes carry an address; one a phone cannot open makes them useless. */
function warnPublicUrl(ctx: Ctx, port: number): void {
  if (ctx.config.publicUrl) return
  const base = fallbackBaseUrl(port)
  process.stdout.write(
    base.includes('localhost')
      ? `\nWarning: HOCSO_PUBLIC_URL is not set and this computer has no network address: certificate QR codes will point at ${base}, which no phone can open. Set HOCSO_PUBLIC_URL to the address people use.\n`
      : `\nWarning: HOCSO_PUBLIC_URL is not set: certificate QR codes will point at ${base}, reachable only on this local network. Set HOCSO_PUBLIC_URL to the address people use.\n`,
  )
}

/**
 * Once the start-up work is done (migrations, content import, demo data), one full garbage
 * collection: V8 then hands the start's spare heap pages back a few seconds later (measured: an
 * idle server at 92 MB instead of 103 MB; without it the pages stay). Issue 16 aims under 100 MB.
 */
function settleMemory(): void {
  try {
    v8.setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    v8.setFlagsFromString('--no-expose-gc')
    gc()
  } catch {
    // Not essential: memory then settles on V8's own schedule.
  }
}

/**
 * After a first start has made the demo data, the server begins again in place: same process id,
 * same arguments and output, the data made. Making it left 22 MB of live objects, the code that
 * made them and SQLite's pages in the process for good: idle at 148 MB after a first `npm start`
 * against 99 MB after any later one (issue 16 aims under 100). Only when the command line started
 * the server (bin/hocso.js sets HOCSO_SERVER_TUNED) on a Node that can (`process.execve`), once;
 * otherwise it serves on as it is.
 */
async function startAfresh(ctx: Ctx): Promise<void> {
  if (
    process.env.HOCSO_SERVER_TUNED !== '1' ||
    process.env.HOCSO_STARTED_AFRESH === '1' ||
    typeof process.execve !== 'function'
  )
    return
  await ctx.handle.close()
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    HOCSO_STARTED_AFRESH: '1',
  })
}

type ServeOptions = { demo: boolean; hub?: HubOptions; workers: number }

async function runServer(opts: ServeOptions): Promise<number> {
  if (opts.workers > 1 && cluster.isPrimary) return runPrimary(opts)
  const started = performance.now()
  const ctx = await openContext()
  // Before the start-up work: a first start's content import would fill a larger cache for good.
  if (opts.hub) {
    capPageCache(ctx.handle, HUB_PAGE_CACHE_KIB)
    // A hash waits for the password checker to end, so that the two never hold memory at once, and
    // takes 8 MiB instead of 16 unless a cost is configured (0209).
    hashesGiveWay.on = true
    if (ctx.config.scryptLog2N === undefined) SCRYPT.logN = HUB_SCRYPT_LOG2_N
  }
  // With --workers the primary ran the start-up tasks once; each worker only serves.
  if (cluster.isPrimary) {
    await startupTasks(ctx)
    if (opts.demo && (await isEmpty(ctx))) {
      process.stdout.write('hocso: the database is empty; creating the demo data…\n')
      await seedDemo(ctx, { progress: true })
      await startAfresh(ctx)
    }
  }
  const { port, close } = await listen(ctx)
  // Not on a hub: the thread's ~9 MB would take a hub serving 30 learners to its 150 MB, for
  // checkpoints its few writes rarely need (decision 0207).
  const checkpoints = opts.hub
    ? undefined
    : checkpointApart(ctx.handle, {
        onError: (error) => ctx.log.warn({ error }, 'WAL checkpoint failed; the next one tries again'),
      })
  settleMemory()
  const url = `http://localhost:${port}`
  const ms = Math.round(performance.now() - started)
  if (cluster.isWorker) {
    ctx.log.info({ pid: process.pid, port, ms }, 'worker listening')
    process.send?.({ hocso: 'listening', port })
  } else {
    process.stdout.write(
      `\nhocso is running at ${url}  (ready in ${ms} ms, ${ctx.dialect}, node ${ctx.nodeId})\n`,
    )
    warnPublicUrl(ctx, port)
    if (opts.demo) {
      process.stdout.write('\nDemo accounts (password for all: demo1234):\n')
      for (const a of DEMO_ACCOUNTS)
        process.stdout.write(`  ${a.login.padEnd(14)} ${a.role.padEnd(16)} ${a.note}\n`)
    }
  }
  const hub = opts.hub ? await startHubMode(ctx, opts.hub) : null
  if (cluster.isPrimary) process.stdout.write('\nPress Ctrl+C to stop.\n')
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    ctx.log.info({ pid: process.pid }, 'stopping: draining requests in flight')
    hub?.stop()
    await close()
    await checkpoints?.stop()
    await ctx.handle.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return new Promise<number>(() => {})
}

/**
 * `--workers N`: the primary migrates and runs the start-up tasks once, then forks N workers that
 * share the port (node:cluster hands connections out in turn). A worker that dies is replaced; on
 * SIGTERM or SIGINT every worker drains and the primary exits 0 when all are gone, or 1 if one is
 * still running after the drain time and a margin.
 */
async function runPrimary(opts: ServeOptions): Promise<number> {
  const started = performance.now()
  const ctx = await openContext()
  await startupTasks(ctx)
  if (opts.demo && (await isEmpty(ctx))) {
    process.stdout.write('hocso: the database is empty; creating the demo data…\n')
    await seedDemo(ctx, { progress: true })
  }
  const { dialect, nodeId } = ctx
  const primaryCtx = ctx
  await ctx.handle.close()
  let stopping = false
  let ready = 0
  const fork = () => {
    const w = cluster.fork()
    w.on('message', (m: { hocso?: string; port?: number }) => {
      if (m?.hocso !== 'listening' || ++ready !== opts.workers) return
      const ms = Math.round(performance.now() - started)
      process.stdout.write(
        `\nhocso is running at http://localhost:${m.port}  (ready in ${ms} ms, ${dialect}, node ${nodeId}, ${opts.workers} workers)\n`,
      )
      if (m.port) warnPublicUrl(primaryCtx, m.port)
      if (opts.demo) {
        process.stdout.write('\nDemo accounts (password for all: demo1234):\n')
        for (const a of DEMO_ACCOUNTS)
          process.stdout.write(`  ${a.login.padEnd(14)} ${a.role.padEnd(16)} ${a.note}\n`)
      }
      process.stdout.write('\nPress Ctrl+C to stop.\n')
    })
  }
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return
    ctx.log.warn({ pid: w.process.pid, code, signal }, 'worker died; starting another')
    fork()
  })
  for (let i = 0; i < opts.workers; i++) fork()
  const stop = () => {
    if (stopping) return
    stopping = true
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined)
    for (const w of workers) w.process.kill('SIGTERM')
    const deadline = setTimeout(() => process.exit(1), drainOf(primaryCtx) + 5_000)
    let left = workers.length
    if (!left) process.exit(0)
    for (const w of workers)
      w.once('exit', () => {
        if (--left === 0) {
          clearTimeout(deadline)
          process.exit(0)
        }
      })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return new Promise<number>(() => {})
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the web server',
  usage: `hocso serve [--demo] [--workers N] [--hub --upstream <url> [--sync-every <seconds>]]

Runs hocso on PORT (default 3000). Migrates the database first.
  --demo   create the demo data and demo accounts when the database is empty
  --workers N
           serve with N processes sharing the port (node:cluster), e.g. one per core;
           start-up work runs once. Several machines: see deploy/ and docs/scale.md
On SIGTERM (or Ctrl+C) each process stops accepting, answers 503 on /readyz, finishes the
requests in flight (at most 10 s) and closes the database, then exits 0.
  --hub    run as a village or commune hub: sync with the upstream (the province
           server at --upstream) every --sync-every seconds (default 300) and on demand
Without --demo nothing is created: a real deployment starts empty; use
'hocso create-admin' to make its first administrator.`,
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: {
        demo: { type: 'boolean', default: false },
        hub: { type: 'boolean', default: false },
        upstream: { type: 'string' },
        'sync-every': { type: 'string', default: '300' },
        workers: { type: 'string', default: '1' },
      },
    })
    const workers = Number(values.workers)
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      process.stderr.write(`--workers: must be a whole number from 1 to 64 (got ${values.workers})\n`)
      return 64
    }
    if (workers > 1 && values.hub) {
      process.stderr.write(
        '--workers: a hub runs as one process (its sync must run once); leave --workers out\n',
      )
      return 64
    }
    const every = Number(values['sync-every'])
    if (!Number.isInteger(every) || every < 1) {
      process.stderr.write(`--sync-every: must be a whole number of seconds (got ${values['sync-every']})\n`)
      return 64
    }
    const hub = values.hub ? { upstream: values.upstream, everySeconds: every } : undefined
    return runServer({ demo: values.demo!, hub, workers })
  },
}

export const startCommand: Command = {
  name: 'start',
  summary: 'migrate, create demo data if the database is empty, and serve (what npm start runs)',
  usage: `hocso start

The same as 'hocso serve --demo': migrate, seed the demo data when the database is empty,
import the content in HOCSO_CONTENT_DIR, and serve on PORT (default 3000).`,
  run: async () => runServer({ demo: true, workers: 1 }),
}
