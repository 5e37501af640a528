import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { expect } from 'vitest'
import { loadConfig } from '../../src/core/config.ts'
import { type Ctx, createContext } from '../../src/core/context.ts'
import { type DbHandle, openDatabase } from '../../src/core/db.ts'
import { uuidv7 } from '../../src/core/ids.ts'
import { createLogger } from '../../src/core/logger.ts'
import { rebuildRollups } from '../../src/domains/campaign/rollup.service.ts'
import { registerDomains } from '../../src/domains/index.ts'
import { type Digest, digestDiff, digestScope } from '../../src/domains/sync/sync.digest.ts'

/**
 * Real hocso server processes for the replication tests: each node has its own data directory
 * (and database: a SQLite file, or a PostgreSQL schema of its own), its own port and its own
 * clock, and is driven through HTTP and the `hocso` command line, like a deployment.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/hocso.js')

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => ok(port))
    })
  })
}

export type RunResult = { code: number | null; stdout: string; stderr: string }

export type NodeOptions = {
  name: string
  root: string
  /** postgres:// URL: this node's database is a schema of its own in that database. */
  pgUrl?: string
  env?: Record<string, string>
}

export class HocsoNode {
  readonly dir: string
  readonly contentDir: string
  readonly schema: string | undefined
  port = 0
  proc: ChildProcess | null = null
  output = ''
  private handle: DbHandle | null = null
  private ctx: Ctx | null = null

