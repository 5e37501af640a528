import { execFileSync } from 'node:child_process'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { startDraining } from '../src/core/lifecycle.ts'
import { type CliEnv, cliEnv, runCli, startServer } from './cli.ts'
import { Client, testEnv } from './harness.ts'

/** Signs in over real HTTP as a browser does: the form's CSRF cookie first, then the POST. */
async function signIn(base: string, login: string, password: string): Promise<number> {
  const page = await fetch(`${base}/login`)
  const csrf = /hocso_csrf=([^;]+)/.exec(page.headers.getSetCookie().join('; '))![1]!
  await page.text()
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `hocso_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, login, password }).toString(),
  })
  await res.arrayBuffer()
  return res.status
}

describe('hocso serve --workers', () => {
  let e: CliEnv
  afterAll(() => e?.close())

  it('serves from two processes, and on SIGTERM finishes every request in flight, then exits 0', async () => {
    e = cliEnv()
    const made = await runCli(
      ['create-admin', '--login', 'quantri', '--name', 'Quản trị tỉnh', '--password', 'mat-khau-123'],
      e.env,
    )
    expect(made.code, made.stderr).toBe(0)
    const s = await startServer(['serve', '--workers', '2'], e.env)
    expect(s.output()).toContain('2 workers')
    const workers = execFileSync('pgrep', ['-P', String(s.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
    expect(workers).toHaveLength(2)
    const ready = await fetch(`${s.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })

    // Sign-ins hash a password (tens of milliseconds each): 24 of them keep both workers busy
    // for a while. SIGTERM arrives once they are all under way.
    const inFlight = Array.from({ length: 24 }, () => signIn(s.url, 'quantri', 'mat-khau-123'))
    await new Promise((r) => setTimeout(r, 400))
    const t0 = performance.now()
    const code = s.stop()
    const statuses = await Promise.all(inFlight)
    expect(statuses).toEqual(Array(24).fill(303))
    expect(await code).toBe(0)
    expect(performance.now() - t0).toBeLessThan(15_000)
    // Stopped: nothing listens any more.
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow()
  }, 300_000)

  it('refuses a bad --workers value, naming the option', async () => {
    const env = cliEnv({ sqliteOnly: true })
    try {
      const r = await runCli(['serve', '--workers', 'many'], env.env)
      expect(r.code).toBe(64)
      expect(r.stderr).toContain('--workers: must be a whole number from 1 to 64 (got many)')
    } finally {
      await env.close()
    }
  })
})

describe('/readyz', () => {
  it('is ready with the database reachable and migrated, and says why when it is not', async () => {
    const env = await testEnv({ units: false })
    try {
      const c = new Client(env.app)
      let r = await c.request('/readyz')
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual({ status: 'ready' })

      // A database restored from a backup older than the code: not ready until migrated.
      const table = env.ctx.handle.schema
        ? sql.id(env.ctx.handle.schema, 'kysely_migration')
        : sql.id('kysely_migration')
      await sql`delete from ${table} where name = ${'0166-media-blobs'}`.execute(env.ctx.db)
      r = await c.request('/readyz')
      expect(r.status).toBe(503)
      expect(await r.json()).toEqual({
        status: 'unavailable',
        reason: 'migrations pending',
        pending: ['0166-media-blobs'],
      })

      // Told to stop: still alive for /healthz, no longer ready.
      startDraining(env.ctx)
      r = await c.request('/readyz')
      expect(r.status).toBe(503)
      expect(await r.json()).toEqual({ status: 'draining' })
      expect((await c.request('/healthz')).status).toBe(200)
    } finally {
      await env.close()
    }
  })
})
