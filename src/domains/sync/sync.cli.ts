import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { type Command, openContext } from '../../cli/runtime.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { runDeferred } from '../../core/hooks.ts'
import { setMeta } from '../../core/node-identity.ts'
import { writePrivateFile } from '../../core/private-files.ts'
import { ensureUnits } from '../places/places.service.ts'
import { BundleError, defaultRecipient, exportBundle, importBundle } from './sync.bundle.ts'
import { syncWithUpstream, UPSTREAM_URL } from './sync.client.ts'
import { digestScope } from './sync.digest.ts'
import { identityOf, joinFromWelcome, parseIdentity, welcomeFor } from './sync.identity.ts'
import { listHubs, registerHub, revokeHub, upstreamNode } from './sync.nodes.ts'
import { startHubSync } from './sync.scheduler.ts'
import { ownHubStatus } from './sync.status.ts'

/**
 * The context for a sync command, with the province's units. The domains (fact kinds, reactions)
 * are registered by `hocso` itself (main.ts), so records applied here update the same projections.
 */
async function withDomains(): Promise<Ctx> {
  const ctx = await openContext()
  await ensureUnits(ctx)
  return ctx
}

function bar(format: string) {
  // Also print (every 0.2 s) when the output is a file or a pipe, so logs show the progress too.
  return new cliProgress.SingleBar(
    { format, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 200 },
    cliProgress.Presets.shades_classic,
  )
}

async function run<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = await withDomains()
  try {
    return await fn(ctx)
  } finally {
    await ctx.handle.close()
  }
}

async function bundleExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { for: { type: 'string' }, content: { type: 'boolean', default: false } },
  })
  const file = positionals[0]
  if (!file) {
    process.stderr.write('usage: hocso bundle export --for <node> [--content] <file>\n')
    return 64
  }
  return run(async (ctx) => {
    const to = values.for === 'upstream' || !values.for ? await defaultRecipient(ctx) : values.for
    if (!to) {
      process.stderr.write('--for: required (the node id of a registered hub, or "upstream" on a hub)\n')
      return 64
    }
    const b = bar('  records   [{bar}] {value} {phase}')
    b.start(1, 0, { phase: '' })
    const out = await exportBundle(ctx, to, {
      content: values.content,
      progress: (phase, done) => {
        if (phase === 'compress') return b.update({ phase: 'compressing' })
        b.setTotal(Math.max(done, 1))
        b.update(done)
      },
    }).finally(() => b.stop())
    writePrivateFile(file, out.data)
    const h = out.header
    process.stdout.write(
      `bundle ${h.id} written to ${file}: ${h.counts.facts} facts, ${h.counts.changes} row versions, ${h.counts.files} files, ${out.data.length} bytes, for node ${to}\n`,
    )
    return 0
  })
}

