import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createApp } from '../src/app.tsx'
import { loadConfig } from '../src/core/config.ts'
import { type Ctx, createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { registerDomains } from '../src/domains/index.ts'
import { TEST_PG_URL, TEST_SCRYPT } from './harness.ts'

/** The real command line, as a user runs it: `node bin/hocso.js …`. */
export const HOCSO_BIN = new URL('../bin/hocso.js', import.meta.url).pathname
const ROOT = new URL('..', import.meta.url).pathname

export type CliResult = { code: number; stdout: string; stderr: string }

/**
 * A place for the command line to keep its data: a temporary HOCSO_DATA_DIR, and on PostgreSQL
 * (HOCSO_TEST_DATABASE_URL) a schema of its own, so runs never collide; `close()` removes both.
 */
export type CliEnv = {
  env: Record<string, string>
  dataDir: string
  /** Opens the same database in-process (migrated), with the web app on top, to look at what the CLI did. */
  open: () => Promise<{ ctx: Ctx; app: ReturnType<typeof createApp>; close: () => Promise<void> }>
  close: () => Promise<void>
}

/** Environment for child processes: the parent's, without any HOCSO_ setting that could leak in. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('HOCSO_')) env[k] = v
  return env
}

/** A fresh data directory (and PostgreSQL schema when testing on PostgreSQL) for CLI runs. */
export function cliEnv(opts: { sqliteOnly?: boolean } = {}): CliEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'hocso-cli-'))
  const pgUrl = opts.sqliteOnly ? undefined : TEST_PG_URL
  const schema = pgUrl ? `c_${randomBytes(6).toString('hex')}` : undefined
  const env: Record<string, string> = {
    ...baseEnv(),
    HOCSO_DATA_DIR: dataDir,
    HOCSO_LOG_LEVEL: 'silent',
    HOCSO_CONTENT_DIR: join(dataDir, 'content'),
    // Cheap password hashes, as in-process tests (harness.ts); NODE_ENV=test comes with baseEnv().
    HOCSO_SCRYPT_LOG2_N: TEST_SCRYPT.HOCSO_SCRYPT_LOG2_N,
    ...(pgUrl && schema ? { HOCSO_DATABASE_URL: pgUrl, HOCSO_DATABASE_SCHEMA: schema } : {}),
  }
  return {
    env,
    dataDir,
    open: async () => {
      const config = loadConfig(env)
      const handle = await openDatabase({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        pgSchema: config.databaseSchema,
      })
      registerDomains()
      const ctx = await createContext(handle, config, createLogger('silent'))
      return { ctx, app: createApp(ctx), close: () => handle.close() }
    },
    close: async () => {
      rmSync(dataDir, { recursive: true, force: true })
      if (pgUrl && schema) {
        const c = new pg.Client({ connectionString: pgUrl })
        await c.connect()
        await c.query(`drop schema if exists ${schema} cascade`)
        await c.end()
      }
    },
  }
}

/** Runs `node bin/hocso.js <args>` to completion and returns its exit code and output. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HOCSO_BIN, ...args],
      { env, cwd: ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({ code, stdout: String(stdout), stderr: String(stderr) })
      },
    )
  })
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

/**
 * Starts a long-running command (`serve`, `start`) and resolves once it prints its URL; `stop()`
 * sends SIGTERM and waits for the exit. The elapsed time until the URL is printed is `readyMs`.
 */
export async function startServer(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; pid: number; output: () => string; readyMs: number; stop: () => Promise<number> }> {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(process.execPath, [HOCSO_BIN, ...args], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? 0)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 240_000)
    const check = () => {
      if (/hocso is running at/.test(out)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', check)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${out}`))
    })
  })
  const readyMs = performance.now() - t0
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => out,
    readyMs,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
  }
}
