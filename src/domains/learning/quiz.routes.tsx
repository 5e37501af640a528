import type { Context } from 'hono'
import { Hono } from 'hono'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { recordFact } from '../facts/facts.service.ts'
import { contentLang, listenChoice } from './content-lang.ts'
import { type Answer, hasTaiViet, type Question, quizPictureUrl } from './learning.types.ts'
import { Crumbs, FallbackNotice, PlaySection, Txt } from './learning.views.tsx'
import { attemptResult, type QuizPage, quizPage } from './lesson.service.ts'
import { readQuizForm } from './quiz.form.ts'
import { isRight, shuffled } from './quiz.ts'
import { lessonVoices, type SectionVoice } from './studio.bridge.ts'

const routes = new Hono<AppEnv>()

function quizTexts(qs: Question[]): string[] {
  return qs.flatMap((q) => [
    q.prompt,
    ...(q.type === 'single' || q.type === 'multiple'
      ? q.choices.flatMap((ch) => [ch.text, ch.explanation])
      : []),
    ...(q.type === 'order' ? q.steps.map((s) => s.text) : []),
  ])
}

/**
 * Listening (decision 0190): the approved recordings of the quiz's prompts, choices and steps in
 * the language the learner listens in, keyed as the studio keys them (`q:<id>:prompt`…), so a
 * person who does not read hears each question and each answer. Scoring is unchanged.
 */
async function quizVoices(c: Context<AppEnv>, slug: string, key: string): Promise<Voices> {
  const listen = listenChoice(c)
  const heard = listen ? await lessonVoices(c.get('ctx'), slug, key, listen) : new Map<string, SectionVoice>()
  return { listen: listen ?? '', heard }
}
type Voices = { listen: string; heard: Map<string, SectionVoice> }

/**
 * The player of a quiz section in the language the learner listens in, or nothing: a recording in
 * another language is never played in its place. `data-media` names the section, so the result
 * drawn in the browser with no network shows the same player.
 */
function player(c: Context<AppEnv>, voices: Voices, section: string, small = false) {
  const v = voices.heard.get(section)
  return v ? <PlaySection c={c} url={v.url} lang={voices.listen} small={small} section={section} /> : null
}

/** A quiz picture (its language's, else the Vietnamese quiz's), marked for the offline result. */
function Picture({ slug, path, media }: { slug: string; path: string | undefined; media: string }) {
  return path ? <img class="quiz-picture" src={quizPictureUrl(slug, path)} alt="" data-media={media} /> : null
}

