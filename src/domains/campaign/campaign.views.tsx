import type { Context } from 'hono'
import { composedText, type Locale, type MessageKey, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import type { Cell, Scope } from './dashboard.service.ts'
import type { DataTable } from './export.ts'
import { fmtDate, fmtNum, fmtPct } from './format.ts'
import { hasSeries, INDICATORS, type Indicator } from './indicators.ts'
import { FESTIVAL_FIGURES, SectorsSection } from './sectors.views.tsx'
import type { communePage, communeTable, PlaceRow, Sort, trend, villagePage } from './tables.service.ts'
import type { TargetProgress } from './targets.service.ts'
import {
  cellText,
  cellValue,
  ExportLinks,
  nameOf,
  Progress,
  TableView,
  unitText,
  WeeklyChart,
} from './widgets.views.tsx'

type C = Context<AppEnv>

/** The breadcrumbs of a dashboard page: province › commune › village. */
function Crumbs({ l, scope, communeName }: { l: Locale; scope: Scope; communeName?: string }) {
  return (
    <p class="crumbs">
      <a href="/dashboard">{t(l, 'dash.title')}</a>
      {scope.kind === 'village' && scope.communeCode ? (
        <>
          {' › '}
          <a href={`/dashboard/communes/${scope.communeCode}`}>{communeName ?? scope.communeCode}</a>
        </>
      ) : null}
    </p>
  )
}

/** Says plainly when the figures come from the demo's simulated activity. */
export function DemoNotice({ l, demo }: { l: Locale; demo: boolean }) {
  return demo ? <p class="notice info">{t(l, 'dash.demo')}</p> : null
}

function paceText(l: Locale, p: TargetProgress, perWeek: number): string {
  const den = p.cell.denominator
  if (p.def.unit === 'percent' && den)
    return t(l, 'dash.pace.points', {
      n: fmtNum(l, (100 * perWeek) / den, { maximumFractionDigits: 1 }),
    })
  return t(l, 'dash.pace.count', { n: fmtNum(l, perWeek, { maximumFractionDigits: 1 }) })
}

/** Where a target stands, as a status word. */
export function statusOf(p: TargetProgress, today: string): { key: MessageKey; cls: string } {
  if (p.projection.reached) return { key: 'dash.reached', cls: 'good' }
  if (p.target.deadline < today) return { key: 'dash.past_deadline', cls: 'bad' }
  if (p.projection.onTrack) return { key: 'dash.on_track', cls: 'good' }
  return { key: 'dash.behind', cls: 'warn' }
}

/** The value and the target as text: "1.234 / 2.000" or "62,2 % / 100 % (28/45)". */
export function targetValueText(l: Locale, p: TargetProgress): string {
  if (p.def.unit === 'percent')
    return `${p.cell.percent === null ? '—' : fmtPct(l, p.cell.percent / 100)} / ${fmtPct(l, p.target.value / 100)} (${fmtNum(l, p.cell.value)}/${fmtNum(l, p.cell.denominator ?? 0)})`
  return `${fmtNum(l, p.cell.value)} / ${fmtNum(l, p.target.value)}`
}

/** The projection as text: a date, "reached", or "not at this pace". */
export function projectedText(l: Locale, p: TargetProgress): string {
  if (p.projection.reached) return t(l, 'dash.reached')
  if (!p.projection.projectedDate) return t(l, 'dash.not_at_pace')
  return t(l, 'dash.projected', { date: fmtDate(l, p.projection.projectedDate) })
}

/** One target: progress bar, value, share of the target, paces, projection and a small trend chart. */
function TargetCard({
  l,
  p,
  today,
  scopeCode,
}: {
  l: Locale
  p: TargetProgress
  today: string
  scopeCode: string
}) {
  const st = statusOf(p, today)
  const name = nameOf(l, p.def.id)
  return (
    <li class="card target">
      <h3>
        {name} <span class={`badge ${st.cls}`}>{t(l, st.key)}</span>
      </h3>
      <p class="muted small">
        {t(l, 'dash.deadline', { date: fmtDate(l, p.target.deadline) })}
        {p.target.note ? ` · ${p.target.note}` : ''}
      </p>
      <Progress l={l} fraction={p.projection.fraction} label={name} />
      <p class="figures">
        <b>{targetValueText(l, p)}</b> ·{' '}
        {t(l, 'dash.pct_of_target', { pct: fmtPct(l, p.projection.fraction) })}
      </p>
      <ul class="plain small">
        <li>
          {p.projection.paceNeeded === null
            ? t(l, p.projection.reached ? 'dash.reached' : 'dash.past_deadline')
            : t(l, 'dash.pace_needed', { pace: paceText(l, p, p.projection.paceNeeded) })}
        </li>
        <li>{t(l, 'dash.pace_so_far', { pace: paceText(l, p, p.projection.paceSoFar) })}</li>
        <li>
          <b>{projectedText(l, p)}</b>
        </li>
      </ul>
      {p.series.length ? (
        <WeeklyChart
          l={l}
          id={`t-${p.target.id}`}
          title={t(l, 'dash.trend.chart', { name })}
          points={p.series}
          target={p.def.read === 'window' ? undefined : p.targetCount}
          show="level"
        />
      ) : null}
      <p class="small">
        <a href={`/dashboard/trends?scope=${scopeCode}&indicator=${encodeURIComponent(p.def.id)}`}>
          {t(l, 'dash.trends')}
        </a>
        {' · '}
        <a href={`/dashboard/targets/${p.target.id}`}>
          {t(l, p.canEdit ? 'dash.target.edit' : 'dash.target.history')}
        </a>
      </p>
    </li>
  )
}

/** The targets of a scope, as cards. */
export function TargetList({
  l,
  targets,
  today,
  scope,
}: {
  l: Locale
  targets: TargetProgress[]
  today: string
  scope: Scope
}) {
  if (!targets.length) return <p>{t(l, 'dash.no_targets')}</p>
  return (
    <ul class="plain targets">
      {targets.map((p) => (
        <TargetCard l={l} p={p} today={today} scopeCode={scope.code} />
      ))}
    </ul>
  )
}

/** Key figures as tiles. */
export function Stats({ l, cells, ids }: { l: Locale; cells: Map<string, Cell>; ids: string[] }) {
  return (
    <div class="stats">
      {ids
        .filter((id) => cells.has(id))
        .map((id) => (
          <div class="stat">
            <b>{cellText(l, cells.get(id))}</b>
            <span class="small">{nameOf(l, id)}</span>
          </div>
        ))}
    </div>
  )
}

/** The province (or a commune's) overview. */
export function OverviewPage(props: {
  c: C
  scope: Scope
  demo: boolean
  today: string
  targets: TargetProgress[]
  figures: Map<string, Cell>
  figureIds: string[]
  /** AI trainings by sector (the province overview). */
  sectors?: DataTable
}) {
  const { c, scope } = props
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'dash.title')}>
      <h1>
        {t(l, 'dash.title')}: {scope.name}
      </h1>
      <DemoNotice l={l} demo={props.demo} />
      <p class="muted">{t(l, 'dash.today', { date: fmtDate(l, props.today) })}</p>
      <h2>{t(l, 'dash.targets')}</h2>
      <TargetList l={l} targets={props.targets} today={props.today} scope={scope} />
      <p class="small">
        <a href={`/dashboard/targets?scope=${scope.code}`}>{t(l, 'dash.manage_targets')}</a> ·{' '}
        <a href="/dashboard/indicators">{t(l, 'dash.indicators')}</a>
      </p>
      {/* After the targets: on a phone the first screen shows the first target, not five buttons. */}
      <nav class="actions" aria-label={t(l, 'dash.title')}>
        <a class="button" href="/dashboard/communes">
          {t(l, 'dash.communes')}
        </a>
        <a class="button secondary" href={`/dashboard/reach?scope=${scope.code}`}>
          {t(l, 'dash.reach')}
        </a>
        <a class="button secondary" href={`/dashboard/trends?scope=${scope.code}`}>
          {t(l, 'dash.trends')}
        </a>
        <a class="button secondary" href={`/dashboard/report?scope=${scope.code}&lang=vi`}>
          {t(l, 'dash.report_vi')}
        </a>
        <a class="button secondary" href={`/dashboard/report?scope=${scope.code}&lang=fr`}>
          {t(l, 'dash.report_fr')}
        </a>
      </nav>
      {props.sectors ? <SectorsSection c={c} table={props.sectors} /> : null}
      <h2>{t(l, 'dash.festivals')}</h2>
      <Stats l={l} cells={props.figures} ids={FESTIVAL_FIGURES} />
      <h2>{t(l, 'dash.key_figures')}</h2>
      <Stats l={l} cells={props.figures} ids={props.figureIds} />
    </Layout>
  )
}

