import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { PROVINCE_CODE } from '../src/domains/people/policy.ts'
import { type CliEnv, cliEnv, startServer } from './cli.ts'
import { course, person } from './factories.ts'
import { csrfFieldOf } from './harness.ts'

type Answer = { status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }

/** A browser over real HTTP that takes gzip: one kept-alive connection and its cookies. */
class Browser {
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  cookies = new Map<string, string>()
  constructor(readonly base: string) {}

  send(method: string, path: string, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        'accept-encoding': 'gzip',
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      }
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded'
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        for (const sc of res.headers['set-cookie'] ?? []) {
          const [k, v] = sc.split(';')[0]!.split('=')
          this.cookies.set(k!, v ?? '')
        }
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
        )
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  text = (a: Answer) =>
    (a.headers['content-encoding'] === 'gzip' ? gunzipSync(a.bytes) : a.bytes).toString('utf8')

  async signIn(login: string, password: string) {
    const page = this.text(await this.send('GET', '/login'))
    const _csrf = csrfFieldOf(page)!
    const r = await this.send('POST', '/login', new URLSearchParams({ _csrf, login, password }).toString())
    if (r.status !== 303) throw new Error(`sign-in of ${login}: ${r.status}`)
  }

  close() {
    this.agent.destroy()
  }
}

describe('signed-in lesson views on a real server (decision 0202)', () => {
  let e: CliEnv
  afterAll(() => e?.close())

  it('answers gzip with its length; on SIGTERM every view in flight is answered, and every answered view is stored once', async () => {
    e = cliEnv()
    const setup = await e.open()
    const c = await course(setup.ctx, { lessons: 1, title: 'Dùng điện thoại an toàn' })
    const people = []
    for (let i = 0; i < 6; i++)
      people.push(await person(setup.ctx, { role: 'learner', place: PROVINCE_CODE }))
    await setup.close()

    const s = await startServer(['serve'], { ...e.env, HOCSO_DRAIN_SECONDS: '240' })
    const browsers = people.map(() => new Browser(s.url))
    for (const [i, b] of browsers.entries()) await b.signIn(people[i]!.login, people[i]!.password)
    const path = `/courses/${c.slug}/${c.lessons[0]}`

    // The page as a phone gets it: gzip, with its length, whole.
    const first = await browsers[0]!.send('GET', path)
    expect(first.status).toBe(200)
    expect(first.headers['content-encoding']).toBe('gzip')
    expect(Number(first.headers['content-length'])).toBe(first.bytes.length)
    expect(browsers[0]!.text(first)).toContain('Dùng điện thoại an toàn')
    expect(browsers[0]!.text(first)).toContain('name="lesson_id"')

    // Everyone opens the lesson again and again; SIGTERM comes while views are under way. A view
    // is either answered (and then stored) or refused before the server read it.
    // (The view above counts for the first person.)
    const answered = people.map((_, i) => (i === 0 ? 1 : 0))
    let stopped = false
    const loops = browsers.map(async (b, i) => {
      while (!stopped) {
        try {
          const r = await b.send('GET', path)
          if (r.status !== 200) throw new Error(`view answered ${r.status}`)
          answered[i]!++
        } catch (err) {
          if (!stopped) throw err
          return
        }
      }
    })
    await new Promise((r) => setTimeout(r, 500))
    stopped = true
    const code = s.stop()
    await Promise.all(loops)
    expect(await code).toBe(0)
    for (const b of browsers) b.close()

    const after = await e.open()
    try {
      for (const [i, p] of people.entries()) {
        const facts = await after.ctx.db
          .selectFrom('facts')
          .select('id')
          .where('kind', '=', 'lesson_opened')
          .where('subject_id', '=', p.id)
          .execute()
        expect(answered[i]).toBeGreaterThan(1)
        expect(facts).toHaveLength(answered[i]!)
      }
    } finally {
      await after.close()
    }
  }, 600_000)
})
