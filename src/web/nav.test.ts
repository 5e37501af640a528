import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../test/harness.ts'
import { BAR_SIZE } from './nav.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
})
afterAll(() => env.close())

/** The menu of a page as the person sees it: the bar, then what "more" holds. */
function menuOf(html: string): { bar: string[]; more: string[] } {
  const nav = /<nav class="menu"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? ''
  const [barPart, morePart = ''] = nav.split('<details class="more">')
  const hrefs = (s: string) => [...s.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!)
  return { bar: hrefs(barPart!), more: hrefs(morePart) }
}

describe('navigation on a phone', () => {
  const cases = [
    ['learner', '/courses', ['/courses', '/my', '/events/mine', '/my/certificates']],
    ['ambassador', '/help', ['/help', '/places', '/market', '/courses']],
    ['trainer', '/events/today', ['/events/today', '/places', '/courses', '/my']],
    ['officer', '/dashboard', ['/dashboard', '/events/today', '/help', '/places']],
    ['admin', '/dashboard', ['/dashboard', '/events/today', '/help', '/places']],
    ['translator', '/studio', ['/studio', '/voice', '/courses', '/my']],
  ] as const

  for (const [login, home, bar] of cases)
    it(`${login} lands on their daily work (${home}) and has ${BAR_SIZE} entries in the bar, the rest under "more"`, async () => {
      const c = new Client(env.app)
      const res = await c.login(login)
      expect(res.headers.get('location')).toBe(home)
      const menu = menuOf(await (await c.request('/courses')).text())
      expect(menu.bar).toEqual(bar)
      // Nothing twice, nothing lost: every entry is in the bar or one tap further.
      expect(new Set([...menu.bar, ...menu.more]).size).toBe(menu.bar.length + menu.more.length)
      if (login !== 'learner') expect(menu.more.length).toBeGreaterThan(0)
    })

  it('a page asked for before signing in still comes first', async () => {
    const c = new Client(env.app)
    const res = await c.request('/login?back=%2Fmarket', {
      form: { login: 'ambassador', password: 'demo1234' },
    })
    expect(res.headers.get('location')).toBe('/market')
  })

  it('shows only entries the policy opens: every one answers the person, none refuses them', async () => {
    for (const login of ['learner', 'ambassador', 'trainer', 'officer', 'admin', 'translator', 'editor']) {
      const c = new Client(env.app)
      await c.login(login)
      const { bar, more } = menuOf(await (await c.request('/courses')).text())
      for (const href of [...bar, ...more]) {
        const res = await c.request(href)
        expect([200, 303], `${login} ${href}`).toContain(res.status)
        if (res.status === 303)
          expect(res.headers.get('location'), `${login} ${href}`).not.toMatch(/^\/login/)
      }
    }
  })

  it('a visitor sees the courses, downloads and the certificate check, in Vietnamese', async () => {
    const html = await (await new Client(env.app).request('/courses')).text()
    expect(menuOf(html)).toEqual({ bar: ['/courses', '/downloads', '/verify'], more: [] })
    expect(html).toContain('>Khóa học</a>')
  })

  it('the organiser’s "today" opens the door check-in of the one training of the day', async () => {
    const c = new Client(env.app)
    await c.login('trainer')
    const now = Date.now()
    const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16)
    const none = await (await c.request('/events/today')).text()
    expect(none).toContain('Hôm nay không có buổi tập huấn nào do bạn tổ chức.')
    const created = await c.request('/events', {
      json: {
        title: 'Tập huấn AI hôm nay',
        kind: 'training',
        topic: 'ai_officials',
        sector: 'public_administration',
        audience: 'Cán bộ xã',
        place_code: '3166',
        starts_at: local(now + 60_000),
        ends_at: local(now + 2 * 60_000),
        capacity: 30,
        trainers: ['Giảng viên (demo)'],
      },
    })
    expect(created.status).toBe(201)
    const { id } = await created.json()
    const res = await c.request('/events/today')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/events/${id}/checkin`)
  })
})
