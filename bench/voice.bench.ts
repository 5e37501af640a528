/**
 * What community recordings cost a learner's download (issue 19, decision 0190): a course whose
 * every section is recorded in one language and approved, its download size with and without the
 * recordings, the time at 400 kbit/s, and bytes per minute of speech as stored and as downloaded.
 *
 *   node bin/run-ts.js bench/voice.bench.ts [course=vneid] [lang=hnj]        (npm run bench:voice)
 *
 * How: a real server (`hocso start`, demo content) and Chromium with a fake microphone fed a
 * voice-like test signal (e2e/support/speech-wav.ts: a tone shaped like syllables, nobody's speech).
 * The recorder's own settings (MediaRecorder, Opus in WebM at 24 kbit/s) record three takes of
 * 3, 8 and 20 s; each section of the course gets the take nearest its length read aloud
 * (its Vietnamese text at 12 characters a second, at least 2 s), is uploaded in 64 kB parts as
 * the phone sends it, and approved by a reviewer. A learner who listens in the language then asks
 * for the course's download list; every file is fetched as the browser would (gzip accepted) and
 * the bytes on the wire are counted (bodies only; headers add ~300 bytes a file). The time at
 * 400 kbit/s is computed from those bytes (no latency counted). Prints a table and writes
 * bench/out/voice.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { launch, login, PHONE } from '../e2e/support/browser.ts'
import { startServer } from '../e2e/support/server.ts'
import { fakeMicrophone } from '../e2e/support/speech-wav.ts'
import { loadConfig } from '../src/core/config.ts'
import { createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { registerDomains } from '../src/domains/index.ts'
import { createAccount } from '../src/domains/people/people.service.ts'

const ROOT = resolve(import.meta.dirname, '..')
const COURSE = process.argv[2] ?? 'vneid'
const LANG = process.argv[3] ?? 'hnj'
const PASSWORD = 'Ruộng-bậc-thang-2026'
const TAKES_S = [3, 8, 20]
const CHARS_PER_S = 12
const KBPS = 400

async function people(dataDir: string) {
  const config = loadConfig({ HOCSO_DATA_DIR: dataDir, HOCSO_LOG_LEVEL: 'warn' })
  const handle = await openDatabase({ dataDir })
  try {
    registerDomains()
    const ctx = await createContext(handle, config, createLogger('warn'))
    await createAccount(
      ctx,
      { displayName: 'Giọng thử', username: 'bench-voice', password: PASSWORD, placeCode: '3166' },
      [{ role: 'voice', scopeCode: '3166', languages: [LANG] }],
    )
    await createAccount(
      ctx,
      { displayName: 'Người duyệt thử', username: 'bench-review', password: PASSWORD, placeCode: '3166' },
      [{ role: 'commune_officer', scopeCode: '3166', languages: [LANG] }],
    )
  } finally {
    await handle.close()
  }
}

/** Records one take in the page as the recorder does, returned as base64. */
function recordTake(page: Page, seconds: number): Promise<{ b64: string; mime: string }> {
  return page.evaluate(async (ms) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    const types = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4']
    const mimeType = types.find((t) => MediaRecorder.isTypeSupported(t)) ?? ''
    const rec = new MediaRecorder(stream, { mimeType, audioBitsPerSecond: 24000 })
    const chunks: Blob[] = []
    rec.ondataavailable = (e) => {
      if (e.data.size) chunks.push(e.data)
    }
    const stopped = new Promise<void>((r) => {
      rec.onstop = () => r()
    })
    rec.start(1000)
    await new Promise((r) => setTimeout(r, ms))
    rec.stop()
    await stopped
    for (const t of stream.getTracks()) t.stop()
    const buf = new Uint8Array(await new Blob(chunks).arrayBuffer())
    let s = ''
    for (const b of buf) s += String.fromCharCode(b)
    return { b64: btoa(s), mime: rec.mimeType }
  }, seconds * 1000)
}

