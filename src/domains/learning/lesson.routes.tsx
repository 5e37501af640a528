import { Hono } from 'hono'
import { raw } from 'hono/html'
import { z } from 'zod'
import { t } from '../../core/i18n.ts'
import { publicReads } from '../../core/public-stamp.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { isOfflineDownload } from '../../web/offline.tsx'
import { publicPage } from '../../web/public-cache.ts'
import { readBody } from '../../web/request.ts'
import { recordFact } from '../facts/facts.service.ts'
import { contentLang, LISTEN_LANGS, listenChoice } from './content-lang.ts'
import { CONTENT_LANGS, hasTaiViet } from './learning.types.ts'
import {
  Crumbs,
  FallbackNotice,
  LANG_NAMES,
  LangPicker,
  minutes,
  PlaySection,
  Txt,
} from './learning.views.tsx'
import { assertVersionOf, lessonPage } from './lesson.service.ts'
import { lessonSections, lessonVoicesByLang } from './studio.bridge.ts'

const routes = new Hono<AppEnv>()

/**
 * The lesson reader. Opening it (signed in) records a lesson_opened fact. Signed out, the page is
 * kept rendered (publicPage, decision 0195).
 */
routes.get('/courses/:slug/:key', publicPage, async (c) => {
  const l = c.get('locale')
  const lang = contentLang(c)
  const ctx = c.get('ctx')
  const user = c.get('user')
  // The catalogue's part of the page under one read of the public content stamp (decision 0202),
  // made with the session when signed in (decision 0208).
  const reads = publicReads(ctx, c.get('publicStamp'))
  const p = await lessonPage(ctx, user, c.req.param('slug'), c.req.param('key'), lang, reads)
  const x = p.course
  const base = `/courses/${x.slug}`
  const tai = hasTaiViet(p.text.title, p.text.body_html, x.title.text)
  if (p.lesson.locked) {
    const first = p.lessons.find((i) => !i.done)!
    return c.html(
      <Layout c={c} title={p.text.title} taiViet={tai}>
        <Crumbs c={c} course={x} />
        <h1 lang={p.text.lang}>{p.text.title}</h1>
        <p class="notice">{t(l, 'learning.locked_lesson')}</p>
        <p class="actions">
          <a class="button" href={`${base}/${first.key}`}>
            <Txt c={c} p={first.title} />
          </a>
        </p>
      </Layout>,
    )
  }
  if (user && !isOfflineDownload(c))
    // Written with the other views of the moment (decision 0202); its rollups are made right
    // after the answer, in the background (decision 0191).
    await recordFact(
      ctx,
      user,
      'lesson_opened',
      { lesson_id: p.lesson.id, lang: p.text.lang },
      { deferRollups: true, grouped: true },
    )
  // Listening: the lesson's languages with at least one approved recording, and the chosen one.
  const listen = listenChoice(c)
  const voices = await lessonVoicesByLang(ctx, x.slug, p.lesson.key, LISTEN_LANGS, reads)
  const heard = listen ? voices.get(listen) : undefined
  const sections = heard ? await lessonSections(ctx, x.slug, p.lesson.key) : null
  const here = `${base}/${p.lesson.key}`
  const nextLabel = p.lesson.hasQuiz
    ? 'learning.done_quiz'
    : p.next
      ? 'learning.done_next'
      : 'learning.done_finish'
  return c.html(
    <Layout c={c} title={p.text.title} taiViet={tai} description={x.summary.text}>
      <Crumbs c={c} course={x} />
      <p class="small muted">
        {t(l, 'learning.lesson_n', { n: p.lesson.position, total: p.lessons.length })} ·{' '}
        {minutes(c, p.text.minutes ?? p.lesson.minutes)}
      </p>
      <LangPicker c={c} langs={x.languages} current={p.text.lang} path={`${base}/${p.lesson.key}`} />
      {p.fallback ? <FallbackNotice c={c} want={lang} /> : null}
      {voices.size ? (
        <nav class="listen-picker" aria-label={t(l, 'voice.listen', { lang: '' })}>
          {[...voices.keys()].map((g) =>
            g === listen ? (
              <strong aria-current="true">{t(l, 'voice.listen', { lang: LANG_NAMES[g] ?? g })}</strong>
            ) : (
              <a class="button secondary" href={`${here}?listen=${g}`}>
                {t(l, 'voice.listen', { lang: LANG_NAMES[g] ?? g })}
              </a>
            ),
          )}
          {listen ? (
            <a class="button secondary" href={`${here}?listen=off`}>
              {t(l, 'voice.listen.off')}
            </a>
          ) : null}
        </nav>
      ) : null}
      {listen && !heard ? <p class="notice info">{t(l, 'voice.listen.none')}</p> : null}
      {heard && sections ? (
        <article class="lesson listen" lang="vi">
          <h1>{sections.title}</h1>
          {heard.get('title') ? <PlaySection c={c} url={heard.get('title')!.url} lang={listen!} /> : null}
          {sections.sections.map((s) => (
            <section class="listen-section">
              {heard.get(s.key) ? <PlaySection c={c} url={heard.get(s.key)!.url} lang={listen!} /> : null}
              {raw(s.html)}
            </section>
          ))}
        </article>
      ) : (
        <article class="lesson" lang={p.text.lang}>
          <h1>{p.text.title}</h1>
          {p.text.audio_url ? (
            <figure class="lp-audio">
              <figcaption>{t(l, 'learning.listen')}</figcaption>
              {/* biome-ignore lint/a11y/useMediaCaption: the lesson text on this page is the transcript */}
              <audio controls preload="none" src={p.text.audio_url}>
                <a href={p.text.audio_url}>{t(l, 'learning.listen')}</a>
              </audio>
            </figure>
          ) : null}
          {raw(p.text.body_html)}
        </article>
      )}
      {user ? (
        <form
          method="post"
          action={`${base}/${p.lesson.key}/done`}
          class="actions"
          data-outbox-kind="lesson_completed"
          data-outbox-on-view="lesson_opened"
          data-outbox-next={
            p.lesson.hasQuiz && !p.lesson.quizPassed
              ? `${base}/${p.lesson.key}/quiz`
              : p.next
                ? `${base}/${p.next.key}`
                : base
          }
        >
          <CsrfField c={c} />
          <input type="hidden" name="lesson_id" value={p.lesson.id} />
          <input type="hidden" name="lang" value={p.text.lang} />
          <button type="submit">{t(l, nextLabel)}</button>
        </form>
      ) : (
        <p class="notice info">
          <a href={`/login?back=${encodeURIComponent(`${base}/${p.lesson.key}`)}`}>{t(l, 'nav.login')}</a>{' '}
          {t(l, 'learning.signin_to_save')}
        </p>
      )}
      <nav class="lp-pager" aria-label={t(l, 'learning.lesson_list')}>
        {p.prev ? (
          <a class="button secondary" href={`${base}/${p.prev.key}`} rel="prev">
            ← <Txt c={c} p={p.prev.title} />
          </a>
        ) : null}
        {p.lesson.hasQuiz ? (
          <a class="button secondary" href={`${base}/${p.lesson.key}/quiz`}>
            {t(l, 'learning.quiz')}
          </a>
        ) : null}
        {p.next && !p.next.locked ? (
          <a class="button secondary" href={`${base}/${p.next.key}`} rel="next">
            <Txt c={c} p={p.next.title} /> →
          </a>
        ) : null}
      </nav>
    </Layout>,
  )
})

const doneSchema = z.object({ lesson_id: z.string().uuid(), lang: z.enum(CONTENT_LANGS) }).strict()

/** "Done": records lesson_completed, then goes to the quiz, the next lesson or the course. */
routes.post('/courses/:slug/:key/done', async (c) => {
  const ctx = c.get('ctx')
  const user = c.get('user')
  const slug = c.req.param('slug')
  const key = c.req.param('key')
  if (!user) return c.redirect(`/login?back=${encodeURIComponent(`/courses/${slug}/${key}`)}`, 303)
  const input = await readBody(c, doneSchema)
  await assertVersionOf(ctx, input.lesson_id, slug, key)
  await recordFact(ctx, user, 'lesson_completed', input)
  const p = await lessonPage(ctx, user, slug, key, input.lang)
  if (p.lesson.hasQuiz && !p.lesson.quizPassed) return c.redirect(`/courses/${slug}/${key}/quiz`, 303)
  if (p.next) return c.redirect(`/courses/${slug}/${p.next.key}`, 303)
  return c.redirect(`/courses/${slug}`, 303)
})

export default routes
