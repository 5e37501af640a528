import { Hono } from 'hono'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { CONTENT_LANGS } from './learning.types.ts'
import { CoverageTable, LANG_NAMES } from './learning.views.tsx'
import { translationProgress, voiceCoverage } from './studio.bridge.ts'
import { translationStatus } from './translations.service.ts'

const routes = new Hono<AppEnv>()

/** The translation status for content editors and translators. */
routes.get('/translations', async (c) => {
  const l = c.get('locale')
  const user = c.get('user')
  if (!user) return c.redirect('/login?back=/translations', 303)
  const courses = await translationStatus(c.get('ctx'), user)
  const mine = new Set(user.roles.flatMap((r) => r.languages))
  // STUDIO: per-language progress counted by the translation studio (empty without it).
  const studio = await translationProgress(c.get('ctx'))
  // STUDIO: community recordings per course and language (decision 0190; empty without a studio).
  const voices = await voiceCoverage(c.get('ctx'))
  return c.html(
    <Layout c={c} title={t(l, 'learning.tr.title')}>
      <h1>{t(l, 'learning.tr.title')}</h1>
      <p class="muted">{t(l, 'learning.tr.lead')}</p>
      {studio.length ? (
        <section aria-labelledby="tr-studio">
          <h2 id="tr-studio">
            <a href="/studio">{t(l, 'studio.progress')}</a>
          </h2>
          <ul>
            {studio.map((p) => (
              <li>
                <span lang={p.lang}>{LANG_NAMES[p.lang]}</span>: {t(l, 'studio.progress.line', p)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {voices.length ? (
        <section aria-labelledby="tr-voice">
          <h2 id="tr-voice">
            <a href="/voice/coverage">{t(l, 'voice.coverage')}</a>
          </h2>
          <CoverageTable l={l} lines={voices} />
        </section>
      ) : null}
      {courses.map((course) => (
        <section>
          <h2>
            <a href={`/courses/${course.slug}`}>{course.title}</a>
          </h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(l, 'learning.tr.lesson')}</th>
                  {CONTENT_LANGS.map((g) => (
                    <th scope="col" lang={g} class={mine.has(g) ? 'lp-mine' : undefined}>
                      {LANG_NAMES[g]}
                      {course.titleLangs.includes(g) ? null : <span class="small muted"> *</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {course.rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`/courses/${course.slug}/${r.key}?lang=vi`}>{r.title}</a>
                    </th>
                    {CONTENT_LANGS.map((g) => {
                      const cell = r.cells[g]
                      const cls = { source: 'good', ok: 'good', missing: 'bad', outdated: 'warn' }[cell.state]
                      return (
                        <td>
                          <span class={`badge ${cls}`}>{t(l, `learning.tr.${cell.state}`)}</span>
                          {cell.updated ? <span class="small muted"> {cell.updated}</span> : null}
                          {cell.quiz === false ? (
                            <span class="small muted"> · {t(l, 'learning.tr.no_quiz')}</span>
                          ) : null}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <p class="small muted">* {t(l, 'learning.tr.no_title')}</p>
    </Layout>,
  )
})

export default routes
