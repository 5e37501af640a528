import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { AppError, fromZod, validationError } from '../../core/errors.ts'
import { isLocale, type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { readBody } from '../../web/request.ts'
import { can, PROVINCE_CODE } from '../people/policy.ts'
import {
  CommunePage,
  CommuneTablePage,
  IndicatorsPage,
  OverviewPage,
  placesDataTable,
  TrendPage,
  trendDataTable,
  VillagePage,
  villageDataTable,
} from './campaign.views.tsx'
import { homeScope, scopeFor, today } from './dashboard.service.ts'
import { type DataTable, EXPORT_FORMATS, type ExportFormat, exportTable } from './export.ts'
import { TABLE_INDICATORS } from './indicators.ts'
import {
  cancelVisit,
  plannedVisit,
  planVisit,
  reachPlanner,
  villageToPlan,
  wholeError,
} from './reach.service.ts'
import { PlanVisitPage, ReachPage, reachTables } from './reach.views.tsx'
import { Register } from './register.ts'
import { ReportPage } from './report.views.tsx'
import { FESTIVAL_FIGURES, SECTOR_FIGURES, sectorsDataTable } from './sectors.views.tsx'
import { communePage, communeTable, parseSort, trend, villagePage } from './tables.service.ts'
import { targetEditSchema, targetSchema, visitSchema } from './targets.schemas.ts'
import {
  createTarget,
  overview,
  targetsWithProgress,
  targetWithHistory,
  updateTarget,
  withdrawTarget,
} from './targets.service.ts'
import { TargetPage, TargetsPage, targetsDataTable } from './targets.views.tsx'

const routes = new Hono<AppEnv>()
type C = Context<AppEnv>

/** A form's fields checked by a schema as readBody does (empty fields left out, "on" for a ticked box). */
function readBodyOf<S extends z.ZodType>(raw: Record<string, string>, schema: S): z.infer<S> {
  const { _csrf: _, ...rest } = raw
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== '')))
  if (!parsed.success) throw fromZod(parsed.error)
  return parsed.data
}

const isJson = (c: C) => (c.req.header('content-type') ?? '').startsWith('application/json')

/** The key figures of the overview, per level. */
const FIGURES = {
  province: [
    'learners',
    'learners_active',
    'completions',
    'certificates',
    'lessons_with_audio',
    'lessons_with_audio.lang.hnj',
    'lessons_with_audio.lang.blt',
    'lessons_with_audio.lang.vi',
    'help_given',
    'people_helped',
    'vneid_installs',
    'vneid_level2',
    'households_checked',
    'households_digital',
    'villages_active_group',
    'communes_active_group',
    'traders_onboarded',
    'ai_trainings_held',
    'officials_trained_ai',
    'villages_4g',
    'villages_no_telecom',
    'villages_off_grid',
  ],
}

/** Signed-out visitors go to the sign-in page and come back. */
function needUser(c: C): Response | null {
  if (c.get('user')) return null
  return c.redirect(`/login?back=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`, 303)
}

/** `?format=csv|xlsx`: the export of the page's table, or null for the page itself. */
function formatOf(c: C): ExportFormat | null {
  const f = c.req.query('format')
  if (f === undefined) return null
  if (!(EXPORT_FORMATS as readonly string[]).includes(f))
    throw validationError('format', 'must be csv or xlsx')
  return f as ExportFormat
}

async function sendExport(c: C, table: DataTable, format: ExportFormat) {
  const out = await exportTable(table, format, today(c.get('ctx')))
  c.header('Content-Type', out.type)
  c.header('Content-Disposition', out.disposition)
  c.header('Cache-Control', 'private, no-store')
  return c.body(out.body as string)
}

routes.get('/dashboard', async (c) => {
  const away = needUser(c)
  if (away) return away
  const home = homeScope(c.get('user'))
  if (home !== PROVINCE_CODE) return c.redirect(`/dashboard/communes/${home}`, 303)
  const ctx = c.get('ctx')
  const format = formatOf(c)
  const data = await overview(ctx, c.get('user'), PROVINCE_CODE, [
    ...FIGURES.province,
    ...FESTIVAL_FIGURES,
    ...SECTOR_FIGURES,
  ])
  const figures = data.figures
  const sectors = sectorsDataTable(c.get('locale'), figures, data.targets)
  if (format) {
    if (c.req.query('table') !== 'sectors') throw validationError('table', 'must be sectors')
    return sendExport(c, sectors, format)
  }
  return c.html(
    <OverviewPage
      c={c}
      scope={data.scope}
      demo={data.reg.demo}
      today={today(ctx)}
      targets={data.targets}
      figures={figures}
      figureIds={FIGURES.province}
      sectors={sectors}
    />,
  )
})

