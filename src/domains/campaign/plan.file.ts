import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, stringify } from 'yaml'
import type { FieldIssue } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { normaliseText, textMessage, textProblem } from '../../core/text.ts'
import { indicator, type Level } from './indicators.ts'

/**
 * The campaign plan file (decision 0182): a YAML file stating the province's targets, one per
 * indicator, place and period, each figure with the words of its source. Read here into rows with
 * the line of every field, so an operator fixes what is reported as `file:line: field: problem`.
 *
 * ```yaml
 * plan: dien-bien-2026
 * title: Chỉ tiêu phong trào "Bình dân học vụ số" đến hết năm 2026
 * source: https://…
 * targets:
 *   - indicator: ai_trainings_held
 *     place: "11"          # the province, or a commune or ward by official code
 *     period: "2026"       # a year, a quarter (2026-Q4), a month (2026-06) or a day: due at its end
 *     value: 20
 *     note: …              # shown beside the target (optional)
 *     source: …            # the words the figure comes from (optional)
 * ```
 */
export type PlanRow = {
  line: number
  indicator: string
  place: string
  period: string
  /** The last day of the period (YYYY-MM-DD): the target's deadline. */
  deadline: string
  value: number
  note: string | null
  source: string | null
}
export type Plan = { id: string; title: string | null; source: string | null; targets: PlanRow[] }

/** A problem of the file: its line, the field (`targets[2].value`), the problem in the reader's words. */
export type PlanIssue = { line: number } & FieldIssue

/** What a place code is, for the file's checks: the province, a commune or ward, a village, or unknown. */
export type PlaceKind = (code: string) => Level | null

const TOP_FIELDS = ['plan', 'title', 'source', 'targets'] as const
const ROW_FIELDS = ['indicator', 'place', 'period', 'value', 'note', 'source'] as const
export const MAX_VALUE = 10_000_000
export const MAX_TARGETS = 1000

/** The last day of a period, or the key of what is wrong with it. */
export function periodEnd(period: string): { deadline: string } | { key: MessageKey; message: string } {
  const m = /^(\d{4})(?:-(?:Q(\d)|(\d{2}))(?:-(\d{2}))?)?$/.exec(period)
  const shape = {
    key: 'plan.err.period_shape' as const,
    message: 'must be a year (2026), a quarter (2026-Q4), a month (2026-06) or a day (2026-12-31)',
  }
  if (!m || (m[2] && m[4])) return shape
  const year = Number(m[1])
  if (year < 2000 || year > 2100)
    return { key: 'plan.err.period_year', message: 'must be a year from 2000 to 2100' }
  const last = (y: number, month: number) => new Date(Date.UTC(y, month, 0)).getUTCDate()
  const iso = (month: number, day: number) =>
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  if (m[2]) {
    const q = Number(m[2])
    if (q < 1 || q > 4) return { key: 'plan.err.period_quarter', message: 'a year has quarters Q1 to Q4' }
    return { deadline: iso(q * 3, last(year, q * 3)) }
  }
  if (!m[3]) return { deadline: iso(12, 31) }
  const month = Number(m[3])
  if (month < 1 || month > 12) return { key: 'plan.err.period_month', message: 'a year has months 01 to 12' }
  if (!m[4]) return { deadline: iso(month, last(year, month)) }
  const day = Number(m[4])
  if (day < 1 || day > last(year, month))
    return { key: 'plan.err.period_day', message: `${period} is not a day of the calendar` }
  return { deadline: iso(month, day) }
}

