import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, person, seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { currentUserByLogin, purgeExpiredSessions, revokeRole } from './people.service.ts'
import { PROVINCE_CODE } from './policy.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
})
afterAll(() => env.close())

describe('sessions in the database', () => {
  it('keeps only a hash of the token, and sets an HttpOnly, SameSite=Lax cookie', async () => {
    const c = new Client(env.app)
    const res = await c.login('learner')
    const cookie = res.headers.getSetCookie().find((s) => s.startsWith('hocso_session='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const token = c.cookies.get('hocso_session')!
    const rows = await env.ctx.db.selectFrom('sessions').select('id').execute()
    expect(rows.map((r) => r.id)).not.toContain(token)
  })

  it('refuses an expired session, and deletes expired ones at start-up', async () => {
    const c = new Client(env.app)
    await c.login('ambassador')
    expect(await (await c.request('/')).text()).toContain('Đăng xuất')
    const before = await countRows(env.ctx, 'sessions')
    const realNow = env.ctx.now
    env.ctx.now = () => new Date(Date.now() + (env.ctx.config.sessionDays + 1) * 86_400_000)
    try {
      expect(await (await c.request('/')).text()).not.toContain('Đăng xuất')
      await purgeExpiredSessions(env.ctx)
      expect(await countRows(env.ctx, 'sessions')).toBe(0)
    } finally {
      env.ctx.now = realNow
    }
    expect(before).toBeGreaterThan(0)
  })

  it('ends the session on sign-out', async () => {
    const c = new Client(env.app)
    await c.login('officer')
    const before = await countRows(env.ctx, 'sessions')
    const out = await c.request('/logout', { form: {} })
    expect(out.status).toBe(303)
    expect(await countRows(env.ctx, 'sessions')).toBe(before - 1)
    expect((await c.request('/admin/people')).status).toBe(303)
  })

  it('reads the person with every live role, and keeps signed in a person whose roles were all taken back', async () => {
    const p = await person(env.ctx, { role: 'commune_officer', place: PROVINCE_CODE })
    const admin = (await currentUserByLogin(env.ctx, 'admin'))!
    const c = new Client(env.app)
    await c.login(p.login, p.password)
    const home = async () => (await c.request('/')).text()
    expect(await home()).toContain('href="/admin/people"')
    await revokeRole(env.ctx, admin, (await p.user()).roles[0]!.id)
    const page = await home()
    expect(page).toContain('Đăng xuất')
    expect(page).not.toContain('href="/admin/people"')
  })
})
