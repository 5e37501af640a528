/**
 * What the replication benchmarks share: a node opened in process, a node served as a real
 * `hocso serve` process, its resident memory, and the hub's own facts made as a received fact is
 * applied (the fact kinds' apply, then the rollup hook).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { loadConfig } from '../src/core/config.ts'
import { type Ctx, createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { createLogger } from '../src/core/logger.ts'
import { inTransaction } from '../src/core/transaction.ts'
import { canonicalJson, sha256 } from '../src/domains/facts/canonical.ts'
import { recordFact, storeRemoteFact } from '../src/domains/facts/facts.service.ts'
import { registerDomains } from '../src/domains/index.ts'
import { createAccount, currentUserById } from '../src/domains/people/people.service.ts'
import type { CurrentUser } from '../src/domains/people/people.types.ts'
import { PROVINCE_CODE } from '../src/domains/people/policy.ts'
import { ensureUnits, seedDemoVillages } from '../src/domains/places/places.service.ts'
import { nodeKey } from '../src/domains/sync/sync.keys.ts'
import { registerHub } from '../src/domains/sync/sync.nodes.ts'

export const ROOT = resolve(import.meta.dirname, '..')

/** A progress bar on the terminal. */
export function bar(label: string, total: number) {
  const b = new cliProgress.SingleBar(
    { format: `  ${label.padEnd(22)} [{bar}] {value}/{total}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  b.start(total, 0)
  return b
}

/** A node's data directory opened in this process (SQLite), with the repository's course files. */
export async function open(dir: string): Promise<Ctx> {
  mkdirSync(dir, { recursive: true })
  const config = loadConfig({
    HOCSO_DATA_DIR: dir,
    HOCSO_LOG_LEVEL: 'silent',
    HOCSO_CONTENT_DIR: join(ROOT, 'content'),
  })
  registerDomains()
  return createContext(await openDatabase({ dataDir: dir }), config, createLogger('silent'))
}

/** A free TCP port on loopback. */
/**
 * A province and a hub of one commune, each on its own SQLite folder under `work`, with the
 * province's units and demo villages, and the hub registered at the province for that scope.
 */
export async function provinceAndHub(work: string, scope: string): Promise<{ province: Ctx; hub: Ctx }> {
  const province = await open(join(work, 'province'))
  const hub = await open(join(work, 'hub'))
  for (const ctx of [province, hub]) {
    await ensureUnits(ctx)
    await seedDemoVillages(ctx)
  }
  await registerHub(province, 'system', {
    node: hub.nodeId,
    publicKey: nodeKey(hub).publicKey,
    scope,
    name: 'bench hub',
  })
  return { province, hub }
}

/** The village codes of a commune on a node: where bench facts are made. */
export async function villagesOf(ctx: Ctx, commune: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('places')
    .select('code')
    .where('commune_code', '=', commune)
    .where('kind', '=', 'village')
    .execute()
  return rows.map((r) => r.code)
}

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

/** `hocso serve` on a data directory, resolved once it listens; its output is kept in `out()`. */
export async function serve(
  dir: string,
  port: number,
  args: string[] = [],
): Promise<ChildProcess & { out: () => string }> {
  const p = spawn(process.execPath, [join(ROOT, 'bin/hocso.js'), 'serve', ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOCSO_DATA_DIR: dir,
      HOCSO_CONTENT_DIR: join(ROOT, 'content'),
      HOCSO_LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
    },
  })
  let out = ''
  p.stdout!.on('data', (d) => {
    out += d
  })
  p.stderr!.on('data', (d) => {
    out += d
  })
  await new Promise<void>((ok, fail) => {
    p.stdout!.on('data', () => out.includes('hocso is running at') && ok())
    p.once('exit', (c) => fail(new Error(`server exited ${c}: ${out}`)))
  })
  return Object.assign(p, { out: () => out })
}

/** Stops a server cleanly and waits for it to end. */
export async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return
  const done = new Promise((r) => p.once('exit', r))
  p.kill('SIGTERM')
  await done
}

/**
 * A process's resident memory (VmRSS) with that of its children (a server's password checker,
 * decision 0201), in MB: memory moved to another process still counts. `children` false: the
 * process alone.
 */
export function rss(pid: number, children = true): number {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8')
    } catch {
      return '' // the process (or a child) ended meanwhile
    }
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`))
  let mb = m ? Number(m[1]) / 1024 : 0
  if (!children) return mb
  for (const task of readdirSyncSafe(`/proc/${pid}/task`))
    for (const child of read(`/proc/${pid}/task/${task}/children`).split(' ').filter(Boolean))
      mb += rss(Number(child))
  return mb
}

/**
 * The memory of a process's children that is theirs alone (Private_Clean + Private_Dirty of
 * /proc/<pid>/smaps_rollup), in MB: without the pages of the `node` binary and libraries they share
 * with the process, which its own VmRSS already counts.
 */
export function childrenPrivate(pid: number): number {
  let mb = 0
  for (const task of readdirSyncSafe(`/proc/${pid}/task`))
    for (const child of readSafe(`/proc/${pid}/task/${task}/children`).split(' ').filter(Boolean)) {
      const rollup = readSafe(`/proc/${child}/smaps_rollup`)
      for (const m of rollup.matchAll(/^Private_(?:Clean|Dirty):\s+(\d+) kB/gm)) mb += Number(m[1]) / 1024
    }
  return mb
}

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return '' // the process ended meanwhile
  }
}

