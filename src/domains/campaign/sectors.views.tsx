import type { Context } from 'hono'
import { type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import type { Cell } from './dashboard.service.ts'
import type { DataTable } from './export.ts'
import { SECTORS } from './indicators.ts'
import type { TargetProgress } from './targets.service.ts'
import { ExportLinks, TableView } from './widgets.views.tsx'

/** The festival figures of the overview. */
export const FESTIVAL_FIGURES = [
  'festivals_held',
  'festival_attendance',
  'ai_festivals_held',
  'ai_festival_attendance',
]

/** The figures the sector table reads: per sector, then the totals. */
export const SECTOR_FIGURES = [
  ...SECTORS.flatMap((s) => [`ai_trainings_held.sector.${s}`, `officials_trained_ai.sector.${s}`]),
  'ai_trainings_held',
  'officials_trained_ai',
]

/**
 * AI trainings for officials and people trained, per sector of the plan, then the totals and the
 * plan's targets for them (the plan sets no target per sector, so none is shown per sector).
 */
export function sectorsDataTable(
  l: Locale,
  figures: Map<string, Cell>,
  targets: TargetProgress[],
): DataTable {
  const v = (id: string) => figures.get(id)?.value ?? 0
  const target = (id: string) => targets.find((p) => p.def.id === id)?.target.value ?? null
  return {
    name: 'ai-trainings-by-sector',
    title: t(l, 'dash.sectors'),
    columns: [
      { key: 'sector', label: t(l, 'dash.sectors.sector') },
      { key: 'trainings', label: t(l, 'dash.sectors.trainings'), kind: 'count' },
      { key: 'people', label: t(l, 'dash.sectors.people'), kind: 'count' },
    ],
    rows: [
      ...SECTORS.map((s) => [
        t(l, `dash.sector.${s}`),
        v(`ai_trainings_held.sector.${s}`),
        v(`officials_trained_ai.sector.${s}`),
      ]),
      [t(l, 'dash.sectors.total'), v('ai_trainings_held'), v('officials_trained_ai')],
      [t(l, 'dash.sectors.target'), target('ai_trainings_held'), target('officials_trained_ai')],
    ],
  }
}

/** The sector table of the overview, with its note and export links. */
export function SectorsSection({ c, table }: { c: Context<AppEnv>; table: DataTable }) {
  const l = c.get('locale')
  return (
    <section aria-labelledby="sectors">
      <h2 id="sectors">{t(l, 'dash.sectors')}</h2>
      <TableView l={l} table={table} />
      <p class="small muted">{t(l, 'dash.sectors.note')}</p>
      <ExportLinks c={c} l={l} table="sectors" />
    </section>
  )
}
