/**
 * The indicator catalogue: every figure the dashboards show, what it means, how it is computed
 * from recorded facts, its unit (a count, or a percentage of a named denominator) and the levels
 * at which it makes sense. The mapping from facts to indicators is in indicators.mapping.ts. Names
 * and explanations are in the campaign catalogue: `ind.<id>` and `ind.<id>.how`.
 */
export type Level = 'province' | 'commune' | 'village'
export type Denominator = 'villages' | 'communes' | 'households' | 'traders' | 'lessons'
export type Group = 'training' | 'festivals' | 'outreach' | 'learning' | 'market' | 'reach'

export type Indicator = {
  id: string
  group: Group
  unit: 'count' | 'percent'
  /** For percentages: what the value is divided by (read from places or traders at read time). */
  denominator?: Denominator
  levels: Level[]
  /**
   * How the value is read: `total` (the running total of the rollup), `window` (things seen in the
   * last 30 days: a sum of day rows), `places` (an attribute of the villages, not a fact), or
   * `content` (the state of the lessons now, province-wide, read from the studio's read function).
   */
  read: 'total' | 'window' | 'places' | 'content'
  /** The indicator holding the weekly series, when it differs from the id (window indicators). */
  series?: string
  /** The indicator this one breaks down (help by kind, completions by audience…). */
  parent?: string
}

/** Days of the "active" window. */
export const WINDOW_DAYS = 30

export const HELP_KINDS = [
  'vneid_install',
  'vneid_level2',
  'public_service',
  'payment_account',
  'first_cashless',
  'list_products',
  'course_enrol',
  'other',
] as const
export const AUDIENCES = ['citizen', 'official', 'trader_farmer', 'pupil'] as const
export const LANGS = ['vi', 'fr', 'en', 'blt', 'hnj'] as const
/** Languages lessons are heard in (community recordings, decision 0190). */
export const VOICE_LANGS = ['vi', 'hnj', 'blt'] as const
export const TRADER_STEPS = [
  'payment_account',
  'vietqr_at_stall',
  'received_transfer',
  'listed_online',
  'course_completed',
] as const

/**
 * The sectors of the AI trainings for officials, as the province plan names them (the events
 * domain keeps the same list for its form; a test checks they agree).
 */
export const SECTORS = ['education', 'smart_agriculture', 'tourism', 'public_administration'] as const

const ALL_LEVELS: Level[] = ['province', 'commune', 'village']
const UPPER: Level[] = ['province', 'commune']

const BASE: Indicator[] = [
  {
    id: 'ai_trainings_held',
    group: 'training',
    unit: 'count',
    levels: UPPER,
    read: 'total',
  },
  {
    id: 'officials_trained_ai',
    group: 'training',
    unit: 'count',
    levels: UPPER,
    read: 'total',
  },
  {
    id: 'festivals_held',
    group: 'festivals',
    unit: 'count',
    levels: UPPER,
    read: 'total',
  },
  {
    id: 'festival_attendance',
    group: 'festivals',
    unit: 'count',
    levels: UPPER,
    read: 'total',
  },
  {
    id: 'ai_festivals_held',
    group: 'festivals',
    unit: 'count',
    levels: UPPER,
    read: 'total',
  },
  {
    id: 'ai_festival_attendance',
    group: 'festivals',
    unit: 'count',
    levels: UPPER,
    read: 'total',
  },
  {
    id: 'help_given',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'people_helped',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'vneid_installs',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'vneid_level2',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'households_checked',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'households_digital',
    group: 'outreach',
    unit: 'percent',
    denominator: 'households',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'villages_active_group',
    group: 'outreach',
    unit: 'percent',
    denominator: 'villages',
    levels: ALL_LEVELS,
    read: 'window',
    series: 'villages_active_group.week',
  },
  {
    id: 'communes_active_group',
    group: 'outreach',
    unit: 'percent',
    denominator: 'communes',
    levels: ['province'],
    read: 'window',
    series: 'communes_active_group.week',
  },
  {
    id: 'learners',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'learners_active',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'window',
    series: 'learners_active.week',
  },
  {
    id: 'completions',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'certificates',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    // Lessons a learner can hear whole in their language: every section has an approved take.
    id: 'lessons_with_audio',
    group: 'learning',
    unit: 'percent',
    denominator: 'lessons',
    levels: ['province'],
    read: 'content',
  },
  {
    id: 'traders_onboarded',
    group: 'market',
    unit: 'percent',
    denominator: 'traders',
    levels: ALL_LEVELS,
    read: 'total',
  },
  {
    id: 'villages_4g',
    group: 'reach',
    unit: 'percent',
    denominator: 'villages',
    levels: UPPER,
    read: 'places',
  },
  {
    id: 'villages_no_telecom',
    group: 'reach',
    unit: 'percent',
    denominator: 'villages',
    levels: UPPER,
    read: 'places',
  },
  {
    id: 'villages_off_grid',
    group: 'reach',
    unit: 'percent',
    denominator: 'villages',
    levels: UPPER,
    read: 'places',
  },
]

/** One indicator per value of a dimension (help by kind…); names in the catalogue, `ind.<id>`. */
function breakdown(parentId: string, dim: string, values: readonly string[]) {
  const parent = BASE.find((i) => i.id === parentId)!
  return values.map((v): Indicator => ({ ...parent, id: `${parentId}.${dim}.${v}`, parent: parentId }))
}

const STEPS: Indicator[] = TRADER_STEPS.map((s) => ({
  id: `trader_step.${s}`,
  group: 'market',
  unit: 'percent',
  denominator: 'traders',
  levels: ALL_LEVELS,
  read: 'total',
  parent: 'traders_onboarded',
}))

/** Every indicator, parents first. */
export const INDICATORS: Indicator[] = [
  ...BASE,
  ...breakdown('ai_trainings_held', 'sector', SECTORS),
  ...breakdown('officials_trained_ai', 'sector', SECTORS),
  ...breakdown('help_given', 'what', HELP_KINDS),
  ...breakdown('completions', 'audience', AUDIENCES),
  ...breakdown('completions', 'lang', LANGS),
  ...breakdown('certificates', 'audience', [...AUDIENCES, 'event']),
  ...breakdown('certificates', 'lang', LANGS),
  ...breakdown('lessons_with_audio', 'lang', VOICE_LANGS),
  ...STEPS,
]

const BY_ID = new Map(INDICATORS.map((i) => [i.id, i]))

/** One indicator by id, or undefined. */
export function indicator(id: string): Indicator | undefined {
  return BY_ID.get(id)
}

/** True when facts give the indicator a weekly series (not the register's or the lessons' state now). */
export function hasSeries(i: Indicator): boolean {
  return i.read === 'total' || i.read === 'window'
}

/** The rollup holding an indicator's weekly series. */
export function seriesOf(i: Indicator): string {
  return i.series ?? i.id
}

/** The key indicators of the commune and village tables, in column order. */
export const TABLE_INDICATORS = [
  'learners',
  'learners_active',
  'completions',
  'help_given',
  'people_helped',
  'households_digital',
  'villages_active_group',
  'traders_onboarded',
  'officials_trained_ai',
] as const

/** Composite indicators: a trader is onboarded when every step's latest state is done. */
export const COMPOSITES = [
  { indicator: 'traders_onboarded', of: TRADER_STEPS.map((s) => `trader_step.${s}`) },
]
