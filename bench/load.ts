/**
 * Load test (`npm run bench:load`): many virtual users, each with its own session and its own
 * keep-alive connection, run a realistic mix against real `hocso serve` processes:
 *
 *   sign-in · catalogue · lesson views signed in and signed out · outbox batches of facts (some
 *   sent twice, as a phone retries) · quiz submissions · dashboard views (officers)
 *
 * on SQLite (1 process), PostgreSQL with 1 process and PostgreSQL with 2 processes. It reports
 * requests/s, p50/p95/p99 per route, errors, each server process's CPU use (the generator runs on
 * the same machine and its CPU is shown too), and checks afterwards that every fact sent was stored
 * exactly once. Then two comparisons on one SQLite process:
 *   - the signed-out lesson page against a bare `node:http` server returning the same bytes;
 *   - signed-in lesson views alone at 50 connections (p99).
 *
 *   npm run bench:load                       all of it, 20 s per phase after 3 s not timed, 40 users
 *   npm run bench:load -- --seconds 10 --users 20 --only sqlite,pg1,pg2,bare,lesson50
 *   npm run bench:load -- --root /path/to/other/checkout   the same load against another version
 *   npm run bench:load -- --only hot --before /path/to/older/checkout   hot paths, before and after
 *   npm run bench:load -- --only pg1,pgw2,pglesson50  PostgreSQL, 1 process vs --workers 2
 *     (--fast-hash: kept so older command lines run; it changes nothing now: the default hash,
 *     2^14 with p=5, is already the cheapest of OWASP's settings of equal strength, decision 0176)
 *   npm run bench:load -- --only lesson50,pglesson50 --before /path/to/older/checkout
 *     signed-in views at 50 connections, the two versions in turns a second each, same run
 *     (--client node: node:http instead of the bench's own keep-alive client, to compare their CPU)
 *   npm run bench:load -- --only pg1,pgw2 --seconds 15 --cpu-per-process 0.5
 *     each server process (each worker and the primary of --workers 2 apart) held to half a core
 *     by a Linux cgroup of its own (root, cgroup v1 or v2; bench/cpu-quota.ts), so 1 process and 2
 *     get the same CPU each and the machine has some to spare; prints 2 processes / 1 (same run)
 *
 * PostgreSQL comes from HOCSO_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
 * in a schema of its own, dropped afterwards. Results: bench/out/load.json.
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { createConnection, createServer, type Socket } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import cliProgress from 'cli-progress'
import pg from 'pg'
import { loadConfig } from '../src/core/config.ts'
import { openDatabase } from '../src/core/db.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { CpuQuotas, CpuQuotaUnavailable, parseCpuPerProcess } from './cpu-quota.ts'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    users: { type: 'string', default: '40' },
    only: { type: 'string', default: 'sqlite,pg1,pg2,bare,lesson50' },
    root: { type: 'string' },
    label: { type: 'string', default: 'this checkout' },
    before: { type: 'string' },
    batch: { type: 'string', default: '20' },
    conns: { type: 'string', default: '20' },
    prof: { type: 'string' },
    'fast-hash': { type: 'boolean', default: false },
    client: { type: 'string', default: 'raw' },
    'cpu-per-process': { type: 'string' },
  },
})
const SECONDS = Number(values.seconds)
/**
 * Seconds of the same load before each measured phase, not counted: a process just started runs
 * its code unoptimised at first and fills its caches (kept public reads, prepared statements), so
 * the first second of a phase said more about start-up than about the steady state that capacity
 * is planned on, and with `--workers 2` each process paid it apart. `--warmup 0` measures from
 * the first request, as before.
 */
const WARMUP = Number(values.warmup)
const USERS = Number(values.users)
const ONLY = new Set(values.only!.split(','))
const HERE = resolve(import.meta.dirname, '..')
const ROOT = resolve(values.root ?? HERE)
const PG_URL = process.env.HOCSO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const PASSWORD = 'mat-khau-123'
const OFFICERS = 2
/** `--before DIR`: the hot-path phase also runs against that checkout (built), alternating, same run. */
const BEFORE = values.before ? resolve(values.before) : undefined
const BATCH = Number(values.batch)
const CONNS = Number(values.conns)
/** `--prof DIR`: servers write V8 CPU profiles there (node --cpu-prof). */
const PROF = values.prof ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values.prof)}`] : []
/**
 * `--client raw|node`: the client of the phases that hammer one page (lesson50): `raw` (default)
 * writes each request by hand on its own socket and only counts the answer's bytes, `node` uses
 * node:http with an Agent per user, as the mix does. Both share the server's CPUs.
 */
const CLIENT = values.client === 'node' ? 'node' : 'raw'
/**
 * `--cpu-per-process CORES`: every server process, each worker and the primary of `--workers N`
 * apart, is held to CORES of CPU by a cgroup of its own (bench/cpu-quota.ts), so one process and two
 * meet the same CPU each while the machine keeps some to spare. Checked before anything is prepared.
 */
const QUOTAS = (() => {
  try {
    const cores = parseCpuPerProcess(values['cpu-per-process'], cpus().length)
    return cores === undefined ? undefined : new CpuQuotas(cores)
  } catch (e) {
    if (!(e instanceof CpuQuotaUnavailable) && !/^--cpu-per-process/.test((e as Error).message)) throw e
    process.stderr.write(`${(e as Error).message}\n`)
    process.exit(2)
  }
})()
/** Servers still running, stopped (and their groups removed) however the bench ends. */
const RUNNING = new Set<ChildProcess>()
/** Databases made and not yet dropped: Ctrl-C drops them too, once the servers have stopped. */
const PREPARED = new Set<{ close: () => Promise<void> }>()
process.on('exit', () => {
  for (const c of RUNNING) if (c.exitCode === null) c.kill('SIGTERM')
  const left = QUOTAS?.release() ?? []
  if (left.length) process.stderr.write(`cgroups left behind (remove with rmdir): ${left.join(' ')}\n`)
})
let stopping = false
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.on(signal, async () => {
    if (stopping) process.exit(code)
    stopping = true
    process.stderr.write(`\n${signal}: stopping the servers and dropping the bench's databases\n`)
    await Promise.all(
      [...RUNNING].map(
        (c) =>
          new Promise<void>((ok) => {
            if (c.exitCode !== null) return ok()
            c.once('exit', () => ok())
            c.kill('SIGTERM')
            setTimeout(ok, 5000).unref()
          }),
      ),
    )
    QUOTAS?.release()
    await Promise.allSettled([...PREPARED].map((t) => t.close()))
    process.exit(code)
  })

