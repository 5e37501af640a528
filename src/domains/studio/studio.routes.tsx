import { Hono } from 'hono'
import { z } from 'zod'
import { validationError } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import { freeText } from '../../core/text.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { sendWithRange } from '../../web/range.ts'
import { readBody } from '../../web/request.ts'
import { hasTaiViet } from '../learning/learning.types.ts'
import { LANG_NAMES } from '../learning/learning.views.tsx'
import {
  addComment,
  approve,
  audioFile,
  editorView,
  progress,
  saveDrafts,
  saveTerm,
  studioIndex,
  uploadAudio,
} from './studio.service.ts'
import { AudioPanel, EditorForm, GlossaryPanel, Preview, ReviewPanel } from './studio.views.tsx'
import { uiCoverage, uiLangsOf } from './ui.service.ts'
import { UiCoverageList } from './ui.views.tsx'
import voiceRoutes from './voice.routes.tsx'

const routes = new Hono<AppEnv>()
// Community voices: lessons recorded section by section from phones (decision 0190).
routes.route('/', voiceRoutes)
const wantsJson = (accept: string | undefined) => (accept ?? '').includes('application/json')

/** The studio's index: progress per language and every lesson's state in the person's languages. */
routes.get('/studio', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return c.redirect('/login?back=/studio', 303)
  const idx = await studioIndex(c.get('ctx'), c.get('user'))
  const prog = (await progress(c.get('ctx'))).filter((p) => idx.langs.includes(p.lang as never))
  const uiLangs = uiLangsOf(c.get('user'))
  const uiCov = await uiCoverage(c.get('ctx'), uiLangs)
  return c.html(
    <Layout c={c} title={t(l, 'studio.title')}>
      <h1>{t(l, 'studio.title')}</h1>
      <p class="muted">{t(l, 'studio.lead')}</p>
      <h2>{t(l, 'studio.progress')}</h2>
      <ul>
        {prog.map((p) => (
          <li>
            <strong>{LANG_NAMES[p.lang]}</strong>: {t(l, 'studio.progress.line', p)}
          </li>
        ))}
      </ul>
      {uiLangs.length ? (
        <>
          <h2>{t(l, 'studio.ui.progress')}</h2>
          <UiCoverageList c={c} coverage={uiCov} />
          <p>
            <a class="button secondary" href="/studio/interface">
              {t(l, 'studio.ui.link')}
            </a>
          </p>
        </>
      ) : null}
      {idx.courses.length ? null : <p>{t(l, 'studio.empty')}</p>}
      {idx.courses.map((course) => (
        <section>
          <h2>{course.title}</h2>
          <ul class="st-lessons">
            {course.lessons.map((ls) => (
              <li>
                <span lang="vi">{ls.title}</span>
                <span class="st-langs">
                  {idx.langs.map((g) => (
                    <a
                      class={`button secondary st-${ls.states[g]}`}
                      href={`/studio/${course.slug}/${ls.key}/${g}`}
                    >
                      {LANG_NAMES[g]}: {t(l, `studio.state.${ls.states[g]}`)}
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

/** A recording, with Range support (phones seek with it). */
routes.get('/studio/audio/:id', async (c) => {
  const f = await audioFile(c.get('ctx'), c.get('user'), c.req.param('id'))
  c.header('Content-Type', f.mime)
  c.header('X-Content-Type-Options', 'nosniff')
  // A recording never changes: a new take gets a new id. A draft stays out of shared caches.
  c.header('Cache-Control', `${f.approved ? 'public' : 'private'}, max-age=31536000, immutable`)
  const { blobs } = c.get('ctx')
  // Opened before the answer starts, so that a missing object is an error page, not a cut-off sound.
  return sendWithRange(c, f.size, async (start, end) => {
    const body = await blobs.stream(f.key, start, end)
    if (!body) throw new Error(`recording ${f.key}: its bytes are missing from ${blobs.name}`)
    return body
  })
})

/** The side-by-side editor of one lesson in one language. */
routes.get('/studio/:slug/:key/:lang', async (c) => {
  const l = c.get('locale')
  const { slug, key, lang } = c.req.param()
  const base = `/studio/${slug}/${key}/${lang}`
  if (!c.get('user')) return c.redirect(`/login?back=${encodeURIComponent(base)}`, 303)
  const v = await editorView(c.get('ctx'), c.get('user'), slug, key, lang)
  // The Tai Viet font only where it is needed: Tai Dam pages, or any text already in the script.
  const tai = lang === 'blt' || hasTaiViet(...v.segments.map((s) => s.text))
  const saved = c.req.query('saved')
  return c.html(
    <Layout
      c={c}
      title={`${v.source.title} · ${LANG_NAMES[lang]}`}
      taiViet={tai}
      contentLang={lang}
      scripts={['studio.js', 'studio-recorder.js']}
    >
      <p class="small">
        <a href="/studio">← {t(l, 'studio.back')}</a> · {v.source.courseTitle}
      </p>
      <h1>
        <span lang="vi">{v.source.title}</span> · {LANG_NAMES[lang]}
      </h1>
      {saved ? <p class="notice info">{t(l, 'studio.saved', { n: Number(saved) || 0 })}</p> : null}
      <div class="st-layout">
        <div class="st-main">
          <EditorForm c={c} v={v} base={base} />
          <Preview c={c} v={v} />
        </div>
        <div class="st-side">
          <GlossaryPanel c={c} v={v} />
          <AudioPanel c={c} v={v} base={base} />
          <ReviewPanel c={c} v={v} base={base} />
        </div>
      </div>
    </Layout>,
  )
})

const saveSchema = z.record(z.string().regex(/^s\.[a-z0-9:_-]+$/i, 'unknown field'), z.string().max(10_000))

/** Saves the no-JavaScript form (with JavaScript, studio.js saves through the outbox instead). */
routes.post('/studio/:slug/:key/:lang/save', async (c) => {
  const { slug, key, lang } = c.req.param()
  const input = await readBody(c, saveSchema)
  const texts = Object.fromEntries(Object.entries(input).map(([k, v]) => [k.slice(2), v]))
  const n = await saveDrafts(c.get('ctx'), c.get('user'), slug, key, lang, texts)
  return c.redirect(`/studio/${slug}/${key}/${lang}?saved=${n}`, 303)
})

/** A recording from the recorder or an uploaded file (multipart field `audio`). */
routes.post('/studio/:slug/:key/:lang/audio', async (c) => {
  const { slug, key, lang } = c.req.param()
  const form = await c.req.parseBody()
  const file = form.audio
  if (!(file instanceof File)) throw validationError('audio', 'choose a recording to upload')
  const a = await uploadAudio(c.get('ctx'), c.get('user'), slug, key, lang, file)
  if (wantsJson(c.req.header('accept')))
    return c.json(
      { id: a.id, bytes: a.bytes, duration_ms: a.duration_ms, mime: a.mime, url: `/studio/audio/${a.id}` },
      201,
    )
  return c.redirect(`/studio/${slug}/${key}/${lang}`, 303)
})

/** Approves and publishes (reviewers of the language, never the translator themself). */
routes.post('/studio/:slug/:key/:lang/approve', async (c) => {
  const { slug, key, lang } = c.req.param()
  await readBody(c, z.object({}).strict())
  await approve(c.get('ctx'), c.get('user'), slug, key, lang)
  return c.redirect(`/studio/${slug}/${key}/${lang}`, 303)
})

const commentSchema = z
  .object({
    segment: z.string().regex(/^[a-z0-9:_-]{1,120}$/i, 'must be a segment key'),
    body: freeText(1, 2000, { multiline: true }),
  })
  .strict()

/** A comment on a paragraph. */
routes.post('/studio/:slug/:key/:lang/comments', async (c) => {
  const { slug, key, lang } = c.req.param()
  const input = await readBody(c, commentSchema)
  await addComment(c.get('ctx'), c.get('user'), { slug, key, lang }, input.segment, input.body)
  return c.redirect(`/studio/${slug}/${key}/${lang}`, 303)
})

const termSchema = z
  .object({
    term: freeText(1, 80),
    translation: freeText(1, 200),
    note: freeText(0, 300).optional(),
    back: z
      .string()
      .regex(/^\/studio\//, 'must be a studio page')
      .optional(),
  })
  .strict()

/** Adds or changes a glossary term of a language. */
routes.post('/studio/glossary/:lang', async (c) => {
  const input = await readBody(c, termSchema)
  const { back, ...term } = input
  await saveTerm(c.get('ctx'), c.get('user'), c.req.param('lang'), term)
  if (wantsJson(c.req.header('accept'))) return c.json({ ok: true })
  return c.redirect(back ?? '/studio', 303)
})

export default routes
