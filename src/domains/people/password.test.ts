import * as crypto from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { countRows, seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import {
  HASH_LIMITS,
  hashesGiveWay,
  hashPassword,
  hashQueue,
  needsRehash,
  parallelismOf,
  verifyPassword,
} from './password.ts'
import { STRENGTH, strengthCheckerRunning, weakness } from './password-strength.ts'
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

// Hashing at the real costs (16 to 128 MiB each) is slow on the shared machine under load.
describe('scrypt at OWASP parameters, old hashes raised at sign-in', { timeout: 120_000 }, () => {
  it('hashes at N=2^14, r=8, p=5 by default: 16 MiB, as strong as 2^17 with p=1', async () => {
    const h = await hashPassword('ba-tu-de-nho')
    expect(h).toMatch(/^scrypt\$16384\$8\$5\$/)
    expect(await verifyPassword('ba-tu-de-nho', h)).toBe(true)
    expect(await verifyPassword('ba-tu-de-nhO', h)).toBe(false)
    expect(needsRehash(h)).toBe(false)
  })

  it("takes OWASP's p for each N, and keeps a hash as strong and no heavier than the node's", () => {
    const fake = (n: number, p: number) => `scrypt$${n}$8$${p}$c2FsdA$aGFzaA`
    expect([13, 14, 15, 16, 17, 18].map(parallelismOf)).toEqual([10, 5, 3, 2, 1, 1])
    // At the default 2^14: the lighter 2^13 row is kept, the pre-0176 2^15 p=1 hash is raised,
    // and a 2^17 hash (128 MiB at each sign-in) is replaced by a 16 MiB one.
    expect(needsRehash(fake(2 ** 13, 10))).toBe(false)
    expect(needsRehash(fake(2 ** 13, 9))).toBe(true)
    expect(needsRehash(fake(2 ** 15, 1))).toBe(true)
    expect(needsRehash(fake(2 ** 17, 1))).toBe(true)
    // A node set to 2^17 keeps the 2^14 hashes another node made: no replacing back and forth.
    expect(needsRehash(fake(2 ** 14, 5), 17)).toBe(false)
    expect(needsRehash(fake(2 ** 17, 1), 17)).toBe(false)
    expect(needsRehash(fake(2 ** 15, 1), 17)).toBe(true)
    expect(needsRehash('pbkdf2$1000$abc')).toBe(true)
  })

  it('still signs in with a 2^15 p=1 hash and a 2^17 one, and replaces each with a 2^14 p=5 one', async () => {
    const config = env.ctx.config
    env.ctx.config = { ...config, scryptLog2N: 14 }
    try {
      for (const [login, old] of [
        ['quangcu', await hashPassword('nui-cao-suoi-xa', 15, 1)],
        ['quangnang', await hashPassword('nui-cao-suoi-xa', 17)],
      ] as const) {
        const id = await createAccount(
          env.ctx,
          { displayName: 'Quàng Văn Cũ', username: login, password: 'nui-cao-suoi-xa' },
          [{ role: 'learner', scopeCode: '3166' }],
        )
        // The account's hash as a server of before made it.
        await env.ctx.db.updateTable('accounts').set({ password_hash: old }).where('id', '=', id).execute()
        const stored = async () =>
          (
            await env.ctx.db
              .selectFrom('accounts')
              .select('password_hash')
              .where('id', '=', id)
              .executeTakeFirstOrThrow()
          ).password_hash!
        expect(await stored()).toBe(old)
        expect((await new Client(env.app).login(login, 'nui-cao-suoi-xa')).status).toBe(303)
        expect(await stored()).toMatch(/^scrypt\$16384\$8\$5\$/)
        expect((await new Client(env.app).login(login, 'nui-cao-suoi-xa')).status).toBe(303)
      }
    } finally {
      env.ctx.config = config
    }
  })
})

describe('a burst of sign-ins waits in a short line, then is told the server is busy', () => {
  const limits = { ...HASH_LIMITS }
  afterEach(() => Object.assign(HASH_LIMITS, limits))

  it('runs two hashes at once and never more than 64 MiB of them; a full line refuses at once', async () => {
    HASH_LIMITS.waiting = 1
    // Called in one turn: two 32 MiB hashes run, the third waits, the fourth finds the line full.
    const hashes = [1, 2, 3, 4].map((i) => hashPassword(`mat-khau-so-${i}`, 15))
    expect(hashQueue()).toEqual({ running: 2, waiting: 1 })
    await expect(hashes[3]).rejects.toMatchObject({ code: 'busy', status: 503, retryAfterSeconds: 5 })
    for (const h of hashes.slice(0, 3)) expect(await h).toMatch(/^scrypt\$32768\$8\$3\$/)
    // A 128 MiB hash runs alone: the next one waits even though one place of two is free.
    const heavy = [hashPassword('nang', 17), hashPassword('nhe', 14)]
    expect(hashQueue()).toEqual({ running: 1, waiting: 1 })
    await Promise.all(heavy)
    expect(hashQueue()).toEqual({ running: 0, waiting: 0 })
  })

  it('refuses a hash that waited too long, and the one running still finishes', async () => {
    HASH_LIMITS.waitMs = 20
    const running = hashPassword('dang-chay', 16)
    const waiting = hashPassword('dang-doi', 16)
    await expect(waiting).rejects.toMatchObject({ code: 'busy' })
    expect(hashQueue().waiting).toBe(0)
    expect(await verifyPassword('dang-chay', await running)).toBe(true)
  })

  it('says so on the sign-in page in Vietnamese, and as JSON with Retry-After; nothing is stored', async () => {
    HASH_LIMITS.waiting = 0
    const c = new Client(env.app)
    await c.primeCsrf()
    const before = await countRows(env.ctx, 'accounts')
    // The password dictionaries loaded first, so that the sign-up reaches its hash at once.
    expect(await weakness('suoi-nam-rom-mua-dong', [])).toBeNull()
    // One 64 MiB hash holds the whole budget while the requests come.
    const holding = hashPassword('giu-cho', 16)
    const page = await c.request('/login', { form: { login: 'learner', password: 'demo1234' } })
    const signup = await c.request('/signup', {
      json: {
        display_name: 'Lò Văn Đông',
        phone: '0912000777',
        password: 'suoi-nam-rom-mua-dong',
        consent: true,
      },
    })
    expect(hashQueue().running).toBe(1)
    await holding
    expect(page.status).toBe(503)
    expect(page.headers.get('retry-after')).toBe('5')
    expect(await page.text()).toContain('máy chủ đang bận kiểm tra mật khẩu khác; hãy đợi 5 giây rồi thử lại')
    expect(signup.status).toBe(503)
    expect(signup.headers.get('retry-after')).toBe('5')
    const { error } = await signup.json()
    expect(error.code).toBe('busy')
    expect(error.issues[0].field).toBe('password')
    expect(error.message).toBe(
      'password: the server is busy checking other passwords; try again in 5 seconds',
    )
    expect(await countRows(env.ctx, 'accounts')).toBe(before)
    // Once the line is free again, the same sign-in goes through, not counted as a failed attempt.
    Object.assign(HASH_LIMITS, limits)
    expect((await c.request('/login', { form: { login: 'learner', password: 'demo1234' } })).status).toBe(303)
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

  it('checks in a process of its own that ends when idle, giving its memory back, and starts again when needed', async () => {
    const idleMs = STRENGTH.idleMs
    STRENGTH.idleMs = 50
    try {
      expect(await weakness('12345678', [])).toBe('common')
      expect(strengthCheckerRunning()).toBe(true)
      await vi.waitFor(() => expect(strengthCheckerRunning()).toBe(false), { timeout: 5000 })
      // Several at once after a restart: each gets its own answer.
      expect(
        await Promise.all([
          weakness('aaaaaaaaaa', []),
          weakness('suoi-nam-rom-mua-xuan', []),
          weakness('minh2024', ['Lò Văn Minh']),
        ]),
      ).toEqual(['pattern', null, 'personal'])
    } finally {
      STRENGTH.idleMs = idleMs
    }
  })

  it('elsewhere, hashes beside a running checker and leaves it running for the next sign-ups', async () => {
    expect(hashesGiveWay.on).toBe(false)
    expect(await weakness('12345678', [])).toBe('common')
    await hashPassword('suoi-nam-rom-mua-dong', 10)
    expect(strengthCheckerRunning()).toBe(true)
  })

  it('on a hub, ends the checker before a password is hashed, so that the two do not take memory at once', async () => {
    hashesGiveWay.on = true
    onTestFinished(() => {
      hashesGiveWay.on = false
    })
    expect(await weakness('12345678', [])).toBe('common')
    expect(strengthCheckerRunning()).toBe(true)
    // Without a hash it would stay STRENGTH.idleMs (1 s); a hash ends it first, then runs.
    const hash = await hashPassword('suoi-nam-rom-mua-he', 10)
    expect(strengthCheckerRunning()).toBe(false)
    expect(await verifyPassword('suoi-nam-rom-mua-he', hash)).toBe(true)
    // The next check starts it again, with the same answers.
    expect(await weakness('minh2024', ['Lò Văn Minh'])).toBe('personal')
  })

  it('on a hub, hashes after the checks already sent, or after HASH_LIMITS.checkerWaitMs when they go on', async () => {
    hashesGiveWay.on = true
    onTestFinished(() => {
      hashesGiveWay.on = false
    })
    const wait = HASH_LIMITS.checkerWaitMs
    try {
      // However busy the machine, the 40 checks end within this.
      HASH_LIMITS.checkerWaitMs = 60_000
      let answered = 0
      const checks = Array.from({ length: 40 }, (_, i) =>
        weakness(`hoc-mat-khau-${i}-doi-nui`, []).then((why) => {
          answered++
          return why
        }),
      )
      await hashPassword('suoi-nam-rom-mua-thu', 10)
      // The hash waited for every check sent before it, and the checker then ended.
      expect(answered).toBe(40)
      expect(strengthCheckerRunning()).toBe(false)
      expect(await Promise.all(checks)).toEqual(Array(40).fill(null))

      HASH_LIMITS.checkerWaitMs = 20
      answered = 0
      const more = Array.from({ length: 40 }, (_, i) =>
        weakness(`hoc-mat-khau-${i}-doi-che`, []).then(() => answered++),
      )
      await hashPassword('suoi-nam-rom-mua-thu', 10)
      // 40 checks take over a second: the hash did not wait for them all.
      expect(answered).toBeLessThan(40)
      await Promise.all(more)
    } finally {
      HASH_LIMITS.checkerWaitMs = wait
    }
  })
})