/** Bytes of a response body as they travel (compressed when the server compresses), and its type. */
function wireBytes(url: string, cookie: string): Promise<{ bytes: number; type: string; status: number }> {
  return new Promise((res, rej) => {
    const req = request(url, { headers: { cookie, 'accept-encoding': 'gzip' } }, (r) => {
      let bytes = 0
      r.on('data', (d: Buffer) => {
        bytes += d.length
      })
      r.on('end', () =>
        res({ bytes, type: String(r.headers['content-type'] ?? ''), status: r.statusCode ?? 0 }),
      )
    })
    req.on('error', rej)
    req.end()
  })
}

async function main() {
  const mic = fakeMicrophone()
  const server = await startServer()
  await people(server.dataDir)
  const browser = await launch(mic.args)
  try {
    const ctxOf = async () => {
      const c = await browser.newContext({ baseURL: server.url, viewport: PHONE, locale: 'vi-VN' })
      await c.grantPermissions(['microphone'])
      return c
    }
    // ---- the voice records three takes and sends one per section, as the phone does ----
    const voice = await (await ctxOf()).newPage()
    await login(voice, 'bench-voice', PASSWORD)
    await voice.goto('/voice')
    const takes: { seconds: number; b64: string; mime: string }[] = []
    for (const s of TAKES_S) takes.push({ seconds: s, ...(await recordTake(voice, s)) })
    const lessons = await voice.$$eval(`a[href^="/voice/${COURSE}/"][href$="/${LANG}"]`, (as) =>
      as.map((a) => a.getAttribute('href')!),
    )
    if (!lessons.length) throw new Error(`no lessons of ${COURSE} to record in ${LANG}`)
    let sections = 0
    for (const href of lessons) {
      await voice.goto(href)
      sections += await voice.evaluate(
        async ({ takes, charsPerS }) => {
          const list = document.querySelector<HTMLElement>('[data-voice-recorder]')!
          const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')!.value
          const bytes = takes.map((t) => Uint8Array.from(atob(t.b64), (c) => c.charCodeAt(0)))
          let n = 0
          for (const li of document.querySelectorAll<HTMLElement>('li[data-section]')) {
            const chars = (li.querySelector('.voice-text')?.textContent ?? '').trim().length
            const want = Math.max(2, chars / charsPerS)
            let best = 0
            for (let i = 1; i < takes.length; i++)
              if (Math.abs(takes[i]!.seconds - want) < Math.abs(takes[best]!.seconds - want)) best = i
            const body = bytes[best]!
            const id = crypto.randomUUID().replace(/^(.{14})./, '$17')
            const q = new URLSearchParams({
              course: list.dataset.course!,
              lesson: list.dataset.lesson!,
              lang: list.dataset.lang!,
              section: li.dataset.section!,
              recorded_at: new Date().toISOString(),
            })
            for (let at = 0; at < body.length; at += 64 * 1024) {
              const end = Math.min(body.length, at + 64 * 1024) - 1
              const r = await fetch(`/api/voice/clips/${id}?${q}`, {
                method: 'PUT',
                headers: {
                  'content-type': 'application/octet-stream',
                  'content-range': `bytes ${at}-${end}/${body.length}`,
                  'x-csrf-token': csrf,
                  accept: 'application/json',
                },
                body: body.slice(at, end + 1),
              })
              if (!r.ok) throw new Error(`${li.dataset.section}: ${r.status} ${await r.text()}`)
            }
            n++
          }
          return n
        },
        { takes, charsPerS: CHARS_PER_S },
      )
    }
    // ---- a reviewer of the language approves them all ----
    const review = await (await ctxOf()).newPage()
    await login(review, 'bench-review', PASSWORD)
    await review.goto('/voice/review')
    const approved = await review.evaluate(async () => {
      const csrf = document.querySelector<HTMLInputElement>('input[name="_csrf"]')!.value
      const ids = [...document.querySelectorAll('li.voice-clip[id^="clip-"]')].map((li) => li.id.slice(5))
      for (const id of ids) {
        const r = await fetch(`/voice/review/${id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ _csrf: csrf, decision: 'approve' }),
        })
        if (!r.ok) throw new Error(`${id}: ${r.status}`)
      }
      return ids.length
    })
    const stored = server.query<{ n: number; bytes: number; ms: number }>(
      `select count(*) as n, sum(bytes) as bytes, sum(duration_ms) as ms from studio_voice_clips
        where course_slug = ? and lang = ? and status = 'approved'`,
      COURSE,
      LANG,
    )[0]!

    // ---- a learner who listens in the language downloads the course ----
    const learnerCtx = await ctxOf()
    const learner = await learnerCtx.newPage()
    await login(learner, 'learner')
    const cookieOf = async () => (await learnerCtx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const download = async (listen: string) => {
      await learner.goto(
        `${lessons[0]!.replace(`/voice/${COURSE}/`, `/courses/${COURSE}/`).replace(/\/[^/]+$/, '')}?listen=${listen}`,
      )
      const cookie = await cookieOf()
      const manifest = (await learner.evaluate(
        async (u) => (await fetch(u, { headers: { accept: 'application/json' } })).json(),
        `/api/offline/courses/${COURSE}?lang=vi`,
      )) as { bytes: number; files: { url: string; bytes?: number }[] }
      let wire = 0
      let audio = 0
      for (const f of manifest.files) {
        const r = await wireBytes(`${server.url}${f.url}`, cookie)
        if (r.status !== 200) throw new Error(`${f.url}: ${r.status}`)
        wire += r.bytes
        if (f.url.startsWith('/voice/clips/')) audio += r.bytes
      }
      return { files: manifest.files.length, announced: manifest.bytes, wire, audio }
    }
    const without = await download('off')
    const withAudio = await download(LANG)
    const perMin = (b: number) => Math.round((b * 60_000) / stored.ms)
    const secsAt = (b: number) => Math.round(((b * 8) / (KBPS * 1000)) * 10) / 10
    const out = {
      course: COURSE,
      lang: LANG,
      lessons: lessons.length,
      sections,
      approved,
      codec: takes[0]!.mime,
      takes: takes.map((t) => ({ seconds: t.seconds, bytes: Math.round((t.b64.length * 3) / 4) })),
      speechMinutes: Math.round((stored.ms / 60_000) * 100) / 100,
      storedBytes: stored.bytes,
      bytesPerMinuteStored: perMin(stored.bytes),
      bytesPerMinuteDownloaded: perMin(withAudio.audio),
      download: {
        withoutAudio: { ...without, secondsAt400kbps: secsAt(without.wire) },
        withAudio: { ...withAudio, secondsAt400kbps: secsAt(withAudio.wire) },
      },
    }
    console.table({
      'course, language': `${COURSE}, ${LANG} (${lessons.length} lessons, ${sections} sections)`,
      codec: out.codec,
      'speech (min)': out.speechMinutes,
      'stored (bytes)': stored.bytes,
      'bytes/min stored': out.bytesPerMinuteStored,
      'bytes/min downloaded': out.bytesPerMinuteDownloaded,
      'download without audio (bytes)': without.wire,
      'download with audio (bytes)': withAudio.wire,
      'announced before download (bytes)': withAudio.announced,
      's at 400 kbit/s without audio': out.download.withoutAudio.secondsAt400kbps,
      's at 400 kbit/s with audio': out.download.withAudio.secondsAt400kbps,
    })
    mkdirSync(join(ROOT, 'bench/out'), { recursive: true })
    writeFileSync(join(ROOT, 'bench/out/voice.json'), `${JSON.stringify(out, null, 2)}\n`)
  } finally {
    await browser.close()
    await server.stop()
    mic.dispose()
  }
}

await main()