// ---------------------------------------------------------------- HTTP, one connection per user

type Res = { status: number; headers: http.IncomingHttpHeaders; readonly body: string }

/** A response whose body is decoded (gunzipped) only when read: most are only timed. */
function response(status: number, headers: http.IncomingHttpHeaders, raw: Buffer): Res {
  return {
    status,
    headers,
    get body() {
      return (headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')
    },
  }
}

/** A browser-like user: its own keep-alive connection and cookie jar. */
class User {
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  cookies = new Map<string, string>()
  constructor(readonly base: string) {}

  /**
   * One request. A reused keep-alive connection that the server closed as it was being reused
   * ends in ECONNRESET before anything was answered; a browser sends the request again on a new
   * connection, and so does this (once), as Node's documentation advises.
   */
  async request(method: string, path: string, body?: string, type?: string): Promise<Res> {
    try {
      return await this.once(method, path, body, type)
    } catch (e) {
      if ((e as { retry?: boolean }).retry) return this.once(method, path, body, type)
      throw e
    }
  }

  private once(method: string, path: string, body?: string, type?: string): Promise<Res> {
    const url = new URL(path, this.base)
    const headers: Record<string, string> = {
      accept: 'text/html,application/json',
      'accept-encoding': 'gzip',
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    if (body !== undefined) {
      headers['content-type'] = type ?? 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    return new Promise((ok, fail) => {
      const req = http.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [kv] = c.split(';')
            const i = kv!.indexOf('=')
            this.cookies.set(kv!.slice(0, i), kv!.slice(i + 1))
          }
          ok(response(res.statusCode ?? 0, res.headers, Buffer.concat(chunks)))
        })
        res.on('error', fail)
      })
      req.on('error', (e: NodeJS.ErrnoException) =>
        fail(Object.assign(e, { retry: req.reusedSocket && e.code === 'ECONNRESET' })),
      )
      req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')))
      req.end(body)
    })
  }

  /** The form token of the last page read with `page` (bound to the session, decision 0175). */
  csrf = ''

  /** GETs a page and keeps its form token. */
  async page(path: string): Promise<Res> {
    const r = await this.request('GET', path)
    const token = /name="_csrf" value="([^"]+)"/.exec(r.body)?.[1]
    if (token) this.csrf = token
    return r
  }

  form(path: string, fields: Record<string, string>): Promise<Res> {
    return this.request('POST', path, new URLSearchParams({ _csrf: this.csrf, ...fields }).toString())
  }

  close() {
    this.agent.destroy()
  }
}

/**
 * The cheapest client that is still HTTP/1.1 on a keep-alive connection, for the phases that ask
 * one page over and over (`--client raw`): the request's bytes are made once, the answer's status
 * line is read and its body (Content-Length or chunked) is counted to its end, never copied,
 * parsed or decompressed. node:http spends a few tenths of a millisecond per answer on its parser,
 * its IncomingMessage and its stream events, on the CPUs the server needs.
 */
class RawConn {
  private socket: Socket | undefined
  private buf: Buffer = Buffer.alloc(0)
  private state: { ok: (r: Res) => void; fail: (e: Error) => void; got: boolean } | undefined
  /** Where the body starts, its length or -1 for chunked, and how far the chunks were read. */
  private head = -1
  private length = 0
  private chunkAt = 0
  private status = 0
  private readonly request: Buffer
  constructor(
    readonly url: URL,
    cookie: string,
  ) {
    this.request = Buffer.from(
      `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\naccept: text/html\r\n` +
        `accept-encoding: gzip\r\n${cookie ? `cookie: ${cookie}\r\n` : ''}connection: keep-alive\r\n\r\n`,
    )
  }

  private connect(): Socket {
    const s = createConnection({ host: this.url.hostname, port: Number(this.url.port) })
    s.setNoDelay(true)
    s.on('data', (d: Buffer) => this.data(d))
    s.on('error', (e) => this.end(e))
    s.on('close', () => this.end(new Error('connection closed')))
    return s
  }

  private end(e: Error) {
    this.socket = undefined
    const st = this.state
    this.state = undefined
    st?.fail(Object.assign(e, { retry: !st.got }))
  }

  get(): Promise<Res> {
    return new Promise<Res>((ok, fail) => {
      this.state = { ok, fail, got: false }
      this.buf = Buffer.alloc(0)
      this.head = -1
      this.socket ??= this.connect()
      this.socket.write(this.request)
    }).catch((e) => {
      if (!e.retry) throw e
      return new Promise<Res>((ok, fail) => {
        this.state = { ok, fail, got: false }
        this.socket = this.connect()
        this.socket.write(this.request)
      })
    })
  }

  private data(d: Buffer) {
    const st = this.state
    if (!st) return
    st.got = true
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d
    const b = this.buf
    if (this.head < 0) {
      const end = b.indexOf('\r\n\r\n')
      if (end < 0) return
      const head = b.toString('latin1', 0, end)
      this.status = Number(head.slice(9, 12))
      const len = /\r\ncontent-length: *(\d+)/i.exec(head)
      this.head = end + 4
      this.length = len ? Number(len[1]) : /\r\ntransfer-encoding: *chunked/i.test(head) ? -1 : 0
      this.chunkAt = this.head
    }
    let done = false
    if (this.length >= 0) done = b.length >= this.head + this.length
    else
      for (;;) {
        const eol = b.indexOf('\r\n', this.chunkAt)
        if (eol < 0) break
        const size = Number.parseInt(b.toString('latin1', this.chunkAt, eol), 16)
        if (size === 0) {
          done = b.length >= eol + 4
          break
        }
        if (b.length < eol + 2 + size + 2) break
        this.chunkAt = eol + 2 + size + 2
      }
    if (!done) return
    const bytes = b.length - this.head
    this.state = undefined
    this.buf = Buffer.alloc(0)
    this.head = -1
    st.ok({ status: this.status, headers: {}, body: `${bytes} bytes` })
  }

  close() {
    this.socket?.destroy()
    this.socket = undefined
  }
}

/** A signed-in user's GET of one page, by the client `--client` names. */
function getter(u: User, path: string): { get: () => Promise<Res>; close: () => void } {
  if (CLIENT === 'node') return { get: () => u.request('GET', path), close: () => u.close() }
  const c = new RawConn(new URL(path, u.base), [...u.cookies].map(([k, v]) => `${k}=${v}`).join('; '))
  return { get: () => c.get(), close: () => c.close() }
}

