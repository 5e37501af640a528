import type { Context } from 'hono'
import { type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { DemoNotice } from './campaign.views.tsx'
import type { DataTable } from './export.ts'
import { fmtDate, fmtNum } from './format.ts'
import { ACTIVITY, type ReachVillage, type reachPlanner } from './reach.service.ts'
import { ExportLinks, TableView } from './widgets.views.tsx'

type Reach = Awaited<ReturnType<typeof reachPlanner>>

/** The reach planner's tables, by name, for the page and the exports. */
export function reachTables(l: Locale, r: Reach): Record<'matrix' | 'no_telecom' | 'flagged', DataTable> {
  const when = (s: string | null) => s ?? null
  const villageRows = (list: ReachVillage[], withPlan: boolean) =>
    list.map((v) => [
      v.code,
      v.name,
      v.communeName,
      t(l, `dash.activity.${v.activity}`),
      when(v.lastActivityAt),
      when(v.lastDataAt),
      ...(withPlan
        ? [
            v.hub ? v.hub.name : '',
            v.nextVisit ? `${v.nextVisit.plannedOn} ${t(l, `dash.visit.${v.nextVisit.kind}`)}` : '',
          ]
        : []),
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

/** Villages by connectivity and activity; the villages without signal; those with signal but silent. */
export function ReachPage({
  c,
  data,
  demo,
  today,
}: {
  c: Context<AppEnv>
  data: Reach
  demo: boolean
  today: string
}) {
  const l = c.var.locale
  const tables = reachTables(l, data)
  const link = (list: ReachVillage[]) => (i: number) => `/dashboard/villages/${list[i]!.code}`
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
      <p class="muted">{t(l, 'dash.reach.lead', { count: fmtNum(l, data.total) })}</p>
      <h2>{tables.matrix.title}</h2>
      <ExportLinks c={c} l={l} table="matrix" />
      <TableView l={l} table={tables.matrix} />
      <h2>{tables.no_telecom.title}</h2>
      <p class="small muted">{t(l, 'dash.reach.no_telecom_lead')}</p>
      <ExportLinks c={c} l={l} table="no_telecom" />
      <TableView l={l} table={tables.no_telecom} links={link(data.noTelecom)} />
      <h2>{tables.flagged.title}</h2>
      <p class="small muted">{t(l, 'dash.reach.flagged_lead')}</p>
      <ExportLinks c={c} l={l} table="flagged" />
      <TableView l={l} table={tables.flagged} links={link(data.signalNoActivity)} />
      {data.canPlan ? (
        <>
          <h2>{t(l, 'dash.plan_visit')}</h2>
          <form method="post" action="/dashboard/visits" class="stack">
            <CsrfField c={c} />
            <input type="hidden" name="back" value={`/dashboard/reach?scope=${data.scope.code}`} />
            <label>
              {t(l, 'dash.visit.village')}
              <select name="village_code" required>
                {[...data.noTelecom, ...data.signalNoActivity].map((v) => (
                  <option value={v.code}>{`${v.name} (${v.code})`}</option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>{t(l, 'dash.visit.kind')}</legend>
              <label class="check">
                <input type="radio" name="kind" value="ambassador_visit" checked />{' '}
                {t(l, 'dash.visit.ambassador_visit')}
              </label>
              <label class="check">
                <input type="radio" name="kind" value="hub" /> {t(l, 'dash.visit.hub')}
              </label>
            </fieldset>
            <label>
              {t(l, 'dash.visit.planned_on')}
              <input type="date" name="planned_on" required min={today} />
            </label>
            <label>
              {t(l, 'dash.visit.note')}
              <input name="note" maxlength={200} />
            </label>
            <button type="submit">{t(l, 'dash.save')}</button>
          </form>
        </>
      ) : null}
      <p class="small muted">{t(l, 'dash.reach.as_of', { date: fmtDate(l, today) })}</p>
    </Layout>
  )
}