  constructor(readonly opts: NodeOptions) {
    this.dir = join(opts.root, opts.name)
    this.contentDir = join(this.dir, 'content')
    this.schema = opts.pgUrl ? `sync_${opts.name}_${process.pid}` : undefined
    rmSync(this.dir, { recursive: true, force: true })
    mkdirSync(this.contentDir, { recursive: true })
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOCSO_DATA_DIR: this.dir,
      HOCSO_CONTENT_DIR: this.contentDir,
      HOCSO_LOG_LEVEL: 'info',
      // Cheap password hashes, as every other test (NODE_ENV=test, which vitest sets, allows it):
      // at the real 2^17 each of the dozens of sign-ins and demo accounts costs ~0.8 s of CPU.
      HOCSO_SCRYPT_LOG2_N: '10',
      HOST: '127.0.0.1',
      ...(this.port ? { PORT: String(this.port) } : {}),
      ...(this.port ? { HOCSO_PUBLIC_URL: this.url } : {}),
      ...(this.opts.pgUrl ? { HOCSO_DATABASE_URL: this.opts.pgUrl, HOCSO_DATABASE_SCHEMA: this.schema } : {}),
      ...this.opts.env,
      ...extra,
    }
  }

  /** Runs `hocso <args>` on this node's data; resolves when the process ends. */
  cli(args: string[], extra: Record<string, string> = {}): Promise<RunResult> {
    return new Promise((ok) => {
      const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: this.env(extra) })
      let stdout = ''
      let stderr = ''
      p.stdout.on('data', (d) => {
        stdout += d
      })
      p.stderr.on('data', (d) => {
        stderr += d
      })
      p.on('close', (code) => ok({ code, stdout, stderr }))
    })
  }

  /** Starts `hocso <args>` in the background, for killing it halfway. */
  spawn(args: string[], extra: Record<string, string> = {}): { proc: ChildProcess; out: () => string } {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: this.env(extra) })
    let out = ''
    p.stdout.on('data', (d) => {
      out += d
    })
    p.stderr.on('data', (d) => {
      out += d
    })
    return { proc: p, out: () => out }
  }

  /** Starts the server (`hocso serve …`) and waits until it listens. */
  async start(args: string[] = []): Promise<void> {
    if (!this.port) this.port = await freePort()
    const p = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: this.env() })
    this.proc = p
    this.output = ''
    const onData = (d: Buffer) => {
      this.output += d
    }
    p.stdout!.on('data', onData)
    p.stderr!.on('data', onData)
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`${this.opts.name} did not start:\n${this.output}`)),
        120_000,
      )
      const check = () => {
        if (this.output.includes('hocso is running at')) {
          clearTimeout(timer)
          ok()
        }
      }
      p.stdout!.on('data', check)
      p.once('exit', (code) => {
        clearTimeout(timer)
        fail(new Error(`${this.opts.name} exited with ${code}:\n${this.output}`))
      })
    })
  }

  /** Kills the server at once, as a power cut would. */
  async kill9(): Promise<void> {
    const p = this.proc
    if (!p || p.exitCode !== null) return
    const done = new Promise((ok) => p.once('exit', ok))
    p.kill('SIGKILL')
    await done
    this.proc = null
  }

  /** Stops the server cleanly. */
  async stop(): Promise<void> {
    const p = this.proc
    if (!p || p.exitCode !== null) return
    const done = new Promise((ok) => p.once('exit', ok))
    p.kill('SIGTERM')
    await done
    this.proc = null
  }

  /** Opens this node's database directly (read-mostly: digests and counts). */
  async db() {
    return this.opts.pgUrl
      ? openDatabase({ databaseUrl: this.opts.pgUrl, pgSchema: this.schema })
      : openDatabase({ sqliteFile: join(this.dir, 'hocso.sqlite') })
  }

  /** This node's database, opened once and kept until `close()` (or `destroy()`). */
  async open(): Promise<DbHandle> {
    this.handle ??= await this.db()
    return this.handle
  }

  /**
   * The node's context in this process, on the kept database handle, as `hocso <command>` opens it
   * from the node's environment (its data directory, key secret, clock skew).
   */
  async context(): Promise<Ctx> {
    const handle = await this.open()
    if (this.ctx?.handle !== handle) {
      registerDomains()
      this.ctx = await createContext(handle, loadConfig(this.env()), createLogger('silent'))
    }
    return this.ctx
  }

  /** Closes the kept database handle (before its file is replaced, say). */
  async close(): Promise<void> {
    await this.handle?.close()
    this.handle = null
    this.ctx = null
  }

  /** The node's id (the `meta` table). */
  async nodeId(): Promise<string> {
    const r = await (await this.open()).db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', 'node_id')
      .executeTakeFirstOrThrow()
    return r.value
  }

  /** The ids of the facts this node holds (of one origin, when given). */
  async factIds(origin?: string): Promise<string[]> {
    let q = (await this.open()).db.selectFrom('facts').select('id')
    if (origin) q = q.where('origin_node', '=', origin)
    return (await q.execute()).map((r) => r.id)
  }

  /** How many facts this node holds (of one origin, when given). */
  async factCount(origin?: string): Promise<number> {
    let q = (await this.open()).db.selectFrom('facts').select((eb) => eb.fn.countAll<number>().as('n'))
    if (origin) q = q.where('origin_node', '=', origin)
    return Number((await q.executeTakeFirstOrThrow()).n)
  }

  /** Removes the node's data (and its PostgreSQL schema). */
  async destroy(): Promise<void> {
    await this.close().catch(() => {})
    await this.stop().catch(() => {})
    if (this.opts.pgUrl) {
      const c = new pg.Client({ connectionString: this.opts.pgUrl })
      await c.connect()
      await c.query(`drop schema if exists ${this.schema} cascade`)
      await c.end()
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A browser-like HTTP client for a running node: cookies, CSRF field on forms, JSON calls. */
export class Browser {
  cookies = new Map<string, string>()
  /** The form token, read from a page's hidden field; bound to the session, so read again after sign-in. */
  csrf: string | undefined

  constructor(readonly base: string) {}

  async request(path: string, init: { method?: string; json?: unknown; form?: Record<string, string> } = {}) {
    if (!this.csrf) {
      const page = await this.raw('/login', {})
      this.csrf = /name="_csrf" value="([^"]*)"/.exec(await page.text())?.[1]
    }
    return this.raw(path, init)
  }

  private async raw(path: string, init: { method?: string; json?: unknown; form?: Record<string, string> }) {
    const headers: Record<string, string> = {}
    let body: string | undefined
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams({ _csrf: this.csrf ?? '', ...init.form }).toString()
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    })
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';')
      const [k, v] = pair!.split('=')
      if (/Max-Age=0/i.test(sc) || !v) this.cookies.delete(k!)
      else this.cookies.set(k!, v)
      if (k === 'hocso_session' || k!.endsWith('hocso_csrf')) this.csrf = undefined
    }
    return res
  }

  /** Signs in through the real login form. */
  async login(login: string, password = 'demo1234'): Promise<void> {
    const res = await this.request('/login', { form: { login, password } })
    if (res.status !== 303) throw new Error(`login as ${login} on ${this.base} failed: ${res.status}`)
  }

  /** Posts facts to the one facts endpoint; returns its answer. */
  async facts(facts: unknown[]): Promise<{ stored: string[]; rejected: { id: string; message: string }[] }> {
    const res = await this.request('/api/facts', { json: { facts } })
    return res.json()
  }
}

