import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'

const ROOT = resolve(import.meta.dirname, '../..')

/** A real hocso server process on a free port with its own temporary data directory. */
export type Server = {
  url: string
  port: number
  dataDir: string
  /** Everything the process printed, for failure messages. */
  output: () => string
  /** Kills the process at once (SIGKILL): what a power cut does. */
  kill: () => Promise<void>
  /** Starts the process again on the same port and data (same origin, so the browser's state holds). */
  restart: () => Promise<void>
  /** Stops the process and deletes its data. */
  stop: () => Promise<void>
  /** Runs a read-only query on the server's SQLite database. */
  query: <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => T[]
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer()
    s.unref()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => res(port))
    })
  })
}

async function waitHealthy(url: string, proc: ChildProcess, log: () => string, ms = 120_000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`hocso exited with ${proc.exitCode}:\n${log()}`)
    try {
      const r = await fetch(`${url}/healthz`)
      if (r.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`hocso did not become healthy within ${ms} ms:\n${log()}`)
}

/** Starts `hocso start` (migrate, demo data, content import, serve) as a child process. */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<Server> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'hocso-e2e-'))
  const url = `http://127.0.0.1:${port}`
  let out = ''
  let proc: ChildProcess
  const launch = async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      HOCSO_DATA_DIR: dataDir,
      HOCSO_LOG_LEVEL: 'warn',
      // Cheap password hashes, as in the other tests (test/harness.ts); accepted under NODE_ENV=test only.
      ...(process.env.NODE_ENV === 'test' ? { HOCSO_SCRYPT_LOG2_N: '10' } : {}),
      ...opts.env,
    }
    // The browser tests read the server's SQLite file; never point them at a shared PostgreSQL.
    delete env.HOCSO_DATABASE_URL
    proc = spawn(process.execPath, [join(ROOT, 'bin/hocso.js'), 'start'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    proc.stdout!.on('data', (d) => {
      out += d
    })
    proc.stderr!.on('data', (d) => {
      out += d
    })
    await waitHealthy(url, proc, () => out)
  }
  const kill = async () => {
    if (proc.exitCode !== null || proc.signalCode) return
    const gone = new Promise((r) => proc.once('exit', r))
    proc.kill('SIGKILL')
    await gone
  }
  await launch()
  return {
    url,
    port,
    dataDir,
    output: () => out,
    kill,
    restart: async () => {
      await kill()
      await launch()
    },
    stop: async () => {
      await kill()
      rmSync(dataDir, { recursive: true, force: true })
    },
    query: (sql, ...params) => {
      const db = new Database(join(dataDir, 'hocso.sqlite'), { readonly: true, fileMustExist: true })
      try {
        return db.prepare(sql).all(...params) as never
      } finally {
        db.close()
      }
    },
  }
}
