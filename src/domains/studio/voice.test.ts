import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { migrateToLatest } from '../../core/migrations.ts'
import { checkContent } from '../learning/content.check.ts'
import { importContent } from '../learning/content.import.ts'
import { copyOfGood, newLearner, visibleText } from '../learning/learning.fixtures.ts'
import { wireBytes } from '../offline/offline.fixtures.ts'
import { createAccount } from '../people/people.service.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { testToneWav } from './studio.fixtures.ts'
import { coverage, lessonsWithAudio } from './voice.service.ts'

/**
 * Community voices: a Hmong voice records a lesson section by section from a phone (parts sent
 * and sent again, as a flaky network does), a commune officer who reviews Hmong approves one and
 * sends one back with a reason, and learners hear only what was approved.
 */
const SLUG = 'vneid-basics'
const KEY = '01-install'
let env: TestEnv
let dir: string
let voice: Client
let reviewer: Client
let learner: Client
let admin: Client
let translator: Client

async function person(
  login: string,
  roles: { role: 'voice' | 'commune_officer' | 'translator'; languages: string[] }[],
) {
  await createAccount(
    env.ctx,
    { displayName: `Người thử ${login}`, username: login, password: 'mat-khau-123', placeCode: '3166' },
    roles.map((r) => ({ role: r.role, scopeCode: '3166', languages: r.languages })),
  )
  const c = new Client(env.app)
  await c.login(login, 'mat-khau-123')
  return c
}

/** Sends a recording as the phone does: in parts of `part` bytes, each a PUT with Content-Range. */
async function send(
  c: Client,
  id: string,
  bytes: Uint8Array,
  section: string,
  opts: { part?: number; lang?: string; recordedAt?: string } = {},
) {
  const part = opts.part ?? 8192
  const q = new URLSearchParams({
    course: SLUG,
    lesson: KEY,
    lang: opts.lang ?? 'hnj',
    section,
    recorded_at: opts.recordedAt ?? new Date(Date.now() - 3_600_000).toISOString(),
  })
  let last: Response | undefined
  for (let start = 0; start < bytes.length; start += part) {
    const end = Math.min(bytes.length, start + part) - 1
    last = await c.request(`/api/voice/clips/${id}?${q}`, {
      method: 'PUT',
      body: bytes.slice(start, end + 1) as unknown as string,
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `bytes ${start}-${end}/${bytes.length}`,
      },
    })
    if (last.status >= 400) return last
  }
  return last!
}

