/**
 * What a village hub must do, against the aims of issue 17 (docs/hubs.md):
 *
 *   npm run bench:hub [-- <facts=20000> <learners=30> <seconds=30>]
 *   npm run bench:hub -- --quick           (3,000 facts, 10 s: to check it works)
 *   npm run bench:hub -- --samples         (also every memory sample: what each peak is made of)
 *
 * 1. The hub (a real `hocso serve --hub` process, SQLite; its resident memory counts its password
 *    checker process while it runs) serves simulated learners
 *    (bench/hub-load.ts) with no sync running: its resident memory and the learners' latencies.
 *    Aim: resident memory under 150 MB.
 * 2. The learners go on while the hub sends `facts` records of its commune to the province (a
 *    real server process on loopback), started from the hub's own "sync now" as an officer
 *    would: the latencies of the learners' requests during the sync, and the hub's memory.
 *    Aim: p95 under 100 ms.
 * 3. The same rows inserted raw into an empty facts table (500 rows per INSERT) in the same run:
 *    the sync's records per second as a ratio of that. Aim: at least 0.1×. Also the CPU time the
 *    province spends per fact applying the sync and the raw insert's per row, which a loaded
 *    machine colours far less than the wall times.
 *
 * The hub runs with the environment of the command: `HOCSO_SCRYPT_LOG2_N=17 npm run bench:hub`
 * measures a hub hashing at 2^17 (128 MiB a hash, not the default 16 MiB; decisions 0176, 0201),
 * `HOCSO_SERVER_TUNED=1` one without the server's memory settings (bin/hocso.js, decision 0201).
 *
 * The machine's load average is printed before and after: on a shared machine it colours every
 * figure, latencies most.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import SQLite from 'better-sqlite3'
import { registerDomains } from '../src/domains/index.ts'
import { createAccount } from '../src/domains/people/people.service.ts'
import { syncWithUpstream } from '../src/domains/sync/sync.client.ts'
import { Learner, runLearners } from './hub-load.ts'
import {
  childrenPrivate,
  countArg,
  cpuMs,
  freePort,
  makeHubFacts,
  provinceAndHub,
  quantile,
  ROOT,
  rawInsert,
  rss,
  rssAnon,
  serve,
  stop,
  villagesOf,
} from './nodes.ts'

registerDomains()

const { values: opts, positionals } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, samples: { type: 'boolean', default: false } },
  allowPositionals: true,
})
const count = (raw: string | undefined, fallback: number, what: string) =>
  countArg('bench:hub', raw, fallback, what)
const N = count(positionals[0], opts.quick ? 3000 : 20_000, 'facts')
const LEARNERS = count(positionals[1], 30, 'learners')
const SECONDS = count(positionals[2], opts.quick ? 10 : 30, 'seconds')
const AIMS = { rssMb: 150, p95Ms: 100, ratio: 0.1 }
const WORK = mkdtempSync(join(tmpdir(), 'hocso-bench-hub-'))
const SCOPE = '3166'
const OFFICER = { login: 'bench.officer', password: 'Ruộng-bậc-thang-2026' }
const log = (s: string) => process.stdout.write(`${s}\n`)
const load = () => loadavg().map((x) => Number(x.toFixed(1)))
const loadBefore = load()

log(
  `hocso hub bench: ${N} facts, ${LEARNERS} learners, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}, load average ${loadBefore.join(' ')}`,
)

// --- setup: a province, a hub of Mường Chà, an officer of the commune ------------------------------
const provinceDir = join(WORK, 'province')
const hubDir = join(WORK, 'hub')
const { province, hub } = await provinceAndHub(WORK, SCOPE)
await createAccount(
  province,
  { displayName: 'Cán bộ xã', username: OFFICER.login, password: OFFICER.password },
  [{ role: 'commune_officer', scopeCode: SCOPE }],
)
await province.handle.close()
const port = await freePort()
const upstream = `http://127.0.0.1:${port}`
// The hub's first sync brings the officer and the villages; its own records are made after it.
let provinceServer = await serve(provinceDir, port)
await syncWithUpstream(hub, { url: upstream })
await stop(provinceServer)
const villages = await villagesOf(hub, SCOPE)
await makeHubFacts(hub, villages, N)
const rows = await hub.db.selectFrom('facts').selectAll().where('origin_node', '=', hub.nodeId).execute()
await hub.handle.close()
const rawCpu0 = process.cpuUsage()
const rawMs = await rawInsert(join(WORK, 'raw'), rows)
const rawCpu = process.cpuUsage(rawCpu0)
const rawCpuMs = (rawCpu.user + rawCpu.system) / 1000

// --- 1. the hub serving learners, no sync ----------------------------------------------------------
// The province is down while the hub starts, so the sync it tries at start fails and waits.
const hubPort = await freePort()
const hubServer = await serve(hubDir, hubPort, ['--hub', '--upstream', upstream, '--sync-every', '3600'])
const base = `http://127.0.0.1:${hubPort}`
type Sample = { at: number; ms: number }
const samples: Sample[] = []
// Each sample: the hub with its password checker (the aim's figure), and the hub process alone.
const memory: { at: number; mb: number; own: number; anon: number; childOwn: number }[] = []
const sampler = setInterval(
  () =>
    memory.push({
      at: performance.now(),
      mb: rss(hubServer.pid!),
      own: rss(hubServer.pid!, false),
      anon: rssAnon(hubServer.pid!),
      childOwn: childrenPrivate(hubServer.pid!),
    }),
  250,
)
let release: () => void = () => {}
const finished = new Promise<void>((r) => {
  release = r
})
log(`  ${LEARNERS} learners for ${SECONDS} s, then during the sync …`)
let ready: () => void = () => {}
const signedUp = new Promise<void>((r) => {
  ready = r
})
const startFrom = performance.now()
const learners = runLearners(base, {
  learners: LEARNERS,
  until: finished,
  place: villages[0],
  onReady: () => ready(),
  onRequest: (at, ms) => samples.push({ at, ms }),
})
// Every learner signs up at once first, as a class does at the start of a session: that burst of
// password hashing (16 MiB per hash at the default cost, two at once) is measured apart from the steady state after it.
await signedUp
const calmFrom = performance.now()
const hubCpu0 = cpuMs(hubServer.pid!)
await new Promise((r) => setTimeout(r, SECONDS * 1000))

// --- 2. the same learners while the hub syncs ------------------------------------------------------
provinceServer = await serve(provinceDir, port)
const officer = new Learner(base)
await officer.login(OFFICER.login, OFFICER.password)
officer.read(await (await officer.req('/admin/hubs')).text())
const arrived = new SQLite(join(provinceDir, 'hocso.sqlite'), { readonly: true })
const count_ = () =>
  Number(
    (
      arrived.prepare('select count(*) as n from facts where origin_node = ?').get(hub.nodeId) as {
        n: number
      }
    ).n,
  )
const hubCpu = cpuMs(hubServer.pid!) - hubCpu0
const provinceCpu0 = cpuMs(provinceServer.pid!)
const syncFrom = performance.now()
const asked = await officer.req('/admin/hubs/sync', { form: {} })
if (asked.status !== 303) throw new Error(`sync now: ${asked.status} ${await asked.text()}`)
while (count_() < N) await new Promise((r) => setTimeout(r, 100))
const syncTo = performance.now()
const provinceCpu = cpuMs(provinceServer.pid!) - provinceCpu0
arrived.close()
release()
const report = await learners
clearInterval(sampler)
await stop(hubServer)
await stop(provinceServer)

// --- figures ---------------------------------------------------------------------------------------
const within = (from: number, to: number) => samples.filter((s) => s.at >= from && s.at < to).map((s) => s.ms)
const signup = within(startFrom, calmFrom)
const calm = within(calmFrom, syncFrom)
const during = within(syncFrom, syncTo)
const mem = (from: number, to: number) => memory.filter((m) => m.at >= from && m.at < to).map((m) => m.mb)
const signupMem = mem(startFrom, calmFrom)
// The hub with only the pages its checker does not share with it (the `node` binary's are counted once).
const signupUnion = memory.filter((m) => m.at >= startFrom && m.at < calmFrom).map((m) => m.own + m.childOwn)
const calmMem = mem(calmFrom, syncFrom)
const calmOwn = memory.filter((m) => m.at >= calmFrom && m.at < syncFrom).map((m) => m.own)
const syncMem = mem(syncFrom, syncTo + 1)
const allMem = memory.map((m) => m.mb)
const syncMs = syncTo - syncFrom
const syncRate = Math.round(N / (syncMs / 1000))
const rawRate = Math.round(rows.length / (rawMs / 1000))
const ratio = Number((syncRate / rawRate).toFixed(3))
const peak = Math.round(Math.max(...allMem))
const r0 = (xs: number[]) => Math.round(Math.max(0, ...xs))
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length))
const results = {
  facts: N,
  learners: LEARNERS,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? '',
  loadAverageBefore: loadBefore,
  loadAverageAfter: load(),
  signUp: {
    ms: Math.round(calmFrom - startFrom),
    requests: signup.length,
    p95: quantile(signup, 0.95),
    rssPeakMb: Math.round(Math.max(0, ...signupMem)),
    checkerSharedOnceRssPeakMb: Math.round(Math.max(0, ...signupUnion)),
  },
  serving: {
    seconds: SECONDS,
    requests: calm.length,
    p50: quantile(calm, 0.5),
    p95: quantile(calm, 0.95),
    rssMeanMb: mean(calmMem),
    rssPeakMb: Math.round(Math.max(...calmMem)),
    // The hub process without its password checker, and the CPU it spent a request (user + system).
    hubAloneRssMeanMb: mean(calmOwn),
    hubCpuMsPerRequest: Number((hubCpu / Math.max(1, calm.length)).toFixed(2)),
  },
  duringSync: {
    ms: Math.round(syncMs),
    requests: during.length,
    p50: quantile(during, 0.5),
    p95: quantile(during, 0.95),
    rssPeakMb: Math.round(Math.max(...syncMem)),
  },
  errors: report.errors,
  rssPeakMb: peak,
  sync: {
    perSecond: syncRate,
    rawInsertPerSecond: rawRate,
    ratioToRaw: ratio,
    // CPU per record: the province applying the sync, the raw insert (this process).
    provinceCpuUsPerFact: Math.round((provinceCpu * 1000) / N),
    rawInsertCpuUsPerRow: Math.round((rawCpuMs * 1000) / rows.length),
  },
  aims: AIMS,
  met: {
    rss: Math.max(r0(calmMem), r0(syncMem)) < AIMS.rssMb,
    p95DuringSync: quantile(during, 0.95) < AIMS.p95Ms,
    syncRatio: ratio >= AIMS.ratio,
  },
}
const n = (x: number) => x.toLocaleString('en')
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met')
const r = results
log('')
log(
  `${LEARNERS} learners sign up     RSS peak ${r.signUp.rssPeakMb} MB; ${r.signUp.requests} requests in ${(r.signUp.ms / 1000).toFixed(1)} s, p95 ${r.signUp.p95} ms`,
)
log(
  `  its pages counted once    RSS peak ${r.signUp.checkerSharedOnceRssPeakMb} MB (the checker's pages of the node binary shared with the hub's counted once)`,
)
log(
  `hub serving ${LEARNERS} learners     RSS mean ${r.serving.rssMeanMb} MB, peak ${r.serving.rssPeakMb} MB; ${r.serving.requests} requests, p50 ${r.serving.p50} ms, p95 ${r.serving.p95} ms`,
)
log(
  `  the hub process alone     RSS mean ${r.serving.hubAloneRssMeanMb} MB (the rest: its password checker); CPU ${r.serving.hubCpuMsPerRequest} ms a request`,
)
log(
  `… during the sync           RSS peak ${r.duringSync.rssPeakMb} MB; ${r.duringSync.requests} requests, p50 ${r.duringSync.p50} ms, p95 ${r.duringSync.p95} ms; ${report.errors} errors in all`,
)
log(
  `sync hub → province         ${n(N)} facts in ${(syncMs / 1000).toFixed(1)} s: ${n(syncRate)} facts/s; raw insert ${n(rawRate)} rows/s; ratio ${ratio}×`,
)
log(
  `  CPU per record           province ${r.sync.provinceCpuUsPerFact} µs a fact applying the sync; raw insert ${r.sync.rawInsertCpuUsPerRow} µs a row`,
)
log(
  `aims                        RSS < ${AIMS.rssMb} MB serving and syncing: ${mark(r.met.rss)} (peak ${peak} MB with the sign-ups)`,
)
log(`                            p95 during a sync < ${AIMS.p95Ms} ms: ${mark(r.met.p95DuringSync)}`)
log(`                            sync ≥ ${AIMS.ratio}× the raw insert: ${mark(r.met.syncRatio)}`)
log(
  `load average                ${loadBefore.join(' ')} before, ${r.loadAverageAfter.join(' ')} after (1, 5, 15 min; ${cpus().length} CPUs)`,
)
// With --samples, every sample of the hub's memory (MB), from the first sign-up: what the peaks are made of.
if (opts.samples) {
  const phase = (at: number) =>
    at < calmFrom ? 'sign-up' : at < syncFrom ? 'serving' : at <= syncTo ? 'sync' : 'after'
  log('\n  s       phase    total  hub  (anon)  checker (its own)')
  for (const m of memory.filter((m) => m.at >= startFrom))
    log(
      `  ${((m.at - startFrom) / 1000).toFixed(2).padStart(6)}  ${phase(m.at).padEnd(7)}  ${m.mb.toFixed(0).padStart(5)}  ${m.own.toFixed(0).padStart(4)}  ${m.anon.toFixed(0).padStart(5)}  ${(m.mb - m.own).toFixed(0).padStart(6)}  ${m.childOwn.toFixed(0).padStart(5)}`,
    )
}
if (!existsSync(join(ROOT, 'bench/out'))) mkdirSync(join(ROOT, 'bench/out'))
writeFileSync(join(ROOT, 'bench/out/hub.json'), `${JSON.stringify(results, null, 2)}\n`)
rmSync(WORK, { recursive: true, force: true })
