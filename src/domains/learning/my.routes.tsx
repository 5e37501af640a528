import { Hono } from 'hono'
import { formatDate, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { contentLang } from './content-lang.ts'
import { hasTaiViet } from './learning.types.ts'
import { ProgressBar, Txt } from './learning.views.tsx'
import { myLearning } from './lesson.service.ts'

const routes = new Hono<AppEnv>()

/** "My learning": courses in progress with a button to resume, then the courses completed. */
routes.get('/my', async (c) => {
  const l = c.get('locale')
  const user = c.get('user')
  if (!user) return c.redirect('/login?back=/my', 303)
  const mine = await myLearning(c.get('ctx'), user, contentLang(c))
  const going = mine.filter((m) => !m.detail.completedAt)
  const done = mine.filter((m) => m.detail.completedAt)
  return c.html(
    <Layout
      c={c}
      title={t(l, 'nav.my_learning')}
      taiViet={mine.some((m) => hasTaiViet(m.detail.course.title.text))}
    >
      <h1>{t(l, 'nav.my_learning')}</h1>
      {mine.length === 0 ? (
        <div class="notice info">
          <p>{t(l, 'learning.my.none')}</p>
          <p>
            <a class="button" href="/courses">
              {t(l, 'home.browse')}
            </a>
          </p>
        </div>
      ) : null}
      {going.length ? <h2>{t(l, 'learning.my.in_progress')}</h2> : null}
      <ul class="plain">
        {going.map(({ detail: d }) => (
          <li class="card">
            <h3 class="lp-card-title">
              <a href={`/courses/${d.course.slug}`}>
                <Txt c={c} p={d.course.title} />
              </a>
            </h3>
            <ProgressBar c={c} done={d.lessons.filter((i) => i.done).length} total={d.lessons.length} />
            {d.resume ? (
              <p class="actions">
                <a class="button" href={`/courses/${d.course.slug}/${d.resume.key}`}>
                  {t(l, 'learning.resume')}: <Txt c={c} p={d.resume.title} />
                </a>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {done.length ? <h2>{t(l, 'learning.my.completed')}</h2> : null}
      <ul class="plain">
        {done.map(({ detail: d }) => (
          <li class="card">
            <h3 class="lp-card-title">
              <a href={`/courses/${d.course.slug}`}>
                <Txt c={c} p={d.course.title} />
              </a>
            </h3>
            <p class="badge good">{t(l, 'learning.course_done', { date: formatDate(l, d.completedAt!) })}</p>
          </li>
        ))}
      </ul>
      <p>
        <a href="/my/data">{t(l, 'privacy.my.link')}</a>
      </p>
    </Layout>,
  )
})

export default routes
