import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createApp } from '../src/app.tsx'
import { loadConfig } from '../src/core/config.ts'
import { createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { ensureUnits } from '../src/domains/places/places.service.ts'
import { TEST_PG_URL, TEST_SCRYPT, type TestEnv } from './harness.ts'

/** Where a "process" keeps its data: an SQLite file, or a PostgreSQL schema. */
export type SharedDatabase = { sqliteFile?: string; databaseUrl?: string; pgSchema?: string }

/**
 * Several `hocso serve` processes on one database, inside one test file: each "process" is a
 * context of its own (own connection, own data directory, own caches) on the same SQLite file or
 * PostgreSQL schema, sharing only HOCSO_KEY_SECRET. `close()` (in the file's afterAll) closes them
 * all, drops the schemas and removes the folders.
 */
export function processes(name: string) {
  const root = mkdtempSync(join(tmpdir(), `hocso-${name}-`))
  const schemas: string[] = []
  const closers: (() => Promise<void>)[] = []
  const secret = randomBytes(32).toString('base64')
  return {
    root,
    /** Run when the file ends, last in first out. */
    closers,
    /** A fresh database: an SQLite file or a PostgreSQL schema. */
    newDatabase(): SharedDatabase {
      if (TEST_PG_URL) {
        const pgSchema = `t_${randomBytes(6).toString('hex')}`
        schemas.push(pgSchema)
        return { databaseUrl: TEST_PG_URL, pgSchema }
      }
      return { sqliteFile: join(mkdtempSync(join(root, 'db-')), 'hocso.sqlite') }
    },
    /** One server process on a database: its own data directory, connection and app. */
    async processOn(
      database: SharedDatabase,
      env: Record<string, string> = {},
    ): Promise<TestEnv & { dataDir: string }> {
      const dataDir = mkdtempSync(join(root, 'data-'))
      const config = loadConfig({
        HOCSO_LOG_LEVEL: 'silent',
        HOCSO_DATA_DIR: dataDir,
        HOCSO_PUBLIC_URL: 'https://hocso.example.vn',
        HOCSO_KEY_SECRET: secret,
        HOCSO_MAX_BODY_BYTES: String(20 * 1024 * 1024),
        ...TEST_SCRYPT,
        ...env,
      })
      const handle = await openDatabase(database)
      const close = () => handle.close()
      closers.push(close)
      const ctx = await createContext(handle, config, createLogger('silent'))
      await ensureUnits(ctx)
      return { ctx, app: createApp(ctx), close, dataDir }
    },
    async close(): Promise<void> {
      for (const c of closers.reverse()) await c()
      if (TEST_PG_URL && schemas.length) {
        const c = new pg.Client({ connectionString: TEST_PG_URL })
        await c.connect()
        for (const s of schemas) await c.query(`drop schema if exists ${s} cascade`)
        await c.end()
      }
      rmSync(root, { recursive: true, force: true })
    },
  }
}
