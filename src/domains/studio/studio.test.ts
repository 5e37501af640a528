import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { checkContent } from '../learning/content.check.ts'
import { importContent } from '../learning/content.import.ts'
import { copyOfGood, newLearner, visibleText } from '../learning/learning.fixtures.ts'
import { audioInfo } from './studio.audio-check.ts'
import { exportContent, importGlossaries } from './studio.export.ts'
import { draftFacts, fixtureText, testToneWav } from './studio.fixtures.ts'

const SLUG = 'vneid-basics'
const KEY = '01-install'
const BASE = `/studio/${SLUG}/${KEY}/hnj`
let env: TestEnv
let dir: string
let data: string
let translator: Client
let editor: Client
const big = { HOCSO_MAX_BODY_BYTES: String(20 * 1024 * 1024) }

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'hocso-studio-data-'))
  env = await testEnv({ config: { ...big, HOCSO_DATA_DIR: data } })
  await demoPeople(env.ctx)
  dir = copyOfGood()
  await importContent(env.ctx, dir)
  translator = new Client(env.app)
  await translator.login('translator')
  editor = new Client(env.app)
  await editor.login('editor')
})
afterAll(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(data, { recursive: true, force: true })
})

const upload = (c: Client, bytes: Uint8Array<ArrayBuffer>, name: string, type = 'audio/wav', path = BASE) =>
  c.request(`${path}/audio`, {
    multipart: { audio: new File([bytes], name, { type }) },
    headers: { accept: 'application/json' },
  })

