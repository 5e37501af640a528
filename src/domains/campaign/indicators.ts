import type { Locale } from '../../core/i18n.ts'

/**
 * The indicator catalogue: every figure the dashboards show, what it means, how it is computed
 * from recorded facts, its unit (a count, or a percentage of a named denominator) and the levels
 * at which it makes sense. The mapping from facts to indicators is in indicators.mapping.ts.
 */
export type Level = 'province' | 'commune' | 'village'
export type Denominator = 'villages' | 'communes' | 'households' | 'traders'
export type Group = 'training' | 'outreach' | 'learning' | 'market' | 'reach'
type Text = Record<Locale, string>

export type Indicator = {
  id: string
  group: Group
  name: Text
  how: Text
  unit: 'count' | 'percent'
  /** For percentages: what the value is divided by (read from places or traders at read time). */
  denominator?: Denominator
  levels: Level[]
  /**
   * How the value is read: `total` (the running total of the rollup), `window` (things seen in the
   * last 30 days: a sum of day rows), or `places` (an attribute of the villages, not a fact).
   */
  read: 'total' | 'window' | 'places'
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
export const TRADER_STEPS = [
  'payment_account',
  'vietqr_at_stall',
  'received_transfer',
  'listed_online',
  'course_completed',
] as const

const HELP_LABEL: Record<(typeof HELP_KINDS)[number], Text> = {
  vneid_install: { vi: 'cài VNeID', fr: 'installer VNeID', en: 'install VNeID' },
  vneid_level2: { vi: 'VNeID mức 2', fr: 'VNeID niveau 2', en: 'VNeID level 2' },
  public_service: {
    vi: 'dịch vụ công trực tuyến',
    fr: 'service public en ligne',
    en: 'online public service',
  },
  payment_account: { vi: 'mở tài khoản thanh toán', fr: 'compte de paiement', en: 'payment account' },
  first_cashless: {
    vi: 'thanh toán không tiền mặt lần đầu',
    fr: 'premier paiement sans espèces',
    en: 'first cashless payment',
  },
  list_products: { vi: 'đưa sản phẩm lên mạng', fr: 'produits en ligne', en: 'products listed online' },
  course_enrol: { vi: 'đăng ký khóa học', fr: 'inscription à un cours', en: 'course enrolment' },
  other: { vi: 'khác', fr: 'autre', en: 'other' },
}
const AUDIENCE_LABEL: Record<(typeof AUDIENCES)[number], Text> = {
  citizen: { vi: 'người dân', fr: 'citoyens', en: 'citizens' },
  official: { vi: 'cán bộ, công chức', fr: 'agents publics', en: 'officials' },
  trader_farmer: { vi: 'tiểu thương, nông dân', fr: 'commerçants, agriculteurs', en: 'traders, farmers' },
  pupil: { vi: 'học sinh', fr: 'élèves', en: 'pupils' },
}
const LANG_LABEL: Record<(typeof LANGS)[number], Text> = {
  vi: { vi: 'tiếng Việt', fr: 'vietnamien', en: 'Vietnamese' },
  fr: { vi: 'tiếng Pháp', fr: 'français', en: 'French' },
  en: { vi: 'tiếng Anh', fr: 'anglais', en: 'English' },
  blt: { vi: 'tiếng Thái', fr: 'taï dam', en: 'Tai Dam' },
  hnj: { vi: 'tiếng Mông', fr: 'hmong', en: 'Hmong' },
}
const STEP_LABEL: Record<(typeof TRADER_STEPS)[number], Text> = {
  payment_account: { vi: 'có tài khoản thanh toán', fr: 'compte de paiement', en: 'payment account' },
  vietqr_at_stall: { vi: 'có VietQR tại quầy', fr: 'VietQR au stand', en: 'VietQR at the stall' },
  received_transfer: { vi: 'đã nhận chuyển khoản', fr: 'virement reçu', en: 'transfer received' },
  listed_online: { vi: 'bán hàng trên mạng', fr: 'en vente en ligne', en: 'listed online' },
  course_completed: {
    vi: 'hoàn thành khóa bán hàng trực tuyến',
    fr: 'cours de vente en ligne terminé',
    en: 'selling-online course completed',
  },
}

const ALL_LEVELS: Level[] = ['province', 'commune', 'village']
const UPPER: Level[] = ['province', 'commune']

const join = (a: Text, b: Text, sep = ': '): Text => ({
  vi: `${a.vi}${sep}${b.vi}`,
  fr: `${a.fr}${sep}${b.fr}`,
  en: `${a.en}${sep}${b.en}`,
})

const BASE: Indicator[] = [
  {
    id: 'ai_trainings_held',
    group: 'training',
    unit: 'count',
    levels: UPPER,
    read: 'total',
    name: { vi: 'Lớp tập huấn AI đã tổ chức', fr: 'Formations IA tenues', en: 'AI trainings held' },
    how: {
      vi: 'Số lớp tập huấn (chủ đề AI cho cán bộ) có ít nhất một người điểm danh; mỗi lớp tính một lần, vào tuần có lượt điểm danh đầu tiên.',
      fr: 'Formations (thème IA pour les agents) avec au moins une présence enregistrée ; chacune comptée une fois, la semaine de la première présence.',
      en: 'Trainings on AI for officials with at least one check-in; each counted once, in the week of its first check-in.',
    },
  },
  {
    id: 'officials_trained_ai',
    group: 'training',
    unit: 'count',
    levels: UPPER,
    read: 'total',
    name: { vi: 'Cán bộ được tập huấn AI', fr: 'Agents formés à l’IA', en: 'Officials trained in AI' },
    how: {
      vi: 'Số người khác nhau đã điểm danh tại một lớp AI cho cán bộ; người dự nhiều lớp chỉ tính một lần (theo tài khoản, nếu không có thì theo số điện thoại, rồi theo đăng ký).',
      fr: 'Personnes distinctes présentes à une formation IA pour les agents ; une personne venue à plusieurs formations compte une fois (par compte, sinon téléphone, sinon inscription).',
      en: 'Distinct people checked in at an AI training for officials; someone at several trainings counts once (by account, else phone, else registration).',
    },
  },
  {
    id: 'help_given',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Lượt hỗ trợ người dân', fr: 'Aides apportées', en: 'Help given' },
    how: {
      vi: 'Số lượt hỗ trợ do đại sứ số ghi lại; bản sửa thay thế bản được sửa.',
      fr: 'Aides enregistrées par les ambassadeurs ; une correction remplace la fiche corrigée.',
      en: 'Help records logged by digital ambassadors; a correction replaces the record it corrects.',
    },
  },
  {
    id: 'people_helped',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Người dân được hỗ trợ', fr: 'Personnes aidées', en: 'People helped' },
    how: {
      vi: 'Người có tên được tính một lần dù được hỗ trợ nhiều lần; mỗi lượt hỗ trợ ẩn danh tính là một người.',
      fr: 'Une personne nommée compte une fois, quel que soit le nombre d’aides ; chaque aide anonyme compte pour une personne.',
      en: 'A named person counts once however often helped; each anonymous help record counts as one person.',
    },
  },
  {
    id: 'vneid_installs',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Lượt cài đặt VNeID', fr: 'Installations VNeID', en: 'VNeID installs' },
    how: {
      vi: 'Số lượt hỗ trợ "cài VNeID" được ghi lại.',
      fr: 'Aides « installer VNeID » enregistrées.',
      en: 'Help records of the kind "install VNeID".',
    },
  },
  {
    id: 'vneid_level2',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: {
      vi: 'Giới thiệu kích hoạt VNeID mức 2',
      fr: 'Orientations VNeID niveau 2',
      en: 'VNeID level-2 referrals',
    },
    how: {
      vi: 'Số lượt hỗ trợ "VNeID mức 2" (giới thiệu đến công an) được ghi lại.',
      fr: 'Aides « VNeID niveau 2 » (orientation vers la police) enregistrées.',
      en: 'Help records of the kind "VNeID level 2" (referred to the police office).',
    },
  },
  {
    id: 'households_checked',
    group: 'outreach',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Hộ đã được rà soát', fr: 'Foyers évalués', en: 'Households checked' },
    how: {
      vi: 'Số hộ có phiếu "Gia đình số"; mỗi hộ tính một lần, theo lần rà soát gần nhất.',
      fr: 'Foyers ayant une fiche « Famille numérique » ; chacun compté une fois, selon la dernière visite.',
      en: 'Households with a Digital family checklist; each counted once, by its latest check.',
    },
  },
  {
    id: 'households_digital',
    group: 'outreach',
    unit: 'percent',
    denominator: 'households',
    levels: ALL_LEVELS,
    read: 'total',
    name: {
      vi: 'Hộ đạt tiêu chí Gia đình số',
      fr: 'Foyers « Famille numérique »',
      en: 'Households meeting the Digital family criteria',
    },
    how: {
      vi: 'Hộ mà lần rà soát gần nhất đạt cả sáu tiêu chí, trên tổng số hộ của thôn, bản.',
      fr: 'Foyers dont la dernière fiche remplit les six critères, sur le nombre de foyers des villages.',
      en: 'Households whose latest check meets all six criteria, out of the households of the villages.',
    },
  },
  {
    id: 'villages_active_group',
    group: 'outreach',
    unit: 'percent',
    denominator: 'villages',
    levels: ALL_LEVELS,
    read: 'window',
    series: 'villages_active_group.week',
    name: {
      vi: 'Thôn, bản có tổ công nghệ số hoạt động',
      fr: 'Villages avec un groupe numérique actif',
      en: 'Villages with an active technology group',
    },
    how: {
      vi: 'Thôn, bản có lượt hỗ trợ hoặc rà soát hộ được ghi trong 30 ngày qua, trên tổng số thôn, bản.',
      fr: 'Villages où une aide ou une fiche de foyer a été enregistrée ces 30 derniers jours, sur le nombre de villages.',
      en: 'Villages with help or a household check recorded in the last 30 days, out of all villages.',
    },
  },
  {
    id: 'communes_active_group',
    group: 'outreach',
    unit: 'percent',
    denominator: 'communes',
    levels: ['province'],
    read: 'window',
    series: 'communes_active_group.week',
    name: {
      vi: 'Xã, phường vận hành mô hình cộng đồng',
      fr: 'Communes faisant vivre le modèle communautaire',
      en: 'Communes and wards running the community models',
    },
    how: {
      vi: 'Xã, phường có tổ công nghệ số ghi nhận hoạt động (hỗ trợ hoặc rà soát hộ) trong 30 ngày qua, trên 45 xã, phường.',
      fr: 'Communes dont un groupe numérique a enregistré une activité (aide ou fiche de foyer) ces 30 derniers jours, sur 45.',
      en: 'Communes and wards whose technology groups recorded activity (help or a household check) in the last 30 days, out of 45.',
    },
  },
  {
    id: 'learners',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Người học', fr: 'Apprenants', en: 'Learners' },
    how: {
      vi: 'Số người khác nhau đã mở ít nhất một bài học; tính ở nơi họ học lần đầu.',
      fr: 'Personnes distinctes ayant ouvert au moins une leçon ; comptées là où elles ont commencé.',
      en: 'Distinct people who opened at least one lesson; counted where they first learned.',
    },
  },
  {
    id: 'learners_active',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'window',
    series: 'learners_active.week',
    name: {
      vi: 'Người học tích cực (30 ngày)',
      fr: 'Apprenants actifs (30 jours)',
      en: 'Active learners (last 30 days)',
    },
    how: {
      vi: 'Người học có hoạt động học tập trong 30 ngày qua, mỗi người một lần; chuỗi theo tuần đếm người học trong từng tuần.',
      fr: 'Apprenants ayant une activité ces 30 derniers jours, chacun une fois ; la série hebdomadaire compte les actifs de chaque semaine.',
      en: 'Learners with learning activity in the last 30 days, each once; the weekly series counts those active in each week.',
    },
  },
  {
    id: 'completions',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Lượt hoàn thành khóa học', fr: 'Cours terminés', en: 'Course completions' },
    how: {
      vi: 'Số cặp (người học, khóa học) đã hoàn thành; theo đối tượng của khóa và ngôn ngữ học.',
      fr: 'Paires (apprenant, cours) terminées ; par public du cours et langue suivie.',
      en: 'Distinct (learner, course) completions; by the course’s audience and the language learned in.',
    },
  },
  {
    id: 'certificates',
    group: 'learning',
    unit: 'count',
    levels: ALL_LEVELS,
    read: 'total',
    name: { vi: 'Chứng nhận đã cấp', fr: 'Certificats délivrés', en: 'Certificates issued' },
    how: {
      vi: 'Một chứng nhận cho mỗi khóa học hoàn thành và mỗi lần dự sự kiện của người có tài khoản.',
      fr: 'Un certificat par cours terminé et par présence à un événement d’une personne ayant un compte.',
      en: 'One certificate per completed course and per event attended by a person with an account.',
    },
  },
  {
    id: 'traders_onboarded',
    group: 'market',
    unit: 'percent',
    denominator: 'traders',
    levels: ALL_LEVELS,
    read: 'total',
    name: {
      vi: 'Tiểu thương hoàn thành chuyển đổi số',
      fr: 'Commerçants intégrés',
      en: 'Traders onboarded',
    },
    how: {
      vi: 'Tiểu thương đã hoàn thành cả năm bước của danh mục, trên số tiểu thương đã đăng ký.',
      fr: 'Commerçants ayant franchi les cinq étapes de la liste, sur les commerçants inscrits.',
      en: 'Traders with all five checklist steps done, out of registered traders.',
    },
  },
  {
    id: 'villages_4g',
    group: 'reach',
    unit: 'percent',
    denominator: 'villages',
    levels: UPPER,
    read: 'places',
    name: { vi: 'Thôn, bản có 4G', fr: 'Villages couverts en 4G', en: 'Villages with 4G' },
    how: {
      vi: 'Theo danh mục thôn, bản (không phải dữ kiện hoạt động).',
      fr: 'D’après la liste des villages (pas un fait d’activité).',
      en: 'From the village register (not an activity fact).',
    },
  },
  {
    id: 'villages_no_telecom',
    group: 'reach',
    unit: 'percent',
    denominator: 'villages',
    levels: UPPER,
    read: 'places',
    name: {
      vi: 'Thôn, bản chưa có sóng viễn thông',
      fr: 'Villages sans réseau',
      en: 'Villages with no telecom service',
    },
    how: {
      vi: 'Theo danh mục thôn, bản (không phải dữ kiện hoạt động).',
      fr: 'D’après la liste des villages (pas un fait d’activité).',
      en: 'From the village register (not an activity fact).',
    },
  },
  {
    id: 'villages_off_grid',
    group: 'reach',
    unit: 'percent',
    denominator: 'villages',
    levels: UPPER,
    read: 'places',
    name: {
      vi: 'Thôn, bản chưa có điện lưới',
      fr: 'Villages hors réseau électrique',
      en: 'Villages off the grid',
    },
    how: {
      vi: 'Theo danh mục thôn, bản (không phải dữ kiện hoạt động).',
      fr: 'D’après la liste des villages (pas un fait d’activité).',
      en: 'From the village register (not an activity fact).',
    },
  },
]

function breakdown(parentId: string, dim: string, values: readonly string[], label: (v: string) => Text) {
  const parent = BASE.find((i) => i.id === parentId)!
  return values.map(
    (v): Indicator => ({
      ...parent,
      id: `${parentId}.${dim}.${v}`,
      parent: parentId,
      name: join(parent.name, label(v)),
    }),
  )
}

const STEPS: Indicator[] = TRADER_STEPS.map((s) => ({
  id: `trader_step.${s}`,
  group: 'market',
  unit: 'percent',
  denominator: 'traders',
  levels: ALL_LEVELS,
  read: 'total',
  parent: 'traders_onboarded',
  name: join({ vi: 'Tiểu thương', fr: 'Commerçants', en: 'Traders' }, STEP_LABEL[s]),
  how: {
    vi: 'Tiểu thương có bước này ở trạng thái "đã xong" theo lần ghi gần nhất, trên số tiểu thương đã đăng ký.',
    fr: 'Commerçants dont la dernière fiche marque cette étape comme faite, sur les commerçants inscrits.',
    en: 'Traders whose latest record marks this step done, out of registered traders.',
  },
}))

/** Every indicator, parents first. */
export const INDICATORS: Indicator[] = [
  ...BASE,
  ...breakdown('help_given', 'what', HELP_KINDS, (v) => HELP_LABEL[v as (typeof HELP_KINDS)[number]]),
  ...breakdown('completions', 'audience', AUDIENCES, (v) => AUDIENCE_LABEL[v as (typeof AUDIENCES)[number]]),
  ...breakdown('completions', 'lang', LANGS, (v) => LANG_LABEL[v as (typeof LANGS)[number]]),
  ...breakdown('certificates', 'audience', [...AUDIENCES, 'event'], (v) =>
    v === 'event'
      ? { vi: 'dự sự kiện', fr: 'présence à un événement', en: 'event attendance' }
      : AUDIENCE_LABEL[v as (typeof AUDIENCES)[number]],
  ),
  ...breakdown('certificates', 'lang', LANGS, (v) => LANG_LABEL[v as (typeof LANGS)[number]]),
  ...STEPS,
]

const BY_ID = new Map(INDICATORS.map((i) => [i.id, i]))

/** One indicator by id, or undefined. */
export function indicator(id: string): Indicator | undefined {
  return BY_ID.get(id)
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
