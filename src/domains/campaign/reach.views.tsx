import type { Context } from 'hono'
import type { FieldIssue } from '../../core/errors.ts'
import { type Locale, type MessageKey, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Issues } from '../../web/issues.tsx'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { PROVINCE_CODE } from '../people/policy.ts'
import { DemoNotice } from './campaign.views.tsx'
import type { DataTable } from './export.ts'
import { fmtDate, fmtNum } from './format.ts'
import {
  ACTIVITY,
  type ReachVillage,
  type reachPlanner,
  SHOW,
  type Show,
  type Visit,
  type villageToPlan,
} from './reach.service.ts'
import { ExportLinks, TableView } from './widgets.views.tsx'

type Reach = Awaited<ReturnType<typeof reachPlanner>>

const SHOW_LABEL: Record<Show, MessageKey> = {
  unreached: 'dash.reach.show.unreached',
  all: 'dash.reach.show.all',
  '4g': 'dash.conn.4g',
  '3g_2g': 'dash.conn.3g_2g',
  no_telecom: 'dash.conn.no_telecom',
  off_grid: 'dash.conn.off_grid',
  silent: 'dash.reach.show.silent',
}

/** "Có 4G · Có điện lưới": a village's signal and power, in words. */
function connectivityOf(l: Locale, v: { has4g: boolean; hasTelecom: boolean; onGrid: boolean }): string {
  return [
    t(l, v.has4g ? 'dash.has_4g' : v.hasTelecom ? 'dash.no_4g_signal' : 'dash.no_telecom'),
    t(l, v.onGrid ? 'dash.on_grid' : 'dash.off_grid'),
  ].join(' · ')
}

const visitText = (l: Locale, v: Visit, date = v.plannedOn) =>
  [
    `${date} ${t(l, `dash.visit.${v.kind}` as MessageKey)}`,
    v.assignee ? t(l, 'dash.visit.by', { who: v.assignee }) : '',
  ]
    .filter(Boolean)
    .join(', ')

/** The reach planner's tables, by name, for the page and the exports. */
export function reachTables(
  l: Locale,
  r: Reach,
): Record<'matrix' | 'list' | 'no_telecom' | 'flagged', DataTable> {
  const when = (s: string | null) => s ?? null
  const villageRows = (list: ReachVillage[], withPlan: boolean) =>
    list.map((v) => [
      v.code,
      v.name,
      v.communeName,
      t(l, `dash.activity.${v.activity}`),
      when(v.lastActivityAt),
      when(v.lastDataAt),
      ...(withPlan ? [v.hub ? v.hub.name : '', v.nextVisit ? visitText(l, v.nextVisit) : ''] : []),
    ])
  const villageCols = (withPlan: boolean) => [
    { key: 'code', label: t(l, 'dash.col.code') },
    { key: 'name', label: t(l, 'dash.col.name') },
    { key: 'commune', label: t(l, 'dash.col.commune') },
    { key: 'activity', label: t(l, 'dash.col.activity') },
    { key: 'last_activity', label: t(l, 'dash.last_activity'), kind: 'date' as const },
    { key: 'last_data', label: t(l, 'dash.last_data'), kind: 'date' as const },
    ...(withPlan
      ? [
          { key: 'hub', label: t(l, 'dash.reach.hub') },
          { key: 'next_visit', label: t(l, 'dash.reach.next_visit') },
        ]
      : []),
  ]
  return {
    matrix: {
      name: `reach-${r.scope.code}`,
      title: t(l, 'dash.reach.matrix'),
      columns: [
        { key: 'connectivity', label: t(l, 'dash.connectivity') },
        ...ACTIVITY.map((a) => ({ key: a, label: t(l, `dash.activity.${a}`), kind: 'count' as const })),
        { key: 'total', label: t(l, 'dash.total'), kind: 'count' as const },
      ],
      rows: r.matrix.map((m) => [
        t(l, `dash.conn.${m.connectivity}`),
        ...ACTIVITY.map((a) => m.counts[a]),
        m.total,
      ]),
    },
    list: {
      name: `reach-${r.list.show}-${r.scope.code}`,
      title: t(l, SHOW_LABEL[r.list.show]),
      columns: villageCols(true),
      rows: villageRows(r.list.all, true),
    },
    no_telecom: {
      name: `no-telecom-${r.scope.code}`,
      title: t(l, 'dash.reach.no_telecom', { count: r.noTelecom.length }),
      columns: villageCols(true),
      rows: villageRows(r.noTelecom, true),
    },
    flagged: {
      name: `signal-no-activity-${r.scope.code}`,
      title: t(l, 'dash.reach.flagged', { count: r.signalNoActivity.length }),
      columns: villageCols(false),
      rows: villageRows(r.signalNoActivity, false),
    },
  }
}

