/**
 * What a process costs before it does any work: the time of `hocso --help` (which loads the
 * command line), the time `hocso start` takes until it prints its URL (fresh data directory, then
 * the same directory again) and the resident memory of the idle server with the demo data,
 * read from /proc/<pid>/status 15 s after start, after the first start (which made the data) and
 * after a later one.
 *
 *   node bin/run-ts.js bench/startup.bench.ts [runs=5]        (npm run bench:startup)
 *
 * HOCSO_BIN chooses the entry point (default bin/hocso.js), so an older entry can be measured in
 * the same run. Prints a table and writes bench/out/startup.json.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = resolve(ROOT, process.env.HOCSO_BIN ?? 'bin/hocso.js')
const runs = Number(process.argv[2] ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => res(port))
    })
  })
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN
}

/** Starts `hocso start` on dataDir; resolves with the time until the URL is printed and the process. */
async function start(dataDir: string, idleMs: number): Promise<{ readyMs: number; rss: number }> {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      HOCSO_DATA_DIR: dataDir,
      HOCSO_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stderr.on('data', (d) => {
    out += d
  })
  const readyMs = await new Promise<number>((res, rej) => {
    child.stdout.on('data', (d) => {
      out += d
      if (/hocso is running at/.test(out)) res(performance.now() - t0)
    })
    child.once('exit', (code) => rej(new Error(`hocso start exited with ${code}:\n${out}`)))
  })
  await new Promise((r) => setTimeout(r, idleMs))
  const rss = rssMb(child.pid!)
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  return { readyMs, rss }
}

const help: number[] = []
for (let i = 0; i < runs; i++) {
  const t0 = performance.now()
  execFileSync(process.execPath, [BIN, '--help'], { cwd: ROOT, stdio: 'ignore' })
  help.push(performance.now() - t0)
  process.stdout.write(`\r--help ${i + 1}/${runs}`)
}
process.stdout.write('\n')

const dataDir = mkdtempSync(join(tmpdir(), 'hocso-bench-startup-'))
try {
  process.stdout.write('hocso start, fresh data directory (demo data), idle 15 s…\n')
  const fresh = await start(dataDir, 15_000)
  process.stdout.write('hocso start, same data directory, idle 15 s…\n')
  const again = await start(dataDir, 15_000)
  const result = {
    bin: BIN.slice(ROOT.length + 1),
    node: process.version,
    loadAverage: loadavg()[0]!.toFixed(1),
    helpMs: Math.round(median(help)),
    helpRunsMs: help.map(Math.round),
    freshStartMs: Math.round(fresh.readyMs),
    startMs: Math.round(again.readyMs),
    idleRssMb: again.rss,
    idleAfterFirstStartRssMb: fresh.rss,
  }
  console.table([
    { what: '`hocso --help` (median)', figure: `${(result.helpMs / 1000).toFixed(2)} s` },
    {
      what: '`hocso start`, fresh data directory, until the URL',
      figure: `${(result.freshStartMs / 1000).toFixed(1)} s`,
    },
    {
      what: '`hocso start`, existing data directory, until the URL',
      figure: `${(result.startMs / 1000).toFixed(2)} s`,
    },
    {
      what: 'idle server, resident memory 15 s after the first start',
      figure: `${result.idleAfterFirstStartRssMb} MB`,
    },
    { what: 'idle server, resident memory 15 s after a later start', figure: `${result.idleRssMb} MB` },
  ])
  process.stdout.write(`(${result.bin}, Node ${result.node}, load average ${result.loadAverage})\n`)
  mkdirSync(join(ROOT, 'bench/out'), { recursive: true })
  writeFileSync(join(ROOT, 'bench/out/startup.json'), `${JSON.stringify(result, null, 2)}\n`)
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