/** A process's anonymous resident memory (RssAnon: its heaps, not the mapped `node` binary), in MB. */
export function rssAnon(pid: number): number {
  try {
    const m = /RssAnon:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : 0
  } catch {
    return 0
  }
}

function readdirSyncSafe(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/**
 * `n` household checks made on the hub, numbered after `fromSeq`, through the path a received fact
 * takes (apply, then the rollup hook); returns the time it took, in ms.
 */
export async function makeHubFacts(hub: Ctx, villages: string[], n: number, fromSeq = 0): Promise<number> {
  const b = bar('facts made on the hub', n)
  const t0 = Date.now()
  const started = performance.now()
  for (let i = 0; i < n; i += 2000) {
    await inTransaction(hub, async (tx) => {
      for (let j = i; j < Math.min(n, i + 2000); j++) {
        const at = new Date(t0 - (n - j) * 60_000).toISOString()
        const data = {
          village: villages[j % villages.length]!,
          household: `H${j % 5000}`,
          smartphone: j % 3 !== 0,
          internet: j % 4 !== 0,
          vneid_all_adults: j % 5 === 0,
          payment_account: j % 2 === 0,
          online_public_services: j % 7 === 0,
          course_completed: j % 11 === 0,
        }
        await storeRemoteFact(tx, {
          id: uuidv7(t0 - (n - j) * 60_000),
          kind: 'household_checked',
          origin_node: hub.nodeId,
          seq: fromSeq + j + 1,
          actor_id: null,
          subject_id: null,
          place_code: data.village,
          occurred_at: at,
          recorded_at: at,
          data: canonicalJson(data),
          hash: sha256(canonicalJson({ kind: 'household_checked', occurred_at: at, data, corrects: null })),
          corrects: null,
        })
      }
    })
    b.update(Math.min(n, i + 2000))
  }
  const ms = performance.now() - started
  const name = `facts:${hub.nodeId}`
  await hub.db.deleteFrom('counters').where('name', '=', name).execute()
  await hub.db
    .insertInto('counters')
    .values({ name, value: fromSeq + n })
    .execute()
  b.stop()
  return ms
}

/** A raw batched insert of `rows` into the facts table of a fresh database (500 rows per INSERT); ms. */
export async function rawInsert(dir: string, rows: Record<string, unknown>[]): Promise<number> {
  const { migrateToLatest } = await import('../src/core/migrations.ts')
  const ctx = await open(dir)
  await migrateToLatest(ctx.db)
  const started = performance.now()
  for (let i = 0; i < rows.length; i += 5000) {
    await inTransaction(ctx, async (tx) => {
      for (let j = i; j < Math.min(rows.length, i + 5000); j += 500)
        await tx.db
          .insertInto('facts')
          .values(rows.slice(j, Math.min(j + 500, i + 5000)) as never)
          .execute()
    })
  }
  const ms = performance.now() - started
  await ctx.handle.close()
  return ms
}

/**
 * The CPU time a process has used so far (user + system, all its threads), in ms: what a step cost,
 * far less coloured by a loaded machine than its wall time.
 */
export function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(f[11]) + Number(f[12])) * 10
}

/** The q-quantile of some latencies, in whole ms. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0)
}

/** A count from a benchmark's command line, or a clear refusal (never NaN carried into the run). */
export function countArg(bench: string, raw: string | undefined, fallback: number, what: string): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n <= 0) {
    process.stderr.write(`${bench}: ${what}: must be a positive whole number, got ${JSON.stringify(raw)}\n`)
    process.exit(64)
  }
  return n
}

/**
 * A fresh database in a temporary folder with the province's places and one province
 * administrator, for benches of what an officer does (headcounts, event edits).
 */
export async function withAdmin(name: string): Promise<{ dir: string; ctx: Ctx; admin: CurrentUser }> {
  const dir = mkdtempSync(join(tmpdir(), `hocso-bench-${name}-`))
  const ctx = await open(dir)
  await ensureUnits(ctx)
  const adminId = await createAccount(
    ctx,
    { displayName: 'Bench admin', username: 'bench-admin', password: 'Ruộng-bậc-thang-2026' },
    [{ role: 'province_admin', scopeCode: PROVINCE_CODE }],
  )
  return { dir, ctx, admin: await currentUserById(ctx, adminId) }
}

/** `size` people checked in at an event's door by the officer, one at a time, with a progress bar. */
export async function checkInMany(
  ctx: Ctx,
  officer: CurrentUser,
  eventId: string,
  size: number,
): Promise<void> {
  const b = bar(`${size} checked in`, size)
  for (let i = 0; i < size; i++) {
    await recordFact(ctx, officer, 'checkin', {
      event_id: eventId,
      name: `Khách ${i}`,
      phone: `09${String(10_000_000 + i).slice(-8)}`,
    })
    b.increment()
  }
  b.stop()
}

/** CPU milliseconds (user + system) of fn in this process. */
export async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.cpuUsage()
  await fn()
  const d = process.cpuUsage(t0)
  return (d.user + d.system) / 1000
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Vietnam local time (what a form sends) `ms` from now. */
export const localIn = (ms: number) => new Date(Date.now() + ms + 7 * 3_600_000).toISOString().slice(0, 16)
