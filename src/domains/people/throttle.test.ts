import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { createApp } from '../../app.tsx'
import { forwardedClient } from '../../web/request.ts'
import { delayAfter, THROTTLE } from './people.service.ts'

// Issue 14, hole 7: behind the TLS proxy (or a village NAT) everyone shared one address, and five
// bad passwords locked any account even against its owner.
let proxied: TestEnv
let direct: TestEnv
beforeAll(async () => {
  proxied = await testEnv({ config: { HOCSO_TRUSTED_PROXIES: 'loopback, 10.0.0.0/8' } })
  await seedPlacesAndPeople(proxied.ctx)
  // The same server without trusted proxies: the socket's address is the client's.
  direct = { ...proxied, ctx: { ...proxied.ctx, config: { ...proxied.ctx.config, trustedProxies: [] } } }
  direct.app = createApp(direct.ctx)
}, 180_000)
afterAll(async () => {
  await proxied?.close()
})

const signIn = (c: Client, login: string, password: string, from: string) =>
  c.request('/login', { json: { login, password }, headers: { 'x-forwarded-for': from } })

describe('sign-in throttling', () => {
  it('an attacker failing 20 times cannot lock the owner out of their account', async () => {
    // The clock stands still, so no wait runs out between two attempts however slow the machine.
    const t0 = new Date()
    proxied.ctx.now = () => t0
    const attacker = new Client(proxied.app)
    const statuses = new Set<number>()
    for (let i = 0; i < 20; i++)
      statuses.add((await signIn(attacker, 'officer', `guess-${i}`, '203.0.113.9')).status)
    expect([...statuses].sort()).toEqual([401, 429])
    // The owner, from their own phone (another address behind the same proxy), signs in at once.
    const owner = new Client(proxied.app)
    expect((await signIn(owner, 'officer', 'demo1234', '198.51.100.7')).status).toBe(200)
    // The attacker keeps waiting, longer each time.
    const again = await signIn(attacker, 'officer', 'demo1234', '203.0.113.9')
    expect(again.status).toBe(429)
  })

  it('reads the forwarded address only from a trusted proxy: a forged header does not escape the wait', async () => {
    const c = new Client(direct.app)
    for (let i = 0; i < THROTTLE.free; i++)
      expect((await signIn(c, 'trainer', `bad-${i}`, `192.0.2.${i}`)).status).toBe(401)
    const r = await signIn(c, 'trainer', 'demo1234', '192.0.2.99')
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('1')
  })

  it('says the wait in the person’s language on the sign-in page', async () => {
    const c = new Client(direct.app)
    for (let i = 0; i < THROTTLE.free; i++)
      await c.request('/login', { form: { login: 'editor', password: `x-${i}` } })
    const page = await (await c.request('/login', { form: { login: 'editor', password: 'demo1234' } })).text()
    expect(page).toContain('nhập sai quá nhiều lần; hãy đợi 1 giây rồi thử lại')
  })

  it('doubles the wait after each further failure, up to 15 minutes, never a lock', () => {
    expect([4, 5, 6, 7, 8, 14, 30].map((n) => delayAfter(n, THROTTLE.free))).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 512_000, 900_000,
    ])
  })

  it('walks X-Forwarded-For from the right, past trusted hops only', () => {
    const trusted = ['loopback', '10.0.0.0/8']
    expect(forwardedClient('127.0.0.1', '198.51.100.7', trusted)).toBe('198.51.100.7')
    expect(forwardedClient('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3', trusted)).toBe('198.51.100.7')
    expect(forwardedClient('192.0.2.1', '198.51.100.7', trusted)).toBe('192.0.2.1')
    expect(forwardedClient('127.0.0.1', 'not-an-ip', trusted)).toBe('127.0.0.1')
    expect(forwardedClient('::ffff:127.0.0.1', '198.51.100.7', trusted)).toBe('198.51.100.7')
    expect(forwardedClient('127.0.0.1', '198.51.100.7', [])).toBe('127.0.0.1')
  })
})