/** The planner's own address with some query parameters changed (paging, the plan link's way back). */
function hrefWith(c: Context<AppEnv>, change: Record<string, string | null>): string {
  const u = new URL(c.req.url)
  for (const k of ['format', 'table', 'planned']) u.searchParams.delete(k)
  for (const [k, v] of Object.entries(change))
    if (v === null) u.searchParams.delete(k)
    else u.searchParams.set(k, v)
  return `${u.pathname}${u.search}`
}

/** One village of the list: where it is, its signal and power, its next visit, and the plan action. */
function VillageCard({
  c,
  v,
  canPlan,
  back,
}: {
  c: Context<AppEnv>
  v: ReachVillage
  canPlan: boolean
  back: string
}) {
  const l = c.get('locale')
  return (
    <li class="card reach-village" data-village={v.code}>
      <b>
        <a href={`/dashboard/villages/${v.code}`}>{v.name}</a>
      </b>{' '}
      <span class="small muted">{v.communeName}</span>
      <div class="small">{connectivityOf(l, v)}</div>
      <div class="small muted">
        {t(l, `dash.activity.${v.activity}`)} · {t(l, 'dash.last_data')}:{' '}
        {v.lastDataAt ? fmtDate(l, v.lastDataAt) : t(l, 'dash.never')}
      </div>
      {v.nextVisit ? (
        <div class="small" data-next-visit>
          <span class="badge good">{t(l, 'dash.reach.planned')}</span> {fmtDate(l, v.nextVisit.plannedOn)}:{' '}
          {t(l, `dash.visit.${v.nextVisit.kind}` as MessageKey)}
          {v.nextVisit.assignee ? ` · ${t(l, 'dash.visit.by', { who: v.nextVisit.assignee })}` : ''}
        </div>
      ) : null}
      {canPlan ? (
        <a
          class="button secondary"
          href={`/dashboard/visits/new?village=${v.code}&back=${encodeURIComponent(back)}`}
        >
          {t(l, v.nextVisit ? 'dash.reach.plan_another' : 'dash.reach.plan')}
        </a>
      ) : null}
    </li>
  )
}

/**
 * The reach planner: which villages the network does not reach (or that stay silent), narrowed to
 * a commune and a connectivity, 50 to a page, each with its planning action; then the matrix.
 */
