import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  // The spine's part of the demo (villages and demo accounts), without the other domains' activity.
  await seedPlacesAndPeople(env.ctx)
})
afterAll(() => env.close())

describe('sign-in', () => {
  it('signs in with a demo account and shows the menu of the role', async () => {
    const c = new Client(env.app)
    await c.login('officer')
    const html = await (await c.request('/')).text()
    expect(html).toContain('Đăng xuất')
    expect(html).toContain('href="/admin/people"')
  })

  it('refuses a wrong password with a message naming the field', async () => {
    const c = new Client(env.app)
    const res = await c.request('/login', { form: { login: 'learner', password: 'wrong-password' } })
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('login: wrong phone number, username or password')
  })

  it('makes an account wait after 5 failures from one address, even with the right password', async () => {
    const c = new Client(env.app)
    for (let i = 0; i < 5; i++) {
      const r = await c.request('/login', { json: { login: 'trainer', password: `bad-${i}` } })
      expect(r.status).toBe(401)
    }
    const waiting = await c.request('/login', { json: { login: 'trainer', password: 'demo1234' } })
    expect(waiting.status).toBe(429)
    expect((await waiting.json()).error.message).toMatch(/too many failed attempts; try again in 1 second/)
  })

  it('rejects a form without the CSRF token', async () => {
    const c = new Client(env.app)
    await c.request('/login')
    const res = await env.app.request('/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `hocso_csrf=${c.cookies.get('hocso_csrf')}`,
      },
      body: 'login=learner&password=demo1234',
    })
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('_csrf')
  })

  it('rejects a JSON post from another origin', async () => {
    const res = await env.app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ login: 'learner', password: 'demo1234' }),
    })
    expect(res.status).toBe(403)
  })
})

describe('sign-up', () => {
  it('creates a learner and signs them in', async () => {
    const c = new Client(env.app)
    const res = await c.request('/signup', {
      form: {
        display_name: 'Lò Văn Minh',
        phone: '+84 912 000 111',
        password: 'mat-khau-123',
        consent: 'on',
      },
    })
    expect(res.status).toBe(303)
    const row = await env.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('phone', '=', '0912000111')
      .executeTakeFirst()
    expect(row?.display_name).toBe('Lò Văn Minh')
    expect(row?.password_hash).toMatch(/^scrypt\$/)
    const consent = await env.ctx.db
      .selectFrom('consents')
      .selectAll()
      .where('account_id', '=', row!.id)
      .execute()
    expect(consent).toHaveLength(1)
  })

  it('names the bad field and writes nothing', async () => {
    const before = await env.ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const c = new Client(env.app)
    const res = await c.request('/signup', {
      json: { display_name: 'Lò\u0000Văn', phone: '12345', password: 'short', consent: true },
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    const fields = body.error.issues.map((i: { field: string }) => i.field)
    expect(fields).toEqual(expect.arrayContaining(['display_name', 'phone', 'password']))
    expect(body.error.message).toContain('phone: must be 10 digits starting with 0')
    const after = await env.ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('says the sign-up and sign-in errors in the reader’s language, with the exact error beside', async () => {
    const c = new Client(env.app)
    const res = await c.request('/signup', {
      form: { display_name: 'Lò Văn Pọm', phone: '0912', password: 'ngan', birth_year: '1850' },
    })
    expect(res.status).toBe(400)
    const text = (await res.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('Số điện thoại: cần 10 chữ số, bắt đầu bằng số 0 (hoặc +84 và 9 chữ số)')
    expect(text).toContain('Mật khẩu: cần ít nhất 8 ký tự')
    expect(text).toContain('Năm sinh: không được nhỏ hơn 1900')
    expect(text).toContain('Đồng ý: bạn cần đánh dấu ô đồng ý')
    expect(text).toContain('(password: must be at least 8 characters)')

    await c.request('/lang/fr')
    const fr = (
      await (await c.request('/login', { form: { login: 'learner', password: 'faux-mot-de-passe' } })).text()
    )
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
    expect(fr).toContain('Numéro de téléphone ou identifiant : numéro, identifiant ou mot de passe incorrect')

    await c.request('/lang/en')
    const en = await (
      await c.request('/login', { form: { login: 'learner', password: 'wrong-password' } })
    ).text()
    expect(en).toContain('Phone number or username: wrong phone number, username or password')
    expect(en).not.toContain('(login: wrong')
  })

  it('echoes bad input escaped on the HTML form', async () => {
    const c = new Client(env.app)
    const res = await c.request('/signup', {
      form: { display_name: '"><script>alert(1)</script>', phone: '0912', password: 'x', consent: 'on' },
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).not.toContain('<script>alert(1)</script>')
    expect(html).toContain('&lt;script&gt;')
  })

  it('refuses unknown fields, malformed JSON and a duplicate phone', async () => {
    const c = new Client(env.app)
    const unknown = await c.request('/signup', {
      json: {
        display_name: 'Giàng A Páo',
        phone: '0987000111',
        password: 'mat-khau-123',
        consent: true,
        is_admin: true,
      },
    })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).error.message).toContain('is_admin: unknown field')
    const malformed = await c.request('/signup', {
      body: '{"display_name":',
      headers: { 'content-type': 'application/json' },
    })
    expect(malformed.status).toBe(400)
    expect((await malformed.json()).error.code).toBe('malformed_json')
    const ok = { display_name: 'Giàng A Páo', phone: '0987000222', password: 'mat-khau-123', consent: true }
    expect((await c.request('/signup', { json: ok })).status).toBe(201)
    const dup = await new Client(env.app).request('/signup', { json: ok })
    expect(dup.status).toBe(409)
    expect((await dup.json()).error.message).toBe('phone: 0987000222 already has an account')
  })

  it('refuses an oversized body', async () => {
    const c = new Client(env.app)
    const res = await c.request('/signup', { json: { display_name: 'x'.repeat(2_000_000) } })
    expect(res.status).toBe(413)
  })
})

describe('assisted sign-up and roles', () => {
  it('lets an ambassador register a person in their village, with consent recorded', async () => {
    const c = new Client(env.app)
    await c.login('ambassador')
    const res = await c.request('/api/people', {
      json: { display_name: 'Mùa Thị Dở', place_code: '3166-001', consent: true },
    })
    expect(res.status).toBe(201)
    const { id } = await res.json()
    const consent = await env.ctx.db
      .selectFrom('consents')
      .selectAll()
      .where('account_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(consent.recorded_by).not.toBeNull()
  })

  it('refuses an ambassador registering in another village', async () => {
    const c = new Client(env.app)
    await c.login('ambassador')
    const res = await c.request('/api/people', {
      json: { display_name: 'Mùa Thị Dở', place_code: '3166-002', consent: true },
    })
    expect(res.status).toBe(403)
  })

  it('lets a commune officer grant roles in their commune only, with an audit record', async () => {
    const c = new Client(env.app)
    await c.login('officer')
    const learner = await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'learner')
      .executeTakeFirstOrThrow()
    const ok = await c.request('/admin/roles', {
      json: { account_id: learner.id, role: 'ambassador', scope_code: '3166-002' },
    })
    expect(ok.status).toBe(201)
    const other = await c.request('/admin/roles', {
      json: { account_id: learner.id, role: 'ambassador', scope_code: '3127' },
    })
    expect(other.status).toBe(403)
    const higher = await c.request('/admin/roles', {
      json: { account_id: learner.id, role: 'province_admin', scope_code: '3166' },
    })
    expect(higher.status).toBe(403)
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'role.grant')
      .execute()
    expect(audit.map((a) => JSON.parse(a.detail).scope)).toEqual(['3166-002'])
  })
})