routes.get('/dashboard/indicators', async (c) => {
  const away = needUser(c)
  if (away) return away
  homeScope(c.get('user'))
  return c.html(<IndicatorsPage c={c} />)
})

routes.get('/dashboard/communes', async (c) => {
  const away = needUser(c)
  if (away) return away
  const format = formatOf(c)
  const sort = parseSort(c.req.query('sort'), c.req.query('dir'), TABLE_INDICATORS)
  const data = await communeTable(c.get('ctx'), c.get('user'), sort)
  const l = c.get('locale')
  if (format) return sendExport(c, placesDataTable(l, 'communes', 'communes', data.defs, data.rows), format)
  return c.html(<CommuneTablePage c={c} data={data} sort={sort} demo={data.reg.demo} />)
})

routes.get('/dashboard/communes/:code', async (c) => {
  const away = needUser(c)
  if (away) return away
  const ctx = c.get('ctx')
  const format = formatOf(c)
  const sort = parseSort(c.req.query('sort'), c.req.query('dir'), TABLE_INDICATORS)
  const data = await communePage(ctx, c.get('user'), c.req.param('code'), sort)
  const l = c.get('locale')
  if (format)
    return sendExport(
      c,
      placesDataTable(l, `villages-${data.scope.code}`, data.scope.name, data.defs, data.rows),
      format,
    )
  const targets = await targetsWithProgress(ctx, c.get('user'), data.scope, data.reg)
  return c.html(
    <CommunePage c={c} data={data} sort={sort} targets={targets} today={today(ctx)} demo={data.reg.demo} />,
  )
})

routes.get('/dashboard/villages/:code', async (c) => {
  const away = needUser(c)
  if (away) return away
  const format = formatOf(c)
  const data = await villagePage(c.get('ctx'), c.get('user'), c.req.param('code'))
  if (format) return sendExport(c, villageDataTable(c.get('locale'), data), format)
  return c.html(<VillagePage c={c} data={data} demo={data.reg.demo} />)
})

routes.get('/dashboard/trends', async (c) => {
  const away = needUser(c)
  if (away) return away
  const format = formatOf(c)
  const scope = c.req.query('scope') ?? homeScope(c.get('user'))
  const data = await trend(c.get('ctx'), c.get('user'), scope, c.req.query('indicator') ?? 'learners')
  if (format) return sendExport(c, trendDataTable(c.get('locale'), data), format)
  return c.html(<TrendPage c={c} data={data} demo={data.reg.demo} />)
})

routes.get('/dashboard/reach', async (c) => {
  const away = needUser(c)
  if (away) return away
  const ctx = c.get('ctx')
  const format = formatOf(c)
  const data = await reachPlanner(ctx, c.get('user'), c.req.query('scope') ?? homeScope(c.get('user')), {
    show: c.req.query('show'),
    page: c.req.query('page'),
  })
  if (format) {
    const name = c.req.query('table') ?? 'matrix'
    const tables = reachTables(c.get('locale'), data)
    if (!(name in tables))
      throw wholeError('table', 'must be matrix, list, no_telecom or flagged', 'dash.reach.error.table')
    return sendExport(c, tables[name as keyof typeof tables], format)
  }
  // Back from the planning form: say what was saved, where the officer is looking.
  const planned = c.req.query('planned')
  const visit = planned ? await plannedVisit(ctx, c.get('user'), planned) : null
  return c.html(<ReachPage c={c} data={data} demo={data.reg.demo} today={today(ctx)} planned={visit} />)
})

