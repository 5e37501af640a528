import type { Context } from 'hono'
import { type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { projectedText, statusOf, targetValueText } from './campaign.views.tsx'
import type { Scope } from './dashboard.service.ts'
import type { DataTable } from './export.ts'
import { fmtDate, fmtNum } from './format.ts'
import { hasSeries, INDICATORS, indicator } from './indicators.ts'
import type { TargetProgress, targetWithHistory } from './targets.service.ts'
import { ExportLinks, nameOf, unitText } from './widgets.views.tsx'

type C = Context<AppEnv>

/** The indicator choices for a target at this level. */
function IndicatorSelect({ c, level, selected }: { c: C; level: 'province' | 'commune'; selected?: string }) {
  const l = c.get('locale')
  return (
    <select name="indicator" id="target-indicator" required>
      {INDICATORS.filter((i) => i.levels.includes(level) && hasSeries(i)).map((i) => (
        <option value={i.id} selected={i.id === selected}>
          {`${nameOf(l, i.id)} (${unitText(l, i)})`}
        </option>
      ))}
    </select>
  )
}

/** The targets of a scope as a table, for the exports. */
export function targetsDataTable(
  l: Locale,
  scope: Scope,
  targets: TargetProgress[],
  today: string,
): DataTable {
  return {
    name: `targets-${scope.code}`,
    title: t(l, 'dash.targets'),
    columns: [
      { key: 'indicator', label: t(l, 'dash.col.indicator') },
      { key: 'name', label: t(l, 'dash.target.indicator') },
      { key: 'value', label: t(l, 'dash.col.value'), kind: 'count' },
      { key: 'target', label: t(l, 'dash.target.value'), kind: 'count' },
      { key: 'deadline', label: t(l, 'dash.target.deadline') },
      { key: 'share', label: t(l, 'dash.report.share'), kind: 'percent' },
      { key: 'pace_needed', label: t(l, 'dash.col.pace_needed'), kind: 'count' },
      { key: 'pace_so_far', label: t(l, 'dash.col.pace_so_far'), kind: 'count' },
      { key: 'projected', label: t(l, 'dash.projection') },
      { key: 'status', label: t(l, 'dash.col.status') },
    ],
    rows: targets.map((p) => [
      p.def.id,
      nameOf(l, p.def.id),
      p.cell.value,
      p.targetCount,
      p.target.deadline,
      100 * p.projection.fraction,
      p.projection.paceNeeded,
      p.projection.paceSoFar,
      p.projection.projectedDate,
      t(l, statusOf(p, today).key),
    ]),
  }
}

/** The targets of a scope: where each stands, and the form to set a new one. */
export function TargetsPage({
  c,
  scope,
  targets,
  canEdit,
  today,
}: {
  c: C
  scope: Scope
  targets: TargetProgress[]
  canEdit: boolean
  today: string
}) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'dash.manage_targets')}>
      <p class="crumbs">
        <a href={scope.kind === 'province' ? '/dashboard' : `/dashboard/communes/${scope.code}`}>
          {scope.name}
        </a>
      </p>
      <h1>
        {t(l, 'dash.targets')}: {scope.name}
      </h1>
      {targets.length ? <ExportLinks c={c} l={l} /> : null}
      {targets.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, 'dash.target.indicator')}</th>
                <th scope="col">{t(l, 'dash.col.value')}</th>
                <th scope="col">{t(l, 'dash.target.deadline')}</th>
                <th scope="col">{t(l, 'dash.projection')}</th>
              </tr>
            </thead>
            <tbody>
              {targets.map((p) => {
                const st = statusOf(p, today)
                return (
                  <tr>
                    <th scope="row">
                      <a href={`/dashboard/targets/${p.target.id}`}>{nameOf(l, p.def.id)}</a>
                    </th>
                    <td>{targetValueText(l, p)}</td>
                    <td>{fmtDate(l, p.target.deadline)}</td>
                    <td>
                      <span class={`badge ${st.cls}`}>{t(l, st.key)}</span> {projectedText(l, p)}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(l, 'dash.no_targets')}</p>
      )}
      {canEdit ? (
        <>
          <h2>{t(l, 'dash.target.new')}</h2>
          <form method="post" action="/dashboard/targets" class="stack">
            <CsrfField c={c} />
            <input type="hidden" name="scope_code" value={scope.code} />
            <label for="target-indicator">{t(l, 'dash.target.indicator')}</label>
            <IndicatorSelect c={c} level={scope.kind === 'province' ? 'province' : 'commune'} />
            <label>
              {t(l, 'dash.target.value')}
              <input name="value" inputmode="decimal" required />
              <span class="small muted">{t(l, 'dash.target.value_hint')}</span>
            </label>
            <label>
              {t(l, 'dash.target.deadline')}
              <input type="date" name="deadline" required />
            </label>
            <label>
              {t(l, 'dash.target.note')}
              <input name="note" maxlength={200} />
            </label>
            <button type="submit">{t(l, 'dash.save')}</button>
          </form>
        </>
      ) : null}
    </Layout>
  )
}

