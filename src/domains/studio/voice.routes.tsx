import { Hono } from 'hono'
import { raw } from 'hono/html'
import { AppError } from '../../core/errors.ts'
import { formatDate, t } from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { sendWithRange } from '../../web/range.ts'
import { CoverageTable, LANG_NAMES } from '../learning/learning.views.tsx'
/**
 * Community voices on a phone: the lessons to record, the recorder of one lesson (section by
 * section), the resumable upload the recorder's outbox uses, the review queue, a voice's own
 * recordings with what reviewers said, and the recordings themselves (Range, for seeking).
 */
import { uiCoverage } from './ui.service.ts'
import { UiCoverageList } from './ui.views.tsx'
import {
  clipForListening,
  coverage,
  MAX_PART_BYTES,
  myRecordings,
  parseContentRange,
  receivePart,
  recordingView,
  reviewClip,
  reviewQueue,
  type UploadMeta,
  uploadState,
  voiceIndex,
} from './voice.service.ts'

const routes = new Hono<AppEnv>()
const wantsJson = (accept: string | undefined) => (accept ?? '').includes('application/json')
const secs = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`
const kb = (b: number) => `${Math.max(1, Math.round(b / 1024))} kB`

routes.get('/voice', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return c.redirect('/login?back=/voice', 303)
  const v = await voiceIndex(c.get('ctx'), c.get('user'))
  return c.html(
    <Layout c={c} title={t(l, 'voice.title')}>
      <h1>{t(l, 'voice.title')}</h1>
      <p class="muted">{t(l, 'voice.lead')}</p>
      <p class="actions">
        <a class="button secondary" href="/voice/mine">
          {t(l, 'voice.mine')}
        </a>
        {v.reviews.length ? (
          <a class="button secondary" href="/voice/review">
            {t(l, 'voice.review')}
          </a>
        ) : null}
      </p>
      {v.courses.map((course) => (
        <section>
          <h2 lang="vi">{course.title}</h2>
          <ul class="st-lessons">
            {course.lessons.map((ls) => (
              <li>
                <span lang="vi">{ls.title}</span>
                <span class="st-langs">
                  {v.langs.map((g) => (
                    <a class="button secondary" href={`/voice/${course.slug}/${ls.key}/${g}`}>
                      {t(l, 'voice.record_in', { lang: LANG_NAMES[g] ?? g })}
                    </a>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>,
  )
})

routes.get('/voice/mine', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return c.redirect('/login?back=/voice/mine', 303)
  const clips = await myRecordings(c.get('ctx'), c.get('user'))
  return c.html(
    <Layout c={c} title={t(l, 'voice.mine')}>
      <h1>{t(l, 'voice.mine')}</h1>
      {clips.length ? null : <p>{t(l, 'voice.mine.none')}</p>}
      <ul class="voice-list">
        {clips.map((clip) => (
          <li class={`voice-clip voice-${clip.status}`}>
            <p>
              <strong>{t(l, `voice.status.${clip.status}`)}</strong> ·{' '}
              <a href={`/voice/${clip.course_slug}/${clip.lesson_key}/${clip.lang}#s-${clip.section}`}>
                {clip.course_slug} / {clip.lesson_key} · {LANG_NAMES[clip.lang] ?? clip.lang}
              </a>
            </p>
            {clip.review_reason ? (
              <p class="voice-reason">
                {t(l, 'voice.reason')}: <q>{clip.review_reason}</q>
              </p>
            ) : null}
            {/* biome-ignore lint/a11y/useMediaCaption: the person's own take of a text they know */}
            <audio controls preload="none" src={`/voice/clips/${clip.id}`} />
            <p class="small muted">
              {secs(clip.duration_ms)} · {kb(clip.bytes)} · {formatDate(l, clip.received_at)}
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  )
})

