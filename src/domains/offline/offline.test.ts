import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { assetUrl } from '../../web/assets.ts'
import { importContent } from '../learning/content.import.ts'
import { wireBytes } from './offline.fixtures.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  // The demo course, imported from a folder holding only it.
  const root = mkdtempSync(join(tmpdir(), 'hocso-offline-'))
  cpSync(resolve('content/04-paying-without-cash'), join(root, '04-paying-without-cash'), { recursive: true })
  await importContent(env.ctx, root)
})

/** A new learner, signed up through the real form and signed in. */
async function learner(): Promise<{ c: Client; id: string }> {
  const c = new Client(env.app)
  const phone = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  const res = await c.request('/signup', {
    form: { display_name: 'Lò Văn Thử', phone, password: 'hoc-so-2026', consent: 'on' },
  })
  expect(res.status).toBe(303)
  const row = await env.ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('phone', '=', phone)
    .executeTakeFirstOrThrow()
  return { c, id: row.id }
}
afterAll(() => env.close())

/** The JSON configuration the server prepends to sw.js. */
function workerConf(body: string): { version: string; shell: string[]; pages: string[]; outbox: string } {
  const m = /^self\.HOCSO_SW = (.*);\n/.exec(body)
  if (!m) throw new Error(`no configuration line in: ${body.slice(0, 80)}`)
  return JSON.parse(m[1]!)
}

