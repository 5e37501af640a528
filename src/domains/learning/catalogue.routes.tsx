import { Hono } from 'hono'
import { z } from 'zod'
import { fromZod } from '../../core/errors.ts'
import { formatDate, type Locale, t } from '../../core/i18n.ts'
import { publicReads } from '../../core/public-stamp.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { OfflineDownload } from '../../web/offline.tsx'
import { publicPage } from '../../web/public-cache.ts'
import { catalogue, courseDetail } from './catalogue.service.ts'
import { contentLang } from './content-lang.ts'
import { AUDIENCES, COMPETENCIES, CONTENT_LANGS, hasTaiViet } from './learning.types.ts'
import {
  Crumbs,
  FallbackNotice,
  LANG_NAMES,
  LangPicker,
  minutes,
  ProgressBar,
  Txt,
} from './learning.views.tsx'

const routes = new Hono<AppEnv>()

const filterSchema = z
  .object({
    audience: z.enum(AUDIENCES, { message: `must be one of ${AUDIENCES.join(', ')}` }).optional(),
    lang: z.enum(CONTENT_LANGS, { message: `must be one of ${CONTENT_LANGS.join(', ')}` }).optional(),
    topic: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'must be a topic keyword')
      .optional(),
    competency: z.enum(COMPETENCIES, { message: `must be one of ${COMPETENCIES.join(', ')}` }).optional(),
  })
  .strip()

/** A course topic keyword in the reader's language; a keyword the catalogue lacks is shown as written. */
function topicName(l: Locale, topic: string): string {
  const key = `learning.topic.${topic}` as const
  const name = t(l, key)
  return name === key ? topic : name
}

// Signed out, the catalogue and course pages are kept rendered (publicPage, decision 0195).
routes.get('/courses', publicPage, async (c) => {
  const l = c.get('locale')
  const raw = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''))
  const parsed = filterSchema.safeParse(raw)
  if (!parsed.success) throw fromZod(parsed.error)
  const f = parsed.data
  const lang = contentLang(c)
  const { courses, topics } = await catalogue(c.get('ctx'), c.get('user'), f, lang)
  const select = (
    name: string,
    values: readonly string[],
    label: (v: string) => string,
    current?: string,
    /** The language of each choice's label, when it is not the interface's (a language's own name). */
    labelLang?: (v: string) => string,
  ) => (
    <label>
      {t(l, `learning.filter.${name}`)}
      <select name={name}>
        <option value="">{t(l, 'learning.filter.all')}</option>
        {values.map((v) => (
          <option value={v} selected={v === current} lang={labelLang?.(v)}>
            {label(v)}
          </option>
        ))}
      </select>
    </label>
  )
  return c.html(
    <Layout
      c={c}
      title={t(l, 'nav.courses')}
      taiViet={courses.some((x) => hasTaiViet(x.title.text, x.summary.text))}
    >
      <h1>{t(l, 'nav.courses')}</h1>
      <form method="get" action="/search" class="lp-search">
        <label>
          {t(l, 'learning.search.label')}
          <input type="search" name="q" placeholder={t(l, 'learning.search.placeholder')} />
        </label>
        <button type="submit">{t(l, 'learning.search.submit')}</button>
      </form>
      <details class="lp-filters" open={Object.keys(f).length > 0}>
        <summary>{t(l, 'learning.filter.title')}</summary>
        <form method="get" action="/courses" class="stack">
          {select('audience', AUDIENCES, (v) => t(l, `learning.audience.${v}`), f.audience)}
          {select(
            'lang',
            CONTENT_LANGS,
            (v) => LANG_NAMES[v]!,
            f.lang,
            (v) => v,
          )}
          {select('competency', COMPETENCIES, (v) => t(l, `learning.competency.${v}`), f.competency)}
          {select('topic', topics, (v) => topicName(l, v), f.topic)}
          <button type="submit">{t(l, 'learning.filter.submit')}</button>
        </form>
      </details>
      <p class="muted">{t(l, 'learning.course_count', { count: courses.length })}</p>
      {courses.length === 0 ? (
        <p>
          <a href="/courses">{t(l, 'learning.filter.clear')}</a>
        </p>
      ) : null}
      <ul class="plain grid">
        {courses.map((x) => (
          <li class="card">
            <h2 class="lp-card-title">
              <a href={`/courses/${x.slug}`}>
                <Txt c={c} p={x.title} />
              </a>
            </h2>
            <p>
              <Txt c={c} p={x.summary} />
            </p>
            <p class="small">
              <span class="badge">{t(l, `learning.level.${x.level}`)}</span>{' '}
              <span class="badge">{t(l, 'learning.lessons', { count: x.lessonCount })}</span>{' '}
              <span class="badge">{minutes(c, x.minutes)}</span>{' '}
              {x.languages.map((g) => (
                <span class="badge" lang={g}>
                  {g.toUpperCase()}
                </span>
              ))}
            </p>
            {x.completed ? (
              <p class="badge good">{t(l, 'learning.completed')}</p>
            ) : x.started ? (
              <ProgressBar c={c} done={x.done} total={x.lessonCount} />
            ) : null}
          </li>
        ))}
      </ul>
    </Layout>,
  )
})