// ---------------------------------------------------------------- measurements

class Stats {
  lat = new Map<string, number[]>()
  errors = new Map<string, number>()
  samples: string[] = []
  total = 0
  time<T>(route: string, f: () => Promise<T>, ok: (r: T) => boolean): Promise<T | undefined> {
    const t0 = performance.now()
    return f().then(
      (r) => {
        const ms = performance.now() - t0
        const list = this.lat.get(route) ?? []
        list.push(ms)
        this.lat.set(route, list)
        this.total++
        if (!ok(r)) this.error(route, `status ${(r as Res).status}`)
        return r
      },
      (e: Error) => {
        this.total++
        this.error(route, e.message)
        return undefined
      },
    )
  }
  error(route: string, why: string) {
    this.errors.set(route, (this.errors.get(route) ?? 0) + 1)
    if (this.samples.length < 5) this.samples.push(`${route}: ${why}`)
  }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

function summary(stats: Stats, seconds: number) {
  const routes = [...stats.lat.keys()].sort()
  const rows = routes.map((r) => {
    const s = [...stats.lat.get(r)!].sort((a, b) => a - b)
    return {
      route: r,
      requests: s.length,
      perSecond: Math.round(s.length / seconds),
      p50: +pct(s, 50).toFixed(1),
      p95: +pct(s, 95).toFixed(1),
      p99: +pct(s, 99).toFixed(1),
      errors: stats.errors.get(r) ?? 0,
    }
  })
  return {
    total: stats.total,
    perSecond: Math.round(stats.total / seconds),
    routes: rows,
    samples: stats.samples,
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(f[11]) + Number(f[12])) / 100
  } catch {
    return 0
  }
}

/**
 * CPU seconds every PostgreSQL process of this machine has used so far (0 without any): with the
 * servers' and the generator's, it shows how much of the machine a phase took.
 */
function postgresCpu(): number {
  try {
    return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .reduce((sum, pid) => sum + cpuOf(Number(pid)), 0)
  } catch {
    return 0
  }
}

/** A process and its children (the workers of `--workers N`). */
function family(pid: number): number[] {
  try {
    const kids = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
    return [pid, ...kids.map(Number)]
  } catch {
    return [pid]
  }
}

function progressBar(title: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title.padEnd(34)} [{bar}] {value}/{total} s | {requests} requests | {errors} errors`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(SECONDS, 0, { requests: 0, errors: 0 })
  return bar
}

// ---------------------------------------------------------------- servers

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => ok(port))
    })
  })
}

type Target = {
  name: string
  env: Record<string, string>
  procs: number
  root: string
  close: () => Promise<void>
}

/**
 * A fresh database (SQLite file or PostgreSQL schema) with units, learners and officers, prepared
 * by the code of the checkout that will serve it (bench/load-prepare.ts, copied there if needed):
 * another version's migrations would make that version refuse to start on it.
 */
async function prepare(
  name: string,
  postgres: boolean,
  root = ROOT,
  opts: { users?: number } = {},
): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), `hocso-load-${name}-`))
  const schema = postgres ? `load_${randomBytes(5).toString('hex')}` : undefined
  const env: Record<string, string> = {
    HOCSO_DATA_DIR: dataDir,
    HOCSO_LOG_LEVEL: 'warn',
    HOCSO_CONTENT_DIR: join(root, 'content'),
    HOCSO_PUBLIC_URL: 'http://127.0.0.1',
    ...(schema ? { HOCSO_DATABASE_URL: PG_URL, HOCSO_DATABASE_SCHEMA: schema } : {}),
    // Passwords are hashed as in production. 2^15 (the old `--fast-hash`) now means p=3, 1.7 times
    // the CPU of the default 2^14 with p=5, so nothing is gained by changing it.
  }
  const script = join(root, 'bench/load-prepare.ts')
  if (root !== HERE) copyFileSync(join(HERE, 'bench/load-prepare.ts'), script)
  execFileSync(
    process.execPath,
    [
      join(root, 'bin/run-ts.js'),
      script,
      '--users',
      String(opts.users ?? Math.max(USERS, 50)),
      '--password',
      PASSWORD,
    ],
    { cwd: root, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  )
  const target: Target = {
    name,
    env,
    procs: 1,
    root,
    close: async () => {
      PREPARED.delete(target)
      rmSync(dataDir, { recursive: true, force: true })
      if (schema) {
        const c = new pg.Client({ connectionString: PG_URL })
        await c.connect()
        await c.query(`drop schema if exists ${schema} cascade`)
        await c.end()
      }
    },
  }
  PREPARED.add(target)
  return target
}

type Server = { urls: string[]; pids: number[]; held: number[]; stop: () => Promise<void> }

/** This process's environment without any HOCSO_ setting, so only the target's own reach the server. */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('HOCSO_'),
    ),
  )
}

/**
 * Starts `procs` independent `hocso serve` processes of the target's checkout on one database (as
 * several machines would), or one `hocso serve --workers N` (node:cluster, one port).
 */
async function startServers(t: Target, procs: number, workers = 1): Promise<Server> {
  const children: ChildProcess[] = []
  const urls: string[] = []
  const held: number[] = []
  for (let i = 0; i < procs; i++) {
    const port = await freePort()
    const args = [
      join(t.root, 'bin/hocso.js'),
      'serve',
      ...(workers > 1 ? ['--workers', String(workers)] : []),
    ]
    const child = spawn(process.execPath, [...PROF, ...args], {
      cwd: t.root,
      env: { ...cleanEnv(), ...t.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.on('data', (d) => {
      out += d
    })
    child.stderr!.on('data', (d) => {
      out += d
    })
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${out}`)), 300_000)
      child.stdout!.on('data', () => {
        if (/hocso is running at/.test(out)) {
          clearTimeout(timer)
          ok()
        }
      })
      child.once('exit', (code) => fail(new Error(`server exited ${code}:\n${out}`)))
    })
    children.push(child)
    RUNNING.add(child)
    urls.push(`http://127.0.0.1:${port}`)
    // The primary has forked its workers by now (it says it runs once they all listen): each of
    // them and the primary are moved into groups of their own.
    if (QUOTAS)
      for (const pid of family(child.pid!)) {
        held.push(pid)
        QUOTAS.limit(pid)
      }
  }
  return {
    urls,
    pids: children.map((c) => c.pid!),
    held,
    stop: async () => {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((ok) => {
              RUNNING.delete(c)
              if (c.exitCode !== null) return ok()
              c.once('exit', () => ok())
              c.kill('SIGTERM')
            }),
        ),
      )
      QUOTAS?.release(held)
    },
  }
}