const count = async () =>
  Number(
    (
      await env.ctx.db
        .selectFrom('studio_voice_clips')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

beforeAll(async () => {
  env = await testEnv()
  dir = copyOfGood()
  // A picture on the first question and on its right answer, for a learner who does not read.
  const quiz = join(dir, '01-vneid-basics', '01-install.quiz.vi.yaml')
  writeFileSync(
    quiz,
    readFileSync(quiz, 'utf8')
      .replace(
        '    prompt: Nên cài VNeID từ đâu?\n',
        '    prompt: Nên cài VNeID từ đâu?\n    picture: img/01-store.svg\n',
      )
      .replace('        correct: true\n', '        correct: true\n        picture: img/01-store.svg\n'),
  )
  await importContent(env.ctx, dir)
  voice = await person('giong.hmong', [{ role: 'voice', languages: ['hnj'] }])
  reviewer = await person('can.bo.xa', [{ role: 'commune_officer', languages: ['hnj'] }])
  learner = (await newLearner(env)).c
  await createAccount(
    env.ctx,
    { displayName: 'Quản trị tỉnh', username: 'quan.tri', password: 'mat-khau-123', placeCode: null },
    [{ role: 'province_admin', scopeCode: PROVINCE_CODE, languages: [] }],
  )
  admin = new Client(env.app)
  await admin.login('quan.tri', 'mat-khau-123')
  await createAccount(
    env.ctx,
    { displayName: 'Người dịch', username: 'nguoi.dich', password: 'mat-khau-123', placeCode: null },
    [{ role: 'translator', scopeCode: PROVINCE_CODE, languages: ['hnj'] }],
  )
  translator = new Client(env.app)
  await translator.login('nguoi.dich', 'mat-khau-123')
})
afterAll(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('community voices', () => {
  it('shows a voice each section of the lesson in Vietnamese, ready to record', async () => {
    const page = visibleText(await (await voice.request(`/voice/${SLUG}/${KEY}/hnj`)).text())
    expect(page).toContain('Đoạn 1/')
    expect(page).toContain('Mở kho ứng dụng chính thức trên điện thoại')
    expect(page).toContain('rồi nói lại bằng Hmoob')
  })

  it('stores a recording sent in parts exactly once, however often a part is sent again', async () => {
    const wav = testToneWav(2)
    const id2 = uuidv7()
    const q = new URLSearchParams({
      course: SLUG,
      lesson: KEY,
      lang: 'hnj',
      section: 'title',
      recorded_at: new Date().toISOString(),
    })
    const put = (start: number, end: number) =>
      voice.request(`/api/voice/clips/${id2}?${q}`, {
        method: 'PUT',
        body: wav.slice(start, end + 1) as unknown as string,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${start}-${end}/${wav.length}`,
        },
      })
    expect(await (await put(0, 4095)).json()).toMatchObject({ received: 4096, status: 'partial' })
    expect(await (await put(0, 4095)).json()).toMatchObject({ received: 4096, status: 'partial' }) // sent twice
    expect(await (await put(8192, 12287)).json()).toMatchObject({ received: 4096, status: 'partial' }) // a gap
    expect(await (await voice.request(`/api/voice/clips/${id2}`)).json()).toMatchObject({ received: 4096 })
    const done = await put(4096, wav.length - 1)
    expect(done.status).toBe(201)
    expect(await done.json()).toMatchObject({ received: wav.length, status: 'stored' })
    const again = await put(4096, wav.length - 1)
    expect(await again.json()).toMatchObject({ status: 'stored' })
    const rows = await env.ctx.db.selectFrom('studio_voice_clips').selectAll().where('id', '=', id2).execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      section: 'title',
      lang: 'hnj',
      status: 'pending',
      duration_ms: 2000,
      bytes: wav.length,
    })
    expect(
      await env.ctx.db.selectFrom('studio_voice_parts').selectAll().where('clip_id', '=', id2).execute(),
    ).toEqual([])
  })

  it('refuses what is not a recording, silence, a take over the limit and a language not granted, storing nothing', async () => {
    const before = await count()
    const cases: [Uint8Array, string | undefined, number, string][] = [
      [
        new TextEncoder().encode('<html>not a sound</html>'.repeat(40)),
        undefined,
        400,
        'không phải bản ghi âm',
      ],
      [testToneWav(3, 8000, 0), undefined, 400, 'không nghe thấy tiếng nói'],
      [testToneWav(185, 2000), undefined, 400, 'mỗi đoạn tối đa 180 giây'],
      [testToneWav(2), 'blt', 403, 'chưa được giao thu âm bằng tiếng này'],
    ]
    for (const [bytes, lang, status, says] of cases) {
      const res = await send(voice, uuidv7(), bytes, 'p:1', { lang, part: 256 * 1024 })
      expect(res.status).toBe(status)
      const body = await res.json()
      expect(body.error.text).toContain(says)
    }
    expect(await count()).toBe(before)
    expect(await env.ctx.db.selectFrom('studio_voice_parts').selectAll().execute()).toEqual([])
    // Nor any bytes in the shared blob store: one for each recording kept, no more.
    const blobs = await env.ctx.db
      .selectFrom('media_blobs')
      .select('key')
      .where('key', 'like', 'voice/%')
      .execute()
    expect(blobs).toHaveLength(before)
  })

  it('refuses a recording dated on a day that does not exist (it rolled over into the next month)', async () => {
    const before = await count()
    // The 31st of the last month that has fewer days (within the 90-day window once rolled over).
    const now = new Date()
    let day: string | undefined
    for (let back = 1; back <= 2 && !day; back++) {
      const m = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1))
      const days = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 0)).getUTCDate()
      if (days < 31) day = `${m.toISOString().slice(0, 8)}31T10:00:00Z`
    }
    const res = await send(voice, uuidv7(), testToneWav(2), 'p:1', {
      recordedAt: day ?? '2026-02-30T10:00:00Z',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toBe('recorded_at: must be a date and time')
    expect(await count()).toBe(before)
  })

  it('lets a reviewer of the language approve one take and send another back with a reason the voice reads', async () => {
    const a = uuidv7()
    const b = uuidv7()
    expect((await send(voice, a, testToneWav(2), 'p:1')).status).toBe(201)
    expect((await send(voice, b, testToneWav(2.5), 'p:2')).status).toBe(201)
    // Before review nobody else hears them.
    expect((await learner.request(`/voice/clips/${a}`)).status).toBe(404)
    expect((await voice.request(`/voice/clips/${a}`)).status).toBe(200)
    const queue = visibleText(await (await reviewer.request('/voice/review')).text())
    expect(queue).toContain('Hmoob')
    // A signed-out visitor's lesson page (kept rendered, decision 0195) offers no listening yet.
    const signedOut = async () => visibleText(await (await env.app.request(`/courses/${SLUG}/${KEY}`)).text())
    expect(await signedOut()).not.toContain('Nghe bằng Hmoob')
    const ok = await reviewer.request(`/voice/review/${a}`, { form: { decision: 'approve' } })
    expect(ok.status).toBe(303)
    // Approved, it is offered at once, signed out too.
    expect(await signedOut()).toContain('Nghe bằng Hmoob')
    const noReason = await reviewer.request(`/voice/review/${b}`, {
      form: { decision: 'return' },
      headers: { accept: 'application/json' },
    })
    expect(noReason.status).toBe(400)
    expect((await noReason.json()).error.text).toContain('hãy viết lý do')
    const back = await reviewer.request(`/voice/review/${b}`, {
      form: { decision: 'return', reason: 'Đọc nhanh quá, hãy đọc chậm hơn' },
    })
    expect(back.status).toBe(303)
    const own = await voice.request(`/voice/review/${a}`, {
      form: { decision: 'approve' },
      headers: { accept: 'application/json' },
    })
    expect(own.status).toBe(403)
    const mine = visibleText(await (await voice.request('/voice/mine')).text())
    expect(mine).toContain('Bị gửi lại')
    expect(mine).toContain('Đọc nhanh quá, hãy đọc chậm hơn')
    expect(mine).toContain('Đã duyệt')
    // Learners hear the approved take, with Range; the one sent back stays private.
    const heard = await learner.request(`/voice/clips/${a}`, { headers: { range: 'bytes=0-3' } })
    expect(heard.status).toBe(206)
    expect(await heard.text()).toBe('RIFF')
    expect((await learner.request(`/voice/clips/${b}`)).status).toBe(404)
  })

  it('lets a learner listen in Hmong, section by section, and download the approved takes with the course', async () => {
    const page = await (await learner.request(`/courses/${SLUG}/${KEY}?listen=hnj`)).text()
    expect(visibleText(page)).toContain('Nghe bằng Hmoob')
    const played = [...page.matchAll(/<audio[^>]*src="(\/voice\/clips\/[^"]+)"/g)].map((m) => m[1])
    expect(played).toHaveLength(1) // only the approved section; the one sent back and the pending title are not heard
    // The choice is remembered: the course download then carries the recordings, with their size.
    const manifest = await (await learner.request(`/api/offline/courses/${SLUG}?lang=vi`)).json()
    const clip = manifest.files.find((f: { url: string }) => f.url === played[0])
    expect(clip.bytes).toBe(testToneWav(2).length)
    const off = await (await learner.request(`/courses/${SLUG}/${KEY}?listen=off`)).text()
    expect(off).not.toContain('/voice/clips/')
    const without = await (await learner.request(`/api/offline/courses/${SLUG}?lang=vi`)).json()
    expect(without.files.some((f: { url: string }) => f.url.startsWith('/voice/'))).toBe(false)
  })

  it('counts per course and language the sections recorded, in review and approved', async () => {
    const lines = await (
      await reviewer.request('/voice/coverage', { headers: { accept: 'application/json' } })
    ).json()
    const hmong = lines.find(
      (x: { courseSlug: string; lang: string }) => x.courseSlug === SLUG && x.lang === 'hnj',
    )
    expect(hmong).toMatchObject({ recorded: 3, inReview: 1, approved: 1 })
    expect(hmong.sections).toBeGreaterThan(3)
  })

  it('counts a lesson heard whole in Hmong in the campaign indicator, on the dashboard and on /translations', async () => {
    const before = await lessonsWithAudio(env.ctx)
    expect(before.byLang.hnj).toBe(0)
    expect(before.lessons).toBeGreaterThan(1)
    // The voice records every section of the lesson still without an approved take; the commune approves each.
    const page = await (await voice.request(`/voice/${SLUG}/${KEY}/hnj`)).text()
    const sections = [...page.matchAll(/data-section="([^"]+)"/g)].map((m) => m[1]!)
    expect(sections.length).toBeGreaterThan(3)
    for (const section of sections.filter((x) => x !== 'p:1')) {
      const id = uuidv7()
      expect((await send(voice, id, testToneWav(1), section)).status).toBe(201)
      expect((await reviewer.request(`/voice/review/${id}`, { form: { decision: 'approve' } })).status).toBe(
        303,
      )
    }
    const after = await lessonsWithAudio(env.ctx)
    expect(after).toMatchObject({ lessons: before.lessons, anyLang: 1, byLang: { hnj: 1, blt: 0, vi: 0 } })
    const dash = visibleText(await (await admin.request('/dashboard')).text())
    expect(dash).toContain('Bài học có âm thanh bằng tiếng của người học')
    expect(dash).toContain(`Bài học có âm thanh: tiếng Mông`)
    expect(dash).toMatch(new RegExp(`\\(1/${before.lessons}\\) Bài học có âm thanh: tiếng Mông`))
    const catalogue = visibleText(await (await admin.request('/dashboard/indicators')).text())
    expect(catalogue).toContain('lessons_with_audio')
    expect(catalogue).toContain('Tỷ lệ % trên số bài học')
    // The translations page shows the same coverage per course and language.
    const tr = visibleText(await (await translator.request('/translations')).text())
    expect(tr).toContain('Bài học có tiếng đọc')
    const line = (await coverage(env.ctx)).find((x) => x.courseSlug === SLUG && x.lang === 'hnj')!
    expect(line).toMatchObject({ recorded: sections.length, inReview: 1, approved: sections.length })
    expect(tr).toContain(`Hmoob ${sections.length}/${line.sections} 1 ${sections.length}/${line.sections}`)
  })

  it('lets a learner who does not read hear each quiz prompt and choice and see its picture, offline too', async () => {
    const page = await (await learner.request(`/courses/${SLUG}/${KEY}/quiz?listen=hnj`)).text()
    const played = [...page.matchAll(/<audio[^>]*src="(\/voice\/clips\/[^"]+)"/g)].map((m) => m[1]!)
    // q1's prompt and both choices, q2's prompt (true/false are the interface's own words).
    expect(played).toHaveLength(4)
    const pictures = [...page.matchAll(/<img class="quiz-picture" src="([^"]+)"/g)].map((m) => m[1])
    expect(pictures).toEqual(['/media/vneid-basics/img/01-store.svg', '/media/vneid-basics/img/01-store.svg'])
    expect((await learner.request(pictures[0]!)).status).toBe(200)
    // Without listening, no player; the pictures stay.
    const quiet = await (await learner.request(`/courses/${SLUG}/${KEY}/quiz?listen=off`)).text()
    expect(quiet).not.toContain('/voice/clips/')
    expect(quiet).toContain('class="quiz-picture"')
    // The server scores the quiz as before.
    const lessonId = /name="lesson_id" value="([^"]+)"/.exec(page)![1]!
    const sent = await learner.request(`/courses/${SLUG}/${KEY}/quiz`, {
      form: { lesson_id: lessonId, lang: 'vi', 'q.q1': 'a', 'q.q2': 'true' },
    })
    expect(sent.status).toBe(303)
    expect(visibleText(await (await learner.request(sent.headers.get('location')!)).text())).toContain('100')
    // The download with Hmong listening carries the quiz's recordings and pictures.
    await learner.request(`/courses/${SLUG}/${KEY}?listen=hnj`)
    const urls = (await (await learner.request(`/api/offline/courses/${SLUG}?lang=vi`)).json()).files.map(
      (f: { url: string }) => f.url,
    )
    for (const u of [...played, pictures[0]]) expect(urls).toContain(u)
    // The size announced before the download, quiz pages and their recordings included, is within
    // 10% of what it then takes.
    const m = await (await learner.request(`/api/offline/courses/${SLUG}?lang=vi`)).json()
    const got = await wireBytes(learner, m.files)
    expect(Math.abs(m.bytes - got) / got, `announced ${m.bytes}, downloaded ${got}`).toBeLessThan(0.1)
  })

  it("shows each question's picture and recording beside the right/wrong mark on the result page", async () => {
    const form = await (await learner.request(`/courses/${SLUG}/${KEY}/quiz?listen=hnj`)).text()
    const lessonId = /name="lesson_id" value="([^"]+)"/.exec(form)![1]!
    // q1 answered wrong (b), q2 right.
    const sent = await learner.request(`/courses/${SLUG}/${KEY}/quiz`, {
      form: { lesson_id: lessonId, lang: 'vi', 'q.q1': 'b', 'q.q2': 'true' },
    })
    expect(sent.status).toBe(303)
    const html = await (await learner.request(`${sent.headers.get('location')}?listen=hnj`)).text()
    const marks = [
      ...html.matchAll(/<div class="quiz-mark"><span class="mark (good|bad)"[^>]*>(.)<\/span>(.*?)<\/div>/gs),
    ]
    expect(marks.map((m) => [m[1], m[2]])).toEqual([
      ['bad', '✗'],
      ['good', '✓'],
    ])
    // Beside q1's mark: its picture and its prompt heard in Hmong; beside q2's: its prompt.
    expect(marks[0]![3]).toContain('<img class="quiz-picture" src="/media/vneid-basics/img/01-store.svg"')
    expect(marks[0]![3]).toMatch(/<figure class="listen-play" lang="hnj" data-media="q:q1:prompt">/)
    expect(marks[1]![3]).toMatch(/data-media="q:q2:prompt"/)
    // Each choice keeps its picture and its recording.
    expect(html).toContain('data-media="q:q1:c:a:picture"')
    expect(html).toContain('data-media="q:q1:c:a:text"')
    expect(html).toContain('data-media="q:q1:c:b:text"')
    expect(visibleText(html)).toContain('Nên cài VNeID từ đâu? Chưa đúng ✗')
    // Without listening: the pictures, no player.
    const quiet = await (await learner.request(`${sent.headers.get('location')}?listen=off`)).text()
    expect(quiet).toContain('data-media="q:q1:picture"')
    expect(quiet).not.toContain('/voice/clips/')
  })

  it('shows a French quiz the Vietnamese pictures, and plays only recordings in the language listened in', async () => {
    const fr = await (await learner.request(`/courses/${SLUG}/${KEY}/quiz?lang=fr&listen=hnj`)).text()
    expect(fr).toContain('<form method="post"')
    expect(fr).toMatch(/class="lp-quiz" lang="fr"/)
    // The French quiz file names no picture: the Vietnamese one's are shown (a picture has no language).
    const pictures = [...fr.matchAll(/<img class="quiz-picture" src="([^"]+)" alt="" data-media="([^"]+)"/g)]
    expect(pictures.map((m) => [m[1], m[2]])).toEqual([
      ['/media/vneid-basics/img/01-store.svg', 'q:q1:picture'],
      ['/media/vneid-basics/img/01-store.svg', 'q:q1:c:a:picture'],
    ])
    // The answer key downloaded for the French quiz carries them too (the offline result shows them).
    const key = await (await learner.request(`/offline/courses/${SLUG}/quizzes?lang=fr`)).json()
    const q1 = key.lessons.find((l: { key: string }) => l.key === KEY).questions[0]
    expect(key.lessons.find((l: { key: string }) => l.key === KEY).lang).toBe('fr')
    expect(q1.picture).toBe('img/01-store.svg')
    expect(q1.choices.find((c: { id: string }) => c.id === 'a').picture).toBe('img/01-store.svg')
    // Heard in Hmong: the Hmong takes, marked as Hmong.
    const heard = [...fr.matchAll(/<figure class="listen-play[^"]*" lang="([^"]+)"/g)].map((m) => m[1])
    expect(heard.length).toBeGreaterThan(0)
    expect(new Set(heard)).toEqual(new Set(['hnj']))
    // Listening in Tai Dam, where nothing is recorded: no player at all, never the Hmong take instead.
    const blt = await (await learner.request(`/courses/${SLUG}/${KEY}/quiz?lang=fr&listen=blt`)).text()
    expect(blt).not.toContain('/voice/clips/')
    expect(blt).not.toContain('listen-play')
    expect(blt).toContain('data-media="q:q1:picture"')
    await learner.request(`/courses/${SLUG}/${KEY}/quiz?lang=vi&listen=off`)
  })

  it('refuses a quiz picture that is not a picture file of the course folder, naming the line', () => {
    const bad = copyOfGood()
    try {
      const quiz = join(bad, '01-vneid-basics', '01-install.quiz.vi.yaml')
      writeFileSync(
        quiz,
        readFileSync(quiz, 'utf8')
          .replace(
            '    prompt: Nên cài VNeID từ đâu?\n',
            '    prompt: Nên cài VNeID từ đâu?\n    picture: img/khong-co.svg\n',
          )
          .replace(
            '        correct: true\n',
            '        correct: true\n        picture: https://example.com/a.png\n',
          ),
      )
      const problems = checkContent(bad).problems.map((p) => `${p.file}:${p.line}: ${p.message}`)
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/01-install\.quiz\.vi\.yaml:5: picture img\/khong-co\.svg: file not found/),
          expect.stringMatching(
            /01-install\.quiz\.vi\.yaml:\d+: picture https:\/\/example\.com\/a\.png: must be a file in the course folder/,
          ),
        ]),
      )
    } finally {
      rmSync(bad, { recursive: true, force: true })
    }
  })

  it('keeps recording to those granted a language: a learner is refused, in Vietnamese', async () => {
    const res = await learner.request(`/voice/${SLUG}/${KEY}/hnj`, { headers: { accept: 'text/html' } })
    expect(res.status).toBe(403)
    expect(visibleText(await res.text())).toContain('chưa được giao thu âm bằng tiếng này')
  })
})

describe('community voices in the shared blob store', () => {
  it('moves recordings an older database kept in the clips table into media_blobs, on migration', async () => {
    const db = env.ctx.db
    const clips = await db.selectFrom('studio_voice_clips').select(['id', 'status']).execute()
    expect(clips.length).toBeGreaterThan(3)
    const before = new Map<string, Uint8Array>()
    for (const c of clips) before.set(c.id, (await env.ctx.blobs.read(`voice/${c.id}`))!)
    // The database as it was before: the bytes in a column of the clips table, no voice blobs.
    const bytes = env.ctx.dialect === 'postgres' ? 'bytea' : 'blob'
    await sql`alter table studio_voice_clips add column data ${sql.raw(bytes)}`.execute(db)
    for (const [id, b] of before)
      await sql`update studio_voice_clips set data = ${Buffer.from(b)} where id = ${id}`.execute(db)
    await db.deleteFrom('media_blobs').where('key', 'like', 'voice/%').execute()
    const table = env.ctx.handle.schema ? `${env.ctx.handle.schema}.kysely_migration` : 'kysely_migration'
    await sql`delete from ${sql.table(table)} where name = '0190-studio-voice-blobs'`.execute(db)

    expect(await migrateToLatest(db, env.ctx.handle.schema)).toEqual(['0190-studio-voice-blobs'])
    for (const [id, b] of before) expect(await env.ctx.blobs.read(`voice/${id}`)).toEqual(b)
    const row = await db
      .selectFrom('studio_voice_clips')
      .selectAll()
      .where('id', '=', clips[0]!.id)
      .executeTakeFirstOrThrow()
    expect(Object.keys(row)).not.toContain('data')
    // Learners still hear the approved takes.
    const approved = clips.find((c) => c.status === 'approved')!
    const heard = await learner.request(`/voice/clips/${approved.id}`)
    expect(heard.status).toBe(200)
    expect(new Uint8Array(await heard.arrayBuffer())).toEqual(before.get(approved.id))
  })
})