async function bundleImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { answer: { type: 'string' }, 'no-answer': { type: 'boolean', default: false } },
  })
  const file = positionals[0]
  if (!file) {
    process.stderr.write('usage: hocso bundle import <file> [--answer <file>]\n')
    return 64
  }
  // 66 (EX_NOINPUT), as the README promises, with the file named; not an unhandled ENOENT.
  if (!existsSync(file) || !statSync(file).isFile()) {
    process.stderr.write(`hocso bundle import: ${file}: no such file\n`)
    return 66
  }
  const data = readFileSync(file)
  return run(async (ctx) => {
    const b = bar('  applying  [{bar}] {value}/{total}')
    let started = false
    try {
      const r = await importBundle(ctx, data, {
        progress: (done, total) => {
          if (!started) {
            b.start(Math.max(total, 1), 0)
            started = true
          }
          b.update(done)
        },
      })
      if (started) b.stop()
      process.stdout.write(
        `bundle from node ${r.from}: ${r.applied} new records, ${r.duplicates} already here, ${r.held} held, ${r.refused.length} refused${r.alreadyImported ? ' (imported before: nothing changed)' : ''}\n`,
      )
      for (const x of r.refused) process.stdout.write(`  refused: ${x.reason}\n`)
      if (r.files) process.stdout.write(`  ${r.files} content file(s) updated\n`)
      if (!values['no-answer']) {
        const answer = await exportBundle(ctx, r.from, { answerTo: r.bundleId })
        const path = values.answer ?? join(dirname(file), `answer-${basename(file, '.hocso')}.hocso`)
        writePrivateFile(path, answer.data)
        process.stdout.write(`answer bundle written to ${path} (${answer.entries} records); carry it back\n`)
      }
      return 0
    } catch (err) {
      if (started) b.stop()
      if (err instanceof BundleError) {
        process.stderr.write(`hocso bundle import: ${file}: ${err.message}\n`)
        return 65
      }
      throw err
    }
  })
}

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'carry records by hand: `hocso bundle export|import`',
  usage: `hocso bundle export --for <node> [--content] <file>
hocso bundle import <file> [--answer <file> | --no-answer]

export   writes everything node <node> lacks (a hub registered here, or "upstream" on
         a hub) into one compressed, checksummed, signed file; --content adds the
         course files and media.
import   checks a bundle (refused whole if cut short, altered, from an unknown or
         revoked node, or addressed to another node), applies it in one transaction,
         and writes the answer bundle to carry back. Importing twice changes nothing.`,
  run: async (args) => {
    const [sub, ...rest] = args
    if (sub === 'export') return bundleExport(rest)
    if (sub === 'import') return bundleImport(rest)
    process.stderr.write('usage: hocso bundle export|import … (hocso bundle --help)\n')
    return 64
  },
}

async function hubSub(sub: string | undefined, rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      scope: { type: 'string' },
      name: { type: 'string' },
      welcome: { type: 'string' },
      out: { type: 'string' },
      upstream: { type: 'string' },
      hub: { type: 'string' },
      whole: { type: 'boolean', default: false },
      'page-size': { type: 'string' },
    },
  })
  switch (sub) {
    case 'identity':
      return run(async (ctx) => {
        const text = `${JSON.stringify(identityOf(ctx), null, 2)}\n`
        if (values.out) writeFileSync(values.out, text)
        process.stdout.write(values.out ? `identity written to ${values.out}\n` : text)
        return 0
      })
    case 'register':
      return run(async (ctx) => {
        if (!positionals[0] || !values.scope) {
          process.stderr.write(
            'usage: hocso hub register <identity.json> --scope <code> [--name <name>] [--welcome <file>]\n',
          )
          return 64
        }
        const id = parseIdentity(readFileSync(positionals[0], 'utf8'))
        await registerHub(ctx, 'system', {
          node: id.node,
          publicKey: id.public_key,
          scope: values.scope,
          name: values.name ?? id.name,
        })
        process.stdout.write(`hub ${id.node} registered for ${values.scope}\n`)
        if (values.welcome) {
          writeFileSync(values.welcome, await welcomeFor(ctx, id.node))
          process.stdout.write(
            `welcome written to ${values.welcome}; on the hub run: hocso hub join ${values.welcome}\n`,
          )
        }
        return 0
      })
    case 'join':
      return run(async (ctx) => {
        if (!positionals[0]) {
          process.stderr.write('usage: hocso hub join <welcome.json>\n')
          return 64
        }
        const r = await joinFromWelcome(ctx, readFileSync(positionals[0], 'utf8'))
        process.stdout.write(`joined upstream ${r.upstream} as the hub of ${r.scope}\n`)
        return 0
      })
    case 'revoke':
      return run(async (ctx) => {
        if (!positionals[0]) {
          process.stderr.write('usage: hocso hub revoke <node>\n')
          return 64
        }
        await revokeHub(ctx, 'system', positionals[0])
        process.stdout.write(`hub ${positionals[0]} revoked\n`)
        return 0
      })
    case 'list':
      return run(async (ctx) => {
        for (const h of await listHubs(ctx, 'system'))
          process.stdout.write(
            `${h.node_id}  ${h.revoked_at ? 'revoked' : h.role}  ${h.scope_code ?? '-'}  ${h.name}  last contact ${h.last_contact_at ?? 'never'}\n`,
          )
        return 0
      })
    case 'sync':
      return run(async (ctx) => {
        const b = bar('  {phase} [{bar}] {value}')
        b.start(1, 0, { phase: 'sync   ' })
        const r = await syncWithUpstream(ctx, {
          url: values.upstream,
          pageSize: values['page-size'] ? Number(values['page-size']) : undefined,
          progress: (phase, done) => {
            b.setTotal(Math.max(done, 1))
            b.update(done, { phase: phase.padEnd(7) })
          },
        }).finally(() => b.stop())
        if (r.restored) process.stdout.write(`this hub was ${r.restored}\n`)
        if (r.clock) process.stdout.write(`warning: ${r.clock}\n`)
        process.stdout.write(
          `sent ${r.pushed}, received ${r.pulled}, held ${r.held}, refused ${r.refused.length}, content files ${r.files} (${r.pages} pages)\n`,
        )
        for (const x of r.refused) process.stdout.write(`  refused upstream: ${x.reason}\n`)
        return 0
      })
    case 'status':
      return run(async (ctx) => {
        const s = await ownHubStatus(ctx)
        if (!s) {
          process.stdout.write('this node has no upstream (it is not a hub)\n')
          return 0
        }
        process.stdout.write(
          `upstream ${s.upstream.node_id} ${s.upstream.url ?? ''}\nscope ${s.upstream.scope_code ?? '-'}\nlast contact ${s.upstream.last_contact_at ?? 'never'}\nwaiting to go ${s.waiting}\nheld ${s.held}\n${s.upstream.last_error ? `last error: ${s.upstream.last_error}\n` : ''}`,
        )
        return 0
      })
    case 'digest':
      return run(async (ctx) => {
        const up = await upstreamNode(ctx)
        const scope = values.scope ?? up?.scope_code
        const hub = values.hub ?? ctx.nodeId
        if (!scope) throw new AppError('validation', '--scope: required')
        // Rollups that wait (decision 0191) are made first, so the digest covers every stored fact.
        await runDeferred(ctx)
        const d = await digestScope(ctx.db, scope, hub, values.whole)
        process.stdout.write(`${JSON.stringify(d)}\n`)
        return 0
      })
    default:
      process.stderr.write(
        'usage: hocso hub identity|register|join|revoke|list|sync|status|digest … (hocso hub --help)\n',
      )
      return 64
  }
}