// ---------------------------------------------------------------- the mix

type Site = { lessons: string[]; quizzes: string[]; lessonIds: Map<string, string> }

/** Reads the catalogue once: first lessons of every course (never locked), and lessons with a quiz. */
async function discover(base: string): Promise<Site> {
  const u = new User(base)
  const cat = await u.request('GET', '/courses')
  const courses = [...new Set([...cat.body.matchAll(/href="\/courses\/([a-z0-9-]+)"/g)].map((m) => m[1]!))]
  const lessons: string[] = []
  const quizzes: string[] = []
  for (const slug of courses) {
    const page = await u.request('GET', `/courses/${slug}`)
    const first = [...page.body.matchAll(new RegExp(`href="(/courses/${slug}/[a-z0-9-]+)"`, 'g'))].map(
      (m) => m[1]!,
    )
    if (first[0]) lessons.push(first[0])
  }
  for (const l of lessons) {
    const q = await u.request('GET', `${l}/quiz`)
    if (q.status === 200 || q.status === 303) quizzes.push(l)
  }
  u.close()
  if (!lessons.length) throw new Error(`no lessons found at ${base}/courses`)
  return { lessons, quizzes, lessonIds: new Map() }
}

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!
const ok2 = (r: Res) => r.status >= 200 && r.status < 400

/** Parses a quiz form and answers every question with its first choice. */
function quizAnswers(html: string): Record<string, string> | null {
  const form = /<form[^>]*action="[^"]*\/quiz"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1]
  if (!form) return null
  const fields: Record<string, string> = {}
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const a = m[1]!
    const name = /name="([^"]+)"/.exec(a)?.[1]
    const value = /value="([^"]*)"/.exec(a)?.[1] ?? ''
    if (!name || name === '_csrf') continue
    if (/type="(radio|checkbox)"/.test(a)) {
      if (!(name in fields)) fields[name] = value
    } else fields[name] = value
  }
  return fields
}

type Mix = { sent: string[]; stats: Stats }

/** Signs a learner in (before the clock starts: the mix re-signs-in a few percent of the time). */
async function signInLearner(u: User, i: number, s: Stats) {
  await s.time('GET /login', () => u.page('/login'), ok2)
  await s.time(
    'POST /login (sign-in)',
    () => u.form('/login', { login: `hocvien${i}`, password: PASSWORD }),
    (r) => r.status === 303,
  )
}

async function learnerLoop(u: User, i: number, site: Site, until: number, mix: Mix, anon: User) {
  const s = mix.stats
  const signIn = () => signInLearner(u, i, s)
  const lessonId = async (path: string) => {
    let id = site.lessonIds.get(path)
    if (!id) {
      const r = await s.time('GET lesson (signed in)', () => u.request('GET', path), ok2)
      if (!r) return undefined
      id = /name="lesson_id" value="([^"]+)"/.exec(r.body)?.[1]
      if (id) site.lessonIds.set(path, id)
    }
    return id
  }
  while (performance.now() < until) {
    const r = Math.random()
    if (r < 0.32) {
      await s.time(
        'GET lesson (signed in)',
        () => u.request('GET', pick(site.lessons)),
        (x) => x.status === 200,
      )
    } else if (r < 0.52) {
      await s.time(
        'GET lesson (signed out)',
        () => anon.request('GET', pick(site.lessons)),
        (x) => x.status === 200,
      )
    } else if (r < 0.67) {
      await s.time(
        'GET /courses',
        () => (Math.random() < 0.5 ? u : anon).request('GET', '/courses'),
        (x) => x.status === 200,
      )
    } else if (r < 0.87) {
      // An outbox batch: a few lesson views made offline; one batch in five is sent again (a retry).
      const path = pick(site.lessons)
      const id = await lessonId(path)
      if (!id) continue
      const facts = Array.from({ length: 1 + Math.floor(Math.random() * 8) }, () => ({
        id: uuidv7(),
        kind: 'lesson_opened',
        occurred_at: new Date(Date.now() - Math.floor(Math.random() * 3_600_000)).toISOString(),
        data: { lesson_id: id, lang: 'vi' },
      }))
      const body = JSON.stringify({ facts })
      const send = () =>
        s.time(
          'POST /api/facts (batch)',
          () => u.request('POST', '/api/facts', body, 'application/json'),
          (x) => x.status === 200 || x.status === 201,
        )
      const res = await send()
      if (res && (res.status === 200 || res.status === 201)) mix.sent.push(...facts.map((f) => f.id))
      if (Math.random() < 0.2) await send()
    } else if (r < 0.97 && site.quizzes.length) {
      const path = pick(site.quizzes)
      const page = await s.time(
        'GET quiz',
        () => u.page(`${path}/quiz`),
        (x) => x.status === 200,
      )
      const fields = page && quizAnswers(page.body)
      if (fields)
        await s.time(
          'POST quiz (submit)',
          () => u.form(`${path}/quiz`, fields),
          (x) => x.status === 303 || x.status === 400,
        )
    } else if (r < 0.99) {
      await s.time('GET /my', () => u.request('GET', '/my'), ok2)
    } else {
      u.cookies.clear()
      await signIn()
    }
  }
}

