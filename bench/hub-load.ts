/**
 * Simulated learners for a hub: each signs up, then browses the catalogue, opens lessons, records
 * what it reads (the facts endpoint, as the phone's outbox does) and marks lessons done, with a
 * pause between steps. Used by bench/sync.bench.ts and bench/hub.bench.ts to measure a hub's memory
 * and latencies under load.
 *
 *   node bin/run-ts.js bench/hub-load.ts <base-url> [learners=30] [seconds=60]
 */
import { randomUUID } from 'node:crypto'
import { uuidv7 } from '../src/core/ids.ts'

export type LoadReport = { requests: number; errors: number; p50: number; p95: number; facts: number }

/** A browser-like client: cookies, and the form token read from the last page that had one. */
export class Learner {
  cookies = new Map<string, string>()
  /** The `_csrf` hidden field of the last page read (bound to the session: read again after sign-in). */
  csrf = ''
  constructor(readonly base: string) {}

  /** Notes the form token a page carries. */
  read(html: string): string {
    const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1]
    if (token) this.csrf = token
    return html
  }

  /** Signs in through the login form. */
  async login(login: string, password: string): Promise<void> {
    this.read(await (await this.req('/login')).text())
    const res = await this.req('/login', { form: { login, password } })
    if (res.status !== 303) throw new Error(`login as ${login} on ${this.base} failed: ${res.status}`)
  }

  async req(path: string, init: { json?: unknown; form?: Record<string, string> } = {}) {
    const headers: Record<string, string> = {}
    let body: string | undefined
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams({ _csrf: this.csrf, ...init.form }).toString()
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const res = await fetch(`${this.base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body,
      redirect: 'manual',
    })
    for (const sc of res.headers.getSetCookie()) {
      const [pair] = sc.split(';')
      const [k, v] = pair!.split('=')
      if (v) this.cookies.set(k!, v)
    }
    return res
  }
}

const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)]

/** Runs `learners` simulated learners against a hub for `seconds`; returns latencies and errors. */
export async function runLearners(
  base: string,
  opts: {
    learners: number
    /** How long they work; or until `until` settles. */
    seconds?: number
    until?: Promise<unknown>
    thinkMs?: number
    place?: string
    /** Called once every learner has signed up (the burst of password hashing is over). */
    onReady?: () => void
    /** Each request as it ends: when it started (performance.now()) and how long it took, in ms. */
    onRequest?: (startedAt: number, ms: number) => void
  },
): Promise<LoadReport> {
  const lat: number[] = []
  let errors = 0
  let facts = 0
  let over = false
  const timer = opts.seconds !== undefined ? setTimeout(() => (over = true), opts.seconds * 1000) : null
  void opts.until?.finally(() => (over = true))
  const think = opts.thinkMs ?? 1000
  let signedUp = 0
  const timed = async (l: Learner, path: string, init?: Parameters<Learner['req']>[1]) => {
    const t = performance.now()
    try {
      const res = await l.req(path, init)
      const text = l.read(await res.text())
      const ms = performance.now() - t
      lat.push(ms)
      opts.onRequest?.(t, ms)
      if (res.status >= 400) errors++
      return text
    } catch {
      errors++
      return ''
    }
  }
  const one = async (i: number) => {
    const l = new Learner(base)
    await timed(l, '/')
    const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
    await timed(l, '/signup', {
      json: {
        display_name: `Người học ${i}`,
        phone,
        password: `hoc-${randomUUID().slice(0, 8)}`,
        place_code: opts.place,
        consent: true,
      },
    })
    if (++signedUp === opts.learners) opts.onReady?.()
    while (!over) {
      const list = await timed(l, '/courses')
      const slug = pick([...list.matchAll(/href="\/courses\/([a-z0-9-]+)"/g)].map((m) => m[1]!))
      if (!slug) {
        await new Promise((r) => setTimeout(r, think))
        continue
      }
      const course = await timed(l, `/courses/${slug}`)
      const key = pick(
        [...course.matchAll(new RegExp(`href="/courses/${slug}/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]!),
      )
      if (!key) continue
      const lesson = await timed(l, `/courses/${slug}/${key}`)
      const id = /name="lesson_id" value="([0-9a-f-]{36})"/.exec(lesson)?.[1]
      await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())))
      if (id) {
        await timed(l, '/api/facts', {
          json: {
            facts: [
              {
                id: uuidv7(),
                kind: 'lesson_opened',
                occurred_at: new Date().toISOString(),
                data: { lesson_id: id, lang: 'vi' },
              },
            ],
          },
        })
        await timed(l, `/courses/${slug}/${key}/done`, { form: { lesson_id: id, lang: 'vi' } })
        facts += 2
      }
      await new Promise((r) => setTimeout(r, think * (0.5 + Math.random())))
    }
  }
  await Promise.all(Array.from({ length: opts.learners }, (_, i) => one(i)))
  if (timer) clearTimeout(timer)
  lat.sort((a, b) => a - b)
  const q = (p: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * p))] ?? 0)
  return { requests: lat.length, errors, p50: q(0.5), p95: q(0.95), facts }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [base, learners = '30', seconds = '60'] = process.argv.slice(2)
  if (!base) {
    process.stderr.write('usage: node bin/run-ts.js bench/hub-load.ts <base-url> [learners] [seconds]\n')
    process.exit(64)
  }
  const r = await runLearners(base, { learners: Number(learners), seconds: Number(seconds) })
  process.stdout.write(`${JSON.stringify(r)}\n`)
}
