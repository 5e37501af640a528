/**
 * Where a sync's time goes:
 *
 *   node bin/run-ts.js bench/profile-sync.ts [facts=20000] [out dir=bench/out/profile]
 *
 * A hub (SQLite) holds N household checks of its commune. (1) It pushes them to the province, a
 * real `hocso serve` process started with --cpu-prof, while this process (the hub) runs under the
 * inspector's profiler; (2) the same facts by bundle into the province as it was, imported in this
 * process, profiled too; (3) the raw batched insert of the same rows. It prints the CPU time each
 * side used (user + system, so a loaded machine colours it far less than wall time) per fact, and
 * the heaviest functions of each profile; the profiles are written to the out dir (open them in
 * Chrome's DevTools). The profiler adds a little to the hub's and the import's CPU time.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { Session } from 'node:inspector/promises'
import { SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { exportBundle, importBundle } from '../src/domains/sync/sync.bundle.ts'
import { syncWithUpstream } from '../src/domains/sync/sync.client.ts'
import {
  countArg,
  cpuMs,
  freePort,
  makeHubFacts,
  open,
  provinceAndHub,
  ROOT,
  rawInsert,
  serve,
  stop,
  villagesOf,
} from './nodes.ts'

const N = countArg('profile-sync', process.argv[2], 20_000, 'facts')
const OUT = resolve(process.argv[3] ?? join(ROOT, 'bench/out/profile'))
const WORK = mkdtempSync(join(tmpdir(), 'hocso-profile-sync-'))
const log = (s: string) => process.stdout.write(`${s}\n`)
mkdirSync(OUT, { recursive: true })

const provinceDir = join(WORK, 'province')
const { province, hub } = await provinceAndHub(WORK, '3166')
const villages = await villagesOf(hub, '3166')
await makeHubFacts(hub, villages, N)
await province.handle.close()
copyFileSync(join(provinceDir, 'hocso.sqlite'), join(WORK, 'before.sqlite'))

// 1. push over loopback to a profiled server
const port = await freePort()
const profDir = join(WORK, 'prof')
const old = process.env.NODE_OPTIONS
process.env.NODE_OPTIONS = `${old ?? ''} --cpu-prof --cpu-prof-dir=${profDir}`
const server = await serve(provinceDir, port)
process.env.NODE_OPTIONS = old
const session = new Session()
session.connect()
await session.post('Profiler.enable')
await session.post('Profiler.start')
const cpu0 = process.cpuUsage()
const server0 = cpuMs(server.pid!)
const t1 = performance.now()
// The sync's window on the monotonic clock, which both processes' profiles use: the server's
// profile also holds its start, left out of its summary.
const window = { from: monotonicUs() }
const r = await syncWithUpstream(hub, { url: `http://127.0.0.1:${port}` })
const pushMs = performance.now() - t1
const windowTo = monotonicUs()
const serverCpu = cpuMs(server.pid!) - server0
const hubCpu = msOf(process.cpuUsage(cpu0))
writeFileSync(join(OUT, 'push-hub.cpuprofile'), JSON.stringify((await session.post('Profiler.stop')).profile))
await stop(server)
// The server replaces itself once at start (bin/hocso.js), and the process it was may leave a
// short profile of its own: the server's is the largest.
const serverProf = readdirSync(profDir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort((a, b) => statSync(join(profDir, b)).size - statSync(join(profDir, a)).size)[0]!
copyFileSync(join(profDir, serverProf), join(OUT, 'push-server.cpuprofile'))
log(
  `push: ${r.pushed} facts in ${(pushMs / 1000).toFixed(1)} s, ${r.pages} pages: ${Math.round(N / (pushMs / 1000))} facts/s; CPU: province ${serverCpu} ms, hub ${hubCpu} ms (${(((serverCpu + hubCpu) * 1000) / N).toFixed(0)} µs a fact)`,
)

// 2. bundle import in this process, profiled
copyFileSync(join(WORK, 'before.sqlite'), join(provinceDir, 'hocso.sqlite'))
for (const f of ['hocso.sqlite-wal', 'hocso.sqlite-shm']) rmSync(join(provinceDir, f), { force: true })
await hub.db.updateTable('sync_nodes').set({ vector: '{}' }).where('role', '=', 'upstream').execute()
const up = await hub.db
  .selectFrom('sync_nodes')
  .select('node_id')
  .where('role', '=', 'upstream')
  .executeTakeFirstOrThrow()
const cpu2 = process.cpuUsage()
const t2 = performance.now()
const bundle = await exportBundle(hub, up.node_id)
const exportMs = performance.now() - t2
const exportCpu = msOf(process.cpuUsage(cpu2))
const p2 = await open(provinceDir)
await session.post('Profiler.start')
const cpu3 = process.cpuUsage()
const t3 = performance.now()
const imp = await importBundle(p2, bundle.data)
const importMs = performance.now() - t3
const importCpu = msOf(process.cpuUsage(cpu3))
const { profile } = await session.post('Profiler.stop')
writeFileSync(join(OUT, 'bundle-import.cpuprofile'), JSON.stringify(profile))
log(
  `bundle: ${imp.applied} applied; export ${(exportMs / 1000).toFixed(1)} s, import ${(importMs / 1000).toFixed(1)} s; CPU: export ${exportCpu} ms, import ${importCpu} ms (${(((exportCpu + importCpu) * 1000) / N).toFixed(0)} µs a fact)`,
)
await p2.handle.close()
const rows = await hub.db.selectFrom('facts').selectAll().orderBy('seq').execute()
const cpu4 = process.cpuUsage()
const rawMs = await rawInsert(join(WORK, 'raw'), rows)
const rawCpu = msOf(process.cpuUsage(cpu4))
log(`raw insert CPU: ${rawCpu} ms (${((rawCpu * 1000) / rows.length).toFixed(0)} µs a row)`)
log(
  `raw insert: ${Math.round(rows.length / (rawMs / 1000))} rows/s; push ${(Math.round(N / (pushMs / 1000)) / (rows.length / (rawMs / 1000))).toFixed(3)}× raw, bundle ${(Math.round(N / ((exportMs + importMs) / 1000)) / (rows.length / (rawMs / 1000))).toFixed(3)}× raw`,
)
await hub.handle.close()
rmSync(WORK, { recursive: true, force: true })

/** Now on the monotonic clock, in µs: the clock of V8's profile timestamps. */
function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n)
}