async function officerLoop(u: User, until: number, mix: Mix) {
  const s = mix.stats
  while (performance.now() < until) {
    await s.time(
      'GET /dashboard',
      () => u.request('GET', '/dashboard'),
      (x) => x.status === 200,
    )
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Every fact the users were told was stored is in the database exactly once, and nothing else. */
async function checkFacts(t: Target, sent: string[]) {
  const unique = [...new Set(sent)]
  const config = loadConfig({ ...t.env, HOCSO_LOG_LEVEL: 'silent' })
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgSchema: config.databaseSchema,
  })
  let found = 0
  for (let i = 0; i < unique.length; i += 500) {
    const r = await handle.db
      .selectFrom('facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', unique.slice(i, i + 500))
      .executeTakeFirstOrThrow()
    found += Number(r.n)
  }
  const r = await handle.db
    .selectFrom('facts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'lesson_opened')
    .executeTakeFirstOrThrow()
  await handle.close()
  return { sent: unique.length, stored: found, lost: unique.length - found, lessonOpenedRows: Number(r.n) }
}

async function runMix(t: Target, procs: number, workers = 1) {
  const server = await startServers(t, procs, workers)
  try {
    const site = await discover(server.urls[0]!)
    const mix: Mix = { sent: [], stats: new Stats() }
    // Everyone signs in first, a few at a time (password hashing is deliberately slow).
    const learners: User[] = []
    const officers: User[] = []
    const warm = new Stats()
    for (let i = 0; i < USERS; i++) learners.push(new User(server.urls[i % server.urls.length]!))
    for (let i = 0; i < USERS; i += 4)
      await Promise.all(learners.slice(i, i + 4).map((u, j) => signInLearner(u, i + j, warm)))
    for (let i = 0; i < OFFICERS; i++) {
      const u = new User(server.urls[i % server.urls.length]!)
      await u.page('/login')
      await u.form('/login', { login: `canbo${i}`, password: PASSWORD })
      officers.push(u)
    }
    if (warm.errors.size) throw new Error(`sign-in failed: ${warm.samples.join(' | ')}`)
    // The same mix for WARMUP seconds, not timed; its facts are checked with the others.
    if (WARMUP > 0) {
      const untilWarm = performance.now() + WARMUP * 1000
      const warmMix: Mix = { sent: mix.sent, stats: new Stats() }
      const anons = learners.map((u) => new User(u.base))
      await Promise.all([
        ...learners.map((u, i) => learnerLoop(u, i, site, untilWarm, warmMix, anons[i]!)),
        ...officers.map((u) => officerLoop(u, untilWarm, warmMix)),
      ])
      for (const a of anons) a.close()
    }
    const pids = server.pids.flatMap(family)
    const cpu0 = pids.map(cpuOf)
    const throttle0 = pids.map((p) => QUOTAS?.throttling(p))
    const pg0 = t.env.HOCSO_DATABASE_URL ? postgresCpu() : 0
    const me0 = process.cpuUsage()
    const bar = progressBar(
      `${t.name}: ${USERS} users, ${workers > 1 ? `${workers} workers` : `${procs} process${procs > 1 ? 'es' : ''}`}${QUOTAS ? `, ${QUOTAS.cores} core each` : ''}`,
    )
    const t0 = performance.now()
    const until = t0 + SECONDS * 1000
    const tick = setInterval(() => {
      bar.update(Math.min(SECONDS, Math.round((performance.now() - t0) / 1000)), {
        requests: mix.stats.total,
        errors: [...mix.stats.errors.values()].reduce((a, b) => a + b, 0),
      })
    }, 500)
    const users: User[] = []
    const loops: Promise<void>[] = []
    for (let i = 0; i < USERS; i++) {
      const anon = new User(learners[i]!.base)
      users.push(learners[i]!, anon)
      loops.push(learnerLoop(learners[i]!, i, site, until, mix, anon))
    }
    for (const u of officers) {
      users.push(u)
      loops.push(officerLoop(u, until, mix))
    }
    await Promise.all(loops)
    const seconds = (performance.now() - t0) / 1000
    clearInterval(tick)
    bar.update(SECONDS, { requests: mix.stats.total })
    bar.stop()
    for (const u of users) u.close()
    const cpu = pids.map((p, i) => {
      const t1 = QUOTAS?.throttling(p)
      const t0 = throttle0[i]
      const periods = t1 && t0 ? t1.periods - t0.periods : 0
      return {
        pid: p,
        role: workers > 1 ? (server.pids.includes(p) ? 'primary' : 'worker') : 'process',
        cpuSeconds: +(cpuOf(p) - cpu0[i]!).toFixed(2),
        cpuPercent: Math.round(((cpuOf(p) - cpu0[i]!) / seconds) * 100),
        /** `--cpu-per-process`: its quota, and the share of the periods it ran in that used it up. */
        quotaPercent: QUOTAS && server.held.includes(p) ? Math.round(QUOTAS.cores * 100) : null,
        throttledPercent:
          t1 && t0 && periods ? Math.round(((t1.throttled - t0.throttled) / periods) * 100) : null,
      }
    })
    const serverCpuSeconds = cpu.reduce((a, c) => a + c.cpuSeconds, 0)
    const me = process.cpuUsage(me0)
    const generatorCpu = Math.round(((me.user + me.system) / 1e6 / seconds) * 100)
    const postgresCpuPercent = t.env.HOCSO_DATABASE_URL
      ? Math.round(((postgresCpu() - pg0) / seconds) * 100)
      : undefined
    await server.stop()
    const facts = await checkFacts(t, mix.sent)
    const sum = summary(mix.stats, seconds)
    return {
      ...sum,
      processes: procs,
      workers,
      cpuPerProcess: QUOTAS?.cores ?? null,
      quota: QUOTAS?.describe() ?? null,
      cpu,
      serverCpuSeconds: +serverCpuSeconds.toFixed(2),
      requestsPerServerCpuSecond: serverCpuSeconds ? Math.round(mix.stats.total / serverCpuSeconds) : null,
      generatorCpu,
      postgresCpuPercent,
      facts,
    }
  } catch (e) {
    await server.stop()
    throw e
  }
}

/** One route hammered by each user's connection for SECONDS; returns requests/s and percentiles. */
async function hammer(
  title: string,
  users: User[],
  path: string,
  send: (u: User) => Promise<Res> = (u) => u.request('GET', path),
  ok: (r: Res) => boolean = (r) => r.status === 200,
) {
  const stats = new Stats()
  const bar = progressBar(title)
  const t0 = performance.now()
  const until = t0 + SECONDS * 1000
  const tick = setInterval(
    () =>
      bar.update(Math.min(SECONDS, Math.round((performance.now() - t0) / 1000)), {
        requests: stats.total,
        errors: [...stats.errors.values()].reduce((a, b) => a + b, 0),
      }),
    500,
  )
  await Promise.all(
    users.map(async (u) => {
      while (performance.now() < until) await stats.time(path, () => send(u), ok)
    }),
  )
  clearInterval(tick)
  bar.update(SECONDS, { requests: stats.total })
  bar.stop()
  return { ...summary(stats, (performance.now() - t0) / 1000).routes[0]!, samples: stats.samples }
}

/** Signs `n` learners in, each on its own connection. */
async function signedIn(base: string, n: number): Promise<User[]> {
  const users: User[] = []
  for (let i = 0; i < n; i++) {
    const u = new User(base)
    await u.page('/login')
    const r = await u.form('/login', { login: `hocvien${i}`, password: PASSWORD })
    if (r.status !== 303) throw new Error(`sign-in of hocvien${i} answered ${r.status}`)
    users.push(u)
  }
  return users
}

/**
 * The hot paths alone on one process, CONNS connections each: the lesson page signed out, signed
 * in (each view records lesson_opened), and `POST /api/facts` with batches of BATCH new facts.
 * Besides requests/s and p99, the server's CPU milliseconds per request: the figure that stays
 * comparable when the machine is shared.
 */
async function hot(t: Target) {
  const server = await startServers(t, 1)
  const pid = server.pids[0]!
  try {
    const base = server.urls[0]!
    const site = await discover(base)
    const path = site.lessons[0]!
    const users = await signedIn(base, CONNS)
    const lessonId = /name="lesson_id" value="([^"]+)"/.exec((await users[0]!.request('GET', path)).body)?.[1]
    if (!lessonId) throw new Error(`no lesson id on ${path}`)
    const measured = async (title: string, conns: User[], send?: (u: User) => Promise<Res>) => {
      const c0 = cpuOf(pid)
      const t0 = performance.now()
      const r = await hammer(`${t.name}: ${title}, ${CONNS} conns`, conns, title, send)
      const cpu = cpuOf(pid) - c0
      return {
        ...r,
        route: title,
        serverCpuPercent: Math.round((cpu / ((performance.now() - t0) / 1000)) * 100),
        cpuMsPerRequest: r.requests ? +((cpu * 1000) / r.requests).toFixed(2) : null,
      }
    }
    const anon = Array.from({ length: CONNS }, () => new User(base))
    const out = []
    out.push(await measured('lesson signed out', anon, (u) => u.request('GET', path)))
    out.push(await measured('lesson signed in', users, (u) => u.request('GET', path)))
    const sent: string[] = []
    out.push(
      await measured(`POST /api/facts, ${BATCH} facts`, users, async (u) => {
        const facts = Array.from({ length: BATCH }, () => ({
          id: uuidv7(),
          kind: 'lesson_opened',
          occurred_at: new Date(Date.now() - Math.floor(Math.random() * 3_600_000)).toISOString(),
          data: { lesson_id: lessonId, lang: 'vi' },
        }))
        const r = await u.request('POST', '/api/facts', JSON.stringify({ facts }), 'application/json')
        if (r.status === 200 && JSON.parse(r.body).stored.length === BATCH)
          sent.push(...facts.map((f) => f.id))
        return r
      }),
    )
    for (const u of [...users, ...anon]) u.close()
    await server.stop()
    return { routes: out, facts: await checkFacts(t, sent) }
  } catch (e) {
    await server.stop()
    throw e
  }
}

