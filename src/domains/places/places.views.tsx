import type { Context } from 'hono'
import { issueText } from '../../core/errors.ts'
import { formatNumber, formatPercent, type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import type { CommuneSummary, Village, VillageMove } from './places.service.ts'
import type { LineIssue } from './village-csv.ts'
import { VILLAGE_COLUMNS } from './village-csv.ts'

type C = Context<AppEnv>
type Unit = { code: string; name: string; kind: string }
type Totals = { total: number; with4g: number; noTelecom: number; offGrid: number }

/** Where a page sits: links only to the levels this person may open. */
function Crumbs({ l, links }: { l: Locale; links: { href?: string; label: string }[] }) {
  return (
    <nav class="crumbs" aria-label={t(l, 'places.title')}>
      {links.map((x, i) => (
        <>
          {i ? ' › ' : ''}
          {x.href ? <a href={x.href}>{x.label}</a> : <span>{x.label}</span>}
        </>
      ))}
    </nav>
  )
}

/** The headline figures: villages, 4G (with its share), no telecom, off the grid. */
function Stats({ l, totals, units }: { l: Locale; totals: Totals; units?: number }) {
  const share = totals.total ? formatPercent(l, totals.with4g / totals.total) : '–'
  return (
    <div class="stats">
      {units === undefined ? null : <p class="stat">{t(l, 'places.count.units', { count: units })}</p>}
      <p class="stat">{t(l, 'places.count.villages', { count: totals.total })}</p>
      <p class="stat">{t(l, 'places.count.with4g', { count: totals.with4g, percent: share })}</p>
      <p class="stat">{t(l, 'places.count.no_telecom', { count: totals.noTelecom })}</p>
      <p class="stat">{t(l, 'places.count.off_grid', { count: totals.offGrid })}</p>
    </div>
  )
}

function DemoNotice({ l, show }: { l: Locale; show: boolean }) {
  return show ? <p class="notice">{t(l, 'places.demo')}</p> : null
}

/** /places for province roles: the 45 communes and wards with their villages' connectivity. */
export function ProvincePage(p: {
  c: C
  province: { code: string; name: string }
  communes: CommuneSummary[]
  totals: Totals
  demo: boolean
  canImport: boolean
}) {
  const l = p.c.get('locale')
  const n = (v: number) => formatNumber(l, v)
  return (
    <Layout c={p.c} title={t(l, 'places.title')}>
      <h1>{p.province.name}</h1>
      <Stats l={l} totals={p.totals} units={p.communes.length} />
      <DemoNotice l={l} show={p.demo} />
      <h2>{t(l, 'places.units')}</h2>
      <div class="table-wrap">
        <table class="places">
          <thead>
            <tr>
              <th scope="col">{t(l, 'places.col.name')}</th>
              <th scope="col" class="num">
                {t(l, 'places.col.villages')}
              </th>
              <th scope="col" class="num">
                {t(l, 'places.col.4g')}
              </th>
              <th scope="col" class="num">
                {t(l, 'places.col.no_telecom')}
              </th>
              <th scope="col" class="num">
                {t(l, 'places.col.off_grid')}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.communes.map((u) => (
              <tr>
                <th scope="row">
                  <a href={`/places/${u.code}`}>{u.name}</a>
                </th>
                <td class="num">{n(u.villageCount)}</td>
                <td class="num">{n(u.with4g)}</td>
                <td class="num">{n(u.noTelecom)}</td>
                <td class="num">{n(u.offGrid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.canImport ? (
        <p class="actions">
          <a class="button secondary" href="/places/import">
            {t(l, 'places.import.title')}
          </a>
        </p>
      ) : null}
    </Layout>
  )
}

/** /places for someone without the province: links to the communes and villages they hold. */
export function ReachablePage(p: {
  c: C
  places: { code: string; name: string; kind: string; href: string }[]
}) {
  const l = p.c.get('locale')
  return (
    <Layout c={p.c} title={t(l, 'places.yours')}>
      <h1>{t(l, 'places.yours')}</h1>
      <ul class="plain">
        {p.places.map((x) => (
          <li>
            <a href={x.href}>{x.name}</a> <span class="muted small">{t(l, `places.kind.${x.kind}`)}</span>
          </li>
        ))}
      </ul>
    </Layout>
  )
}

/** The connectivity of one village as short badges. */
function Badges({ l, v }: { l: Locale; v: Village }) {
  return (
    <>
      {v.has4g ? <span class="badge good">{t(l, 'places.flag.4g')}</span> : null}
      {!v.hasTelecom ? <span class="badge bad">{t(l, 'places.flag.no_telecom')}</span> : null}
      {v.hasTelecom && !v.has4g ? <span class="badge warn">{t(l, 'places.flag.no_4g')}</span> : null}
      {!v.onGrid ? <span class="badge warn">{t(l, 'places.flag.off_grid')}</span> : null}
    </>
  )
}

/** /places/:commune: the unit's figures and every village with its connectivity. */
export function CommunePage(p: { c: C; unit: Unit; villages: Village[]; provinceLink: boolean }) {
  const l = p.c.get('locale')
  const totals: Totals = {
    total: p.villages.length,
    with4g: p.villages.filter((v) => v.has4g).length,
    noTelecom: p.villages.filter((v) => !v.hasTelecom).length,
    offGrid: p.villages.filter((v) => !v.onGrid).length,
  }
  return (
    <Layout c={p.c} title={p.unit.name}>
      <Crumbs
        l={l}
        links={[{ href: p.provinceLink ? '/places' : undefined, label: 'Điện Biên' }, { label: p.unit.name }]}
      />
      <h1>{p.unit.name}</h1>
      <p class="muted">
        {t(l, `places.kind.${p.unit.kind}`)} · {t(l, 'places.field.code')} {p.unit.code}
      </p>
      <Stats l={l} totals={totals} />
      <DemoNotice l={l} show={p.villages.some((v) => v.demo)} />
      {p.villages.length ? null : <p>{t(l, 'places.none')}</p>}
      <ul class="plain village-list">
        {p.villages.map((v) => (
          <li>
            <a href={`/places/${p.unit.code}/${v.code}`}>{v.name}</a> <Badges l={l} v={v} />
            {v.households === null ? null : (
              <span class="muted small"> · {t(l, 'places.households_short', { count: v.households })}</span>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  )
}

const yesNo = (l: Locale, b: boolean) => t(l, b ? 'places.yes' : 'places.no')

/** /places/:commune/:village: every attribute, and the correction form for those who may write. */
export function VillagePage(p: {
  c: C
  unit: Unit
  village: Village
  links: { province: boolean; unit: boolean }
  canEdit: boolean
  saved?: boolean
  issues?: { field: string; message: string }[]
}) {
  const l = p.c.get('locale')
  const v = p.village
  const num = (x: number | null) => (x === null ? t(l, 'places.unknown') : formatNumber(l, x))
  const rows: [string, string][] = [
    [t(l, 'places.field.code'), v.code],
    [t(l, 'places.field.unit'), p.unit.name],
    [t(l, 'places.field.has_4g'), yesNo(l, v.has4g)],
    [t(l, 'places.field.has_telecom'), yesNo(l, v.hasTelecom)],
    [t(l, 'places.field.on_grid'), yesNo(l, v.onGrid)],
    [t(l, 'places.field.population'), num(v.population)],
    [t(l, 'places.field.households'), num(v.households)],
  ]
  return (
    <Layout c={p.c} title={v.name}>
      <Crumbs
        l={l}
        links={[
          { href: p.links.province ? '/places' : undefined, label: 'Điện Biên' },
          { href: p.links.unit ? `/places/${p.unit.code}` : undefined, label: p.unit.name },
          { label: v.name },
        ]}
      />
      <h1>{v.name}</h1>
      {p.saved ? <p class="flash">{t(l, 'places.edit.saved')}</p> : null}
      <p>
        <Badges l={l} v={v} />
      </p>
      <table class="attributes">
        <tbody>
          {rows.map(([k, x]) => (
            <tr>
              <th scope="row">{k}</th>
              <td>{x}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <DemoNotice l={l} show={v.demo} />
      {p.canEdit ? <EditForm c={p.c} unit={p.unit} v={v} issues={p.issues ?? []} /> : null}
    </Layout>
  )
}

function EditForm({
  c,
  unit,
  v,
  issues,
}: {
  c: C
  unit: Unit
  v: Village
  issues: LineIssue[] | { field: string; message: string }[]
}) {
  const l = c.get('locale')
  const bad = new Set(issues.map((i) => i.field))
  const check = (name: 'has_4g' | 'has_telecom' | 'on_grid', on: boolean) => (
    <label class="check">
      <input type="checkbox" name={name} checked={on} aria-invalid={bad.has(name) ? 'true' : undefined} />
      <span>{t(l, `places.field.${name}`)}</span>
    </label>
  )
  return (
    <details open={issues.length > 0}>
      <summary>{t(l, 'places.edit.title')}</summary>
      {issues.length ? (
        <div class="error" role="alert">
          <ul>
            {issues.map((i) => (
              <li>
                {i.field}: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={`/places/${unit.code}/${v.code}`} class="stack">
        <CsrfField c={c} />
        <label>
          {t(l, 'places.field.name')}
          <input name="name" value={v.name} required aria-invalid={bad.has('name') ? 'true' : undefined} />
        </label>
        {check('has_4g', v.has4g)}
        {check('has_telecom', v.hasTelecom)}
        {check('on_grid', v.onGrid)}
        <label>
          {t(l, 'places.field.population')}
          <input name="population" inputmode="numeric" value={v.population ?? ''} />
        </label>
        <label>
          {t(l, 'places.field.households')}
          <input name="households" inputmode="numeric" value={v.households ?? ''} />
        </label>
        <button type="submit">{t(l, 'places.edit.submit')}</button>
      </form>
    </details>
  )
}

/**
 * /places/import: the CSV upload form, and the result (counts, or every problem by line, in the
 * reader's language). Villages the file moves to another commune are listed from → to; they move
 * only when the box is ticked.
 */
export function ImportPage(p: {
  c: C
  issues?: LineIssue[]
  moves?: VillageMove[]
  done?: { inserted: number; updated: number }
}) {
  const l = p.c.get('locale')
  const issues = p.issues ?? []
  const moves = p.moves ?? []
  return (
    <Layout c={p.c} title={t(l, 'places.import.title')}>
      <Crumbs
        l={l}
        links={[{ href: '/places', label: 'Điện Biên' }, { label: t(l, 'places.import.title') }]}
      />
      <h1>{t(l, 'places.import.title')}</h1>
      {p.done ? <p class="flash">{t(l, 'places.import.done', p.done)}</p> : null}
      {issues.length ? (
        <div class="error" role="alert">
          <p>{t(l, 'places.import.failed', { count: issues.length })}</p>
          <ul>
            {issues.slice(0, 200).map((i) => (
              <li>
                {t(l, 'places.import.line', { line: String(i.line) })}: {i.field}: {issueText(l, i)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {moves.length ? (
        <div data-moves>
          <p>{t(l, 'places.import.moves', { count: moves.length })}</p>
          <ul>
            {moves.slice(0, 200).map((m) => (
              <li>
                {t(l, 'places.import.line', { line: String(m.line) })}: {t(l, 'places.import.move', m)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{t(l, 'places.import.lead')}</p>
      <p>
        <code class="wrap">{VILLAGE_COLUMNS.join(',')}</code>
      </p>
      <p>{t(l, 'places.import.rules')}</p>
      <form method="post" action="/places/import" enctype="multipart/form-data" class="stack">
        <CsrfField c={p.c} />
        <label>
          {t(l, 'places.import.file')}
          <input type="file" name="file" accept=".csv,text/csv" required />
        </label>
        <label class="check">
          <input type="checkbox" name="allow_moves" />
          <span>{t(l, 'places.import.allow_moves')}</span>
        </label>
        <button type="submit">{t(l, 'places.import.submit')}</button>
      </form>
    </Layout>
  )
}