function msOf(u: NodeJS.CpuUsage): number {
  return Math.round((u.user + u.system) / 1000)
}

type Node = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}

/** The built server's chunks are named by hash: their source maps say which file and line a frame is. */
const maps = new Map<string, SourceMap | null>()
function sourceOf(url: string, line: number, column: number): string | null {
  if (!url.startsWith('file://') || !url.endsWith('.js')) return null
  let map = maps.get(url)
  if (map === undefined) {
    const file = `${fileURLToPath(url)}.map`
    map = existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null
    maps.set(url, map)
  }
  const e = map?.findEntry(line, column)
  return e && 'originalSource' in e
    ? `${e.originalSource.replace(/^.*?\/(src|node_modules)\//, '$1/')}:${e.originalLine + 1}`
    : null
}
function summarise(
  p: { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number },
  window?: { from: number; to: number },
) {
  const self = new Map<number, number>()
  let at = p.startTime
  for (const [i, id] of p.samples.entries()) {
    at += p.timeDeltas[i] ?? 0
    if (window && (at < window.from || at > window.to)) continue
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0))
  }
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (n: Node) =>
    `${n.callFrame.functionName || '(anon)'} ${
      sourceOf(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber) ??
      `${n.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`
    }`
  const selfBy = new Map<string, number>()
  const totalBy = new Map<string, number>()
  let all = 0
  for (const [id, us] of self) {
    all += us
    const n = byId.get(id)!
    selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + us)
    const seen = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!)
      if (seen.has(l)) continue
      seen.add(l)
      totalBy.set(l, (totalBy.get(l) ?? 0) + us)
    }
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(
        ([l, us]) =>
          `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((us / all) * 100).toFixed(1).padStart(5)}%  ${l}`,
      )
  log(`  total sampled ${(all / 1000).toFixed(0)} ms; self:`)
  for (const l of top(selfBy, 25)) log(l)
  log('  inclusive:')
  for (const l of top(totalBy, 45)) log(l)
}

for (const name of ['push-server', 'push-hub', 'bundle-import']) {
  log(`\n${name}: heaviest functions (self time, and with what they call)`)
  summarise(
    JSON.parse(readFileSync(join(OUT, `${name}.cpuprofile`), 'utf8')),
    name === 'push-server' ? { from: window.from, to: windowTo } : undefined,
  )
}