export function ReachPage({
  c,
  data,
  demo,
  today,
  planned,
}: {
  c: Context<AppEnv>
  data: Reach
  demo: boolean
  today: string
  planned?: { name: string; visit: Visit } | null
}) {
  const l = c.get('locale')
  const tables = reachTables(l, data)
  const list = data.list
  const back = hrefWith(c, {})
  return (
    <Layout c={c} title={t(l, 'dash.reach')}>
      <p class="crumbs">
        <a href="/dashboard">{t(l, 'dash.title')}</a>
        {data.scope.kind === 'commune' ? (
          <>
            {' › '}
            <a href={`/dashboard/communes/${data.scope.code}`}>{data.scope.name}</a>
          </>
        ) : null}
      </p>
      <h1>
        {t(l, 'dash.reach')}: {data.scope.name}
      </h1>
      <DemoNotice l={l} demo={demo} />
      {planned ? (
        <p class="flash" role="status">
          {t(l, 'dash.visit.saved', {
            village: planned.name,
            text: visitText(l, planned.visit, fmtDate(l, planned.visit.plannedOn)),
          })}
        </p>
      ) : null}
      <p class="muted small">{t(l, 'dash.reach.lead', { count: fmtNum(l, data.total) })}</p>
      <form method="get" action="/dashboard/reach#list" class="stack reach-filter">
        {data.communes.length ? (
          <label>
            {t(l, 'dash.col.commune')}
            <select name="scope">
              <option value={PROVINCE_CODE}>{t(l, 'dash.reach.whole_province')}</option>
              {data.communes.map((x) => (
                <option value={x.code} selected={x.code === data.scope.code}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <input type="hidden" name="scope" value={data.scope.code} />
        )}
        <label>
          {t(l, 'dash.reach.show')}
          <select name="show">
            {SHOW.map((s) => (
              <option value={s} selected={s === list.show}>
                {t(l, SHOW_LABEL[s])}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t(l, 'dash.reach.filter')}</button>
      </form>
      <h2 id="list">
        {t(l, SHOW_LABEL[list.show])}: {t(l, 'dash.reach.count', { count: list.total })}
      </h2>
      <p class="small muted">
        {t(l, 'dash.reach.planned_count', { count: list.planned, total: list.total })}
        {list.pages > 1 ? ` · ${t(l, 'dash.reach.page', { page: list.page, pages: list.pages })}` : ''}
      </p>
      {list.rows.length ? (
        <ul class="plain">
          {list.rows.map((v) => (
            <VillageCard c={c} v={v} canPlan={data.canPlan} back={back} />
          ))}
        </ul>
      ) : (
        <p>{t(l, 'dash.reach.empty')}</p>
      )}
      {list.pages > 1 ? (
        <nav class="lp-pager" aria-label={t(l, 'dash.reach.pages')}>
          {list.page > 1 ? (
            <a
              class="button secondary"
              rel="prev"
              href={`${hrefWith(c, { page: String(list.page - 1) })}#list`}
            >
              ← {t(l, 'dash.reach.prev')}
            </a>
          ) : (
            <span />
          )}
          {list.page < list.pages ? (
            <a
              class="button secondary"
              rel="next"
              href={`${hrefWith(c, { page: String(list.page + 1) })}#list`}
            >
              {t(l, 'dash.reach.next')} →
            </a>
          ) : null}
        </nav>
      ) : null}
      <ExportLinks c={c} l={l} table="list" />
      <h2>{tables.matrix.title}</h2>
      <TableView l={l} table={tables.matrix} />
      <ExportLinks c={c} l={l} table="matrix" />
      <p class="small muted">{t(l, 'dash.reach.as_of', { date: fmtDate(l, today) })}</p>
    </Layout>
  )
}

/** The planning form of one village: what, when, who goes, a note. */
export function PlanVisitPage({
  c,
  data,
  back,
  today,
  issues = [],
  values = {},
}: {
  c: Context<AppEnv>
  data: Awaited<ReturnType<typeof villageToPlan>>
  back: string
  today: string
  issues?: FieldIssue[]
  values?: Record<string, string>
}) {
  const l = c.get('locale')
  const v = data.village
  const bad = (f: string) => (issues.some((i) => i.field === f) ? 'true' : undefined)
  const kind = values.kind ?? (v.hasTelecom && v.onGrid ? 'ambassador_visit' : 'hub')
  return (
    <Layout c={c} title={t(l, 'dash.plan_visit')}>
      <p class="crumbs">
        <a href={back}>{t(l, 'dash.reach')}</a> › {data.communeName}
      </p>
      <h1>
        {t(l, 'dash.plan_visit')}: {v.name}
      </h1>
      <p class="small">{connectivityOf(l, v)}</p>
      {data.visits.length ? (
        <ul class="plain small">
          {data.visits.map((x) => (
            <li>
              {fmtDate(l, x.planned_on)}: {t(l, `dash.visit.${x.kind}` as MessageKey)}
              {x.assignee ? ` · ${t(l, 'dash.visit.by', { who: x.assignee })}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="small muted">{t(l, 'dash.reach.none_planned')}</p>
      )}
      <Issues
        l={l}
        issues={issues}
        labels={{
          kind: 'dash.visit.kind',
          planned_on: 'dash.visit.planned_on',
          assignee: 'dash.visit.assignee',
          note: 'dash.visit.note',
          village_code: 'dash.visit.village',
        }}
      />
      <form method="post" action="/dashboard/visits" class="stack">
        <CsrfField c={c} />
        <input type="hidden" name="village_code" value={v.code} />
        <input type="hidden" name="back" value={back} />
        <fieldset>
          <legend>{t(l, 'dash.visit.kind')}</legend>
          <label class="check">
            <input type="radio" name="kind" value="ambassador_visit" checked={kind === 'ambassador_visit'} />{' '}
            {t(l, 'dash.visit.ambassador_visit')}
          </label>
          <label class="check">
            <input type="radio" name="kind" value="hub" checked={kind === 'hub'} /> {t(l, 'dash.visit.hub')}
          </label>
        </fieldset>
        <label>
          {t(l, 'dash.visit.planned_on')}
          <input
            type="date"
            name="planned_on"
            required
            min={today}
            value={values.planned_on ?? ''}
            aria-invalid={bad('planned_on')}
          />
        </label>
        <label>
          {t(l, 'dash.visit.assignee')}
          <input
            name="assignee"
            required
            maxlength={80}
            autocomplete="name"
            value={values.assignee ?? ''}
            aria-invalid={bad('assignee')}
          />
        </label>
        <label>
          {t(l, 'dash.visit.note')}
          <input name="note" maxlength={200} value={values.note ?? ''} aria-invalid={bad('note')} />
        </label>
        <button type="submit">{t(l, 'dash.reach.plan_save')}</button>
      </form>
    </Layout>
  )
}