function QuizForm({
  c,
  p,
  issues = [],
  given = {},
  voices,
}: {
  c: Context<AppEnv>
  p: QuizPage
  issues?: FieldIssue[]
  given?: Record<string, Answer>
  voices: Voices
}) {
  const l = c.get('locale')
  const play = (section: string, small = false) => player(c, voices, section, small)
  const base = `/courses/${p.course.slug}/${p.lesson.key}`
  const bad = new Map(issues.map((i) => [i.field, i.message]))
  return (
    <Layout
      c={c}
      title={t(l, 'learning.quiz_title', { title: p.text.title })}
      taiViet={hasTaiViet(p.text.title, ...quizTexts(p.questions))}
    >
      <Crumbs c={c} course={p.course} />
      <h1>{t(l, 'learning.quiz_title', { title: p.text.title })}</h1>
      {p.quizFallback ? <FallbackNotice c={c} want={contentLang(c)} /> : null}
      <p class="small muted">{t(l, 'learning.pass_mark', { mark: p.passMark })}</p>
      {issues.length ? (
        <div class="error" role="alert">
          <p>{t(l, 'learning.quiz_incomplete')}</p>
        </div>
      ) : null}
      <form
        method="post"
        action={`${base}/quiz`}
        class="lp-quiz"
        lang={p.quizLang}
        data-offline-quiz={p.course.slug}
      >
        <CsrfField c={c} />
        <input type="hidden" name="lesson_id" value={p.lesson.id} />
        <input type="hidden" name="lang" value={p.quizLang} />
        {p.questions.map((q, n) => {
          const name = `q.${q.id}`
          const g = given[q.id]
          const err = bad.get(name)
          return (
            <fieldset class="card" aria-invalid={err ? 'true' : undefined}>
              <legend>
                {n + 1}. {q.prompt}
              </legend>
              <Picture slug={p.course.slug} path={q.picture} media={`q:${q.id}:picture`} />
              {play(`q:${q.id}:prompt`)}
              {err ? <p class="field-error">{t(l, 'learning.quiz_answer_needed')}</p> : null}
              {q.type === 'single' || q.type === 'multiple' ? (
                <>
                  {q.type === 'multiple' ? <p class="small muted">{t(l, 'learning.choose_all')}</p> : null}
                  {q.choices.map((ch) => (
                    <div class="choice-row">
                      <label class="choice">
                        <input
                          type={q.type === 'single' ? 'radio' : 'checkbox'}
                          name={name}
                          value={ch.id}
                          checked={Array.isArray(g) ? g.includes(ch.id) : g === ch.id}
                        />
                        <Picture
                          slug={p.course.slug}
                          path={ch.picture}
                          media={`q:${q.id}:c:${ch.id}:picture`}
                        />
                        <span>{ch.text}</span>
                      </label>
                      {play(`q:${q.id}:c:${ch.id}:text`, true)}
                    </div>
                  ))}
                </>
              ) : q.type === 'truefalse' ? (
                (['true', 'false'] as const).map((v) => (
                  <label class="choice">
                    <input type="radio" name={name} value={v} checked={g === (v === 'true')} />
                    <span lang={l}>{t(l, `learning.${v}`)}</span>
                  </label>
                ))
              ) : (
                <>
                  <p class="small muted">{t(l, 'learning.order_hint')}</p>
                  {q.steps.some((st) => voices.heard.has(`q:${q.id}:s:${st.id}`)) ? (
                    <ul class="plain listen-steps">
                      {shuffled(q.steps, `${p.lesson.id}:${q.id}`).map((st) => (
                        <li>
                          <span>{st.text}</span>
                          {play(`q:${q.id}:s:${st.id}`, true)}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  {q.steps.map((_, i) => (
                    <label>
                      <span lang={l}>{t(l, 'learning.step_n', { n: i + 1 })}</span>
                      <select name={`${name}.${i + 1}`}>
                        <option value="">{t(l, 'learning.choose')}</option>
                        {shuffled(q.steps, `${p.lesson.id}:${q.id}`).map((s) => (
                          <option value={s.id} selected={Array.isArray(g) && g[i] === s.id}>
                            {s.text}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                </>
              )}
            </fieldset>
          )
        })}
        <button type="submit">{t(l, 'learning.check_answers')}</button>
      </form>
    </Layout>
  )
}

routes.get('/courses/:slug/:key/quiz', async (c) => {
  const p = await quizPage(
    c.get('ctx'),
    c.get('user'),
    c.req.param('slug'),
    c.req.param('key'),
    contentLang(c),
  )
  if (p.lesson.locked) return c.redirect(`/courses/${p.course.slug}/${p.lesson.key}`, 303)
  return c.html(<QuizForm c={c} p={p} voices={await quizVoices(c, p.course.slug, p.lesson.key)} />)
})

/** Scores the form on the server: records lesson_completed (once) and the quiz_attempt, then shows the result. */
routes.post('/courses/:slug/:key/quiz', async (c) => {
  const ctx = c.get('ctx')
  const user = c.get('user')
  const slug = c.req.param('slug')
  const key = c.req.param('key')
  if (!user) return c.redirect(`/login?back=${encodeURIComponent(`/courses/${slug}/${key}/quiz`)}`, 303)
  const p = await quizPage(ctx, user, slug, key, contentLang(c))
  const form = await c.req.parseBody({ all: true })
  if (form.lesson_id !== p.lesson.id) {
    throw new AppError(
      'conflict',
      'lesson_id: the lesson changed since this page was opened; open the quiz again',
    )
  }
  const { answers, issues } = readQuizForm(p.questions, form)
  if (issues.length) {
    c.status(400)
    return c.html(
      <QuizForm c={c} p={p} issues={issues} given={answers} voices={await quizVoices(c, slug, key)} />,
    )
  }
  if (!p.lesson.completed)
    await recordFact(ctx, user, 'lesson_completed', { lesson_id: p.lesson.id, lang: p.text.lang })
  const id = await recordFact(ctx, user, 'quiz_attempt', {
    lesson_id: p.lesson.id,
    lang: p.quizLang,
    answers,
  })
  return c.redirect(`/courses/${slug}/${key}/quiz/result/${id}`, 303)
})

/**
 * One question's feedback. For a person who does not read, the question's picture and its
 * recording (in the language listened in) sit beside the right/wrong mark, and each choice and
 * step keeps its picture and recording, as on the quiz page.
 */
function Feedback({
  c,
  q,
  a,
  slug,
  voices,
}: {
  c: Context<AppEnv>
  q: Question
  a: Answer | undefined
  slug: string
  voices: Voices
}) {
  const l = c.get('locale')
  const ok = isRight(q, a)
  const play = (section: string, small = false) => player(c, voices, section, small)
  return (
    <section class="card">
      <h2 class="lp-q">
        {q.prompt}{' '}
        <span class={`badge ${ok ? 'good' : 'bad'}`} lang={l}>
          {t(l, ok ? 'learning.right' : 'learning.wrong')}
        </span>
      </h2>
      <div class="quiz-mark">
        <span class={`mark ${ok ? 'good' : 'bad'}`} aria-hidden="true">
          {ok ? '✓' : '✗'}
        </span>
        <Picture slug={slug} path={q.picture} media={`q:${q.id}:picture`} />
        {play(`q:${q.id}:prompt`)}
      </div>
      {q.type === 'single' || q.type === 'multiple' ? (
        <ul class="plain">
          {q.choices.map((ch) => {
            const chosen = Array.isArray(a) ? a.includes(ch.id) : a === ch.id
            const cls = ch.correct ? 'right' : chosen ? 'wrong' : ''
            const note = chosen
              ? ch.correct
                ? 'learning.your_answer_right'
                : 'learning.your_answer_wrong'
              : ch.correct
                ? 'learning.missed'
                : null
            return (
              <li class={`choice ${cls}`}>
                <Picture slug={slug} path={ch.picture} media={`q:${q.id}:c:${ch.id}:picture`} />
                <div>
                  <span>{ch.text}</span>
                  {note ? (
                    <strong class="small" lang={l}>
                      {' '}
                      · {t(l, note)}
                    </strong>
                  ) : null}
                  {play(`q:${q.id}:c:${ch.id}:text`, true)}
                  {chosen || ch.correct ? <p class="explain">{ch.explanation}</p> : null}
                </div>
              </li>
            )
          })}
        </ul>
      ) : q.type === 'truefalse' ? (
        <>
          <p lang={l}>
            {t(l, 'learning.you_said', { answer: typeof a === 'boolean' ? t(l, `learning.${a}`) : '—' })} ·{' '}
            {t(l, 'learning.correct_is', { answer: t(l, `learning.${q.answer}`) })}
          </p>
          <p class="explain">{q.explanation}</p>
        </>
      ) : (
        <>
          <p class="small" lang={l}>
            {t(l, 'learning.correct_order')}
          </p>
          <ol class="steps">
            {q.steps.map((s, i) => (
              <li class={Array.isArray(a) && a[i] === s.id ? 'lp-ok' : 'lp-ko'}>
                {s.text}
                {play(`q:${q.id}:s:${s.id}`, true)}
              </li>
            ))}
          </ol>
          <p class="explain">{q.explanation}</p>
        </>
      )}
    </section>
  )
}

routes.get('/courses/:slug/:key/quiz/result/:id', async (c) => {
  const l = c.get('locale')
  const user = c.get('user')
  if (!user) return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
  const r = await attemptResult(c.get('ctx'), user, c.req.param('id'), contentLang(c))
  const ev = r.event
  const voices = await quizVoices(c, ev.course_slug, ev.lesson_key ?? '')
  const passed = ev.passed === 1
  const slug = ev.course_slug
  const lang = ev.lang
  return c.html(
    <Layout c={c} title={t(l, 'learning.result_title')} taiViet={hasTaiViet(...quizTexts(r.questions))}>
      <Crumbs c={c} course={r.detail.course} />
      <h1>{t(l, 'learning.result_title')}</h1>
      <p class={passed ? 'flash' : 'notice'} role="status">
        {t(l, passed ? 'learning.passed' : 'learning.failed', {
          score: ev.score ?? 0,
          correct: ev.correct ?? 0,
          total: ev.total ?? 0,
          mark: r.detail.passMark,
        })}
      </p>
      {r.detail.completedAt ? <p class="flash">{t(l, 'learning.course_done_now')}</p> : null}
      <div lang={lang}>
        {r.questions.map((q) => (
          <Feedback c={c} q={q} a={r.answers[q.id]} slug={slug} voices={voices} />
        ))}
      </div>
      <p class="actions">
        {!passed ? (
          <a class="button" href={`/courses/${slug}/${ev.lesson_key}/quiz`}>
            {t(l, 'learning.retry')}
          </a>
        ) : r.next ? (
          <a class="button" href={`/courses/${slug}/${r.next.key}`}>
            {t(l, 'learning.next')}: <Txt c={c} p={r.next.title} />
          </a>
        ) : null}
        <a class={`button ${!passed || r.next ? 'secondary' : ''}`} href={`/courses/${slug}`}>
          {t(l, 'learning.back_to_course')}
        </a>
        {!passed ? (
          <a class="button secondary" href={`/courses/${slug}/${ev.lesson_key}`}>
            {t(l, 'learning.reread')}
          </a>
        ) : null}
      </p>
    </Layout>,
  )
})

export default routes