/** The lesson page signed out vs a bare node:http server returning the same bytes. */
async function bare(t: Target) {
  const server = await startServers(t, 1)
  try {
    const site = await discover(server.urls[0]!)
    const path = site.lessons[0]!
    const probe = new User(server.urls[0]!)
    const page = await probe.request('GET', path)
    probe.close()
    const file = join(tmpdir(), `hocso-bare-${process.pid}.html`)
    writeFileSync(file, page.body)
    const port = await freePort()
    const child = fork(join(HERE, 'bench/load-bare.mjs'), [file, String(port)], { stdio: 'inherit' })
    await new Promise((r) => child.once('message', r))
    // With `--cpu-per-process` the bare server is held to the same CPU as hocso's.
    QUOTAS?.limit(child.pid!)
    const conns = 20
    // The two servers take turns, a second each, SECONDS times: on a machine others share, the load
    // changes from one second to the next, and both must meet the same. Besides the rates, each
    // server's CPU per request (what the rates come from when the CPUs are contended) and the load
    // generator's (it runs on the same machine).
    const sides = [
      { name: 'hocso', pid: server.pids[0]!, base: server.urls[0]! },
      { name: 'bare node:http', pid: child.pid!, base: `http://127.0.0.1:${port}` },
    ].map((x) => ({
      ...x,
      users: Array.from({ length: conns }, () => new User(x.base)),
      stats: new Stats(),
      ms: 0,
      cpu: 0,
      generator: 0,
    }))
    const bar = progressBar(`lesson signed out, hocso and bare node:http in turns, ${conns} conns`)
    for (let round = 0; round < SECONDS; round++) {
      for (const x of sides) {
        const c0 = cpuOf(x.pid)
        const me0 = process.cpuUsage()
        const t0 = performance.now()
        const until = t0 + 1000
        await Promise.all(
          x.users.map(async (u) => {
            while (performance.now() < until)
              await x.stats.time(
                path,
                () => u.request('GET', path),
                (r) => r.status === 200,
              )
          }),
        )
        x.ms += performance.now() - t0
        x.cpu += cpuOf(x.pid) - c0
        const me = process.cpuUsage(me0)
        x.generator += (me.user + me.system) / 1e6
      }
      bar.update(round + 1, { requests: sides[0]!.stats.total + sides[1]!.stats.total })
    }
    bar.stop()
    for (const x of sides) for (const u of x.users) u.close()
    const measured = sides.map((x) => {
      const r = { ...summary(x.stats, x.ms / 1000).routes[0]!, samples: x.stats.samples }
      const per = (seconds: number) => (r.requests ? +((seconds * 1000) / r.requests).toFixed(3) : null)
      return { ...r, cpuMsPerRequest: per(x.cpu), generatorCpuMsPerRequest: per(x.generator) }
    })
    const hocso = measured[0]!
    const plain = measured[1]!
    child.kill()
    QUOTAS?.release([child.pid!])
    rmSync(file, { force: true })
    return {
      bytes: Buffer.byteLength(page.body),
      hocso,
      bare: plain,
      ratio: +(hocso.perSecond / plain.perSecond).toFixed(3),
    }
  } finally {
    await server.stop()
  }
}

/**
 * Signed-in lesson views alone, 50 connections, each a different signed-in user, on 1 process or
 * N workers, for each target given (with `--before`: this checkout and the other one, each its own
 * server and database). With two targets they take turns, a second each, SECONDS times, so both
 * meet the same machine. Besides views/s and percentiles: each server's CPU milliseconds per view
 * (the figure a shared machine does not bend) and the generator's own, measured around each turn.
 */