/** One target: its edit form (for those who may) and its audit trail. */
export function TargetPage({ c, data }: { c: C; data: Awaited<ReturnType<typeof targetWithHistory>> }) {
  const l = c.get('locale')
  const { row, scope } = data
  const def = indicator(row.indicator)
  const name = def ? nameOf(l, def.id) : row.indicator
  return (
    <Layout c={c} title={name}>
      <p class="crumbs">
        <a href={`/dashboard/targets?scope=${scope.code}`}>
          {t(l, 'dash.targets')}: {scope.name}
        </a>
      </p>
      <h1>{name}</h1>
      <p>
        {def?.unit === 'percent' ? `${fmtNum(l, row.value)} %` : fmtNum(l, row.value)} ·{' '}
        {t(l, 'dash.deadline', { date: fmtDate(l, row.deadline) })}
        {row.deleted_at ? (
          <>
            {' · '}
            <span class="badge bad">{t(l, 'dash.target.withdrawn')}</span>
          </>
        ) : null}
      </p>
      {row.plan ? (
        <p class="small muted">
          {t(l, 'dash.target.from_plan', { plan: row.plan, period: row.period ?? row.deadline })}
        </p>
      ) : null}
      {row.source ? (
        <blockquote class="small">
          {t(l, 'dash.target.source')}: {row.source}
        </blockquote>
      ) : null}
      {data.canEdit ? (
        <>
          <form method="post" action={`/dashboard/targets/${row.id}`} class="stack">
            <CsrfField c={c} />
            <label>
              {t(l, 'dash.target.value')}
              <input name="value" inputmode="decimal" required value={String(row.value)} />
            </label>
            <label>
              {t(l, 'dash.target.deadline')}
              <input type="date" name="deadline" required value={row.deadline} />
            </label>
            <label>
              {t(l, 'dash.target.note')}
              <input name="note" maxlength={200} value={row.note ?? ''} />
            </label>
            <button type="submit">{t(l, 'dash.save')}</button>
          </form>
          <form method="post" action={`/dashboard/targets/${row.id}/withdraw`} class="stack">
            <CsrfField c={c} />
            <button type="submit" class="danger">
              {t(l, 'dash.target.withdraw')}
            </button>
          </form>
        </>
      ) : null}
      <h2>{t(l, 'dash.target.history')}</h2>
      <ul class="plain">
        {data.history.map((h) => (
          <li class="card small">
            <b>{t(l, `dash.audit.${h.action}`)}</b> ·{' '}
            {fmtDate(l, h.at, { dateStyle: 'medium', timeStyle: 'short' })}
            {h.actorName ? ` · ${h.actorName}` : ''}
            <br />
            <code>{h.detail}</code>
          </li>
        ))}
      </ul>
    </Layout>
  )
}
