import { type Config, ConfigError, loadConfig } from '../core/config.ts'
import { type Ctx, createContext } from '../core/context.ts'
import { openDatabase } from '../core/db.ts'
import { createLogger } from '../core/logger.ts'

/** A command of the `hocso` command line. */
export type Command = {
  name: string
  summary: string
  /** Full help text printed by `hocso <name> --help`. */
  usage: string
  run: (args: string[]) => Promise<number>
}

/** Opens the configured database, migrated, as a service context. Close it with `ctx.handle.close()`. */
export async function openContext(overrides: Partial<Config> = {}): Promise<Ctx> {
  const config = { ...loadConfig(), ...overrides }
  const log = createLogger(config.logLevel)
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgSchema: config.databaseSchema,
  })
  return createContext(handle, config, log)
}

/** Prints a friendly message for expected failures (bad config, bad input) and returns an exit code. */
export function reportFailure(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`hocso: ${err.message}\n`)
    return 78
  }
  const e = err as { message?: string; code?: string }
  process.stderr.write(`hocso: ${e?.message ?? String(err)}\n`)
  if (process.env.HOCSO_DEBUG) console.error(err)
  return 1
}