describe('translation studio, from draft to learner', () => {
  it('takes a Hmong draft saved offline (sent late, twice, out of order) and keeps the latest per paragraph', async () => {
    const facts = await draftFacts(env, SLUG, KEY, 'hnj', new Date(Date.now() - 3_600_000))
    // An older typing of the title arrives after the newer one: it must not win.
    const older = {
      ...facts[0]!,
      id: uuidv7(Date.now() - 7_200_000),
      occurred_at: new Date(Date.now() - 7_200_000).toISOString(),
    }
    older.data = { ...older.data, text: '[TEST FIXTURE hnj] stale title' }
    for (let i = 0; i < 2; i++) {
      const r = await (await translator.request('/api/facts', { json: { facts } })).json()
      expect(r.rejected).toEqual([])
      expect(r.stored).toHaveLength(facts.length)
    }
    const late = await (await translator.request('/api/facts', { json: { facts: [older] } })).json()
    expect(late.stored).toEqual([older.id])
    const page = visibleText(await (await translator.request(BASE)).text())
    expect(page).toContain(fixtureText('hnj', 'title'))
    expect(page).not.toContain('stale title')
    expect(page).toContain('Mở kho ứng dụng chính thức trên điện thoại')
    expect(page).toContain('Bản nháp, chờ duyệt')
  })

  it('keeps a recording after checking it, with its length and size, and serves it with ranges', async () => {
    const res = await upload(translator, testToneWav(2.5), 'tone.wav')
    expect(res.status).toBe(201)
    const a = await res.json()
    expect(a).toMatchObject({ bytes: 20_044, duration_ms: 2500, mime: 'audio/wav' })
    const page = visibleText(await (await translator.request(BASE)).text())
    expect(page).toContain('Dài 0 min 03 s, 20 KB')
    const part = await translator.request(a.url, { headers: { range: 'bytes=0-11' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 0-11/20044')
    expect(new TextDecoder().decode(await part.arrayBuffer())).toBe('RIFFDN\0\0WAVE')
    const stored = await env.ctx.db.selectFrom('media_blobs').select(['key', 'size']).execute()
    expect(stored).toEqual([{ key: expect.stringMatching(/^studio\/vneid-basics\//), size: 20_044 }])
    // Not approved yet: a signed-out visitor and a learner are told it does not exist, as for any id.
    const stranger = await new Client(env.app).request(a.url)
    expect(stranger.status).toBe(404)
    expect((await stranger.text()).includes('RIFF')).toBe(false)
    const { c: learner } = await newLearner(env)
    expect((await learner.request(a.url)).status).toBe(404)
    expect((await editor.request(a.url)).status).toBe(200)
    expect((await translator.request(a.url)).headers.get('cache-control')).toMatch(/^private/)
  })

  it('refuses an upload that is not audio, too large or too long, clearly, and stores nothing', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(100).fill(0)])
    let r = await upload(translator, png, 'tone.webm', 'audio/webm')
    expect(r.status).toBe(400)
    expect((await r.json()).error.message).toContain('audio: is not a recording')
    r = await upload(translator, testToneWav(1100), 'long.wav')
    expect(r.status).toBe(413)
    expect((await r.json()).error.message).toBe('audio: 8.4 MB is larger than the 8.0 MB allowed')
    r = await upload(translator, testToneWav(25 * 60, 100), 'slow.wav')
    expect(r.status).toBe(400)
    expect((await r.json()).error.message).toBe('audio: is 25 min 0 s long; at most 20 min 0 s allowed')
    expect(await env.ctx.db.selectFrom('media_blobs').select('key').execute()).toHaveLength(1)
  })

  it('lets a translator work only in assigned languages, and never approve', async () => {
    const [f] = await draftFacts(env, SLUG, KEY, 'fr', new Date())
    const r = await (await translator.request('/api/facts', { json: { facts: [f] } })).json()
    expect(r.rejected).toEqual([
      { id: f!.id, status: 403, code: 'forbidden', message: 'you may not translate in fr' },
    ])
    expect((await translator.request(`/studio/${SLUG}/${KEY}/fr`)).status).toBe(403)
    expect(
      (await upload(translator, testToneWav(1), 't.wav', 'audio/wav', `/studio/${SLUG}/${KEY}/fr`)).status,
    ).toBe(403)
    const ap = await translator.request(`${BASE}/approve`, { form: {} })
    expect(ap.status).toBe(403)
    expect(visibleText(await ap.text())).toContain('you may not review in hnj')
  })

  it('refuses a reviewer approving their own translation', async () => {
    const facts = await draftFacts(env, SLUG, '03-safety', 'hnj', new Date())
    expect((await (await editor.request('/api/facts', { json: { facts } })).json()).rejected).toEqual([])
    const r = await editor.request(`/studio/${SLUG}/03-safety/hnj/approve`, { form: {} })
    expect(r.status).toBe(403)
    expect(visibleText(await r.text())).toContain(
      'you cannot approve a translation or recording you made yourself',
    )
  })

  it('publishes on approval: a learner reading Hmong sees it and its audio points at a playable file', async () => {
    const { c } = await newLearner(env)
    const before = await (await c.request(`/courses/${SLUG}/${KEY}?lang=hnj`)).text()
    expect(visibleText(before)).not.toContain('TEST FIXTURE hnj')
    expect(
      (await editor.request(`${BASE}/comments`, { form: { segment: 'p:1', body: 'Looks right' } })).status,
    ).toBe(303)
    expect((await editor.request(`${BASE}/approve`, { form: {} })).status).toBe(303)
    const html = await (await c.request(`/courses/${SLUG}/${KEY}?lang=hnj`)).text()
    expect(visibleText(html)).toContain(`${fixtureText('hnj', 'title')}`)
    expect(visibleText(html)).toContain(fixtureText('hnj', 'p:1'))
    const src = /<audio[^>]*src="([^"]+)"/.exec(html)![1]!
    expect(src).toMatch(/^\/studio\/audio\//)
    const audio = await c.request(src)
    expect(audio.status).toBe(200)
    // Approved, it is public: learners hear it, signed in or not.
    expect((await new Client(env.app).request(src)).status).toBe(200)
    expect(audio.headers.get('content-type')).toBe('audio/wav')
    expect(audioInfo(new Uint8Array(await audio.arrayBuffer()))?.durationMs).toBe(2500)
    const quiz = visibleText(await (await c.request(`/courses/${SLUG}/${KEY}/quiz?lang=hnj`)).text())
    expect(quiz).toContain(fixtureText('hnj', 'q:q1:prompt'))
    const studio = visibleText(await (await editor.request(BASE)).text())
    expect(studio).toContain('Đã duyệt')
    expect(studio).toContain('Looks right')
    const status = visibleText(await (await translator.request('/studio')).text())
    expect(status).toContain('Hmoob : 2 bài đã dịch, 1 đã thu âm, 1 đã duyệt / 5')
  })

  it('exports approved work as content files that check cleanly and import back the same', async () => {
    await translator.request('/studio/glossary/hnj', {
      form: { term: 'mã QR', translation: '[TEST FIXTURE hnj] QR', note: 'keep QR' },
    })
    const out = mkdtempSync(join(tmpdir(), 'hocso-export-'))
    const again = mkdtempSync(join(tmpdir(), 'hocso-export2-'))
    const other = await testEnv({ config: big })
    try {
      const r = await exportContent(env.ctx, out)
      expect(r).toMatchObject({ lessons: 1, recordings: 1, terms: 1 })
      const md = readFileSync(join(out, '01-vneid-basics', '01-install.hnj.md'), 'utf8')
      expect(md).toContain('audio: audio/01-install.hnj.wav')
      expect(checkContent(out).problems.filter((p) => p.blocking)).toEqual([])
      await importContent(other.ctx, out)
      await importGlossaries(other.ctx, out)
      const texts = async (e: TestEnv) =>
        e.ctx.db
          .selectFrom('lesson_texts')
          .innerJoin('lessons', 'lessons.id', 'lesson_texts.lesson_id')
          .innerJoin('lesson_quizzes', (j) =>
            j
              .onRef('lesson_quizzes.lesson_id', '=', 'lessons.id')
              .onRef('lesson_quizzes.lang', '=', 'lesson_texts.lang'),
          )
          .select(['lesson_texts.title', 'lesson_texts.body_html', 'lesson_quizzes.questions'])
          .where('lessons.current', '=', 1)
          .where('lesson_texts.lang', '=', 'hnj')
          .where('lessons.lesson_key', '=', KEY)
          .executeTakeFirstOrThrow()
      expect(await texts(other)).toEqual(await texts(env))
      const gl = (e: TestEnv) =>
        e.ctx.db.selectFrom('studio_glossary').select(['lang', 'term', 'translation', 'note']).execute()
      expect(await gl(other)).toEqual(await gl(env))
      // The recording travels byte for byte.
      const served = await (
        await new Client(other.app).request(`/media/${SLUG}/audio/01-install.hnj.wav`)
      ).arrayBuffer()
      expect(new Uint8Array(served)).toEqual(testToneWav(2.5))
      // And a second export from the imported copy writes the same files.
      writeFileSync(join(again, '.keep'), '')
      const tree = (d: string) =>
        readdirSync(d, { recursive: true, withFileTypes: true })
          .filter((f) => f.isFile() && !f.name.startsWith('.'))
          .map((f) => join(f.parentPath, f.name).slice(d.length))
          .sort()
      const r2 = await exportContent(other.ctx, again)
      expect(r2.terms).toBe(1)
      expect(tree(again)).toEqual(tree(out))
      for (const f of tree(out)) expect(readFileSync(join(again, f))).toEqual(readFileSync(join(out, f)))
    } finally {
      await other.close()
      rmSync(out, { recursive: true, force: true })
      rmSync(again, { recursive: true, force: true })
    }
  })

  it('marks the translation outdated with a word diff when the Vietnamese original changes', async () => {
    const vi = join(dir, '01-vneid-basics', '01-install.vi.md')
    writeFileSync(
      vi,
      readFileSync(vi, 'utf8').replace('Google Play hoặc App Store', 'CH Play hoặc App Store'),
    )
    await importContent(env.ctx, dir)
    const html = await (await translator.request(BASE)).text()
    expect(html).toContain('<del>Google</del>')
    expect(html).toContain('<ins>CH</ins>')
    expect(visibleText(html)).toContain('Bản gốc đã thay đổi')
    const idx = visibleText(await (await translator.request('/studio')).text())
    expect(idx).toContain('Hmoob: Cần cập nhật')
    // Learners no longer get the translation made for the old original.
    const { c } = await newLearner(env)
    const page = visibleText(await (await c.request(`/courses/${SLUG}/${KEY}?lang=hnj`)).text())
    expect(page).not.toContain('TEST FIXTURE hnj')
    const ap = await editor.request(`${BASE}/approve`, { form: {} })
    expect(ap.status).toBe(400)
  })
})

describe('translation status page', () => {
  it('shows the studio progress per language: translated, recorded, reviewed', async () => {
    const text = visibleText(await (await translator.request('/translations')).text())
    expect(text).toContain('Tiến độ theo ngôn ngữ')
    expect(text).toContain('Hmoob : 2 bài đã dịch, 1 đã thu âm, 0 đã duyệt / 5')
  })
})

describe('Tai Viet and the glossary', () => {
  it('loads the Tai Viet font on Tai Dam pages only, and shows the language glossary beside the text', async () => {
    const blt = await (await translator.request(`/studio/${SLUG}/${KEY}/blt`)).text()
    expect(blt).toMatch(/<link rel="stylesheet" href="\/static\/taiviet\.[0-9a-f]+\.css"/)
    const hnj = await (await translator.request(BASE)).text()
    expect(hnj).not.toContain('taiviet')
    expect(visibleText(hnj)).toContain('Bảng thuật ngữ · Hmoob mã QR [TEST FIXTURE hnj] QR — keep QR')
    const bad = await translator.request('/studio/glossary/hnj', { form: { term: '', translation: 'x' } })
    expect(bad.status).toBe(400)
    expect(visibleText(await bad.text())).toContain('term')
    expect(
      (await translator.request('/studio/glossary/fr', { form: { term: 'VNeID', translation: 'x' } })).status,
    ).toBe(403)
  })
})