/** Where the planning form goes back to: a dashboard page, never another site. */
const backSchema = z
  .string()
  .regex(/^\/dashboard(?:[/?#]|$)/, 'must be a page of the dashboard')
  .max(500)
  .optional()

routes.get('/dashboard/visits/new', async (c) => {
  const away = needUser(c)
  if (away) return away
  const back = backSchema.safeParse(c.req.query('back')).data ?? '/dashboard/reach'
  const data = await villageToPlan(c.get('ctx'), c.get('user'), c.req.query('village') ?? '')
  return c.html(<PlanVisitPage c={c} data={data} back={back} today={today(c.get('ctx'))} />)
})

const visitForm = visitSchema.extend({ back: backSchema })

routes.post('/dashboard/visits', async (c) => {
  if (isJson(c)) {
    const { back: _back, ...input } = await readBody(c, visitForm)
    const id = await planVisit(c.get('ctx'), c.get('user'), input)
    return c.json({ id }, 201)
  }
  // A form: its problems are shown on the form again, with what was typed, in the person's language.
  const raw = Object.fromEntries(
    Object.entries(await c.req.parseBody()).filter(([, v]) => typeof v === 'string'),
  ) as Record<string, string>
  const back = backSchema.safeParse(raw.back).data ?? '/dashboard/reach'
  try {
    const { back: _back, ...input } = await readBodyOf(raw, visitForm)
    const id = await planVisit(c.get('ctx'), c.get('user'), input)
    const u = new URL(back, 'http://x')
    u.searchParams.set('planned', id)
    return c.redirect(back.startsWith('/dashboard/reach') ? `${u.pathname}${u.search}` : back, 303)
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation') throw err
    const data = await villageToPlan(c.get('ctx'), c.get('user'), raw.village_code ?? '')
    return c.html(
      <PlanVisitPage
        c={c}
        data={data}
        back={back}
        today={today(c.get('ctx'))}
        issues={err.issues}
        values={raw}
      />,
      400,
    )
  }
})

routes.post('/dashboard/visits/:id/cancel', async (c) => {
  await cancelVisit(c.get('ctx'), c.get('user'), c.req.param('id'))
  if (isJson(c)) return c.json({ ok: true })
  return c.redirect(
    c.req.header('referer')?.includes('/dashboard') ? c.req.header('referer')! : '/dashboard',
    303,
  )
})

routes.get('/dashboard/targets', async (c) => {
  const away = needUser(c)
  if (away) return away
  const ctx = c.get('ctx')
  const reg = await Register.load(ctx)
  const scope = await scopeFor(ctx, c.get('user'), c.req.query('scope') ?? homeScope(c.get('user')), reg)
  if (scope.kind === 'village')
    throw validationError('scope', 'targets are set for the province or a commune')
  const targets = await targetsWithProgress(ctx, c.get('user'), scope, reg)
  const canEdit = can(c.get('user'), 'targets.write', { code: scope.code, communeCode: scope.communeCode })
  const format = formatOf(c)
  if (format) return sendExport(c, targetsDataTable(c.get('locale'), scope, targets, today(ctx)), format)
  if (c.req.header('accept')?.includes('application/json'))
    return c.json({
      targets: targets.map((p) => ({ ...p.target, current: p.cell, projection: p.projection })),
    })
  return c.html(<TargetsPage c={c} scope={scope} targets={targets} canEdit={canEdit} today={today(ctx)} />)
})

routes.post('/dashboard/targets', async (c) => {
  const input = await readBody(c, targetSchema)
  const id = await createTarget(c.get('ctx'), c.get('user'), input)
  if (isJson(c)) return c.json({ id }, 201)
  return c.redirect(`/dashboard/targets?scope=${input.scope_code}`, 303)
})

routes.get('/dashboard/targets/:id', async (c) => {
  const away = needUser(c)
  if (away) return away
  const data = await targetWithHistory(c.get('ctx'), c.get('user'), c.req.param('id'))
  if (c.req.header('accept')?.includes('application/json')) return c.json(data)
  return c.html(<TargetPage c={c} data={data} />)
})

routes.post('/dashboard/targets/:id', async (c) => {
  const input = await readBody(c, targetEditSchema)
  const id = c.req.param('id')
  await updateTarget(c.get('ctx'), c.get('user'), id, input)
  if (isJson(c)) return c.json({ id })
  return c.redirect(`/dashboard/targets/${id}`, 303)
})

routes.post('/dashboard/targets/:id/withdraw', async (c) => {
  const id = c.req.param('id')
  await withdrawTarget(c.get('ctx'), c.get('user'), id)
  if (isJson(c)) return c.json({ id })
  return c.redirect(`/dashboard/targets/${id}`, 303)
})

const REPORT_LANGS: Locale[] = ['vi', 'fr', 'en']

routes.get('/dashboard/report', async (c) => {
  const away = needUser(c)
  if (away) return away
  const ctx = c.get('ctx')
  const lang = c.req.query('lang') ?? c.get('locale')
  if (!isLocale(lang) || !REPORT_LANGS.includes(lang)) throw validationError('lang', 'must be vi, fr or en')
  const code = c.req.query('scope') ?? homeScope(c.get('user'))
  const sort = parseSort(undefined, undefined, TABLE_INDICATORS)
  const data = await overview(ctx, c.get('user'), code, [...FIGURES.province, ...FESTIVAL_FIGURES])
  const places =
    data.scope.kind === 'province'
      ? await communeTable(ctx, c.get('user'), sort)
      : await communePage(ctx, c.get('user'), code, sort)
  const ids = data.figureIds
  const figures = data.figures
  return c.html(
    <ReportPage
      l={lang}
      scope={data.scope}
      today={today(ctx)}
      generatedAt={ctx.now().toISOString()}
      demo={data.reg.demo}
      targets={data.targets}
      figures={figures}
      figureIds={ids}
      places={{
        title: t(lang, data.scope.kind === 'province' ? 'dash.communes' : 'dash.villages'),
        defs: places.defs,
        rows: places.rows,
      }}
    />,
  )
})

export default routes
