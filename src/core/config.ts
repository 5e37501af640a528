import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { z } from 'zod'

const WHOLE = 'must be a whole number'
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
const SCRYPT_RANGE = 'must be from 13 to 20 (2^13 to 2^20)'
/** The scrypt floor of test runs only: tests sign in thousands of times (docs/measured.md). */
const SCRYPT_TEST_FLOOR = 10

/** The environment variables hocso reads, validated once at start-up. */
const ConfigSchema = z
  .object({
    HOCSO_DATA_DIR: z.string().min(1, 'must be a directory path').default('./var'),
    HOCSO_DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave it unset for the embedded SQLite)')
      .optional(),
    PORT: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be a port number from 1 to 65535')
      .max(65535, 'must be a port number from 1 to 65535')
      .default(3000),
    HOST: z.string().default('0.0.0.0'),
    HOCSO_PUBLIC_URL: z.string().url('must be a full URL such as https://hocso.example.vn').optional(),
    HOCSO_LOG_LEVEL: z
      .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
      .default('info'),
    HOCSO_MAX_BODY_BYTES: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1024, 'must be at least 1024 (bytes)')
      .default(1_048_576),
    HOCSO_SESSION_DAYS: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be from 1 to 365 (days)')
      .max(365, 'must be from 1 to 365 (days)')
      .default(30),
    HOCSO_CONTENT_DIR: z.string().default('./content'),
    HOCSO_VILLAGE_GROUP_MAX: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be 1 or more')
      .default(5),
    HOCSO_COMMUNE_GROUP_MAX: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be 1 or more')
      .default(10),
    HOCSO_COOKIE_SECURE: z
      .enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' })
      .default('auto'),
    // Shifts this node's clock (ctx.now and the HLC), to test hubs whose clock is hours off.
    HOCSO_CLOCK_SKEW_MS: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(-7 * 86_400_000, 'must be within a week (in milliseconds)')
      .max(7 * 86_400_000, 'must be within a week (in milliseconds)')
      .default(0),
    // How long a stopping process lets requests in flight finish (SIGTERM, a rolling restart).
    HOCSO_DRAIN_SECONDS: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be from 1 to 600 seconds')
      .max(600, 'must be from 1 to 600 seconds')
      .default(10),
    // scrypt's N as a power of two, with OWASP's p for it (src/domains/people/password.ts): 2^14
    // (p=5, 16 MiB a hash) by default; 2^13 to 2^20 are OWASP's settings or stronger. Weaker
    // hashes are raised at the next sign-in. Test runs (NODE_ENV=test, as vitest sets it) may go
    // down to 2^10: see the refinement below.
    HOCSO_SCRYPT_LOG2_N: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(SCRYPT_TEST_FLOOR, SCRYPT_RANGE)
      .max(20, SCRYPT_RANGE)
      .optional(),
    NODE_ENV: z.string().optional(),
    HOCSO_KEY_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (e.g. the output of `openssl rand -base64 32`)')
      .optional(),
    // How far back a phone's clock may date what it sends (it may stay offline this long).
    HOCSO_OFFLINE_WINDOW_DAYS: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be from 1 to 3650 (days)')
      .max(3650, 'must be from 1 to 3650 (days)')
      .default(90),
    // Proxies whose X-Forwarded-For is believed (sign-in throttling): addresses, IPv4 CIDR ranges,
    // or `loopback`, comma-separated. Empty: the socket's address is the client's.
    HOCSO_TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .refine(
        (list) =>
          list.every(
            (x) =>
              x === 'loopback' ||
              isIP(x) !== 0 ||
              (/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(x) && Number(x.split('/')[1]) <= 32),
          ),
        'must be a comma-separated list of addresses, IPv4 ranges such as 10.0.0.0/8, or loopback',
      ),
    // How far ahead of this node's clock a stamp received from another node may be (seconds).
    HOCSO_MAX_CLOCK_DRIFT: z.coerce
      .number({ message: WHOLE })
      .int(WHOLE)
      .min(1, 'must be 1 or more (seconds)')
      .max(86_400, 'must be at most a day (86400 seconds)')
      .default(300),
    HOCSO_DATABASE_SCHEMA: z
      .string()
      .regex(
        /^[a-z_][a-z0-9_]{0,62}$/,
        'must be a PostgreSQL schema name: a-z, 0-9 and _, starting with a letter',
      )
      .optional(),
    // Where uploaded media live: `database` (the default, decision 0166) or an S3-compatible bucket,
    // `s3://bucket` or `s3://bucket/prefix` (decision 0199), with the four HOCSO_MEDIA_S3_* below.
    HOCSO_MEDIA_STORE: z
      .string()
      .regex(
        /^(database|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._-]+)*)$/,
        'must be database, or s3://bucket (3-63 lower-case letters, digits, dots and dashes) with an optional /prefix',
      )
      .default('database'),
    HOCSO_MEDIA_S3_ENDPOINT: z
      .string()
      .regex(
        /^https?:\/\/[^/?#]+\/?$/,
        "must be the store's address, such as https://s3.example.vn (no path)",
      )
      .optional(),
    HOCSO_MEDIA_S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be a region name such as us-east-1 (letters, digits and dashes)')
      .default('us-east-1'),
    HOCSO_MEDIA_S3_ACCESS_KEY: z.string().min(1, 'must not be empty').optional(),
    HOCSO_MEDIA_S3_SECRET_KEY: z.string().min(1, 'must not be empty').optional(),
  })
  .superRefine((e, issues) => {
    if (e.HOCSO_MEDIA_STORE.startsWith('s3://')) {
      const needed = {
        HOCSO_MEDIA_S3_ENDPOINT: "the store's address, such as https://s3.example.vn",
        HOCSO_MEDIA_S3_ACCESS_KEY: 'the access key id the store gave',
        HOCSO_MEDIA_S3_SECRET_KEY: 'the secret key that goes with it',
      } as const
      for (const [name, what] of Object.entries(needed))
        if (!e[name as keyof typeof needed])
          issues.addIssue({
            code: 'custom',
            path: [name],
            message: `must be set (${what}) when HOCSO_MEDIA_STORE is an s3:// bucket`,
          })
    }
    // Below 2^13 only in a test run: a server never hashes passwords that cheaply.
    if (e.HOCSO_SCRYPT_LOG2_N !== undefined && e.HOCSO_SCRYPT_LOG2_N < 13 && e.NODE_ENV !== 'test') {
      issues.addIssue({ code: 'custom', path: ['HOCSO_SCRYPT_LOG2_N'], message: SCRYPT_RANGE })
    }
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
  /** Milliseconds added to the wall clock (tests of clock skew between nodes); 0 in production. */
  clockSkewMs: number
  /** How many days back a client's time (a fact's occurred_at) is accepted (decision 0170). */
  offlineWindowDays: number
  /** Proxies whose X-Forwarded-For is believed (addresses, IPv4 CIDR ranges, `loopback`). */
  trustedProxies: string[]
  /** Milliseconds a stopping process waits for requests in flight (HOCSO_DRAIN_SECONDS). */
  drainMs: number
  /** Milliseconds a received stamp may be ahead of this node's clock before it is held (HOCSO_MAX_CLOCK_DRIFT). */
  maxClockDriftMs: number
  /** PostgreSQL schema to use instead of the default search path (one database, several nodes). */
  databaseSchema: string | undefined
  /** scrypt cost of new password hashes, as log2(N). */
  /** Unset: 2^14 (p=5, 16 MiB a hash), or on a hub 2^13 (p=10, 8 MiB) (decision 0209, amended). */
  scryptLog2N: number | undefined
  /**
   * The secret that seals private keys in the database; the same on every machine of a deployment.
   * Unset: `keys/secret.key` in the data directory (made on first start).
   */
  keySecret?: string
  /** Where uploaded media live (HOCSO_MEDIA_STORE); absent in configs built by hand: the database. */
  mediaStore?: MediaStoreConfig
}

/** The database (decision 0166), or an S3-compatible bucket for the bytes (decision 0199). */
export type MediaStoreConfig =
  | { kind: 'database' }
  | {
      kind: 's3'
      bucket: string
      /** Prepended to every key, with a slash ('' for none): several deployments may share a bucket. */
      prefix: string
      endpoint: string
      region: string
      accessKey: string
      secretKey: string
    }

/** Thrown when the environment is invalid; its message lists every bad variable. */
export class ConfigError extends Error {}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = i.path.join('.')
      // Echo the bad value so the fix is obvious, except the database URL, which may hold a password.
      // A variable left unset has no value to echo.
      const got =
        name === 'HOCSO_DATABASE_URL' ||
        name === 'HOCSO_KEY_SECRET' ||
        name === 'HOCSO_MEDIA_S3_SECRET_KEY' ||
        env[name] === undefined
          ? ''
          : ` (got ${JSON.stringify(env[name])})`
      return `${name}: ${i.message}${got}`
    })
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
    clockSkewMs: e.HOCSO_CLOCK_SKEW_MS,
    maxClockDriftMs: e.HOCSO_MAX_CLOCK_DRIFT * 1000,
    drainMs: e.HOCSO_DRAIN_SECONDS * 1000,
    databaseSchema: e.HOCSO_DATABASE_SCHEMA,
    scryptLog2N: e.HOCSO_SCRYPT_LOG2_N,
    keySecret: e.HOCSO_KEY_SECRET,
    offlineWindowDays: e.HOCSO_OFFLINE_WINDOW_DAYS,
    trustedProxies: e.HOCSO_TRUSTED_PROXIES,
    mediaStore: mediaStoreOf(e),
  }
}

function mediaStoreOf(e: z.infer<typeof ConfigSchema>): MediaStoreConfig {
  if (e.HOCSO_MEDIA_STORE === 'database') return { kind: 'database' }
  const [bucket = '', ...prefix] = e.HOCSO_MEDIA_STORE.slice('s3://'.length).split('/')
  return {
    kind: 's3',
    bucket,
    prefix: prefix.length ? `${prefix.join('/')}/` : '',
    endpoint: e.HOCSO_MEDIA_S3_ENDPOINT!.replace(/\/$/, ''),
    region: e.HOCSO_MEDIA_S3_REGION,
    accessKey: e.HOCSO_MEDIA_S3_ACCESS_KEY!,
    secretKey: e.HOCSO_MEDIA_S3_SECRET_KEY!,
  }
}