/** Reads a plan file; returns the plan when the file has no problem, and every problem found. */
export function readPlan(text: string, placeKind: PlaceKind): { plan: Plan | null; issues: PlanIssue[] } {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const lineAt = (n: Node | null | undefined, fallback = 1) =>
    n?.range ? lc.linePos(n.range[0]).line : fallback
  const issues: PlanIssue[] = []
  const bad = (
    line: number,
    field: string,
    key: MessageKey,
    message: string,
    params?: FieldIssue['params'],
  ) => issues.push({ line, field, message, key, params })
  if (doc.errors.length) {
    for (const e of doc.errors)
      bad(lc.linePos(e.pos[0]).line, 'yaml', 'plan.err.yaml', `invalid YAML: ${e.message.split('\n')[0]}`, {
        detail: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      })
    return { plan: null, issues }
  }
  const top = doc.contents
  if (!isMap(top)) {
    bad(1, 'file', 'plan.err.not_a_plan', 'must be a mapping with plan, title, source and targets')
    return { plan: null, issues }
  }
  const get = (map: typeof top, name: string) => map.get(name, true) as Node | undefined
  for (const pair of top.items) {
    const k = isScalar(pair.key) ? String(pair.key.value) : ''
    if (!(TOP_FIELDS as readonly string[]).includes(k))
      bad(lineAt(pair.key as Node), k, 'plan.err.unknown_field', 'unknown field', {
        known: TOP_FIELDS.join(', '),
      })
  }
  const scalar = (n: Node | undefined) => (isScalar(n) ? n.value : undefined)
  const text_ = (
    n: Node | undefined,
    field: string,
    line: number,
    max: number,
  ): string | null | undefined => {
    const v = scalar(n)
    if (v === undefined || v === null || v === '') return null
    if (typeof v !== 'string' && typeof v !== 'number') {
      bad(lineAt(n, line), field, 'text.not_text', 'must be text')
      return undefined
    }
    const s = normaliseText(String(v))
    const problem = textProblem(s, { min: 1, max })
    if (problem) {
      bad(lineAt(n, line), field, `text.${problem.problem}`, textMessage(problem), { n: problem.n })
      return undefined
    }
    return s
  }

  const idNode = get(top, 'plan')
  const id = scalar(idNode)
  if (id === undefined || id === null || id === '')
    bad(lineAt(idNode), 'plan', 'plan.err.required', 'required')
  else if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{1,63}$/.test(id))
    bad(
      lineAt(idNode),
      'plan',
      'plan.err.plan_id',
      'must be 2 to 64 lowercase letters, digits or -, such as dien-bien-2026',
    )
  const title = text_(get(top, 'title'), 'title', 1, 200)
  const source = text_(get(top, 'source'), 'source', 1, 500)

  const list = get(top, 'targets')
  const rows: PlanRow[] = []
  if (!isSeq(list) || !list.items.length) {
    bad(lineAt(list), 'targets', 'plan.err.targets', 'must be a list of at least one target')
    return { plan: null, issues }
  }
  if (list.items.length > MAX_TARGETS)
    bad(lineAt(list), 'targets', 'plan.err.too_many', `at most ${MAX_TARGETS} targets`, { max: MAX_TARGETS })
  const seen = new Map<string, number>()
  list.items.forEach((item, i) => {
    const at = `targets[${i + 1}]`
    const line = lineAt(item as Node)
    if (!isMap(item)) {
      bad(line, at, 'plan.err.row', 'must be a target: indicator, place, period, value')
      return
    }
    const before = issues.length
    for (const pair of item.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : ''
      if (!(ROW_FIELDS as readonly string[]).includes(k))
        bad(lineAt(pair.key as Node, line), `${at}.${k}`, 'plan.err.unknown_field', 'unknown field', {
          known: ROW_FIELDS.join(', '),
        })
    }
    const field = (name: string) => {
      const n = item.get(name, true) as Node | undefined
      return { n, v: scalar(n), line: lineAt(n, line), name: `${at}.${name}` }
    }
    const required = (f: ReturnType<typeof field>) => {
      if (f.v === undefined || f.v === null || f.v === '') {
        bad(f.line, f.name, 'plan.err.required', 'required')
        return false
      }
      return true
    }

    const ind = field('indicator')
    const def = required(ind) ? indicator(String(ind.v)) : undefined
    if (ind.v !== undefined && ind.v !== null && ind.v !== '' && !def)
      bad(
        ind.line,
        ind.name,
        'plan.err.indicator',
        `${JSON.stringify(String(ind.v))} is not an indicator of the catalogue`,
        {
          value: String(ind.v),
        },
      )

    const pl = field('place')
    let place = ''
    if (required(pl)) {
      place = String(pl.v)
      const kind = placeKind(place)
      if (kind === null)
        bad(
          pl.line,
          pl.name,
          'plan.err.place',
          `${JSON.stringify(place)} is not the code of the province or of one of its communes and wards`,
          {
            value: place,
          },
        )
      else if (kind === 'village')
        bad(
          pl.line,
          pl.name,
          'plan.err.place_village',
          'is a village: targets are set for the province or a commune or ward',
          {
            value: place,
          },
        )
      else if (def && !def.levels.includes(kind))
        bad(pl.line, pl.name, 'plan.err.level', `${def.id} is not measured for a ${kind}`, {
          indicator: def.id,
        })
    }

    const pe = field('period')
    let deadline = ''
    const period = pe.v === undefined || pe.v === null ? '' : String(pe.v)
    if (required(pe)) {
      const end = periodEnd(period)
      if ('key' in end) bad(pe.line, pe.name, end.key, end.message, { value: period })
      else deadline = end.deadline
    }

    const va = field('value')
    let value = Number.NaN
    if (required(va)) {
      const raw = va.v
      value =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())
            ? Number(raw)
            : Number.NaN
      if (!Number.isFinite(value))
        bad(va.line, va.name, 'plan.err.number', 'must be a number, written without separators (2000)', {
          value: String(raw),
        })
      else if (value <= 0) bad(va.line, va.name, 'plan.err.positive', 'must be greater than 0')
      else if (value > MAX_VALUE)
        bad(va.line, va.name, 'plan.err.huge', `must be at most ${MAX_VALUE}`, { max: MAX_VALUE })
      else if (def?.unit === 'percent' && value > 100)
        bad(va.line, va.name, 'plan.err.percent', 'must be at most 100 for a percentage')
      else if (def?.unit === 'count' && !Number.isInteger(value))
        bad(va.line, va.name, 'plan.err.whole', 'must be a whole number for a count')
    }

    const note = text_(item.get('note', true) as Node | undefined, `${at}.note`, line, 200)
    const src = text_(item.get('source', true) as Node | undefined, `${at}.source`, line, 500)

    if (issues.length > before || !def) return
    const key = `${def.id}|${place}|${deadline}`
    const first = seen.get(key)
    if (first !== undefined) {
      bad(line, at, 'plan.err.duplicate', `the same indicator, place and period end as line ${first}`, {
        line: String(first),
      })
      return
    }
    seen.set(key, line)
    rows.push({
      line,
      indicator: def.id,
      place,
      period,
      deadline,
      value,
      note: note ?? null,
      source: src ?? null,
    })
  })
  if (issues.length) return { plan: null, issues }
  return {
    plan: { id: id as string, title: title ?? null, source: source ?? null, targets: rows },
    issues,
  }
}

/** A plan as its file: what `hocso plan export` writes and `hocso plan import` reads back unchanged. */
export function writePlan(
  plan: Omit<Plan, 'targets'> & { targets: Omit<PlanRow, 'line' | 'deadline'>[] },
): string {
  const doc = {
    plan: plan.id,
    ...(plan.title ? { title: plan.title } : {}),
    ...(plan.source ? { source: plan.source } : {}),
    targets: plan.targets.map((r) => ({
      indicator: r.indicator,
      place: r.place,
      period: r.period,
      value: r.value,
      ...(r.note ? { note: r.note } : {}),
      ...(r.source ? { source: r.source } : {}),
    })),
  }
  return stringify(doc, { lineWidth: 0 })
}
