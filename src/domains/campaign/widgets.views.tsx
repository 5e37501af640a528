import type { Context } from 'hono'
import { type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import type { Cell } from './dashboard.service.ts'
import type { CellValue, Column, DataTable } from './export.ts'
import { fmtDate, fmtNum, fmtPct } from './format.ts'
import type { Indicator } from './indicators.ts'

/** An indicator's name in the interface language. */
export const nameOf = (l: Locale, id: string) => t(l, `ind.${id}`)

/** A figure as text: "1.234", or "62,2 % (28/45)" for a percentage. */
export function cellText(l: Locale, c: Cell | undefined): string {
  if (!c) return '—'
  if (c.denominator === null) return fmtNum(l, c.value)
  if (c.percent === null) return `— (${fmtNum(l, c.value)}/0)`
  return `${fmtPct(l, c.percent / 100)} (${fmtNum(l, c.value)}/${fmtNum(l, c.denominator)})`
}

/** A figure as an export cell: the percentage for percentages, else the count. */
export function cellValue(c: Cell | undefined): CellValue {
  if (!c) return null
  return c.denominator === null ? c.value : c.percent
}

/** A progress bar with its text equivalent for screen readers. */
export function Progress({ l, fraction, label }: { l: Locale; fraction: number; label: string }) {
  const pct = Math.max(0, Math.min(1, fraction))
  return (
    <div
      class="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct * 100)}
      aria-valuetext={fmtPct(l, pct)}
    >
      <span style={`width:${(pct * 100).toFixed(1)}%`} />
    </div>
  )
}

/** Export links for the table of the current page (same URL with ?format=). */
export function ExportLinks({ c, l, table }: { c: Context<AppEnv>; l: Locale; table?: string }) {
  const url = new URL(c.req.url)
  const href = (format: string) => {
    const u = new URL(url)
    u.searchParams.set('format', format)
    if (table) u.searchParams.set('table', table)
    return `${u.pathname}${u.search}`
  }
  return (
    <p class="actions small">
      <a class="button secondary" href={href('csv')} download>
        {t(l, 'dash.export_csv')}
      </a>
      <a class="button secondary" href={href('xlsx')} download>
        {t(l, 'dash.export_xlsx')}
      </a>
    </p>
  )
}

/** A data table as HTML; header links sort it when `sortHref` is given, `sorted` says by what. */
export function TableView({
  l,
  table,
  sortHref,
  sorted,
  rowClass,
  cellClass,
  links,
}: {
  l: Locale
  table: DataTable
  sortHref?: (key: string) => string | undefined
  sorted?: { by: string; dir: 'asc' | 'desc' }
  rowClass?: (i: number) => string | undefined
  cellClass?: (i: number, key: string) => string | undefined
  links?: (i: number) => string | undefined
}) {
  const fmt = (v: CellValue, col: Column) => {
    if (v === null) return '—'
    if (typeof v === 'number') return col.kind === 'percent' ? fmtPct(l, v / 100) : fmtNum(l, v)
    if (col.kind === 'date') return fmtDate(l, v)
    return v
  }
  // A wide table scrolls inside its wrapper on a phone; the wrapper takes the focus so a keyboard
  // can scroll it too, and is named (a region) so a screen reader says which table that stop is.
  return (
    <section class="table-wrap" tabindex={0} aria-label={table.title}>
      <table class="data">
        <caption class="sr-only">{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((col) => {
              const dir = sorted?.by === col.key ? sorted.dir : undefined
              return (
                <th
                  scope="col"
                  class={col.kind && col.kind !== 'text' && col.kind !== 'date' ? 'num' : undefined}
                  aria-sort={dir ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {sortHref?.(col.key) ? <a href={sortHref(col.key)}>{col.label}</a> : col.label}
                  {dir ? <span aria-hidden="true">{dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr class={rowClass?.(i)}>
              {r.map((v, j) => {
                const col = table.columns[j]!
                const text = fmt(v, col)
                const num = col.kind && col.kind !== 'text' && col.kind !== 'date'
                const cls =
                  [num ? 'num' : '', cellClass?.(i, col.key) ?? ''].filter(Boolean).join(' ') || undefined
                const href = j === 1 ? links?.(i) : undefined
                return j === 0 ? (
                  <th scope="row" class={cls}>
                    {text}
                  </th>
                ) : (
                  <td class={cls}>{href ? <a href={href}>{text}</a> : text}</td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/**
 * A weekly series as a bar chart drawn on the server: plain SVG with a title and description, the
 * values in a table beside it (for screen readers and for anyone who prefers numbers).
 */
export function WeeklyChart({
  l,
  id,
  title,
  points,
  target,
  show,
}: {
  l: Locale
  id: string
  title: string
  points: { week: string; weekStart: string; value: number; level: number }[]
  target?: number
  show: 'value' | 'level'
}) {
  // Drawn 400 units wide: on a 360 px phone the chart is about 300 px across, and its 16-unit labels
  // still read at 12 px (at 600 units they shrank to 8 px).
  const W = 400
  const H = 150
  const pad = { l: 64, r: 8, t: 12, b: 26 }
  const vals = points.map((p) => (show === 'level' ? p.level : p.value))
  const max = Math.max(1, target ?? 0, ...vals)
  const bw = points.length ? (W - pad.l - pad.r) / points.length : 0
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max)
  const last = points.length ? vals[vals.length - 1]! : 0
  const desc = points.length
    ? t(l, 'dash.chart.desc', {
        from: fmtDate(l, points[0]!.weekStart),
        to: fmtDate(l, points[points.length - 1]!.weekStart),
        last: fmtNum(l, last),
        max: fmtNum(l, Math.max(0, ...vals)),
      })
    : t(l, 'dash.chart.empty')
  const labelEvery = Math.max(1, Math.ceil(points.length / 6))
  // Presentation attributes rather than CSS: the chart looks the same in the printable report.
  const tick = { 'font-size': 16, fill: '#5a6472' }
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} stroke="#5a6472" stroke-width={1} />
        <text x={pad.l - 4} y={y(max) + 4} text-anchor="end" {...tick}>
          {fmtNum(l, max)}
        </text>
        <text x={pad.l - 4} y={y(0)} text-anchor="end" {...tick}>
          0
        </text>
        {points.map((p, i) => {
          const v = vals[i]!
          return (
            <rect
              x={pad.l + i * bw + 1}
              y={y(Math.max(0, v))}
              width={Math.max(1, bw - 2)}
              height={Math.max(0, y(0) - y(Math.max(0, v)))}
              fill="#0b6e4f"
            >
              <title>{`${p.week}: ${fmtNum(l, v)}`}</title>
            </rect>
          )
        })}
        {points.map((p, i) =>
          i % labelEvery === 0 ? (
            <text x={pad.l + i * bw + bw / 2} y={H - 6} text-anchor="middle" {...tick}>
              {p.week.slice(5)}
            </text>
          ) : null,
        )}
        {target !== undefined ? (
          <line
            x1={pad.l}
            x2={W - pad.r}
            y1={y(target)}
            y2={y(target)}
            stroke="#b3261e"
            stroke-width={1.5}
            stroke-dasharray="6 4"
          />
        ) : null}
      </svg>
      <details>
        <summary>{t(l, 'dash.chart.values')}</summary>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t(l, 'dash.trend.week')}</th>
                <th scope="col" class="num">
                  {t(l, 'dash.trend.value')}
                </th>
                <th scope="col" class="num">
                  {t(l, 'dash.trend.level')}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr>
                  <th scope="row">{`${p.week} (${fmtDate(l, p.weekStart)})`}</th>
                  <td class="num">{fmtNum(l, p.value)}</td>
                  <td class="num">{fmtNum(l, p.level)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}

/** "Tỷ lệ % trên số thôn, bản" / "Số lượng". */
export function unitText(l: Locale, d: Indicator): string {
  return d.unit === 'percent' && d.denominator
    ? t(l, 'dash.unit.percent', { den: t(l, `dash.den.${d.denominator}`) })
    : t(l, 'dash.unit.count')
}
