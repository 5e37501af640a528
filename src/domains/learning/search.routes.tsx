import { Hono } from 'hono'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { contentLang } from './content-lang.ts'
import { hasTaiViet } from './learning.types.ts'
import { LANG_NAMES, Txt } from './learning.views.tsx'
import type { Segment } from './search.fold.ts'
import { search } from './search.service.ts'

const routes = new Hono<AppEnv>()

function Marked({ segs }: { segs: Segment[] }) {
  return <>{segs.map((s) => (s.mark ? <mark>{s.text}</mark> : s.text))}</>
}

/** One box over every course and lesson; never an error page, whatever is typed. */
routes.get('/search', async (c) => {
  const l = c.get('locale')
  const q = (c.req.query('q') ?? '').slice(0, 5000)
  const r = await search(c.get('ctx'), q, contentLang(c))
  const shown = q.slice(0, 200)
  const texts = r.results.flatMap((x) => [...x.title, ...x.snippet].map((s) => s.text))
  return c.html(
    <Layout c={c} title={t(l, 'learning.search.title')} taiViet={hasTaiViet(shown, ...texts)}>
      <h1>{t(l, 'learning.search.title')}</h1>
      <form method="get" action="/search" class="lp-search">
        <label>
          {t(l, 'learning.search.label')}
          <input type="search" name="q" value={shown} placeholder={t(l, 'learning.search.placeholder')} />
        </label>
        <button type="submit">{t(l, 'learning.search.submit')}</button>
      </form>
      {r.state === 'empty' ? (
        <p class="notice info">{t(l, 'learning.search.empty')}</p>
      ) : r.state === 'no_words' ? (
        <p class="notice">{t(l, 'learning.search.no_words')}</p>
      ) : (
        <>
          {r.truncated ? (
            <p class="notice">{t(l, 'learning.search.truncated', { words: r.terms.join(' ') })}</p>
          ) : null}
          <p class="muted" role="status">
            {t(l, 'learning.search.count', { count: r.results.length })}
          </p>
          {r.results.length === 0 ? (
            <div class="notice info">
              <p>{t(l, 'learning.search.none')}</p>
              <p>
                <a href="/courses">{t(l, 'home.browse')}</a>
              </p>
            </div>
          ) : (
            <ul class="plain lp-results">
              {r.results.map((x) => (
                <li class="card">
                  <p class="small muted">
                    <span class="badge">{t(l, `learning.search.kind.${x.kind}`)}</span>{' '}
                    <span class="badge" lang={x.lang}>
                      {LANG_NAMES[x.lang]}
                    </span>{' '}
                    {x.kind === 'lesson' ? <Txt c={c} p={x.course} /> : null}
                  </p>
                  <h2 class="lp-card-title" lang={x.lang}>
                    <a href={x.href}>
                      <Marked segs={x.title} />
                    </a>
                  </h2>
                  <p lang={x.lang}>
                    <Marked segs={x.snippet} />
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p class="small muted">{t(l, 'learning.search.tip')}</p>
    </Layout>,
  )
})

export default routes
