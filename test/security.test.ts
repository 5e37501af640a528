import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../src/core/errors.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { registerFactKind } from '../src/domains/facts/facts.service.ts'
import { createAccount } from '../src/domains/people/people.service.ts'
import { placeRef } from '../src/domains/places/places.service.ts'
import { countRows, seedPlacesAndPeople } from './factories.ts'
import { Client, type TestEnv, testEnv } from './harness.ts'

/**
 * Holes found by trying hocso as an attacker would (issue 14, holes 8 to 13), each kept closed by
 * a test that failed before the fix. Runs on SQLite and PostgreSQL like every test.
 */
let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
})
afterAll(() => env.close())

const as = async (login: string | null) => {
  const c = new Client(env.app)
  if (login) await c.login(login)
  return c
}

// A fact kind used only here: only an ambassador may note it (like help given in a village).
registerFactKind({
  kind: 'test_ambassador_note',
  data: z.object({ n: z.number().int().min(0) }).strict(),
  authorize: async (_ctx, user) => {
    if (!user) throw new AppError('unauthenticated', 'sign in to continue')
    if (!user.roles.some((r) => r.role === 'ambassador' || r.role === 'province_admin'))
      throw new AppError('forbidden', 'kind: only ambassadors note this')
    return { subjectId: null, placeCode: user.placeCode }
  },
})

describe('12. facts: authenticate at the door, authorise before reporting', () => {
  const note = (n: number) => ({
    id: uuidv7(),
    kind: 'test_ambassador_note',
    occurred_at: new Date().toISOString(),
    data: { n },
  })

  it('answers 401 to a signed-out batch before reading it, even a malformed one', async () => {
    const anonymous = await as(null)
    const bad = await anonymous.request('/api/facts', {
      body: '{"facts": [',
      headers: { 'content-type': 'application/json' },
    })
    expect(bad.status).toBe(401)
    expect((await bad.json()).error).toMatchObject({
      code: 'unauthenticated',
      message: 'sign in to continue',
    })
    const wrong = await anonymous.request('/api/facts', { json: { facts: 'nope' } })
    expect(wrong.status).toBe(401)
  })

  it('does not confirm a known fact to someone who may not record it, nor to another person', async () => {
    const ambassador = await as('ambassador')
    const f = note(7)
    expect(await (await ambassador.request('/api/facts', { json: { facts: [f] } })).json()).toEqual({
      stored: [f.id],
      rejected: [],
    })
    const learner = await as('learner')
    const probe = await (await learner.request('/api/facts', { json: { facts: [f] } })).json()
    expect(probe.stored).toEqual([])
    expect(probe.rejected).toEqual([
      { id: f.id, status: 403, code: 'forbidden', message: 'kind: only ambassadors note this' },
    ])
    const admin = await as('admin')
    const other = await (await admin.request('/api/facts', { json: { facts: [f] } })).json()
    expect(other.stored).toEqual([])
    expect(other.rejected[0]).toMatchObject({
      status: 403,
      message: `id: ${f.id} was recorded by another person`,
    })
    // The person who recorded it still gets 'stored' when the outbox sends it again.
    expect((await (await ambassador.request('/api/facts', { json: { facts: [f] } })).json()).stored).toEqual([
      f.id,
    ])
  })
})

describe('13. security headers on every answer', () => {
  it('sends a CSP with base-uri and form-action on pages, static files and the health check', async () => {
    const c = await as(null)
    const page = await c.request('/')
    const css = /href="(\/static\/[^"]+\.css)"/.exec(await page.text())![1]!
    for (const path of ['/', css, '/healthz', '/no-such-page']) {
      const res = await c.request(path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toContain("base-uri 'none'")
      expect(csp, path).toContain("form-action 'self'")
      expect(csp, path).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
    }
  })
})