/** Resolves a command's result, or throws with its output when it failed. */
export async function ok(p: Promise<RunResult>): Promise<RunResult> {
  const r = await p
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r
}

/** Polls until `fn` returns something other than false. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | false>,
  ms = 60_000,
  every = 100,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== false) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every))
  }
}

/** A household check as a phone sends it; `clock` shifts its time to the clock of the node's place. */
export const household = (village: string, label: string, smartphone = true, clock = 0) => ({
  id: uuidv7(),
  kind: 'household_checked',
  occurred_at: new Date(Date.now() + clock).toISOString(),
  data: {
    village,
    household: label,
    smartphone,
    internet: true,
    vneid_all_adults: false,
    payment_account: smartphone,
    online_public_services: false,
    course_completed: false,
  },
})

/** A node's live rollups (non-zero rows), as sortable lines. */
async function rollupLines(n: HocsoNode): Promise<string[]> {
  const rows = await (await n.open()).db
    .selectFrom('campaign_rollups')
    .select(['indicator', 'place_code', 'period', 'value'])
    .where('value', '!=', 0)
    .execute()
  return rows.map((r) => `${r.indicator} ${r.place_code} ${r.period} ${Number(r.value)}`).sort()
}

/**
 * After every multi-node scenario: on each node, the rollups kept live as records arrived equal
 * those a rebuild computes from the facts alone (what `hocso rollups rebuild` runs, here in the
 * test's process: a command-line process per node and scenario cost about 0.3 s of CPU to start;
 * the command itself is tested in test/cli.test.ts).
 */
export async function expectRollupsEqualRebuild(...nodes: HocsoNode[]): Promise<void> {
  for (const n of nodes) {
    const live = await rollupLines(n)
    await rebuildRollups(await n.context())
    expect(await rollupLines(n), `rollups of ${n.opts.name} against a rebuild`).toEqual(live)
  }
}

/**
 * The province of a replication test: PostgreSQL (a schema of its own) when `pgUrl` is given,
 * else SQLite, with the repository's course files.
 */
export function provinceNode(root: string, pgUrl: string | undefined): HocsoNode {
  return new HocsoNode({ name: 'province', root, pgUrl, env: { HOCSO_CONTENT_DIR: join(ROOT, 'content') } })
}

/** The province with the demo data (`hocso seed`), serving. */
export async function startSeededProvince(p: HocsoNode): Promise<void> {
  if (!p.port) p.port = await freePort()
  await ok(p.cli(['seed']))
  await p.start()
}

/**
 * Registers a hub by hand, as a commune without a network does: `hub identity` on the hub,
 * `hub register --scope` on the province, `hub join` with the welcome file. Returns the hub's id.
 */
export async function registerByHand(province: HocsoNode, hub: HocsoNode, scope: string): Promise<string> {
  const file = (name: string) => join(hub.opts.root, `${hub.opts.name}-${name}`)
  await ok(hub.cli(['hub', 'identity', '--out', file('identity.json')]))
  await ok(
    province.cli([
      'hub',
      'register',
      file('identity.json'),
      '--scope',
      scope,
      '--welcome',
      file('welcome.json'),
    ]),
  )
  await ok(hub.cli(['hub', 'join', file('welcome.json')]))
  return hub.nodeId()
}

/** The bank account a node holds for a trader. */
export async function bankAccountOf(n: HocsoNode, traderId: string): Promise<string | null> {
  const row = await (await n.open()).db
    .selectFrom('traders')
    .select('bank_account')
    .where('id', '=', traderId)
    .executeTakeFirstOrThrow()
  return row.bank_account
}

/** Posts facts through the facts endpoint, 500 at a time; none may be refused. Returns their ids. */
export async function postFacts(
  b: Browser,
  facts: ({ id: string } & Record<string, unknown>)[],
): Promise<string[]> {
  for (let i = 0; i < facts.length; i += 500) {
    const r = await b.facts(facts.slice(i, i + 500))
    expect(r.rejected).toEqual([])
  }
  return facts.map((f) => f.id)
}

/** What a hub holds (all of it) against the province's records of the hub's scope: the parts that differ. */
export async function scopeDiff(
  hub: HocsoNode,
  province: HocsoNode,
  scope: string,
  hubId: string,
): Promise<{ diff: string[]; hub: Digest; province: Digest }> {
  const h = await digestScope((await hub.open()).db, scope, hubId, true)
  const p = await digestScope((await province.open()).db, scope, hubId, false)
  return { diff: digestDiff(h, p), hub: h, province: p }
}
