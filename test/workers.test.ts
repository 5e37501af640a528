import { execFileSync } from 'node:child_process'
import http from 'node:http'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { startDraining } from '../src/core/lifecycle.ts'
import { type CliEnv, cliEnv, runCli, startServer } from './cli.ts'
import { Client, testEnv } from './harness.ts'

/** A browser over real HTTP: one kept-alive connection, the sign-in form's CSRF cookie. */
class Browser {
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  cookies = new Map<string, string>()
  /** The form token, read from the page as a browser's form carries it (bound to the visitor, decision 0175). */
  csrf = ''
  constructor(readonly base: string) {}

  send(method: string, path: string, body?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      }
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded'
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        for (const sc of res.headers['set-cookie'] ?? []) {
          const [k, v] = sc.split(';')[0]!.split('=')
          this.cookies.set(k!, v ?? '')
        }
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          text += d
        })
        res.on('end', () => {
          const token = /name="_csrf" value="([^"]*)"/.exec(text)
          if (token) this.csrf = token[1]!
          resolve(res.statusCode ?? 0)
        })
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  /** Opens the sign-in page: the connection is made, the visitor's cookie set and the form token read. */
  open = () => this.send('GET', '/login')

  signIn = (login: string, password: string) =>
    this.send('POST', '/login', new URLSearchParams({ _csrf: this.csrf, login, password }).toString())
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
    // A machine busy with other work may take longer than the default 10 s to answer eight
    // sign-ins; this test is about every one being answered, not about how fast.
    const s = await startServer(['serve', '--workers', '2'], { ...e.env, HOCSO_DRAIN_SECONDS: '240' })
    expect(s.output()).toContain('2 workers')
    const workers = execFileSync('pgrep', ['-P', String(s.pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
    expect(workers).toHaveLength(2)
    const ready = await fetch(`${s.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })

    // Sign-ins hash a password (tens of milliseconds each): 8 of them keep both workers busy
    // for a while. Each browser has its page open (connection made) before; SIGTERM arrives once
    // all 8 requests are sent and under way.
    const browsers = Array.from({ length: 8 }, () => new Browser(s.url))
    for (const b of browsers) expect(await b.open()).toBe(200)
    const inFlight = browsers.map((b) => b.signIn('quantri', 'mat-khau-123'))
    await new Promise((r) => setTimeout(r, 300))
    const code = s.stop()
    const statuses = await Promise.all(inFlight)
    expect(statuses).toEqual(Array(8).fill(303))
    expect(await code).toBe(0)
    // Stopped: nothing listens any more.
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow()
  }, 600_000)

  it('refuses a bad --workers value, naming the option', { timeout: 120_000 }, async () => {
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
