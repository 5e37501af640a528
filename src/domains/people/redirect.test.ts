import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await seedPlacesAndPeople(env.ctx)
})
afterAll(() => env.close())

// What a browser makes of each: it drops tabs and newlines, and reads `\` as `/` in http(s) URLs,
// so every one of these would leave the site (or, with CR/LF, split the header).
const HOSTILE = [
  '//evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  '/\t\\evil.example',
  '/\n/evil.example',
  '/\r\nSet-Cookie: hocso_session=x',
  '\\/evil.example',
  'https://evil.example/',
  '/x\u0000',
  ' /evil',
]

describe('back= after sign-in and a language change', () => {
  it('goes to another site for no form of back=: it falls back to the home page (after sign-in, the person’s own)', {
    timeout: 180_000,
  }, async () => {
    for (const back of HOSTILE) {
      const c = new Client(env.app)
      const lang = await c.request(`/lang/fr?back=${encodeURIComponent(back)}`)
      expect([back, lang.status, lang.headers.get('location')]).toEqual([back, 303, '/'])
      const login = await c.request(`/login?back=${encodeURIComponent(back)}`, {
        form: { login: 'learner', password: 'demo1234' },
      })
      // A learner's home after sign-in is the courses (decision 0180).
      expect([back, login.status, login.headers.get('location')]).toEqual([back, 303, '/courses'])
    }
  })

  it('follows a path of the site, with its query', async () => {
    const c = new Client(env.app)
    const res = await c.request(`/lang/en?back=${encodeURIComponent('/courses/ky-nang-so?tab=1#x')}`)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/courses/ky-nang-so?tab=1#x')
  })
})
