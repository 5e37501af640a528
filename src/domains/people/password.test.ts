import * as crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { countRows, seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { hashPassword, needsRehash, verifyPassword } from './password.ts'
import { weakness } from './password-strength.ts'
import { createAccount } from './people.service.ts'

// Counts the scrypt runs (passing every call through), to see that an unknown login hashes too.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return { ...real, scrypt: vi.fn(real.scrypt) }
})
const scryptRuns = () => (crypto.scrypt as unknown as { mock: { calls: unknown[] } }).mock.calls.length

/** Who has an account must not show, and passwords must be hard to guess (issue 14, hole 10). */
let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
})
afterAll(() => env.close())

describe('sign-in does not tell who has an account', () => {
  it('checks the password of an unknown login against a hash, as for a known one', async () => {
    const c = new Client(env.app)
    await c.primeCsrf()
    const known = scryptRuns()
    expect(
      (await c.request('/login', { json: { login: 'learner', password: 'not-the-password' } })).status,
    ).toBe(401)
    const perKnown = scryptRuns() - known
    expect(perKnown).toBe(1)
    // Twice: the first unknown login may also make the dummy hash once.
    await c.request('/login', { json: { login: '0999888777', password: 'not-the-password' } })
    const unknown = scryptRuns()
    const res = await c.request('/login', { json: { login: 'nobody-here', password: 'not-the-password' } })
    expect(res.status).toBe(401)
    expect(scryptRuns() - unknown).toBe(perKnown)
    expect((await res.json()).error.message).toBe('login: wrong phone number, username or password')
  })
})

// Hashing at the real cost (128 MiB each) took over the 30 s default on the shared machine under load.
describe('scrypt at OWASP parameters, old hashes raised at sign-in', { timeout: 120_000 }, () => {
  it('hashes at N=2^17, r=8, p=1 by default', async () => {
    const h = await hashPassword('ba-tu-de-nho')
    expect(h).toMatch(/^scrypt\$131072\$8\$1\$/)
    expect(await verifyPassword('ba-tu-de-nho', h)).toBe(true)
    expect(await verifyPassword('ba-tu-de-nhO', h)).toBe(false)
    expect(needsRehash(h)).toBe(false)
  })

  it('still signs in with a 2^15 hash, and replaces it with a 2^17 one', async () => {
    const config = env.ctx.config
    // The account is made as a server at the old cost made it (tests otherwise hash at 2^10).
    env.ctx.config = { ...config, scryptLog2N: 15 }
    const id = await createAccount(
      env.ctx,
      { displayName: 'Quàng Văn Cũ', username: 'quangcu', password: 'nui-cao-suoi-xa' },
      [{ role: 'learner', scopeCode: '3166' }],
    ).finally(() => {
      env.ctx.config = config
    })
    const stored = async () =>
      (
        await env.ctx.db
          .selectFrom('accounts')
          .select('password_hash')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).password_hash!
    expect(await stored()).toMatch(/^scrypt\$32768\$/)
    env.ctx.config = { ...config, scryptLog2N: 17 }
    try {
      await new Client(env.app).login('quangcu', 'nui-cao-suoi-xa')
      expect(await stored()).toMatch(/^scrypt\$131072\$8\$1\$/)
      await new Client(env.app).login('quangcu', 'nui-cao-suoi-xa')
    } finally {
      env.ctx.config = config
    }
  })
})

describe('common and trivial passwords are refused, saying why', () => {
  const signup = (c: Client, password: string, json = true) => {
    const body = { display_name: 'Lò Văn Minh', phone: '0912000444', password, consent: json ? true : 'on' }
    return json
      ? c.request('/signup', { json: body })
      : c.request('/signup', { form: { ...body, consent: 'on' } as Record<string, string> })
  }

  it('refuses 12345678, the phone number and a repetition, naming the field, and stores nothing', async () => {
    const before = await countRows(env.ctx, 'accounts')
    const c = new Client(env.app)
    for (const [password, reason] of [
      ['12345678', 'one of the most common passwords'],
      ['0912000444', 'your phone number, login or name'],
      ['aaaaaaaaaa', 'a sequence, repetition or keyboard row'],
    ] as const) {
      const res = await signup(c, password)
      expect(res.status, password).toBe(400)
      const { error } = await res.json()
      expect(error.issues[0].field).toBe('password')
      expect(error.message).toContain(reason)
    }
    expect(await countRows(env.ctx, 'accounts')).toBe(before)
    expect(await weakness('minh2024', ['0912000444', 'Lò Văn Minh'])).toBe('personal')
  })

  it('explains it in Vietnamese on the sign-up page, and accepts a password hard to guess', async () => {
    const c = new Client(env.app)
    const page = await (await signup(c, '12345678', false)).text()
    expect(page).toContain('Mật khẩu: quá dễ đoán: đây là một trong những mật khẩu hay từ phổ biến nhất')
    expect((await signup(c, 'suoi-nam-rom-mua-xuan')).status).toBe(201)
  })
})
