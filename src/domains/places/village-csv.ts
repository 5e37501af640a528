import { parseCsv } from '../../core/csv.ts'
import type { FieldIssue } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { normaliseText, textMessage, textProblem } from '../../core/text.ts'
import type { DemoVillage } from './demo-villages.ts'

/** A village row ready to insert or update. */
export type VillageInput = Omit<DemoVillage, 'population' | 'households'> & {
  population: number | null
  households: number | null
  demo?: boolean
}

export const VILLAGE_COLUMNS = [
  'code',
  'name',
  'commune_code',
  'has_4g',
  'has_telecom',
  'on_grid',
  'population',
  'households',
] as const

/**
 * A problem in an imported file: which line, which field, what is wrong (`message` in English for
 * logs and tests; `key` and `params` say it in the operator's language, on the page and the CLI).
 */
export type LineIssue = { line: number } & FieldIssue

/** One problem of a village file, said by its catalogue key (places.csv.*) with the English beside. */
function issue(
  line: number,
  field: string,
  message: string,
  key: MessageKey,
  params?: Record<string, string | number>,
): LineIssue {
  return params ? { line, field, message, key, params } : { line, field, message, key }
}

const TRUE = new Set(['1', 'true', 'yes', 'có', 'co', 'x'])
const FALSE = new Set(['0', 'false', 'no', 'không', 'khong', ''])

function flag(v: string): boolean | undefined {
  const s = v.trim().toLowerCase()
  if (TRUE.has(s)) return true
  if (FALSE.has(s)) return false
  return undefined
}

/**
 * Reads a village CSV (header: code,name,commune_code,has_4g,has_telecom,on_grid,population,households).
 * Returns every valid row and every problem, by line and field (the caller writes nothing if any),
 * and the line of each village code.
 */
export function parseVillageCsv(
  text: string,
  communeCodes: Set<string>,
): { villages: VillageInput[]; issues: LineIssue[]; lineOf: Map<string, number> } {
  const rows = parseCsv(text)
  const issues: LineIssue[] = []
  const seen = new Map<string, number>()
  if (!rows.length)
    return { villages: [], issues: [issue(1, 'file', 'is empty', 'places.csv.empty')], lineOf: seen }
  const header = rows[0]!.cells.map((h) => h.trim().toLowerCase())
  const missing = VILLAGE_COLUMNS.filter((c) => !header.includes(c))
  const unknown = header.filter((h) => !(VILLAGE_COLUMNS as readonly string[]).includes(h))
  if (missing.length || unknown.length) {
    const line = rows[0]!.line
    const out: LineIssue[] = []
    if (missing.length) {
      const columns = missing.join(', ')
      out.push(
        issue(line, 'header', `missing column(s): ${columns}`, 'places.csv.missing_columns', { columns }),
      )
    }
    if (unknown.length) {
      const columns = unknown.map((u) => JSON.stringify(u)).join(', ')
      out.push(
        issue(line, 'header', `unknown column(s): ${columns}`, 'places.csv.unknown_columns', { columns }),
      )
    }
    return { villages: [], issues: out, lineOf: seen }
  }
  if (rows.length === 1)
    return {
      villages: [],
      issues: [issue(2, 'file', 'has no rows after the header', 'places.csv.no_rows')],
      lineOf: seen,
    }
  const col = Object.fromEntries(VILLAGE_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof VILLAGE_COLUMNS)[number],
    number
  >
  const villages: VillageInput[] = []
  for (const { line, cells } of rows.slice(1)) {
    const get = (c: (typeof VILLAGE_COLUMNS)[number]) => (cells[col[c]] ?? '').trim()
    const bad = (field: string, message: string, key: MessageKey, params?: Record<string, string | number>) =>
      issues.push(issue(line, field, message, key, params))
    const before = issues.length
    if (cells.length !== header.length) {
      bad('row', `has ${cells.length} cells; the header has ${header.length}`, 'places.csv.cells', {
        cells: cells.length,
        header: header.length,
      })
      continue
    }
    const code = get('code')
    if (!/^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$/.test(code))
      bad('code', 'must be 1 to 20 letters, digits, - or _', 'places.csv.code')
    else if (seen.has(code))
      bad('code', `${code} already appears on line ${seen.get(code)}`, 'places.csv.duplicate', {
        code,
        line: seen.get(code)!,
      })
    else seen.set(code, line)
    const name = normaliseText(get('name'))
    const nameProblem = textProblem(name, { min: 2, max: 100 })
    if (nameProblem)
      bad('name', textMessage(nameProblem), `text.${nameProblem.problem}` as MessageKey, { n: nameProblem.n })
    const commune = get('commune_code')
    if (!communeCodes.has(commune))
      bad(
        'commune_code',
        `${JSON.stringify(commune)} is not a commune or ward of the province`,
        'places.csv.commune',
        {
          value: commune,
        },
      )
    const f4g = flag(get('has_4g'))
    const ftel = flag(get('has_telecom'))
    const fgrid = flag(get('on_grid'))
    const FLAG = 'must be 1/0, true/false or yes/no'
    if (f4g === undefined) bad('has_4g', FLAG, 'places.csv.flag')
    if (ftel === undefined) bad('has_telecom', FLAG, 'places.csv.flag')
    if (fgrid === undefined) bad('on_grid', FLAG, 'places.csv.flag')
    if (f4g === true && ftel === false)
      bad('has_4g', 'cannot be 1 when has_telecom is 0', 'places.csv.4g_without_telecom')
    const num = (field: 'population' | 'households') => {
      const s = get(field)
      if (s === '') return null
      if (!/^\d{1,7}$/.test(s)) {
        bad(field, 'must be a whole number from 0 to 9999999, or empty', 'places.csv.number')
        return null
      }
      return Number(s)
    }
    const population = num('population')
    const households = num('households')
    if (issues.length === before) {
      villages.push({
        code,
        name,
        communeCode: commune,
        has4g: f4g!,
        hasTelecom: ftel!,
        onGrid: fgrid!,
        population,
        households,
      })
    }
  }
  return { villages, issues, lineOf: seen }
}
