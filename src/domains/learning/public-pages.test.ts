import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { installOverlay } from '../../core/i18n.ts'
import { inTransaction } from '../../core/transaction.ts'
import { keepPublicPagesWithin, PUBLIC_CACHE, publicCacheStats } from '../../web/public-cache.ts'
import { currentLesson } from './catalogue.store.ts'
import { importContent } from './content.import.ts'
import { copyOfGood, visibleText } from './learning.fixtures.ts'
import { publishTranslation } from './studio.bridge.ts'

/**
 * Public pages kept rendered for signed-out visitors (decision 0195): the same page again from
 * memory, never stale after a change (a lesson imported, a translation approved, an interface
 * string approved), never someone else's, never with their cookie.
 */
// Fixture strings are marked "[hnj] …": never Hmong words.
let env: TestEnv
let dir: string
const LESSON = '/courses/market-sales/01-show-qr'
const get = (path: string, headers: Record<string, string> = {}) => env.app.request(path, { headers })
const text = async (r: Response) => visibleText(await r.text())
const kept = () => publicCacheStats(env.ctx)
/** The interface language chooser of a page. */
const chooser = async (r: Response) => /<nav class="langs"[\s\S]*?<\/nav>/.exec(await r.text())?.[0] ?? ''

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  dir = copyOfGood()
  await importContent(env.ctx, dir)
})
afterAll(async () => {
  installOverlay('hnj', {})
  installOverlay('blt', {})
  await env.close()
})

