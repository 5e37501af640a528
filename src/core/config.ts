import { resolve } from 'node:path'
import { z } from 'zod'

/** The environment variables hocso reads, validated once at start-up. */
const ConfigSchema = z.object({
  HOCSO_DATA_DIR: z.string().min(1).default('./var'),
  HOCSO_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave it unset for the embedded SQLite)')
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  HOCSO_PUBLIC_URL: z.string().url().optional(),
  HOCSO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOCSO_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  HOCSO_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  HOCSO_CONTENT_DIR: z.string().default('./content'),
  HOCSO_VILLAGE_GROUP_MAX: z.coerce.number().int().min(1).default(5),
  HOCSO_COMMUNE_GROUP_MAX: z.coerce.number().int().min(1).default(10),
  HOCSO_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
})

export type Config = {
  dataDir: string
  databaseUrl: string | undefined
  port: number
  host: string
  publicUrl: string | undefined
  logLevel: z.infer<typeof ConfigSchema>['HOCSO_LOG_LEVEL']
  maxBodyBytes: number
  sessionDays: number
  contentDir: string
  villageGroupMax: number
  communeGroupMax: number
  cookieSecure: 'auto' | 'true' | 'false'
}

/** Thrown when the environment is invalid; its message lists every bad variable. */
export class ConfigError extends Error {}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = parsed.data
  return {
    dataDir: resolve(e.HOCSO_DATA_DIR),
    databaseUrl: e.HOCSO_DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.HOCSO_PUBLIC_URL?.replace(/\/$/, ''),
    logLevel: e.HOCSO_LOG_LEVEL,
    maxBodyBytes: e.HOCSO_MAX_BODY_BYTES,
    sessionDays: e.HOCSO_SESSION_DAYS,
    contentDir: resolve(e.HOCSO_CONTENT_DIR),
    villageGroupMax: e.HOCSO_VILLAGE_GROUP_MAX,
    communeGroupMax: e.HOCSO_COMMUNE_GROUP_MAX,
    cookieSecure: e.HOCSO_COOKIE_SECURE,
  }
}