routes.get('/courses/:slug', publicPage, async (c) => {
  const l = c.get('locale')
  const lang = contentLang(c)
  const ctx = c.get('ctx')
  const d = await courseDetail(
    ctx,
    c.get('user'),
    c.req.param('slug'),
    lang,
    publicReads(ctx, c.get('publicStamp')),
  )
  const x = d.course
  const done = d.lessons.filter((i) => i.done).length
  const tai = hasTaiViet(x.title.text, x.summary.text, ...d.lessons.map((i) => i.title.text))
  return c.html(
    <Layout c={c} title={x.title.text} taiViet={tai}>
      <Crumbs c={c} />
      <h1>
        <Txt c={c} p={x.title} />
      </h1>
      <LangPicker c={c} langs={x.languages} current={lang} path={`/courses/${x.slug}`} />
      {x.title.fallback ? <FallbackNotice c={c} want={lang} /> : null}
      <p>
        <Txt c={c} p={x.summary} />
      </p>
      <p class="small">
        <span class="badge">{t(l, `learning.level.${x.level}`)}</span>{' '}
        <span class="badge">{t(l, `learning.competency.${x.competency}`)}</span>{' '}
        <span class="badge">{minutes(c, x.minutes)}</span>{' '}
        {x.audiences.map((a) => (
          <span class="badge">{t(l, `learning.audience.${a}`)}</span>
        ))}
      </p>
      {d.completedAt ? (
        <p class="flash" role="status">
          {t(l, 'learning.course_done', { date: formatDate(l, d.completedAt) })}
        </p>
      ) : null}
      {c.get('user') ? <ProgressBar c={c} done={done} total={d.lessons.length} /> : null}
      {d.resume ? (
        <p class="actions">
          <a class="button" href={`/courses/${x.slug}/${d.resume.key}`} data-resume>
            {d.started ? t(l, 'learning.resume') : t(l, 'learning.start')}
            {': '}
            <Txt c={c} p={d.resume.title} />
          </a>
        </p>
      ) : null}
      {!c.get('user') ? (
        <p class="notice info">
          <a href={`/login?back=/courses/${x.slug}`}>{t(l, 'nav.login')}</a> {t(l, 'learning.signin_to_save')}
        </p>
      ) : null}
      <OfflineDownload c={c} course={x.slug} lang={lang} />
      <h2>{t(l, 'learning.lesson_list')}</h2>
      {d.sequential ? <p class="small muted">{t(l, 'learning.sequential')}</p> : null}
      {d.lessons.some((i) => i.hasQuiz) ? (
        <p class="small muted">{t(l, 'learning.pass_mark', { mark: d.passMark })}</p>
      ) : null}
      <ol class="lp-lessons">
        {d.lessons.map((i) => (
          <li
            class={i.done ? 'done' : i.locked ? 'locked' : undefined}
            data-lesson-id={i.id}
            data-lesson-key={i.key}
            data-has-quiz={i.hasQuiz ? '1' : '0'}
            data-completed={i.completed ? '1' : '0'}
            data-quiz-passed={i.quizPassed ? '1' : '0'}
          >
            {i.locked ? (
              <span>
                <Txt c={c} p={i.title} />
              </span>
            ) : (
              <a href={`/courses/${x.slug}/${i.key}`}>
                <Txt c={c} p={i.title} />
              </a>
            )}{' '}
            <span class="small muted">{minutes(c, i.minutes)}</span>{' '}
            {i.done ? (
              <span class="badge good">{t(l, 'learning.done')}</span>
            ) : i.locked ? (
              <span class="badge">{t(l, 'learning.locked')}</span>
            ) : i.completed && i.hasQuiz ? (
              <span class="badge warn">{t(l, 'learning.quiz_todo')}</span>
            ) : i.opened ? (
              <span class="badge">{t(l, 'learning.opened')}</span>
            ) : null}
            {i.bestScore !== null ? (
              <span class="small muted"> {t(l, 'learning.best_score', { score: i.bestScore })}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </Layout>,
  )
})

export default routes
