import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv } from '../../../test/harness.ts'
import { learningEnv, visibleText } from './learning.fixtures.ts'

let env: TestEnv
beforeAll(async () => {
  env = await learningEnv()
})
afterAll(() => env.close())

const TAIVIET_CSS = /<link rel="stylesheet" href="\/static\/taiviet\.[0-9a-f]+\.css"/

describe('content languages', () => {
  it('shows a translation when it exists, with its lang attribute', async () => {
    const html = await (await new Client(env.app).request('/courses/vneid-basics/01-install?lang=fr')).text()
    expect(html).toContain('<article class="lesson" lang="fr"><h1>Installer l&#39;application VNeID</h1>')
    expect(html).not.toContain('class="notice" role="note"')
  })

  it('is a standards-mode page that says what it is about, with its pictures sized before they load', async () => {
    const html = await (await new Client(env.app).request('/courses/vneid-basics/01-install?lang=fr')).text()
    // Without the doctype the browser laid every page out in quirks mode.
    expect(html.startsWith('<!doctype html><html lang="vi">')).toBe(true)
    expect(html).toContain(
      '<meta name="description" content="Installer VNeID, créer un compte de niveau 1 et protéger son compte."/>',
    )
    expect(html).toMatch(
      /<img src="\/media\/vneid-basics\/img\/01-store\.svg\?v=[0-9a-f]{10}" alt="La boutique d'applications et sa barre de recherche" width="120" height="80" loading="lazy" decoding="async">/,
    )
    const home = await (await new Client(env.app).request('/')).text()
    expect(home.startsWith('<!doctype html>')).toBe(true)
    expect(home).toContain(
      '<meta name="description" content="Học kỹ năng số miễn phí, bằng tiếng của bạn, cả khi không có mạng."/>',
    )
  })

  it('falls back to Vietnamese and says so in the interface language', async () => {
    const c = new Client(env.app)
    c.cookies.set('hocso_lang', 'en')
    const html = await (await c.request('/courses/vneid-basics/03-safety?lang=fr')).text()
    expect(html).toContain('<article class="lesson" lang="vi"><h1>Giữ tài khoản an toàn</h1>')
    expect(visibleText(html)).toContain(
      'This lesson is not yet available in French. Showing the Vietnamese version.',
    )
    c.cookies.set('hocso_lang', 'fr')
    const fr = visibleText(await (await c.request('/courses/vneid-basics/03-safety?lang=hnj')).text())
    expect(fr).toContain('Cette leçon n’existe pas encore en hmong. Voici la version vietnamienne.')
    // The choice is remembered for the next pages.
    expect(c.cookies.get('hocso_clang')).toBe('hnj')
    expect(visibleText(await (await c.request('/courses/vneid-basics/02-register')).text())).toContain(
      '[TEST FIXTURE] Hmong placeholder title',
    )
  })

  it('links the Tai Viet font only on pages with Tai Viet text', async () => {
    const c = new Client(env.app)
    const tai = await (await c.request('/courses/vneid-basics/01-install?lang=blt')).text()
    expect(tai).toMatch(TAIVIET_CSS)
    expect(tai).toContain('<article class="lesson" lang="blt">')
    expect(tai).toContain('ꪀꪁꪂꪃ ꪄꪅꪆ ꪇꪈꪉ')
    const vi = await (await c.request('/courses/vneid-basics/01-install?lang=vi')).text()
    expect(vi).not.toMatch(TAIVIET_CSS)
    const fr = await (await c.request('/courses/vneid-basics?lang=fr')).text()
    expect(fr).not.toMatch(TAIVIET_CSS)
    // The Tai Dam course title on the course page needs the font too.
    expect(await (await c.request('/courses/vneid-basics?lang=blt')).text()).toMatch(TAIVIET_CSS)
  })

  it('plays the lesson audio and serves pictures with their type and a year of caching', async () => {
    const c = new Client(env.app)
    const html = await (await c.request('/courses/vneid-basics/01-install?lang=vi')).text()
    const audio = /<audio controls="" preload="none" src="([^"]+)"/.exec(html)?.[1]
    expect(audio).toMatch(/^\/media\/vneid-basics\/audio\/01-install\.vi\.wav\?v=[0-9a-f]{10}$/)
    const img = /<img src="([^"]+)" alt="Màn hình kho ứng dụng với ô tìm kiếm"/.exec(html)?.[1]
    expect(img).toMatch(/^\/media\/vneid-basics\/img\/01-store\.svg\?v=[0-9a-f]{10}$/)
    const pic = await env.app.request(img!)
    expect(pic.status).toBe(200)
    expect(pic.headers.get('content-type')).toBe('image/svg+xml')
    expect(pic.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    // An SVG opened on its own runs no inline script: the site's policy allows scripts from itself only.
    expect(pic.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(pic.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await pic.text()).toContain('<svg')
    const snd = await env.app.request(audio!, { headers: { range: 'bytes=0-43' } })
    expect(snd.status).toBe(206)
    expect(snd.headers.get('content-type')).toBe('audio/wav')
    expect(snd.headers.get('content-range')).toBe('bytes 0-43/1644')
    expect((await snd.arrayBuffer()).byteLength).toBe(44)
    // Nothing outside the course folder, and no other kinds of file.
    for (const bad of [
      '/media/vneid-basics/../02-market-sales/course.yaml',
      '/media/vneid-basics/course.yaml',
      '/media/vneid-basics/%2e%2e/%2e%2e/package.json',
      '/media/nope/img/01-store.svg',
    ]) {
      expect((await env.app.request(bad)).status).toBe(404)
    }
  })
})

describe('catalogue', () => {
  it('filters by audience, language, topic and competency', async () => {
    const c = new Client(env.app)
    const slugs = async (q: string) =>
      [
        ...(await (await c.request(`/courses${q}`)).text()).matchAll(
          /<h2 class="lp-card-title"><a href="\/courses\/([^"]+)"/g,
        ),
      ].map((m) => m[1])
    expect(await slugs('')).toEqual(['vneid-basics', 'market-sales'])
    expect(await slugs('?audience=trader_farmer')).toEqual(['market-sales'])
    expect(await slugs('?lang=blt')).toEqual(['vneid-basics'])
    expect(await slugs('?lang=en')).toEqual(['market-sales'])
    expect(await slugs('?topic=payments')).toEqual(['market-sales'])
    // The topic keywords of the content are offered by their names in the interface language.
    const page = await (await c.request('/courses')).text()
    expect(page).toContain('<option value="payments">thanh toán</option>')
    expect(page).not.toMatch(/<option value="payments">payments</)
    expect(await slugs('?competency=information_data&audience=citizen')).toEqual(['vneid-basics'])
    expect(await slugs('?audience=pupil')).toEqual([])
    const bad = await c.request('/courses?audience=aliens')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('audience: must be one of citizen, official, trader_farmer, pupil')
  })
})
