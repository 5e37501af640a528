import type { Child } from 'hono/jsx'
import { type Locale, t } from '../../core/i18n.ts'
import { DOCTYPE } from '../../web/layout.tsx'
import { projectedText, statusOf, targetValueText } from './campaign.views.tsx'
import type { Cell, Scope } from './dashboard.service.ts'
import { fmtDate, fmtNum, fmtPct } from './format.ts'
import type { Indicator } from './indicators.ts'
import type { PlaceRow } from './tables.service.ts'
import type { TargetProgress } from './targets.service.ts'
import { cellText, nameOf } from './widgets.views.tsx'

const PRINT_CSS = `
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Noto Sans", Arial, sans-serif; color: #111; font-size: 10.5pt; margin: 0 auto; max-width: 190mm; padding: 8mm 4mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
p { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; }
.lag { font-weight: 700; }
.meta { color: #444; }
.demo { border: 1px solid #b26b00; padding: 2mm; }
.hint { color: #555; font-size: 9pt; }
@media print { .hint { display: none; } }
@media screen { .table-wrap { overflow-x: auto; } .places td:first-child { white-space: nowrap; } }
`

/** A table that scrolls sideways on a narrow screen, reachable and named for the keyboard. */
function Scroll({ label, children }: { label: string; children?: Child }) {
  return (
    <section class="table-wrap" tabindex={0} aria-label={label}>
      {children}
    </section>
  )
}

function PacesCell({ l, p }: { l: Locale; p: TargetProgress }) {
  const den = p.cell.denominator
  const f = (n: number) =>
    p.def.unit === 'percent' && den
      ? t(l, 'dash.pace.points', { n: fmtNum(l, (100 * n) / den, { maximumFractionDigits: 1 }) })
      : t(l, 'dash.pace.count', { n: fmtNum(l, n, { maximumFractionDigits: 1 }) })
  return (
    <>
      {p.projection.paceNeeded === null ? '—' : f(p.projection.paceNeeded)} / {f(p.projection.paceSoFar)}
    </>
  )
}

/**
 * The printable report (A4, print CSS) in the language asked for (Vietnamese or French), with its
 * date and scope: the targets and where they stand, the key figures, and the table of communes or
 * villages. A page of its own, without the menu, so it prints cleanly.
 */
export function ReportPage(props: {
  l: Locale
  scope: Scope
  today: string
  generatedAt: string
  demo: boolean
  targets: TargetProgress[]
  figures: Map<string, Cell>
  figureIds: string[]
  places: { title: string; defs: Indicator[]; rows: PlaceRow[] }
}) {
  const { l, scope } = props
  const title = t(l, 'dash.report.title')
  return (
    <>
      {DOCTYPE}
      <html lang={l}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${scope.name}`}</title>
          <style>{PRINT_CSS}</style>
        </head>
        <body>
          <p class="hint">{t(l, 'dash.report.print_hint')}</p>
          <h1>{title}</h1>
          <p class="meta">
            {t(l, 'dash.report.scope', { name: scope.name })} ·{' '}
            {t(l, 'dash.report.date', { date: fmtDate(l, props.today, { dateStyle: 'long' }) })}
          </p>
          {props.demo ? <p class="demo">{t(l, 'dash.demo')}</p> : null}
          <h2>{t(l, 'dash.targets')}</h2>
          {props.targets.length ? (
            <Scroll label={t(l, 'dash.targets')}>
              <table>
                <thead>
                  <tr>
                    <th>{t(l, 'dash.target.indicator')}</th>
                    <th>{t(l, 'dash.target.deadline')}</th>
                    <th class="num">{t(l, 'dash.col.value')}</th>
                    <th class="num">{t(l, 'dash.report.share')}</th>
                    <th>{t(l, 'dash.report.paces')}</th>
                    <th>{t(l, 'dash.projection')}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.targets.map((p) => (
                    <tr>
                      <td>{nameOf(l, p.def.id)}</td>
                      <td>{fmtDate(l, p.target.deadline)}</td>
                      <td class="num">{targetValueText(l, p)}</td>
                      <td class="num">{fmtPct(l, p.projection.fraction)}</td>
                      <td>
                        <PacesCell l={l} p={p} />
                      </td>
                      <td>
                        {t(l, statusOf(p, props.today).key)} — {projectedText(l, p)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          ) : (
            <p>{t(l, 'dash.no_targets')}</p>
          )}
          <h2>{t(l, 'dash.key_figures')}</h2>
          <Scroll label={t(l, 'dash.key_figures')}>
            <table>
              <tbody>
                {props.figureIds.map((id) => (
                  <tr>
                    <th>{nameOf(l, id)}</th>
                    <td class="num">{cellText(l, props.figures.get(id))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          <h2>{props.places.title}</h2>
          <Scroll label={props.places.title}>
            <table class="places">
              <thead>
                <tr>
                  <th>{t(l, 'dash.col.name')}</th>
                  {props.places.defs.map((d) => (
                    <th class="num">{nameOf(l, d.id)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.places.rows.map((r) => (
                  <tr>
                    <td>
                      {r.name}
                      {r.laggard ? ` (${t(l, 'dash.laggard')})` : ''}
                    </td>
                    {props.places.defs.map((d) => {
                      const c = r.cells.get(d.id)
                      const text = !c
                        ? '—'
                        : c.denominator === null
                          ? fmtNum(l, c.value)
                          : c.percent === null
                            ? '—'
                            : fmtPct(l, c.percent / 100)
                      return <td class={r.lagging.has(d.id) ? 'num lag' : 'num'}>{text}</td>
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          <p class="meta">
            {t(l, 'dash.report.source', {
              at: fmtDate(l, props.generatedAt, { dateStyle: 'medium', timeStyle: 'short' }),
            })}
          </p>
        </body>
      </html>
    </>
  )
}
