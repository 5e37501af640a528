import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AppError } from '../src/core/errors.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { registerFactKind } from '../src/domains/facts/facts.service.ts'
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

void countRows
