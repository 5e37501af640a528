import { parseArgs } from 'node:util'
import { serve } from '@hono/node-server'
import { createApp } from '../app.tsx'
import type { Ctx } from '../core/context.ts'
import { fallbackBaseUrl } from '../core/lan.ts'
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from '../domains/demo/demo.seed.ts'
import { type HubOptions, startHubMode } from '../domains/sync/sync.cli.ts'
import { type Command, openContext } from './runtime.ts'
import { startupTasks } from './startup.ts'

/** Starts the HTTP server on a context; resolves when it listens. */
export function listen(ctx: Ctx): Promise<{ close: () => Promise<void>; port: number }> {
  const app = createApp(ctx)
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: ctx.config.port, hostname: ctx.config.host }, (info) => {
      resolve({
        port: info.port,
        close: () => new Promise<void>((r) => server.close(() => r())),
      })
    })
  })
}

async function runServer(opts: { demo: boolean; hub?: HubOptions }): Promise<number> {
  const started = performance.now()
  const ctx = await openContext()
  await startupTasks(ctx)
  if (opts.demo && (await isEmpty(ctx))) {
    process.stdout.write('hocso: the database is empty; creating the demo data…\n')
    await seedDemo(ctx, { progress: true })
  }
  const { port, close } = await listen(ctx)
  const url = `http://localhost:${port}`
  const ms = Math.round(performance.now() - started)
  process.stdout.write(
    `\nhocso is running at ${url}  (ready in ${ms} ms, ${ctx.dialect}, node ${ctx.nodeId})\n`,
  )
  if (!ctx.config.publicUrl) {
    // Certificates and QR codes carry an address; one a phone cannot open makes them useless.
    const base = fallbackBaseUrl(port)
    process.stdout.write(
      base.includes('localhost')
        ? `\nWarning: HOCSO_PUBLIC_URL is not set and this computer has no network address: certificate QR codes will point at ${base}, which no phone can open. Set HOCSO_PUBLIC_URL to the address people use.\n`
        : `\nWarning: HOCSO_PUBLIC_URL is not set: certificate QR codes will point at ${base}, reachable only on this local network. Set HOCSO_PUBLIC_URL to the address people use.\n`,
    )
  }
  if (opts.demo) {
    process.stdout.write('\nDemo accounts (password for all: demo1234):\n')
    for (const a of DEMO_ACCOUNTS)
      process.stdout.write(`  ${a.login.padEnd(14)} ${a.role.padEnd(16)} ${a.note}\n`)
  }
  const hub = opts.hub ? await startHubMode(ctx, opts.hub) : null
  process.stdout.write('\nPress Ctrl+C to stop.\n')
  const stop = async () => {
    hub?.stop()
    await close()
    await ctx.handle.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return new Promise<number>(() => {})
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the web server',
  usage: `hocso serve [--demo] [--hub --upstream <url> [--sync-every <seconds>]]

Runs hocso on PORT (default 3000). Migrates the database first.
  --demo   create the demo data and demo accounts when the database is empty
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
      },
    })
    const every = Number(values['sync-every'])
    if (!Number.isInteger(every) || every < 1) {
      process.stderr.write(`--sync-every: must be a whole number of seconds (got ${values['sync-every']})\n`)
      return 64
    }
    const hub = values.hub ? { upstream: values.upstream, everySeconds: every } : undefined
    return runServer({ demo: values.demo!, hub })
  },
}

export const startCommand: Command = {
  name: 'start',
  summary: 'migrate, create demo data if the database is empty, and serve (what npm start runs)',
  usage: `hocso start

The same as 'hocso serve --demo': migrate, seed the demo data when the database is empty,
import the content in HOCSO_CONTENT_DIR, and serve on PORT (default 3000).`,
  run: async () => runServer({ demo: true }),
}
