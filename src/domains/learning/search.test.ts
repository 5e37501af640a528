import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv } from '../../../test/harness.ts'
import { learningEnv, visibleText } from './learning.fixtures.ts'
import { fold, queryTerms, snippet } from './search.fold.ts'

let env: TestEnv
let c: Client
beforeAll(async () => {
  env = await learningEnv()
  c = new Client(env.app)
})
afterAll(() => env.close())

const find = async (q: string) => {
  const res = await c.request(`/search?q=${encodeURIComponent(q)}`)
  expect(res.status).toBe(200)
  return res.text()
}
const titles = (html: string) =>
  [...html.matchAll(/<h2 class="lp-card-title"[^>]*><a href="([^"]+)">/g)].map((m) =>
    m[1]!.replace(/\?lang=.*/, ''),
  )

describe('folding', () => {
  it('lowers case, removes accents and folds đ to d, one character for one', () => {
    expect(fold('Đăng ký VNeID')).toBe('dang ky vneid')
    expect(fold('ĐIỆN BIÊN PHỦ')).toBe('dien bien phu')
    expect(fold('Sécurité à l’école')).toBe('securite a l’ecole')
    expect(fold('ꪀꪁꪂ')).toBe('ꪀꪁꪂ')
    const s = 'Người dân Mường Chà học số'
    expect(fold(s)).toHaveLength(s.normalize('NFC').length)
    // Decomposed input (NFD, as some keyboards send it) folds the same way.
    expect(fold('Đăng ký'.normalize('NFD'))).toBe('dang ky')
  })

  it('keeps only words from a query: no operators or quotes reach the engine', () => {
    expect(queryTerms('"dang" NEAR( ky* -vneid')).toEqual({
      terms: ['dang', 'near', 'ky', 'vneid'],
      truncated: false,
    })
    expect(queryTerms('"!!!')).toEqual({ terms: [], truncated: false })
    expect(queryTerms('x '.repeat(2500)).truncated).toBe(true)
  })

  it('marks the matches in the original text, accents kept', () => {
    const segs = snippet('Hướng dẫn Đăng ký VNeID trên điện thoại', ['dang', 'ky', 'vneid'])
    expect(segs.filter((s) => s.mark).map((s) => s.text)).toEqual(['Đăng', 'ký', 'VNeID'])
    expect(segs.map((s) => s.text).join('')).toBe('Hướng dẫn Đăng ký VNeID trên điện thoại')
  })
})

describe('GET /search', () => {
  it('finds "Đăng ký VNeID" typed without diacritics, in any case, or with them', async () => {
    for (const q of ['dang ky vneid', 'DANG KY VNEID', 'Đăng ký VNeID', 'dang ky vne']) {
      const html = await find(q)
      expect(titles(html)[0]).toBe('/courses/vneid-basics')
      expect(html).toContain('<mark>Đăng</mark> <mark>ký</mark> <mark>VNeID</mark>')
    }
  })

  it('searches lesson texts in every language and shows a highlighted snippet', async () => {
    const otp = await find('ma otp')
    expect(titles(otp)).toEqual(
      expect.arrayContaining(['/courses/vneid-basics/02-register', '/courses/vneid-basics/03-safety']),
    )
    expect(otp).toContain('<mark>mã</mark> <mark>OTP</mark>')
    const fr = await find('boutique officielle')
    expect(titles(fr)[0]).toBe('/courses/vneid-basics/01-install')
    expect(fr).toContain('href="/courses/vneid-basics/01-install?lang=fr"')
    const hmong = visibleText(await find('placeholder latin'))
    expect(hmong).toContain('[TEST FIXTURE] Hmong placeholder title')
    const tai = await find('ꪀꪁꪂ')
    expect(titles(tai)).toContain('/courses/vneid-basics/01-install')
    expect(tai).toMatch(/<link rel="stylesheet" href="\/static\/taiviet\.[0-9a-f]+\.css"/)
  })

  it('ranks a match in a title above a match in a text', async () => {
    const html = await find('kiem tra tien')
    expect(titles(html)).toEqual(['/courses/market-sales/02-check-money', '/courses/market-sales'])
  })

  it('answers empty, absurd and hostile queries with a helpful page, never an error', async () => {
    expect(visibleText(await find(''))).toContain('Gõ vài chữ về điều bạn muốn học')
    for (const q of ['"', '!!!???', '***', '()'])
      expect(visibleText(await find(q))).toContain('Không tìm thấy chữ nào')
    for (const q of ['NEAR(', '"dang', 'dang AND ky OR NOT', 'ky:*', "'; drop table courses; --", 'xyzzy']) {
      const text = visibleText(await find(q))
      expect(text).toMatch(/kết quả/)
    }
    expect(visibleText(await find('xyzzy'))).toContain('Không có kết quả')
    const long = visibleText(await find('a'.repeat(5000)))
    expect(long).toContain('Câu tìm kiếm quá dài')
    const echoed = await find('<script>alert(1)</script>')
    expect(echoed).not.toContain('<script>alert(1)')
    expect((await env.app.request(`/search?q=${'%FF'.repeat(3)}`)).status).toBeLessThan(500)
  })
})