describe('the service worker', () => {
  it('is served from the root, never cached without revalidation, with its scope allowed', async () => {
    const res = await new Client(env.app).request('/sw.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('service-worker-allowed')).toBe('/')
    const body = await res.text()
    expect(body).toMatch(/sw\.addEventListener\(["']fetch["']/)
    const again = await new Client(env.app).request('/sw.js', {
      headers: { 'if-none-match': res.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
  })

  it('precaches the hashed shell, and every URL of it is served immutable', async () => {
    const c = new Client(env.app)
    const conf = workerConf(await (await c.request('/sw.js')).text())
    expect(conf.shell).toContain(assetUrl('app.css'))
    expect(conf.shell).toContain(assetUrl('outbox.js'))
    expect(conf.shell).toContain(assetUrl('offline.js'))
    expect(conf.shell).toContain(assetUrl('downloads.js'))
    expect(conf.shell.some((u) => u.includes('/sw.'))).toBe(false)
    expect(conf.shell.some((u) => u.endsWith('.ttf'))).toBe(false)
    expect(conf.outbox).toBe(assetUrl('outbox.js'))
    expect(conf.pages).toEqual(['/offline', '/downloads'])
    for (const url of [...conf.shell, ...conf.pages]) {
      const res = await c.request(url)
      expect(res.status, url).toBe(200)
      if (url.startsWith('/static/'))
        expect(res.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable')
    }
  })
})

describe('the web app manifest', () => {
  it('is Vietnamese by default, installable (start URL, standalone, icons that exist)', async () => {
    const c = new Client(env.app)
    const res = await c.request('/manifest.webmanifest')
    expect(res.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8')
    const m = await res.json()
    expect(m).toMatchObject({
      lang: 'vi',
      name: 'Bình dân học vụ số · hocso',
      short_name: 'hocso',
      start_url: '/?source=app',
      scope: '/',
      display: 'standalone',
      theme_color: '#0b6e4f',
    })
    const sizes = m.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)
    expect(sizes).toEqual(['192x192 any', '512x512 any', '512x512 maskable', 'any any'])
    for (const icon of m.icons) {
      const r = await c.request(icon.src)
      expect(r.status, icon.src).toBe(200)
      expect(r.headers.get('content-type'), icon.src).toBe(icon.type)
    }
  })

  it('speaks French when asked, and falls back to Vietnamese for an unknown language', async () => {
    const c = new Client(env.app)
    expect((await (await c.request('/manifest.webmanifest?lang=fr')).json()).name).toBe(
      'Éducation numérique pour tous · hocso',
    )
    expect((await (await c.request('/manifest.webmanifest?lang=xx')).json()).lang).toBe('vi')
  })
})

describe('pages of the offline app', () => {
  it('every page links the manifest, loads the outbox first, and carries the offline banner texts', async () => {
    const html = await (await new Client(env.app).request('/')).text()
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"/>')
    const outbox = html.indexOf(assetUrl('outbox.js'))
    const glue = html.indexOf(assetUrl('offline.js'))
    expect(outbox).toBeGreaterThan(0)
    expect(glue).toBeGreaterThan(outbox)
    expect(html).toContain(`data-downloads="${assetUrl('downloads.js')}"`)
    const banner = /<div class="offline-banner"[^>]*data-text="([^"]*)"/.exec(html)
    const text = JSON.parse(banner![1]!.replaceAll('&quot;', '"'))
    expect(text['offline.pending']).toEqual({ other: '{count} bản ghi đang chờ gửi.' })
  })

  it('the banner tells the outbox who is signed in (nobody: empty), so records never change hands', async () => {
    expect(await (await new Client(env.app).request('/downloads')).text()).toContain('data-account=""')
    const { c, id } = await learner()
    expect(await (await c.request('/downloads')).text()).toContain(`data-account="${id}"`)
  })

  it('the offline page says the page is not saved and leads to the downloads', async () => {
    const c = new Client(env.app)
    await c.request('/lang/en')
    const html = await (await c.request('/offline')).text()
    expect(html).toContain('You are offline and this page is not saved on this device.')
    expect(html).toContain('href="/downloads"')
  })

  it('"my downloads" is open to everyone (it shows this device) and sent compressed', async () => {
    const res = await new Client(env.app).request('/downloads', { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')
    expect(html).toContain('<h1>Tải về của tôi</h1>')
    expect(html).toContain('id="outbox"')
    expect(html).toContain('data-action="flush"')
  })
})

describe('the course download list', () => {
  it('lists the course page, every lesson and quiz in the language and in Vietnamese, and their pictures', async () => {
    const c = new Client(env.app)
    const res = await c.request('/api/offline/courses/paying-without-cash?lang=fr')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const m = await res.json()
    expect(m).toMatchObject({
      course: 'paying-without-cash',
      lang: 'fr',
      url: '/courses/paying-without-cash',
    })
    expect(m.title).toBe('Payer sans argent liquide')
    const urls: string[] = m.files.map((f: { url: string }) => f.url)
    expect(new Set(urls).size).toBe(urls.length)
    expect(urls[0]).toBe('/courses/paying-without-cash')
    for (const key of ['01-open-account', '05-mistaken-transfer']) {
      expect(urls).toContain(`/courses/paying-without-cash/${key}`)
      expect(urls).toContain(`/courses/paying-without-cash/${key}?lang=vi`)
      expect(urls).toContain(`/courses/paying-without-cash/${key}/quiz`)
      expect(urls).toContain(`/courses/paying-without-cash/${key}/quiz?lang=vi`)
    }
    expect(urls.filter((u) => u.startsWith('/media/paying-without-cash/img/')).length).toBeGreaterThanOrEqual(
      7,
    )
    expect(m.bytes).toBeGreaterThan(10_000)
    const again = await (await c.request('/api/offline/courses/paying-without-cash?lang=fr')).json()
    expect(again.version).toBe(m.version)
  })

  it('in Vietnamese lists each page once, and another language gives another version', async () => {
    const c = new Client(env.app)
    const vi = await (await c.request('/api/offline/courses/paying-without-cash?lang=vi')).json()
    const fr = await (await c.request('/api/offline/courses/paying-without-cash?lang=fr')).json()
    const pages = vi.files.map((f: { url: string }) => f.url).filter((u: string) => u.startsWith('/courses/'))
    expect(pages.some((u: string) => u.includes('?lang='))).toBe(false)
    expect(vi.files.map((f: { url: string }) => f.url)).toContain(
      '/offline/courses/paying-without-cash/quizzes?lang=vi',
    )
    expect(vi.version).not.toBe(fr.version)
  })

  it('every URL of the list answers 200 to a signed-in learner, and media sizes are exact', async () => {
    const { c, id } = await learner()
    const m = await (await c.request('/api/offline/courses/paying-without-cash?lang=fr')).json()
    for (const f of m.files as { url: string; bytes?: number }[]) {
      const res = await c.request(f.url, { headers: { 'x-hocso-offline-download': '1' } })
      expect(res.status, f.url).toBe(200)
      if (f.bytes !== undefined) expect((await res.arrayBuffer()).byteLength, f.url).toBe(f.bytes)
    }
    // Downloading is not reading: no lesson was recorded as opened.
    const opened = await env.ctx.db
      .selectFrom('facts')
      .select('id')
      .where('subject_id', '=', id)
      .where('kind', '=', 'lesson_opened')
      .execute()
    expect(opened).toEqual([])
    // A real visit still is.
    await c.request('/courses/paying-without-cash/01-open-account')
    const after = await env.ctx.db
      .selectFrom('facts')
      .select('id')
      .where('subject_id', '=', id)
      .where('kind', '=', 'lesson_opened')
      .execute()
    expect(after).toHaveLength(1)
  })

  it('announces before the download a size within 10% of the bytes it then takes, quiz pages included', async () => {
    const signedIn = (await learner()).c
    // Signed in (a fuller menu) and signed out, in Vietnamese and in French with the Vietnamese beside.
    for (const [c, lang] of [
      [signedIn, 'vi'],
      [signedIn, 'fr'],
      [new Client(env.app), 'vi'],
    ] as const) {
      const m = await (await c.request(`/api/offline/courses/paying-without-cash?lang=${lang}`)).json()
      const files = m.files as { url: string }[]
      expect(files.filter((f) => /\/quiz(\?|$)/.test(f.url)).length, lang).toBeGreaterThanOrEqual(5)
      const got = await wireBytes(c, files)
      expect(Math.abs(m.bytes - got) / got, `${lang}: announced ${m.bytes}, downloaded ${got}`).toBeLessThan(
        0.1,
      )
    }
  })

  it('the quiz answer key holds every quiz with its answers, the pass mark and the feedback texts', async () => {
    const c = new Client(env.app)
    const k = await (await c.request('/offline/courses/paying-without-cash/quizzes?lang=vi')).json()
    expect(k.passMark).toBe(70)
    expect(k.lessons.map((l: { key: string }) => l.key)).toEqual([
      '01-open-account',
      '02-scan-vietqr',
      '03-receive-with-qr',
      '04-check-money-arrived',
      '05-mistaken-transfer',
    ])
    expect(k.lessons[0].next).toBe('/courses/paying-without-cash/02-scan-vietqr')
    expect(k.lessons[4].next).toBeNull()
    for (const l of k.lessons) expect(l.questions.length, l.key).toBeGreaterThan(0)
    expect(k.texts['learning.right']).not.toBe('learning.right')
    expect(k.texts['learning.passed']).toContain('{score}')
  })

  it('refuses an unknown language naming the field, and an unknown course with 404', async () => {
    const c = new Client(env.app)
    const bad = await c.request('/api/offline/courses/paying-without-cash?lang=xx')
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toMatch(/^lang: /)
    const none = await c.request('/api/offline/courses/no-such-course')
    expect(none.status).toBe(404)
  })
})