routes.get('/voice/review', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return c.redirect('/login?back=/voice/review', 303)
  const q = await reviewQueue(c.get('ctx'), c.get('user'))
  const done = c.req.query('done')
  return c.html(
    <Layout c={c} title={t(l, 'voice.review')}>
      <h1>{t(l, 'voice.review')}</h1>
      {done ? (
        <p class="notice" role="status">
          {t(l, done === 'approved' ? 'voice.review.approved' : 'voice.review.returned')}
        </p>
      ) : null}
      {q.clips.length ? null : <p>{t(l, 'voice.review.none')}</p>}
      <ul class="voice-list">
        {q.clips.map((clip) => (
          <li class="voice-clip" id={`clip-${clip.id}`}>
            <p>
              <strong>{LANG_NAMES[clip.lang] ?? clip.lang}</strong> · {clip.course_slug} / {clip.lesson_key}
            </p>
            <blockquote lang="vi">{clip.source_text}</blockquote>
            {/* biome-ignore lint/a11y/useMediaCaption: the Vietnamese text above is what it says */}
            <audio controls preload="none" src={`/voice/clips/${clip.id}`} />
            <p class="small muted">
              {secs(clip.duration_ms)} · {kb(clip.bytes)}
            </p>
            {clip.own ? (
              <p class="muted">{t(l, 'voice.review.own')}</p>
            ) : (
              <form method="post" action={`/voice/review/${clip.id}`} class="voice-review">
                <input type="hidden" name="_csrf" value={c.get('csrf')} />
                <button type="submit" name="decision" value="approve">
                  ✔ {t(l, 'voice.approve')}
                </button>
                <label>
                  {t(l, 'voice.reason')}
                  <input name="reason" maxlength={500} />
                </label>
                <button type="submit" name="decision" value="return" class="secondary">
                  ↩ {t(l, 'voice.return')}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </Layout>,
  )
})

routes.post('/voice/review/:id', async (c) => {
  const body = await c.req.parseBody()
  const decision = typeof body.decision === 'string' ? body.decision : ''
  const reason = typeof body.reason === 'string' ? body.reason : ''
  const clip = await reviewClip(c.get('ctx'), c.get('user'), c.req.param('id'), decision, reason)
  if (wantsJson(c.req.header('accept'))) return c.json({ id: clip.id, status: clip.status })
  return c.redirect(`/voice/review?done=${clip.status}`, 303)
})

/** The coverage of community recordings, per course and language. */
routes.get('/voice/coverage', async (c) => {
  const l = c.get('locale')
  const lines = await coverage(c.get('ctx'))
  if (wantsJson(c.req.header('accept'))) return c.json(lines)
  const ui = await uiCoverage(c.get('ctx'))
  return c.html(
    <Layout c={c} title={t(l, 'voice.coverage')}>
      <h1>{t(l, 'voice.coverage')}</h1>
      <CoverageTable l={l} lines={lines} />
      <h2>{t(l, 'studio.ui.progress')}</h2>
      <UiCoverageList c={c} coverage={ui} />
    </Layout>,
  )
})

/** A recording: approved ones to anyone (cached for ever: a take never changes), others to their voice and reviewers. */
routes.get('/voice/clips/:id', async (c) => {
  const r = await clipForListening(c.get('ctx'), c.get('user'), c.req.param('id'))
  c.header('Content-Type', r.clip.mime)
  c.header('X-Content-Type-Options', 'nosniff')
  c.header('Cache-Control', r.public ? 'public, max-age=31536000, immutable' : 'private, no-store')
  // Only the bytes asked for are read from the media store, as they are sent.
  const { blobs } = c.get('ctx')
  return sendWithRange(c, r.size, async (start, end) => {
    const body = await blobs.stream(r.key, start, end)
    if (!body) throw new Error(`recording ${r.key}: its bytes are missing from ${blobs.name}`)
    return body
  })
})

function metaFromQuery(q: Record<string, string>): Partial<UploadMeta> {
  return { course: q.course, lesson: q.lesson, lang: q.lang, section: q.section, recordedAt: q.recorded_at }
}

/**
 * One part of a recording (`Content-Range: bytes start-end/total`, the bytes as the body), sent
 * by the phone's recorder outbox; answers how much the server holds. The last part stores it.
 */
routes.put('/api/voice/clips/:id', async (c) => {
  const range = parseContentRange(c.req.header('content-range'))
  const buf = new Uint8Array(await c.req.arrayBuffer())
  const state = await receivePart(
    c.get('ctx'),
    c.get('user'),
    c.req.param('id'),
    metaFromQuery(c.req.query()),
    range,
    buf,
  )
  return c.json(state, state.status === 'stored' ? 201 : 200)
})

/** How much of a recording the server holds, so an interrupted upload resumes there. */
routes.get('/api/voice/clips/:id', async (c) =>
  c.json(await uploadState(c.get('ctx'), c.get('user'), c.req.param('id'))),
)

/** Without JavaScript: a recording chosen as a file (the phone's own recorder app), sent whole. */
routes.post('/voice/upload', async (c) => {
  const body = await c.req.parseBody()
  const file = body.audio
  if (!(file instanceof File) || file.size === 0)
    throw new AppError('validation', 'audio: choose a recording', {
      issues: [{ field: 'audio', message: 'choose a recording', key: 'voice.error.no_file' as const }],
    })
  const meta: Partial<UploadMeta> = {
    course: String(body.course ?? ''),
    lesson: String(body.lesson ?? ''),
    lang: String(body.lang ?? ''),
    section: String(body.section ?? ''),
    recordedAt: new Date().toISOString(),
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const id = uuidv7()
  for (let start = 0; start < bytes.length; start += MAX_PART_BYTES) {
    const end = Math.min(bytes.length, start + MAX_PART_BYTES) - 1
    await receivePart(
      c.get('ctx'),
      c.get('user'),
      id,
      meta,
      { start, end, total: bytes.length },
      bytes.subarray(start, end + 1),
    )
  }
  return c.redirect(
    `/voice/${meta.course}/${meta.lesson}/${meta.lang}?saved=${encodeURIComponent(meta.section!)}#s-${meta.section}`,
    303,
  )
})

/** The recorder of one lesson in one language, section by section. */
routes.get('/voice/:slug/:key/:lang', async (c) => {
  const l = c.get('locale')
  const { slug, key, lang } = c.req.param()
  const here = `/voice/${slug}/${key}/${lang}`
  if (!c.get('user')) return c.redirect(`/login?back=${encodeURIComponent(here)}`, 303)
  const v = await recordingView(c.get('ctx'), c.get('user'), slug, key, lang)
  const saved = c.req.query('saved')
  const langName = LANG_NAMES[lang] ?? lang
  return c.html(
    <Layout c={c} title={`${v.title} · ${langName}`} scripts={['voice-recorder.js']}>
      <p>
        <a href="/voice">← {t(l, 'voice.title')}</a>
      </p>
      <h1>
        <span lang="vi">{v.title}</span>
      </h1>
      <p class="muted">{t(l, 'voice.record.lead', { lang: langName })}</p>
      {saved ? (
        <p class="notice" role="status">
          {t(l, 'voice.record.saved')}
        </p>
      ) : null}
      <p class="notice" role="status" data-voice-status hidden />
      <ol
        class="voice-sections"
        data-voice-recorder={`/api/voice/clips`}
        data-course={slug}
        data-lesson={key}
        data-lang={lang}
        data-t-record={t(l, 'voice.record')}
        data-t-stop={t(l, 'voice.stop')}
        data-t-again={t(l, 'voice.again')}
        data-t-keep={t(l, 'voice.keep')}
        data-t-waiting={t(l, 'voice.waiting')}
        data-t-sending={t(l, 'voice.sending')}
        data-t-sent={t(l, 'voice.sent')}
        data-t-silent={t(l, 'voice.error.silent_here')}
        data-t-nomic={t(l, 'voice.nomic')}
        data-t-refused={t(l, 'voice.refused')}
      >
        {v.sections.map((s, i) => (
          <li class="voice-section" id={`s-${s.key}`} data-section={s.key}>
            <p class="small muted">
              {t(l, 'voice.section', { n: i + 1, count: v.sections.length })}
              {s.clip ? (
                <>
                  {' · '}
                  <strong class={`voice-state voice-${s.clip.status}`}>
                    {t(l, `voice.status.${s.clip.status}`)}
                  </strong>
                  {s.clip.outdated ? ` · ${t(l, 'voice.outdated')}` : ''}
                </>
              ) : null}
            </p>
            {s.html ? (
              <div lang="vi" class="voice-text">
                {raw(s.html)}
              </div>
            ) : (
              <p lang="vi" class="voice-text">
                {s.text}
              </p>
            )}
            {s.clip?.reason ? (
              <p class="voice-reason">
                {t(l, 'voice.reason')}: <q>{s.clip.reason}</q>
              </p>
            ) : null}
            {/* biome-ignore lint/a11y/useMediaCaption: the section's text above is what it says */}
            {s.clip ? <audio controls preload="none" src={`/voice/clips/${s.clip.id}`} /> : null}
            <div class="voice-controls" data-controls hidden />
            <form
              method="post"
              action="/voice/upload"
              enctype="multipart/form-data"
              class="voice-file"
              data-nojs
            >
              <input type="hidden" name="_csrf" value={c.get('csrf')} />
              <input type="hidden" name="course" value={slug} />
              <input type="hidden" name="lesson" value={key} />
              <input type="hidden" name="lang" value={lang} />
              <input type="hidden" name="section" value={s.key} />
              <label>
                {t(l, 'voice.file')}
                <input type="file" name="audio" accept="audio/*" capture="user" />
              </label>
              <button type="submit" class="secondary">
                {t(l, 'voice.file.send')}
              </button>
            </form>
          </li>
        ))}
      </ol>
    </Layout>,
  )
})

export default routes