describe('public pages kept for signed-out visitors', () => {
  it('answers the same page again from memory, with a strong ETag, 304 when the visitor has it, gzip when taken, and the security headers', async () => {
    const first = await get(LESSON, { 'accept-encoding': 'gzip' })
    expect(first.status).toBe(200)
    expect(first.headers.get('content-encoding')).toBe('gzip')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{32}-gz"$/)
    expect(first.headers.get('cache-control')).toBe('no-cache')
    expect(first.headers.get('vary')).toBe('Accept-Encoding, Accept-Language, Cookie')
    expect(first.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(first.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(first.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    // A first visit gets its own form-token cookie, as on any page; the page does not show it.
    const mine = first.headers.getSetCookie().find((c) => c.startsWith('hocso_csrf='))
    expect(mine).toBeDefined()
    const html = gunzipSync(Buffer.from(await first.arrayBuffer())).toString('utf8')
    expect(visibleText(html)).toContain('In mã VietQR của bạn và dán ở quầy hàng.')
    expect(html).not.toContain('name="_csrf"')

    const hits = kept().hits
    const again = await get(LESSON, { 'accept-encoding': 'gzip' })
    expect(kept().hits).toBe(hits + 1)
    expect(again.headers.get('etag')).toBe(etag)
    expect(gunzipSync(Buffer.from(await again.arrayBuffer())).toString('utf8')).toBe(html)
    expect(again.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'))
    // Nobody gets another visitor's cookie.
    expect(again.headers.getSetCookie().join()).not.toContain(mine!.split(';')[0]!)

    const same = await get(LESSON, { 'accept-encoding': 'gzip', 'if-none-match': etag })
    expect(same.status).toBe(304)
    expect(await same.text()).toBe('')
    expect(same.headers.get('etag')).toBe(etag)

    // Without gzip: the same page, under the ETag of that form.
    const plain = await get(LESSON)
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('etag')).toBe(etag.replace('-gz"', '"'))
    expect(await plain.text()).toBe(html)
    expect((await get(LESSON, { 'if-none-match': etag })).status).toBe(200)
  })

  it('keeps pages within a number of bytes: the least recently read goes first, and is made again when asked', async () => {
    const OTHER = '/courses/market-sales/02-check-money'
    try {
      keepPublicPagesWithin(env.ctx, PUBLIC_CACHE.bytes)
      const first = await text(await get(LESSON))
      const one = kept().bytes
      expect(one).toBeGreaterThan(2000)
      // Room for about one and a half pages.
      const budget = Math.round(one * 1.5)
      keepPublicPagesWithin(env.ctx, budget)
      expect(await text(await get(LESSON))).toBe(first)
      expect(kept().size).toBe(1)
      const second = await text(await get(OTHER))
      // Locked until the first lesson is done, for a visitor as for anyone.
      expect(second).toContain('Kiểm tra tiền đã về Bài này chưa mở.')
      expect(kept()).toMatchObject({ size: 1, hits: 0 })
      expect(kept().bytes).toBeLessThanOrEqual(budget)
      // The first page went; asked again, it is made afresh, the same, and kept in place of the second.
      expect(await text(await get(LESSON))).toBe(first)
      expect(kept().hits).toBe(0)
      expect(await text(await get(LESSON))).toBe(first)
      expect(kept().hits).toBe(1)
      expect(await text(await get(OTHER))).toBe(second)
      expect(kept().hits).toBe(1)
      // A page heavier than the whole budget is answered, and not kept.
      keepPublicPagesWithin(env.ctx, 500)
      expect(await text(await get(LESSON))).toBe(first)
      expect(kept()).toMatchObject({ size: 0, bytes: 0 })
    } finally {
      keepPublicPagesWithin(env.ctx, PUBLIC_CACHE.bytes)
    }
  })

  it('shows a new version of a lesson at once, once imported', async () => {
    expect(await text(await get(LESSON))).not.toContain('Câu mới')
    const before = await get('/courses')
    expect(await text(before)).toContain('Bán hàng ở chợ với mã QR')
    appendFileSync(join(dir, '02-market-sales', '01-show-qr.vi.md'), '\nCâu mới của bài, phiên bản 2.\n')
    const course = join(dir, '02-market-sales', 'course.yaml')
    writeFileSync(
      course,
      readFileSync(course, 'utf8').replace('vi: Bán hàng ở chợ với mã QR', 'vi: Bán hàng ở chợ bằng mã QR'),
    )
    await importContent(env.ctx, dir)
    expect(await text(await get(LESSON))).toContain('Câu mới của bài, phiên bản 2.')
    const after = await text(await get('/courses'))
    expect(after).toContain('Bán hàng ở chợ bằng mã QR')
    expect(after).not.toContain('Bán hàng ở chợ với mã QR')
    expect(await text(await get('/courses/market-sales'))).toContain('Bán hàng ở chợ bằng mã QR')
  })

  it('shows a translation approved in the studio at once, to a visitor reading in that language', async () => {
    const reader = { cookie: 'hocso_clang=hnj' }
    const before = await text(await get(LESSON, reader))
    expect(before).toContain('Cho khách quét mã QR')
    expect(before).not.toContain('[hnj]')
    const lesson = await currentLesson(env.ctx.db, 'market-sales', '01-show-qr')
    await inTransaction(env.ctx, (tx) =>
      publishTranslation(tx.db, {
        slug: 'market-sales',
        lessonId: lesson!.id,
        lang: 'hnj',
        title: '[hnj] Cho khách quét mã QR',
        updated: '2026-12-06',
        bodyHtml: '<p>[hnj] In mã VietQR.</p>',
        audioUrl: null,
        questions: null,
        file: '01-show-qr.hnj.md',
      }),
    )
    const after = await text(await get(LESSON, reader))
    expect(after).toContain('[hnj] Cho khách quét mã QR')
    expect(after).toContain('[hnj] In mã VietQR.')
    // A reader in Vietnamese still gets the Vietnamese.
    expect(await text(await get(LESSON))).toContain('In mã VietQR của bạn và dán ở quầy hàng.')
  })

  it('shows an interface string approved in the studio at once, and offers its language', async () => {
    const hmong = { cookie: 'hocso_lang=hnj' }
    const before = await (await get(LESSON, hmong)).text()
    expect(before).toContain('<html lang="vi">') // nothing approved in Hmong yet
    expect(before).not.toContain('[hnj] nav.login')
    expect(await chooser(await get(LESSON))).not.toContain('Hmoob')
    const translator = new Client(env.app)
    await translator.login('translator')
    const editor = new Client(env.app)
    await editor.login('editor')
    const saved = await translator.request('/studio/interface/hnj/save', {
      form: { key: 'nav.login', text: '[hnj] nav.login', g: 'nav' },
    })
    expect(saved.status).toBeLessThan(400)
    const approved = await editor.request('/studio/interface/hnj/review', {
      form: { key: 'nav.login', decision: 'approve', reason: '' },
    })
    expect(approved.status).toBeLessThan(400)
    const after = await get(LESSON, hmong)
    const html = await after.text()
    expect(html).toContain('<html lang="hnj">')
    expect(visibleText(html)).toContain('[hnj] nav.login')
    // The chooser of every visitor now offers Hmong.
    expect(await chooser(await get(LESSON))).toContain('Hmoob')
  })

  it('never gives a signed-in person the page kept for signed-out visitors', async () => {
    const anonymous = await get(LESSON)
    expect(anonymous.headers.get('etag')).not.toBeNull()
    const learner = new Client(env.app)
    await learner.login('learner')
    const signedIn = await learner.request(LESSON)
    expect(signedIn.status).toBe(200)
    expect(signedIn.headers.get('etag')).toBeNull()
    const html = await signedIn.text()
    expect(html).toContain('name="lesson_id"')
    expect(html).toContain('action="/logout"')
    expect(html).toContain(`name="_csrf" value="${learner.csrf ?? ''}`)
    // Even with the signed-out page's ETag in hand.
    const again = await learner.request(LESSON, {
      headers: { 'if-none-match': anonymous.headers.get('etag')! },
    })
    expect(again.status).toBe(200)
    expect(await again.text()).toContain('action="/logout"')
    // A session cookie that names no session: answered afresh, and not kept.
    const size = kept().size
    const stale = await get(LESSON, { cookie: 'hocso_session=gone' })
    expect(stale.status).toBe(200)
    expect(stale.headers.get('etag')).toBeNull()
    expect(await text(stale)).toContain('In mã VietQR của bạn và dán ở quầy hàng.')
    expect(kept().size).toBe(size)
  })

  it('never keeps an answer that sets a cookie; the cookies a page depends on are in its key', async () => {
    const size = kept().size
    const chosen = await get(LESSON, { 'accept-language': 'en' })
    expect(chosen.status).toBe(200)
    // The content language chosen in the URL is remembered in a cookie: that answer is not kept.
    const withLang = await get(`${LESSON}?lang=en`)
    expect(withLang.headers.getSetCookie().some((c) => c.startsWith('hocso_clang=en'))).toBe(true)
    expect(withLang.headers.get('etag')).toBeNull()
    expect(await text(withLang)).toContain('Print your VietQR code and put it up at your stall.')
    expect(kept().size).toBe(size + 1) // only the page in English interface
    const again = await get(`${LESSON}?lang=en`)
    expect(again.headers.getSetCookie().some((c) => c.startsWith('hocso_clang=en'))).toBe(true)
    // With the cookie, the English lesson; without, the Vietnamese: each kept under its own key.
    const english = await text(await get(LESSON, { cookie: 'hocso_clang=en' }))
    expect(english).toContain('Print your VietQR code and put it up at your stall.')
    const vietnamese = await text(await get(LESSON))
    expect(vietnamese).toContain('In mã VietQR của bạn và dán ở quầy hàng.')
    expect(vietnamese).not.toContain('Print your VietQR code')
    expect(await text(await get(LESSON, { cookie: 'hocso_clang=en' }))).toContain('Print your VietQR code')
    // The interface language follows the browser's: English menus for an English browser.
    expect(await text(await get(LESSON, { 'accept-language': 'en' }))).toContain('Sign in')
    expect(await text(await get(LESSON, { 'accept-language': 'fr' }))).not.toContain('Sign in')
  })
})
