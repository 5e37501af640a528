import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { AppError, type FieldIssue, forbidden, validationError } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { LANG_NAMES } from '../learning/learning.views.tsx'
import { exportPo, importPo, type LineIssue } from './ui.exchange.ts'
import {
  groupView,
  refreshOverlay,
  reviewString,
  saveTranslations,
  uiCoverage,
  uiLangsOf,
} from './ui.service.ts'
import { EntryCard, GroupList, OfflinePanel, UiCoverageList } from './ui.views.tsx'

/** The interface strings of Tai Dam and Hmong, translated and reviewed like lessons (decision 0194). */
const routes = new Hono<AppEnv>()
type C = Context<AppEnv>

/** The languages of the person, with how far each is. */
routes.get('/studio/interface', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return c.redirect('/login?back=/studio/interface', 303)
  const langs = uiLangsOf(c.get('user'))
  if (!langs.length) throw forbidden('you do not translate the interface in any language')
  const cov = await uiCoverage(c.get('ctx'), langs)
  return c.html(
    <Layout c={c} title={t(l, 'studio.ui.title')}>
      <p class="small">
        <a href="/studio">← {t(l, 'studio.back')}</a>
      </p>
      <h1>{t(l, 'studio.ui.title')}</h1>
      <p class="muted">{t(l, 'studio.ui.lead')}</p>
      <UiCoverageList c={c} coverage={cov} />
      <ul>
        {langs.map((g) => (
          <li>
            <a class="button secondary" href={`/studio/interface/${g}`} lang={g}>
              {LANG_NAMES[g]}
            </a>
          </li>
        ))}
      </ul>
    </Layout>,
  )
})

async function page(
  c: C,
  lang: string,
  group: string | undefined,
  extra: { issue?: FieldIssue; typed?: string; importIssues?: LineIssue[]; notice?: string } = {},
) {
  const l = c.get('locale')
  const v = await groupView(c.get('ctx'), c.get('user'), lang, group)
  const [cov] = await uiCoverage(c.get('ctx'), [v.lang])
  return (
    <Layout c={c} title={`${t(l, 'studio.ui.title')} · ${LANG_NAMES[v.lang]}`} taiViet={v.lang === 'blt'}>
      <p class="small">
        <a href={v.group ? `/studio/interface/${v.lang}` : '/studio/interface'}>
          ← {t(l, v.group ? 'studio.ui.back' : 'studio.back')}
        </a>
      </p>
      <h1>
        {t(l, 'studio.ui.title')} · <span lang={v.lang}>{LANG_NAMES[v.lang]}</span>
        {v.group ? (
          <>
            {' · '}
            <code>{v.group}</code>
          </>
        ) : null}
      </h1>
      {extra.notice ? <p class="notice info">{extra.notice}</p> : null}
      {cov ? <UiCoverageList c={c} coverage={[cov]} /> : null}
      {v.group ? (
        v.entries.map((e) => (
          <EntryCard
            c={c}
            v={v}
            e={e}
            issue={extra.issue?.field === e.key ? extra.issue : undefined}
            typed={extra.issue?.field === e.key ? extra.typed : undefined}
          />
        ))
      ) : (
        <>
          <OfflinePanel c={c} v={v} issues={extra.importIssues} />
          <GroupList c={c} v={v} />
        </>
      )}
    </Layout>
  )
}

/** The parts of the interface in a language, or one part's keys (`?g=studio`). */
routes.get('/studio/interface/:lang', async (c) => {
  const lang = c.req.param('lang')
  if (!c.get('user')) return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
  const n = c.req.query('saved')
  const notice = n ? t(c.get('locale'), 'studio.ui.saved', { n: Number(n) || 0 }) : undefined
  return c.html(await page(c, lang, c.req.query('g'), { notice }))
})

/** Back to the part of the page the person was at: the group, the count saved, the key's card. */
function back(lang: string, g: string | undefined, key: string, saved?: number): string {
  const q = new URLSearchParams()
  if (g) q.set('g', g)
  if (saved !== undefined) q.set('saved', String(saved))
  const qs = q.size ? `?${q}` : ''
  return `/studio/interface/${lang}${qs}#k-${key.replace(/[^a-z0-9_-]/gi, '-')}`
}

const saveSchema = z
  .object({
    key: z.string().min(1).max(200),
    text: z.string().max(10_000),
    g: z.string().max(80).optional(),
  })
  .strict()

/** A translation of one key, sent for review; a bad one is shown again beside its key with the problem. */
routes.post('/studio/interface/:lang/save', async (c) => {
  const lang = c.req.param('lang')
  const input = await readBody(c, saveSchema)
  try {
    const n = await saveTranslations(c.get('ctx'), c.get('user'), lang, [
      { key: input.key, text: input.text },
    ])
    return c.redirect(back(lang, input.g, input.key, n), 303)
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation' || !e.issues[0]) throw e
    if ((c.req.header('accept') ?? '').includes('application/json')) throw e
    c.status(400)
    return c.html(await page(c, lang, input.g, { issue: e.issues[0], typed: input.text }))
  }
})

const reviewSchema = z
  .object({
    key: z.string().min(1).max(200),
    decision: z.string().max(20),
    reason: z.string().max(2000).optional(),
    g: z.string().max(80).optional(),
  })
  .strict()

/** Approves a string (shown at once) or sends it back with a reason. */
routes.post('/studio/interface/:lang/review', async (c) => {
  const lang = c.req.param('lang')
  const input = await readBody(c, reviewSchema)
  await reviewString(c.get('ctx'), c.get('user'), lang, input.key, input.decision, input.reason ?? '')
  return c.redirect(back(lang, input.g, input.key), 303)
})

/** The language's strings as a PO file, for translating offline. */
routes.get('/studio/interface/:lang/export.po', async (c) => {
  const lang = c.req.param('lang')
  await groupView(c.get('ctx'), c.get('user'), lang, undefined) // the same people as the pages
  const po = await exportPo(c.get('ctx'), lang)
  c.header('Content-Type', 'text/x-gettext-translation; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="hocso-interface.${lang}.po"`)
  return c.body(po.text)
})

/** A translated PO file: all of it goes to review, or none of it with every problem by line. */
routes.post('/studio/interface/:lang/import', async (c) => {
  const lang = c.req.param('lang')
  const form = await c.req.parseBody()
  const file = form.po
  if (!(file instanceof File) || file.size === 0)
    throw validationError('po', 'choose a PO file', 'studio.ui.error.no_file')
  try {
    const r = await importPo(c.get('ctx'), c.get('user'), lang, await file.text())
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json(r)
    c.status(200)
    return c.html(await page(c, lang, undefined, { notice: t(c.get('locale'), 'studio.ui.import.done', r) }))
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'validation') throw e
    if ((c.req.header('accept') ?? '').includes('application/json')) throw e
    c.status(400)
    return c.html(await page(c, lang, undefined, { importIssues: e.issues as LineIssue[] }))
  }
})

/** Keeps this process's Tai Dam and Hmong strings current before any page is drawn (decision 0194). */
export const keepInterfaceStrings: MiddlewareHandler<AppEnv> = async (c, next) => {
  try {
    await refreshOverlay(c.get('ctx'))
  } catch (err) {
    // Never worth a failed page: it is shown with the strings this process has (or in Vietnamese).
    c.get('ctx').log.warn({ err }, 'interface strings: could not check for newly approved ones')
  }
  await next()
}

export default routes