/** A table of places (communes or villages) for the page and the exports. */
export function placesDataTable(
  l: Locale,
  name: string,
  title: string,
  defs: Indicator[],
  rows: PlaceRow[],
): DataTable {
  return {
    name,
    title,
    columns: [
      { key: 'code', label: t(l, 'dash.col.code') },
      { key: 'name', label: t(l, 'dash.col.name') },
      ...defs.map((d) => ({
        key: d.id,
        // Marked lang="vi" on a Tai Dam or Hmong page while the name is Vietnamese (decision 0194).
        label:
          d.unit === 'percent' ? composedText(`${nameOf(l, d.id)} (%)`, nameOf(l, d.id)) : nameOf(l, d.id),
        kind: d.unit === 'percent' ? ('percent' as const) : ('count' as const),
      })),
      { key: 'laggard', label: t(l, 'dash.laggard') },
    ],
    rows: rows.map((r) => [
      r.code,
      r.name,
      ...defs.map((d) => cellValue(r.cells.get(d.id))),
      r.laggard ? t(l, 'dash.yes') : '',
    ]),
  }
}

function sortLink(c: C, sort: Sort) {
  return (key: string) => {
    if (key === 'laggard') return undefined
    const u = new URL(c.req.url)
    u.searchParams.set('sort', key)
    u.searchParams.set('dir', sort.by === key && sort.dir === 'asc' ? 'desc' : 'asc')
    u.searchParams.delete('format')
    return `${u.pathname}${u.search}`
  }
}