async function lesson50(targets: Target[], workers = 1) {
  type Side = {
    t: Target
    server: Server
    path: string
    pids: number[]
    conns: ReturnType<typeof getter>[]
    stats: Stats
    ms: number
    cpu: number[]
    generator: number
    postgres: number
  }
  const sides: Side[] = []
  try {
    for (const t of targets) {
      const server = await startServers(t, 1, workers)
      const side: Side = {
        t,
        server,
        path: '',
        pids: [],
        conns: [],
        stats: new Stats(),
        ms: 0,
        cpu: [],
        generator: 0,
        postgres: 0,
      }
      sides.push(side)
      const site = await discover(server.urls[0]!)
      const users = await signedIn(server.urls[0]!, 50)
      side.path = site.lessons[0]!
      side.conns = users.map((u) => getter(u, side.path))
      side.pids = server.pids.flatMap(family)
      side.cpu = side.pids.map(() => 0)
    }
    // Each side runs the same load for WARMUP seconds first, not timed.
    for (const x of sides) {
      const until = performance.now() + WARMUP * 1000
      const warm = new Stats()
      await Promise.all(
        x.conns.map(async (c) => {
          while (performance.now() < until) await warm.time(x.path, c.get, (r) => r.status === 200)
        }),
      )
    }
    const turn = sides.length > 1 ? 1 : SECONDS
    const bar = progressBar(
      `lesson signed in, 50 conns, ${workers} proc, ${sides.map((x) => x.t.name).join(' and ')}${sides.length > 1 ? ' in turns' : ''}`,
    )
    for (let done = 0; done < SECONDS; done += turn) {
      for (const x of sides) {
        const c0 = x.pids.map(cpuOf)
        const pg0 = x.t.env.HOCSO_DATABASE_URL ? postgresCpu() : 0
        const me0 = process.cpuUsage()
        const t0 = performance.now()
        const until = t0 + turn * 1000
        await Promise.all(
          x.conns.map(async (c) => {
            while (performance.now() < until) await x.stats.time(x.path, c.get, (r) => r.status === 200)
          }),
        )
        x.ms += performance.now() - t0
        const me = process.cpuUsage(me0)
        x.generator += (me.user + me.system) / 1e6
        x.pids.forEach((p, i) => {
          x.cpu[i]! += cpuOf(p) - c0[i]!
        })
        if (x.t.env.HOCSO_DATABASE_URL) x.postgres += postgresCpu() - pg0
      }
      bar.update(Math.min(SECONDS, done + turn), { requests: sides.reduce((a, x) => a + x.stats.total, 0) })
    }
    bar.stop()
    return sides.map((x) => {
      const r = { ...summary(x.stats, x.ms / 1000).routes[0]!, samples: x.stats.samples }
      const cpu = x.cpu.reduce((a, b) => a + b, 0)
      const per = (seconds: number) => (r.requests ? +((seconds * 1000) / r.requests).toFixed(3) : null)
      return {
        ...r,
        target: x.t.name,
        root: x.t.root,
        workers,
        client: CLIENT,
        serverCpuPercent: Math.round((cpu / (x.ms / 1000)) * 100),
        cpuSecondsPerProcess: x.cpu.map((c) => +c.toFixed(2)),
        cpuMsPerView: per(cpu),
        generatorCpuPercent: Math.round((x.generator / (x.ms / 1000)) * 100),
        generatorCpuMsPerView: per(x.generator),
        postgresCpuMsPerView: x.t.env.HOCSO_DATABASE_URL ? per(x.postgres) : undefined,
        loadAverage: loadavg(),
      }
    })
  } finally {
    for (const x of sides) for (const c of x.conns) c.close()
    for (const x of sides) await x.server.stop()
  }
}

// ---------------------------------------------------------------- main

const results: Record<string, unknown> = {
  label: values.label,
  root: ROOT,
  seconds: SECONDS,
  users: USERS,
  cpus: (await import('node:os')).cpus().length,
  loadAverageBefore: (await import('node:os')).loadavg(),
  cpuPerProcess: QUOTAS?.cores ?? null,
  quota: QUOTAS?.describe() ?? null,
}
process.stdout.write(
  `Load test of ${ROOT} (${values.label}): ${USERS} users + ${OFFICERS} officers, ${SECONDS} s per phase.\n` +
    `The generator shares this machine's ${results.cpus} CPUs with the servers; its CPU use is reported beside theirs.\n` +
    `${QUOTAS ? `Each server process (each worker and the primary apart) is held to ${QUOTAS.cores} of a core (${QUOTAS.describe()}).\n` : ''}\n`,
)
const hotOnly = ['sqlite', 'bare', 'lesson50'].every((k) => !ONLY.has(k))
const sqlite = ['sqlite', 'bare', 'lesson50', 'hot'].some((k) => ONLY.has(k))
  ? await prepare('sqlite', false, ROOT, hotOnly ? { users: CONNS } : {})
  : undefined
const pgT = ['pg1', 'pg2', 'pgw2', 'pglesson50', 'pghot'].some((k) => ONLY.has(k))
  ? await prepare('postgres', true, ROOT)
  : undefined
const before =
  BEFORE && ONLY.has('hot') ? await prepare('before', false, BEFORE, { users: CONNS }) : undefined
// `--before` with lesson50 / pglesson50: the other checkout's server on a database of its own,
// in turns with this one's.
const before50 =
  BEFORE && ONLY.has('lesson50') ? await prepare('sqlite-before', false, BEFORE, { users: 50 }) : undefined
const pgBefore50 =
  BEFORE && ONLY.has('pglesson50') ? await prepare('postgres-before', true, BEFORE, { users: 50 }) : undefined
try {
  if (sqlite && ONLY.has('hot')) {
    // Before and after alternate, so both meet the same machine.
    if (before) results.hotBefore = await hot(before)
    results.hot = await hot(sqlite)
  }
  if (pgT && ONLY.has('pghot')) results.pghot = await hot(pgT)
  if (sqlite && ONLY.has('sqlite')) results.sqlite = await runMix(sqlite, 1)
  if (pgT && ONLY.has('pg1')) results.pg1 = await runMix(pgT, 1)
  if (pgT && ONLY.has('pgw2')) results.pgw2 = await runMix(pgT, 1, 2)
  if (pgT && ONLY.has('pg2')) results.pg2 = await runMix(pgT, 2)
  if (pgT && ONLY.has('pglesson50')) {
    results.pglesson50 = await lesson50(pgBefore50 ? [pgBefore50, pgT] : [pgT], 1)
    if (!pgBefore50) results.pglesson50w2 = await lesson50([pgT], 2)
  }
  if (sqlite && ONLY.has('bare')) results.bare = await bare(sqlite)
  if (sqlite && ONLY.has('lesson50'))
    results.lesson50 = await lesson50(before50 ? [before50, sqlite] : [sqlite])
} finally {
  await sqlite?.close()
  await pgT?.close()
  await before?.close()
  await before50?.close()
  await pgBefore50?.close()
}

