import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/core/config.ts'
import { openDatabase } from '../src/core/db.ts'
import { testEnv } from './harness.ts'

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} once the database answers, and 503 when it does not', async () => {
    const env = await testEnv({ units: false })
    try {
      const res = await env.app.request('/healthz')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await res.json()).toEqual({ status: 'ok' })
    } finally {
      await env.close()
    }
    // The database is closed now: the same app must say so rather than pretend.
    const down = await env.app.request('/healthz')
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ status: 'unavailable' })
  })
})

describe('configuration', () => {
  const error = (env: Record<string, string>) => {
    try {
      loadConfig(env)
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      return (err as Error).message
    }
    throw new Error('expected a ConfigError')
  }

  it('has working defaults: port 3000, SQLite in ./var, logs at info', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, logLevel: 'info', maxBodyBytes: 1_048_576 })
    expect(c.dataDir).toMatch(/\/var$/)
  })

  it('names the variable and the problem for a bad PORT', () => {
    expect(error({ PORT: 'abc' })).toContain('PORT: must be a whole number (got "abc")')
    expect(error({ PORT: '70000' })).toContain('PORT: must be a port number from 1 to 65535 (got "70000")')
    expect(error({ PORT: '-1' })).toContain('PORT: must be a port number from 1 to 65535')
  })

  it('drains requests for 10 s when stopping, or what HOCSO_DRAIN_SECONDS says within 1 to 600', () => {
    expect(loadConfig({}).drainMs).toBe(10_000)
    expect(loadConfig({ HOCSO_DRAIN_SECONDS: '45' }).drainMs).toBe(45_000)
    expect(error({ HOCSO_DRAIN_SECONDS: '0' })).toContain(
      'HOCSO_DRAIN_SECONDS: must be from 1 to 600 seconds',
    )
    expect(error({ HOCSO_DRAIN_SECONDS: '1.5' })).toContain('HOCSO_DRAIN_SECONDS: must be a whole number')
  })

  it('names HOCSO_DATABASE_URL without echoing it (it may hold a password)', () => {
    const msg = error({ HOCSO_DATABASE_URL: 'mysql://root:hunter2@db/hocso' })
    expect(msg).toContain(
      'HOCSO_DATABASE_URL: must start with postgres:// (leave it unset for the embedded SQLite)',
    )
    expect(msg).not.toContain('hunter2')
  })

  it('lists every bad variable at once', () => {
    const msg = error({ PORT: 'x', HOCSO_LOG_LEVEL: 'loud', HOCSO_COOKIE_SECURE: 'maybe' })
    expect(msg.split('\n')).toEqual([
      'invalid configuration:',
      '  PORT: must be a whole number (got "x")',
      '  HOCSO_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      '  HOCSO_COOKIE_SECURE: must be auto, true or false (got "maybe")',
    ])
  })

  it("hashes passwords at OWASP's settings, 2^13 or more, lower only in a test run (NODE_ENV=test)", () => {
    const range = 'HOCSO_SCRYPT_LOG2_N: must be from 13 to 20 (2^13 to 2^20)'
    expect(error({ HOCSO_SCRYPT_LOG2_N: '12' })).toContain(`${range} (got "12")`)
    expect(error({ HOCSO_SCRYPT_LOG2_N: '10', NODE_ENV: 'production' })).toContain(`${range} (got "10")`)
    expect(error({ HOCSO_SCRYPT_LOG2_N: '10', NODE_ENV: 'development' })).toContain(range)
    expect(error({ HOCSO_SCRYPT_LOG2_N: '21' })).toContain(range)
    expect(loadConfig({ HOCSO_SCRYPT_LOG2_N: '13' }).scryptLog2N).toBe(13)
    expect(loadConfig({ HOCSO_SCRYPT_LOG2_N: '17' }).scryptLog2N).toBe(17)
    // Unset, the server chooses: 2^14, or 2^13 on a hub (test/cli.test.ts).
    expect(loadConfig({}).scryptLog2N).toBeUndefined()
    // The test floor: cheap enough for thousands of sign-ins, and no lower even in a test run.
    expect(loadConfig({ HOCSO_SCRYPT_LOG2_N: '10', NODE_ENV: 'test' }).scryptLog2N).toBe(10)
    expect(error({ HOCSO_SCRYPT_LOG2_N: '9', NODE_ENV: 'test' })).toContain(`${range} (got "9")`)
  })

  it('says which variable to fix when PostgreSQL cannot be reached, without the password', async () => {
    const err = await openDatabase({ databaseUrl: 'postgres://hocso:s3cret@127.0.0.1:1/hocso' }).catch(
      (e) => e,
    )
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(
      /^HOCSO_DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/hocso: /,
    )
    expect(err.message).not.toContain('s3cret')
  })
})