/** A sortable table of places with laggards marked, its legend and export links. */
function PlacesTable({
  c,
  table,
  rows,
  sort,
  parentName,
  link,
}: {
  c: C
  table: DataTable
  rows: PlaceRow[]
  sort: Sort
  parentName: string
  link: (code: string) => string
}) {
  const l = c.get('locale')
  return (
    <>
      <p class="small muted">{t(l, 'dash.lag_legend', { parent: parentName })}</p>
      <ExportLinks c={c} l={l} />
      <TableView
        l={l}
        table={table}
        sortHref={sortLink(c, sort)}
        sorted={sort}
        rowClass={(i) => (rows[i]!.laggard ? 'laggard' : undefined)}
        cellClass={(i, key) => (rows[i]!.lagging.has(key) ? 'lag' : undefined)}
        links={(i) => link(rows[i]!.code)}
      />
    </>
  )
}

/** Every commune and ward of the province. */
export function CommuneTablePage({
  c,
  data,
  sort,
  demo,
}: {
  c: C
  data: Awaited<ReturnType<typeof communeTable>>
  sort: Sort
  demo: boolean
}) {
  const l = c.get('locale')
  const table = placesDataTable(l, 'communes', t(l, 'dash.communes'), data.defs, data.rows)
  return (
    <Layout c={c} title={t(l, 'dash.communes')}>
      <Crumbs l={l} scope={data.scope} />
      <h1>{t(l, 'dash.communes')}</h1>
      <DemoNotice l={l} demo={demo} />
      <PlacesTable
        c={c}
        table={table}
        rows={data.rows}
        sort={sort}
        parentName={data.scope.name}
        link={(code) => `/dashboard/communes/${code}`}
      />
    </Layout>
  )
}