for (const k of ['sqlite', 'pg1', 'pgw2', 'pg2'] as const) {
  const r = results[k] as Awaited<ReturnType<typeof runMix>> | undefined
  if (!r) continue
  process.stdout.write(
    `\n${k}: ${r.perSecond} requests/s over ${r.processes} process(es)${r.workers > 1 ? ` × ${r.workers} workers` : ''}` +
      `${r.cpuPerProcess === null ? '' : `, each process held to ${r.cpuPerProcess} of a core`}\n`,
  )
  console.table(r.routes)
  const quota = (c: (typeof r.cpu)[number]) =>
    c.quotaPercent === null
      ? ''
      : ` of ${c.quotaPercent}% quota, throttled in ${c.throttledPercent ?? 0}% of periods`
  process.stdout.write(
    `CPU: ${r.cpu.map((c) => `${c.role} ${c.pid} ${c.cpuPercent}%${quota(c)}`).join(', ')}; load generator ${r.generatorCpu}%` +
      `${r.postgresCpuPercent === undefined ? '' : `; PostgreSQL ${r.postgresCpuPercent}%`} (same machine, ${cpus().length} CPUs = ${cpus().length * 100}%)\n` +
      `facts: ${r.facts.sent} sent, ${r.facts.stored} stored once, ${r.facts.lost} lost; ` +
      `${r.facts.lessonOpenedRows} lesson_opened rows in all (sent + views)\n` +
      `${r.requestsPerServerCpuSecond} requests per server CPU-second (${r.serverCpuSeconds} s of CPU over all its processes)\n`,
  )
  if (r.samples.length) process.stdout.write(`first errors: ${r.samples.join(' | ')}\n`)
}
// Two processes against one, measured in this run (under the same quota per process, if any).
const pg1 = results.pg1 as Awaited<ReturnType<typeof runMix>> | undefined
const ratios: Record<string, number> = {}
if (pg1)
  for (const k of ['pgw2', 'pg2'] as const) {
    const r = results[k] as Awaited<ReturnType<typeof runMix>> | undefined
    if (!r) continue
    const ratio = +(r.perSecond / pg1.perSecond).toFixed(2)
    ratios[`${k}/pg1`] = ratio
    results.ratios = ratios
    process.stdout.write(
      `\n${k} / pg1 (same run${QUOTAS ? `, each process held to ${QUOTAS.cores} of a core` : ', no quota'}): ` +
        `${r.perSecond} / ${pg1.perSecond} requests/s = ${ratio}×; ` +
        `requests per server CPU-second ${r.requestsPerServerCpuSecond} / ${pg1.requestsPerServerCpuSecond}\n`,
    )
  }
if (results.bare) {
  const b = results.bare as Awaited<ReturnType<typeof bare>>
  process.stdout.write(
    `\nlesson page signed out (${b.bytes} bytes): hocso ${b.hocso.perSecond}/s (p99 ${b.hocso.p99} ms), ` +
      `bare node:http ${b.bare.perSecond}/s: ratio ${b.ratio} (aim ≥ 0.3)\n` +
      `CPU ms per request: server hocso ${b.hocso.cpuMsPerRequest}, bare ${b.bare.cpuMsPerRequest}; ` +
      `load generator (same machine) ${b.hocso.generatorCpuMsPerRequest} against hocso, ${b.bare.generatorCpuMsPerRequest} against bare\n`,
  )
}
for (const k of ['lesson50', 'pglesson50', 'pglesson50w2'] as const) {
  for (const l of (results[k] as Awaited<ReturnType<typeof lesson50>> | undefined) ?? [])
    process.stdout.write(
      `${k} ${l.target} (${l.root}): lesson signed in, 50 connections, ${l.workers} process(es), ${l.client} client: ` +
        `${l.perSecond}/s, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms (aim < 50 ms), errors ${l.errors}; ` +
        `server CPU ${l.serverCpuPercent}% = ${l.cpuMsPerView} ms per view (CPU s per process ${l.cpuSecondsPerProcess.join(', ')}); ` +
        `generator ${l.generatorCpuPercent}% = ${l.generatorCpuMsPerView} ms per view; ${l.postgresCpuMsPerView === undefined ? '' : `PostgreSQL ${l.postgresCpuMsPerView} ms per view; `}load average ${l.loadAverage.map((x) => x.toFixed(1)).join(' ')}\n`,
    )
}
const hotRows = (k: string) => (results[k] as Awaited<ReturnType<typeof hot>> | undefined)?.routes
for (const k of ['hotBefore', 'hot', 'pghot']) {
  const r = results[k] as Awaited<ReturnType<typeof hot>> | undefined
  if (!r) continue
  process.stdout.write(`\n${k === 'hotBefore' ? `before (${BEFORE})` : k}: the hot paths alone, 1 process\n`)
  console.table(
    r.routes.map(({ route, perSecond, p50, p99, errors, serverCpuPercent, cpuMsPerRequest }) => ({
      route,
      perSecond,
      p50,
      p99,
      errors,
      serverCpuPercent,
      cpuMsPerRequest,
    })),
  )
  process.stdout.write(`facts: ${r.facts.sent} sent, ${r.facts.stored} stored, ${r.facts.lost} lost\n`)
}
if (hotRows('hotBefore') && hotRows('hot')) {
  process.stdout.write('\nafter / before (same run): requests/s, and CPU ms per request (lower is better)\n')
  console.table(
    hotRows('hot')!.map((a, i) => {
      const b = hotRows('hotBefore')![i]!
      return {
        route: a.route,
        'requests/s ×': +(a.perSecond / b.perSecond).toFixed(2),
        'p99 ×': +(a.p99 / b.p99).toFixed(2),
        'CPU ms/request ×':
          a.cpuMsPerRequest && b.cpuMsPerRequest ? +(a.cpuMsPerRequest / b.cpuMsPerRequest).toFixed(2) : null,
      }
    }),
  )
}
mkdirSync(join(HERE, 'bench/out'), { recursive: true })
const out = join(HERE, 'bench/out', values.root ? 'load-other.json' : 'load.json')
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
process.stdout.write(`\nwritten: ${out}\n`)
process.exit(0)