export const hubCommand: Command = {
  name: 'hub',
  summary: 'village hubs: identity, register, join, revoke, list, sync, status',
  usage: `hocso hub identity [--out <file>]            this node's id and public key
hocso hub register <identity.json> --scope <code> [--name <name>] [--welcome <file>]
                                              (province) register a hub for a commune or village
hocso hub join <welcome.json>                 (hub) trust the province that registered it
hocso hub revoke <node>                       (province) refuse a hub's requests and bundles
hocso hub list                                (province) the registered hubs
hocso hub sync [--upstream <url>] [--page-size <n>]
                                              (hub) sync once with the upstream now
hocso hub status                              (hub) last contact, what waits to go
hocso hub digest [--scope <code>] [--hub <node>] [--whole]
                                              digests of a scope, to compare two nodes`,
  run: async (args) => {
    const [sub, ...rest] = args
    return hubSub(sub, rest)
  },
}

/** Options of `hocso serve` for hub mode. */
export type HubOptions = { upstream?: string; everySeconds: number }

/** Starts hub mode in a server process: says who it is, then syncs on a schedule and on demand. */
export async function startHubMode(ctx: Ctx, opts: HubOptions): Promise<{ stop: () => void }> {
  const pinned = await upstreamNode(ctx)
  const url = opts.upstream ?? pinned?.url
  if (!url) throw new AppError('validation', '--upstream: required with --hub (the province server address)')
  if (!/^https?:\/\//.test(url))
    throw new AppError('validation', `--upstream: must be an http(s) address (got ${url})`)
  await setMeta(ctx.db, UPSTREAM_URL, url)
  const id = identityOf(ctx)
  process.stdout.write(
    `hub mode: syncing with ${url} every ${opts.everySeconds} s\n  this hub: node ${id.node}, public key ${id.public_key}\n  an officer approves it on the upstream's Learning hubs page (or: hocso hub register)\n`,
  )
  return startHubSync(ctx, { url, everyMs: opts.everySeconds * 1000 })
}