/** A commune or ward: its targets, its figures, its villages. */
export function CommunePage({
  c,
  data,
  sort,
  targets,
  today,
  demo,
}: {
  c: C
  data: Awaited<ReturnType<typeof communePage>>
  sort: Sort
  targets: TargetProgress[]
  today: string
  demo: boolean
}) {
  const l = c.get('locale')
  const s = data.scope
  const table = placesDataTable(l, `villages-${s.code}`, t(l, 'dash.villages'), data.defs, data.rows)
  return (
    <Layout c={c} title={s.name}>
      <Crumbs l={l} scope={s} />
      <h1>{s.name}</h1>
      <DemoNotice l={l} demo={demo} />
      <p class="muted">{t(l, 'dash.today', { date: fmtDate(l, today) })}</p>
      <h2>{t(l, 'dash.targets')}</h2>
      <TargetList l={l} targets={targets} today={today} scope={s} />
      <p class="small">
        <a href={`/dashboard/targets?scope=${s.code}`}>{t(l, 'dash.manage_targets')}</a>
      </p>
      <nav class="actions" aria-label={s.name}>
        <a class="button secondary" href={`/dashboard/reach?scope=${s.code}`}>
          {t(l, 'dash.reach')}
        </a>
        <a class="button secondary" href={`/dashboard/trends?scope=${s.code}`}>
          {t(l, 'dash.trends')}
        </a>
        <a class="button secondary" href={`/dashboard/report?scope=${s.code}&lang=vi`}>
          {t(l, 'dash.report_vi')}
        </a>
        <a class="button secondary" href={`/dashboard/report?scope=${s.code}&lang=fr`}>
          {t(l, 'dash.report_fr')}
        </a>
      </nav>
      <h2>{t(l, 'dash.key_figures')}</h2>
      <Stats l={l} cells={data.own} ids={[...data.own.keys()]} />
      <h2>{t(l, 'dash.villages')}</h2>
      <PlacesTable
        c={c}
        table={table}
        rows={data.rows}
        sort={sort}
        parentName={s.name}
        link={(code) => `/dashboard/villages/${code}`}
      />
    </Layout>
  )
}

/**
 * The village's figures as a table. The export keeps each indicator's code (`help_given`) for
 * whoever joins files; the page shows only its name, in the reader's language.
 */
export function villageDataTable(
  l: Locale,
  data: Awaited<ReturnType<typeof villagePage>>,
  { codes = true }: { codes?: boolean } = {},
): DataTable {
  const code = codes ? [{ key: 'indicator', label: t(l, 'dash.col.indicator') }] : []
  return {
    name: `village-${data.scope.code}`,
    title: data.scope.name,
    columns: [
      ...code,
      { key: 'name', label: t(l, 'dash.col.name') },
      { key: 'value', label: t(l, 'dash.col.value'), kind: 'count' },
      { key: 'percent', label: t(l, 'dash.col.percent'), kind: 'percent' },
    ],
    rows: data.defs.map((d) => {
      const cell = data.own.get(d.id)
      const row = [nameOf(l, d.id), cell?.value ?? 0, cell?.percent ?? null]
      return codes ? [d.id, ...row] : row
    }),
  }
}

