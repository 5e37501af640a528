/**
 * Replication figures for the README ("Hubs and bundles").
 *
 *   npm run bench:sync [-- <facts=100000> <load seconds=60>]
 *   npm run bench:sync -- --quick          (5,000 facts, 10 s of load: to check it works)
 *
 * 1. A hub (SQLite) holds N facts of its commune; the province runs as a real server process on
 *    loopback. Sync hub → province over HTTP: signed, gzip pages, each applied in one transaction
 *    through the fact kinds' apply and the rollup hook. Records per second.
 * 2. The same N facts by bundle, into the province as it was before step 1: export (collect,
 *    compress, sign) and import (verify, apply in one transaction). Records per second, and bundle
 *    bytes per 1,000 facts.
 * 3. A raw batched insert of the same rows (500 rows per INSERT) into an empty facts table, in the
 *    same run, as the yardstick: the ratios above are against it.
 * 4. The hub as a server process serving 30 simulated learners (bench/hub-load.ts): its resident
 *    memory (VmRSS) idle and under load, and request latencies.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { exportBundle, importBundle } from '../src/domains/sync/sync.bundle.ts'
import { syncWithUpstream } from '../src/domains/sync/sync.client.ts'
import { runLearners } from './hub-load.ts'
import {
  bar,
  countArg,
  freePort,
  makeHubFacts,
  open,
  provinceAndHub,
  quantile,
  ROOT,
  rawInsert,
  rss,
  serve,
  stop,
  villagesOf,
} from './nodes.ts'

await import('../src/app.tsx')

const { values: opts, positionals } = parseArgs({
  options: { quick: { type: 'boolean', default: false } },
  allowPositionals: true,
})
const count = (raw: string | undefined, fallback: number, what: string) =>
  countArg('bench:sync', raw, fallback, what)
const N = count(positionals[0], opts.quick ? 5000 : 100_000, 'facts')
const LOAD_SECONDS = count(positionals[1], opts.quick ? 10 : 60, 'load seconds')
const WORK = mkdtempSync(join(tmpdir(), 'hocso-bench-sync-'))
const SCOPE = '3166'
const log = (s: string) => process.stdout.write(`${s}\n`)

const mb = (n: number) => `${n.toFixed(0)} MB`
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000))

log(
  `hocso sync bench: ${N} facts, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, load ${loadavg()[0]!.toFixed(1)}`,
)

// --- setup: a province and a hub of Mường Chà with N facts made on the hub -------------------------
const provinceDir = join(WORK, 'province')
const hubDir = join(WORK, 'hub')
const { province, hub } = await provinceAndHub(WORK, SCOPE)
const villages = await villagesOf(hub, SCOPE)
// Made through the same path a received fact takes (apply, then the rollup hook): its time is the
// yardstick of what the domains cost per fact, apart from any transport.
const localMs = await makeHubFacts(hub, villages, N)
await province.handle.close()
// The province as it was before any sync, for the bundle run.
copyFileSync(join(provinceDir, 'hocso.sqlite'), join(WORK, 'province-before.sqlite'))

// --- 1. network sync, hub → province over loopback ----------------------------------------------
const port = await freePort()
let server = await serve(provinceDir, port)
const netBar = bar('sync over loopback', N)
const t1 = performance.now()
const report = await syncWithUpstream(hub, {
  url: `http://127.0.0.1:${port}`,
  progress: (phase, done) => phase === 'push' && netBar.update(done),
})
const netMs = performance.now() - t1
netBar.stop()
await stop(server)
if (report.pushed < N) throw new Error(`only ${report.pushed} of ${N} facts arrived`)

// --- 2. the same facts by bundle, into the province as it was ------------------------------------
copyFileSync(join(WORK, 'province-before.sqlite'), join(provinceDir, 'hocso.sqlite'))
for (const f of ['hocso.sqlite-wal', 'hocso.sqlite-shm']) rmSync(join(provinceDir, f), { force: true })
await hub.db.updateTable('sync_nodes').set({ vector: '{}' }).where('role', '=', 'upstream').execute()
const t2 = performance.now()
const bundle = await exportBundle(
  hub,
  (
    await hub.db
      .selectFrom('sync_nodes')
      .select('node_id')
      .where('role', '=', 'upstream')
      .executeTakeFirstOrThrow()
  ).node_id,
)
const exportMs = performance.now() - t2
writeFileSync(join(WORK, 'hub.hocso'), bundle.data)
const province2 = await open(provinceDir)
const impBar = bar('bundle import', bundle.entries)
const t3 = performance.now()
const imported = await importBundle(province2, bundle.data, { progress: (d) => impBar.update(d) })
const importMs = performance.now() - t3
impBar.stop()
await province2.handle.close()
if (imported.applied < N) throw new Error(`only ${imported.applied} of ${N} records applied from the bundle`)

// --- 3. raw batched insert of the same rows ------------------------------------------------------
const rows = await hub.db.selectFrom('facts').selectAll().orderBy('seq').execute()
const rawMs = await rawInsert(join(WORK, 'raw'), rows)

// --- 4. the hub serving 30 learners ---------------------------------------------------------------
await hub.handle.close()
const hubPort = await freePort()
server = await serve(provinceDir, port)
const hubServer = await serve(hubDir, hubPort, [
  '--hub',
  '--upstream',
  `http://127.0.0.1:${port}`,
  '--sync-every',
  '3600',
])
await new Promise((r) => setTimeout(r, 3000))
const idle = rss(hubServer.pid!)
// The 30 sign-ups (a password hash each, all at once) apart from the serving that follows: one
// figure for both said a class's first minute was how the hub serves all day.
let readyAt = Number.POSITIVE_INFINITY
const timed: { at: number; ms: number }[] = []
const memory: { at: number; mb: number }[] = []
const sampler = setInterval(() => memory.push({ at: performance.now(), mb: rss(hubServer.pid!) }), 500)
log(`  30 learners for ${LOAD_SECONDS} s …`)
const load = await runLearners(`http://127.0.0.1:${hubPort}`, {
  learners: 30,
  seconds: LOAD_SECONDS,
  place: villages[0],
  onReady: () => (readyAt = performance.now()),
  onRequest: (at, ms) => timed.push({ at, ms }),
})
clearInterval(sampler)
const phase = (serving: boolean) => {
  const lat = timed.filter((x) => x.at >= readyAt === serving).map((x) => x.ms)
  const mem = memory.filter((x) => x.at >= readyAt === serving).map((x) => x.mb)
  return {
    requests: lat.length,
    p50: quantile(lat, 0.5),
    p95: quantile(lat, 0.95),
    rssMeanMb: Math.round(mem.reduce((a, b) => a + b, 0) / Math.max(1, mem.length)),
    rssPeakMb: Math.round(Math.max(idle, ...mem)),
  }
}
const signUp = phase(false)
const serving = phase(true)
const peak = Math.max(signUp.rssPeakMb, serving.rssPeakMb)
await stop(hubServer)
await stop(server)

const raw = rate(rows.length, rawMs)
const local = rate(N, localMs)
const net = rate(N, netMs)
const byBundle = rate(N, exportMs + importMs)
const ratio = (a: number, b: number) => Number((a / b).toFixed(3))
const results = {
  facts: N,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? '',
  load: Number(loadavg()[0]!.toFixed(1)),
  network: {
    ms: Math.round(netMs),
    perSecond: net,
    ratioToRaw: ratio(net, raw),
    ratioToLocalApply: ratio(net, local),
    pages: report.pages,
  },
  bundle: {
    exportMs: Math.round(exportMs),
    importMs: Math.round(importMs),
    perSecond: byBundle,
    ratioToRaw: ratio(byBundle, raw),
    ratioToLocalApply: ratio(byBundle, local),
    bytes: bundle.data.length,
    bytesPer1000Facts: Math.round((bundle.data.length / N) * 1000),
  },
  rawInsert: { ms: Math.round(rawMs), perSecond: raw },
  localApply: { ms: Math.round(localMs), perSecond: local },
  hubUnderLoad: {
    learners: 30,
    seconds: LOAD_SECONDS,
    idleRssMb: Math.round(idle),
    peakRssMb: peak,
    signUp,
    serving,
    ...load,
  },
}
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const n = (x: number) => x.toLocaleString('en')
log('')
log(`sync over loopback   ${n(net)} facts/s (${s(netMs)}, ${report.pages} pages)`)
log(`by bundle            ${n(byBundle)} facts/s (export ${s(exportMs)} + import ${s(importMs)})`)
log(
  `bundle size          ${n(results.bundle.bytesPer1000Facts)} bytes per 1,000 facts (${n(bundle.data.length)} bytes)`,
)
log(`raw batched insert   ${n(raw)} rows/s (${s(rawMs)})`)
log(`local apply          ${n(local)} facts/s (apply and rollups on one node, no transport; ${s(localMs)})`)
log(
  `ratios               network ${results.network.ratioToRaw}× raw, ${results.network.ratioToLocalApply}× local apply; bundle ${results.bundle.ratioToRaw}× raw, ${results.bundle.ratioToLocalApply}× local apply`,
)
log(
  `hub, 30 sign up      RSS idle ${mb(idle)}, peak ${mb(signUp.rssPeakMb)}; ${signUp.requests} requests, p95 ${signUp.p95} ms (a password hash each, at once)`,
)
log(
  `hub serving 30       RSS mean ${mb(serving.rssMeanMb)}, peak ${mb(serving.rssPeakMb)}; ${serving.requests} requests, p50 ${serving.p50} ms, p95 ${serving.p95} ms, ${load.errors} errors in all (npm run bench:hub for the hub during a sync)`,
)
if (!existsSync(join(ROOT, 'bench/out'))) mkdirSync(join(ROOT, 'bench/out'))
writeFileSync(join(ROOT, 'bench/out/sync.json'), `${JSON.stringify(results, null, 2)}\n`)
rmSync(WORK, { recursive: true, force: true })
