import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import { createApp } from '../src/app.tsx'
import { loadConfig } from '../src/core/config.ts'
import { type Ctx, createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { registerDomains } from '../src/domains/index.ts'
import { ensureUnits } from '../src/domains/places/places.service.ts'
import { databaseUrl, onServer } from './pg-server.ts'

/**
 * Test databases are real: SQLite in memory by default, or PostgreSQL when HOCSO_TEST_DATABASE_URL
 * is set, in a schema of its own per test file, dropped afterwards, so runs never collide.
 */
export const TEST_PG_URL = process.env.HOCSO_TEST_DATABASE_URL

/**
 * Tests sign in thousands of times: they hash passwords at 2^10 (a millisecond) instead of the
 * 2^17 default (175 ms of CPU each at 2^15 on the 2-CPU machine). The configuration accepts so low
 * a cost only under NODE_ENV=test, which vitest sets; the real cost and the rehash at sign-in are
 * tested on their own in password.test.ts, the guard in health-config.test.ts.
 */
export const TEST_SCRYPT = { HOCSO_SCRYPT_LOG2_N: '10', NODE_ENV: process.env.NODE_ENV }

export type TestEnv = {
  ctx: Ctx
  app: ReturnType<typeof createApp>
  close: () => Promise<void>
}

/** A fresh, migrated database with the province's 45 units, and the app on top of it. */
export async function testEnv(
  opts: { units?: boolean; config?: Record<string, string> } = {},
): Promise<TestEnv> {
  const config = loadConfig({
    HOCSO_LOG_LEVEL: 'silent',
    HOCSO_DATA_DIR: '/tmp/hocso-test',
    ...TEST_SCRYPT,
    ...opts.config,
  })
  // On PostgreSQL, a database of its own copied from the run's migrated template (pg-template.setup.ts),
  // or, without a template (a file run on its own config), a schema of its own in the test database.
  const template = TEST_PG_URL ? inject('hocsoPgTemplate') : undefined
  // A copy is named after the template, so that the run's global teardown drops them all at once.
  const name = TEST_PG_URL ? `${template ?? 't'}_${randomBytes(6).toString('hex')}` : undefined
  if (TEST_PG_URL && template) await onServer(TEST_PG_URL, `create database ${name} template ${template}`)
  const handle = await openDatabase(
    !TEST_PG_URL
      ? { sqliteFile: ':memory:' }
      : template
        ? { databaseUrl: databaseUrl(TEST_PG_URL, name!) }
        : { databaseUrl: TEST_PG_URL, pgSchema: name },
  )
  registerDomains()
  const ctx = await createContext(handle, config, createLogger('silent'))
  if (opts.units !== false) await ensureUnits(ctx)
  return {
    ctx,
    app: createApp(ctx),
    close: async () => {
      await handle.close()
      // A copy of the template is dropped with the template at the end of the run (dropping a
      // database waits on the server, which costs each test file seconds on a busy machine).
      if (TEST_PG_URL && !template) await onServer(TEST_PG_URL, `drop schema if exists ${name} cascade`)
    },
  }
}

type Init = {
  method?: string
  json?: unknown
  form?: Record<string, string>
  /** A multipart form (file uploads); the CSRF field is added as a page's hidden field would. */
  multipart?: Record<string, string | Blob>
  headers?: Record<string, string>
  body?: string
}

/** The hidden `_csrf` field of a page, as a browser would submit it. */
export function csrfFieldOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1]
}

/**
 * A browser-like client for in-process requests: keeps cookies, and adds the CSRF token to forms,
 * read from a page's hidden field as a browser would send it. The token is bound to the session,
 * so it is read again after each sign-in or sign-out.
 */
export class Client {
  cookies = new Map<string, string>()
  /** The current form token (the `_csrf` field of this visitor's pages). */
  csrf: string | undefined

  constructor(private readonly app: TestEnv['app']) {}

  async request(path: string, init: Init = {}): Promise<Response> {
    if (!this.csrf) await this.primeCsrf()
    return this.fetch(path, init)
  }

  /** Reads the form token from the sign-in page (every visitor may open it). */
  async primeCsrf(): Promise<string> {
    this.csrf = undefined
    const res = await this.fetch('/login', {})
    this.csrf = csrfFieldOf(await res.text())
    if (!this.csrf) throw new Error('no _csrf field on /login')
    return this.csrf
  }

  private async fetch(path: string, init: Init): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers }
    let body: string | FormData | undefined = init.body
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams({ _csrf: this.csrf ?? '', ...init.form }).toString()
    } else if (init.multipart) {
      const fd = new FormData()
      fd.append('_csrf', this.csrf ?? '')
      for (const [k, v] of Object.entries(init.multipart)) fd.append(k, v)
      body = fd
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const method = init.method ?? (body !== undefined ? 'POST' : 'GET')
    const res = await this.app.request(path, { method, headers, body })
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';')
      const [k, v] = pair!.split('=')
      if (/Max-Age=0/i.test(sc) || v === '') this.cookies.delete(k!)
      else this.cookies.set(k!, v!)
      // A new session (or none, or a new pre-session id) means a new form token.
      if (k === 'hocso_session' || k!.endsWith('hocso_csrf')) this.csrf = undefined
    }
    return res
  }

  /** Signs in through the real form. */
  async login(login: string, password = 'demo1234'): Promise<Response> {
    const res = await this.request('/login', { form: { login, password } })
    if (res.status !== 303) throw new Error(`login as ${login} failed: ${res.status} ${await res.text()}`)
    return res
  }
}