/** A village: figures, trends, connectivity, when data last arrived and planned visits. */
export function VillagePage({
  c,
  data,
  demo,
}: {
  c: C
  data: Awaited<ReturnType<typeof villagePage>>
  demo: boolean
}) {
  const l = c.get('locale')
  const p = data.place
  const conn = [
    t(l, p.has4g ? 'dash.has_4g' : p.hasTelecom ? 'dash.no_4g_signal' : 'dash.no_telecom'),
    t(l, p.onGrid ? 'dash.on_grid' : 'dash.off_grid'),
  ].join(' · ')
  return (
    <Layout c={c} title={data.scope.name}>
      <Crumbs l={l} scope={data.scope} communeName={data.commune?.name} />
      <h1>{data.scope.name}</h1>
      <DemoNotice l={l} demo={demo} />
      <ul class="plain">
        <li>
          {t(l, 'dash.connectivity')}: <b>{conn}</b>
        </li>
        <li>
          {t(l, 'dash.last_activity')}:{' '}
          <b>{data.lastActivityAt ? fmtDate(l, data.lastActivityAt) : t(l, 'dash.never')}</b>
        </li>
        <li>
          {t(l, 'dash.last_data')}:{' '}
          <b>{data.lastDataAt ? fmtDate(l, data.lastDataAt) : t(l, 'dash.never')}</b>
        </li>
      </ul>
      <h2>{t(l, 'dash.key_figures')}</h2>
      <ExportLinks c={c} l={l} />
      <TableView l={l} table={villageDataTable(l, data, { codes: false })} />
      <h2>{t(l, 'dash.trends')}</h2>
      {data.trends.map((tr) => (
        <section>
          <h3>{nameOf(l, tr.def.id)}</h3>
          <WeeklyChart
            l={l}
            id={`v-${tr.def.id}`}
            title={t(l, 'dash.trend.chart', { name: nameOf(l, tr.def.id) })}
            points={tr.points}
            show="value"
          />
        </section>
      ))}
      <h2>{t(l, 'dash.visits')}</h2>
      {data.visits.length ? (
        <ul class="plain">
          {data.visits.map((v) => (
            <li>
              {fmtDate(l, v.planned_on)}: {t(l, `dash.visit.${v.kind}`)}
              {v.assignee ? ` · ${t(l, 'dash.visit.by', { who: v.assignee })}` : ''}
              {v.note ? ` (${v.note})` : ''}
              {data.canPlan ? (
                <form method="post" action={`/dashboard/visits/${v.id}/cancel`} class="inline">
                  <CsrfField c={c} />{' '}
                  <button type="submit" class="secondary small">
                    {t(l, 'dash.visit.cancel')}
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(l, 'dash.reach.none_planned')}</p>
      )}
      {data.canPlan ? (
        <p>
          <a
            class="button secondary"
            href={`/dashboard/visits/new?village=${p.code}&back=${encodeURIComponent(`/dashboard/villages/${p.code}`)}`}
          >
            {t(l, 'dash.reach.plan')}
          </a>
        </p>
      ) : null}
    </Layout>
  )
}

/** The weekly series of an indicator as a table (page and export). */
export function trendDataTable(l: Locale, data: Awaited<ReturnType<typeof trend>>): DataTable {
  return {
    name: `trend-${data.def.id}-${data.scope.code}`,
    title: nameOf(l, data.def.id),
    columns: [
      { key: 'week', label: t(l, 'dash.trend.week') },
      { key: 'week_start', label: t(l, 'dash.trend.week_start') },
      { key: 'value', label: t(l, 'dash.trend.value'), kind: 'count' },
      { key: 'level', label: t(l, 'dash.trend.level'), kind: 'count' },
    ],
    rows: data.points.map((p) => [p.week, p.weekStart, p.value, p.level]),
  }
}

/** One indicator's weekly trend at a place, with a chooser. */
export function TrendPage({
  c,
  data,
  demo,
}: {
  c: C
  data: Awaited<ReturnType<typeof trend>>
  demo: boolean
}) {
  const l = c.get('locale')
  const name = nameOf(l, data.def.id)
  const choices = INDICATORS.filter((i) => hasSeries(i) && i.levels.includes(data.scope.kind))
  return (
    <Layout c={c} title={`${t(l, 'dash.trends')}: ${name}`}>
      <Crumbs l={l} scope={data.scope} />
      <h1>
        {t(l, 'dash.trends')}: {data.scope.name}
      </h1>
      <DemoNotice l={l} demo={demo} />
      <form method="get" action="/dashboard/trends" class="stack">
        <input type="hidden" name="scope" value={data.scope.code} />
        <label>
          {t(l, 'dash.trend.choose')}
          <select name="indicator">
            {choices.map((i) => (
              <option value={i.id} selected={i.id === data.def.id}>
                {nameOf(l, i.id)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t(l, 'dash.trend.show')}</button>
      </form>
      <h2>{name}</h2>
      <p>
        {t(l, 'dash.now')}: <b>{cellText(l, data.now)}</b> ·{' '}
        <span class="muted">{unitText(l, data.def)}</span>
      </p>
      <p class="small muted">{t(l, `ind.${data.def.id}.how`)}</p>
      <WeeklyChart
        l={l}
        id="trend"
        title={t(l, 'dash.trend.chart', { name })}
        points={data.points}
        show={data.def.read === 'window' ? 'value' : 'value'}
      />
      <ExportLinks c={c} l={l} />
    </Layout>
  )
}

/** The indicator catalogue, for anyone who wants to know how a figure is made. */
export function IndicatorsPage({ c }: { c: C }) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'dash.indicators')}>
      <p class="crumbs">
        <a href="/dashboard">{t(l, 'dash.title')}</a>
      </p>
      <h1>{t(l, 'dash.indicators')}</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, 'dash.col.name')}</th>
              <th scope="col">{t(l, 'dash.ind.how')}</th>
              <th scope="col">{t(l, 'dash.ind.unit')}</th>
              <th scope="col">{t(l, 'dash.ind.levels')}</th>
            </tr>
          </thead>
          <tbody>
            {INDICATORS.filter((i) => !i.parent).map((i) => (
              <tr id={i.id}>
                <th scope="row">
                  {nameOf(l, i.id)}
                  <br />
                  <code class="small">{i.id}</code>
                </th>
                <td>{t(l, `ind.${i.id}.how`)}</td>
                <td>{unitText(l, i)}</td>
                <td>{i.levels.map((v) => t(l, `dash.level.${v}`)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  )
}