describe('8. CSRF tokens bound to the session', () => {
  const post = (cookie: string, token: string, url = 'http://localhost/login') =>
    env.app.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: token, login: 'learner', password: 'demo1234' }).toString(),
    })

  it('refuses a planted cookie with a matching form field, and a 4-character token', async () => {
    const before = await countRows(env.ctx, 'sessions')
    const planted = 'A'.repeat(43)
    const res = await post(`hocso_csrf=${planted}`, planted)
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('biểu mẫu đã hết hạn hoặc được gửi từ trang khác')
    expect((await post('hocso_csrf=abcd', 'abcd')).status).toBe(403)
    expect((await post('hocso_csrf=abcd', '')).status).toBe(403)
    expect(await countRows(env.ctx, 'sessions')).toBe(before)
  })

  it('binds the token to the session: after sign-in, the token of before (or of another person) fails', async () => {
    const c = await as(null)
    const anonymousToken = c.csrf!
    await c.login('learner')
    const signedIn = await c.primeCsrf()
    expect(signedIn).not.toBe(anonymousToken)
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const logout = (token: string) =>
      env.app.request('/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ _csrf: token }).toString(),
      })
    expect((await logout(anonymousToken)).status).toBe(403)
    const other = await as('ambassador')
    expect((await logout(other.csrf ?? (await other.primeCsrf()))).status).toBe(403)
    expect((await logout(signedIn)).status).toBe(303)
  })

  it('keeps the pre-session id in a __Host- cookie over HTTPS', async () => {
    const res = await env.app.request('https://hocso.example/login')
    const set = res.headers.getSetCookie().find((h) => h.includes('hocso_csrf'))!
    expect(set).toMatch(/^__Host-hocso_csrf=[A-Za-z0-9_-]{43};/)
    expect(set).toMatch(/; Path=\//)
    expect(set).toMatch(/; Secure/)
    expect(set).not.toMatch(/Domain=/i)
    // A plain hocso_csrf cookie (as a sibling subdomain could plant) is not even read over HTTPS.
    const planted = 'B'.repeat(43)
    expect((await post(`hocso_csrf=${planted}`, planted, 'https://hocso.example/login')).status).toBe(403)
  })
})

describe('9. grants only to people within reach', () => {
  const idOf = async (username: string) =>
    (
      await env.ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id
  const writes = async () =>
    Promise.all([countRows(env.ctx, 'role_assignments'), countRows(env.ctx, 'audit_log')])

  it('refuses a commune officer granting a role to a person of another commune, or to the province admin', async () => {
    const stranger = await createAccount(
      env.ctx,
      { displayName: 'Lường Văn Xa', phone: '0987000901', placeCode: '3127' },
      [{ role: 'learner', scopeCode: '3127' }],
    )
    const officer = await as('officer')
    const before = await writes()
    const far = await officer.request('/admin/roles', {
      json: { account_id: stranger, role: 'ambassador', scope_code: '3166-002' },
    })
    expect(far.status).toBe(403)
    const body = (await far.json()).error
    const commune = (await placeRef(env.ctx, '3127')).name
    expect(body.message).toBe(`account_id: this person lives in ${commune}, outside the places you manage`)
    expect(body.issues[0].field).toBe('account_id')
    const admin = await officer.request('/admin/roles', {
      json: { account_id: await idOf('admin'), role: 'commune_officer', scope_code: '3166' },
    })
    expect(admin.status).toBe(403)
    expect((await admin.json()).error.message).toBe(
      'account_id: this person has no village or commune: only a province admin may give them a role',
    )
    // Nor through a group: adding to a group grants the ambassador role.
    const group = await officer.request('/groups/3166-001/members', { json: { account_id: stranger } })
    expect(group.status).toBe(403)
    expect((await group.json()).error.issues[0].field).toBe('account_id')
    expect(await writes()).toEqual(before)
    // In French, on the form page, the reason is said in the person's language.
    const fr = await as('officer')
    fr.cookies.set('hocso_lang', 'fr')
    const page = await fr.request('/admin/roles', {
      form: { account_id: stranger, role: 'ambassador', scope_code: '3166-002' },
    })
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('hors des lieux que vous gérez')
  })

  it('still lets the officer grant to a person of their commune, and the province admin to anyone', async () => {
    const officer = await as('officer')
    const ok = await officer.request('/admin/roles', {
      json: { account_id: await idOf('learner'), role: 'ambassador', scope_code: '3166-002' },
    })
    expect(ok.status).toBe(201)
    const admin = await as('admin')
    const far = await createAccount(
      env.ctx,
      { displayName: 'Lò Thị Gần', phone: '0987000902', placeCode: '3127' },
      [{ role: 'learner', scopeCode: '3127' }],
    )
    expect(
      (
        await admin.request('/admin/roles', {
          json: { account_id: far, role: 'ambassador', scope_code: '3127' },
        })
      ).status,
    ).toBe(201)
  })
})
