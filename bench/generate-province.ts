/**
 * A province-sized dataset for the dashboard benchmark: 636,000 people and 2 million facts over
 * 18 months across the 1,446 villages (scaled by --scale), written directly with batched raw
 * inserts (this is a generator, not an input path), then `rollups rebuild` in-process.
 *
 *   HOCSO_DATA_DIR=/tmp/hocso-bench node bin/run-ts.js bench/generate-province.ts [--scale 0.1] [--fresh]
 *   HOCSO_DATABASE_URL=postgres://… HOCSO_DATABASE_SCHEMA=bench node bin/run-ts.js bench/generate-province.ts …
 *
 * The mix of facts (per 2 million): 1.69 M learning facts (lessons opened and completed, quiz
 * attempts, 40,000 course completions), 200,000 help records, 80,000 household checks, 60,000
 * trader checklist ticks, 6,000 check-ins at 60 AI trainings. Activity grows over the 18 months,
 * as a campaign does. Deterministic for a given scale (fixed seed), except the ids' random bits.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { sql } from 'kysely'
import { openContext } from '../src/cli/runtime.ts'
import type { Ctx } from '../src/core/context.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { rebuildRollups } from '../src/domains/campaign/rollup.service.ts'
import { createTarget } from '../src/domains/campaign/targets.service.ts'
import { canonicalJson, sha256 } from '../src/domains/facts/canonical.ts'
import { registerDomains } from '../src/domains/index.ts'
import { importContent } from '../src/domains/learning/content.import.ts'
import { createAccount, currentUserById } from '../src/domains/people/people.service.ts'
import { prng } from '../src/domains/places/demo-villages.ts'
import { seedDemoVillages } from '../src/domains/places/places.service.ts'

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    months: { type: 'string', default: '18' },
    fresh: { type: 'boolean', default: false },
  },
})
const SCALE = Number(values.scale)
const MONTHS = Number(values.months)
if (!(SCALE > 0 && SCALE <= 2) || !(MONTHS >= 1 && MONTHS <= 36)) {
  process.stderr.write('usage: generate-province.ts [--scale 0.001..2] [--months 1..36] [--fresh]\n')
  process.exit(64)
}
const PEOPLE = Math.round(636_000 * SCALE)
const DAY = 86_400_000
const NOW = Date.now()
const START = NOW - MONTHS * 30.4 * DAY
const rand = prng(636_2026)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
/** A time in the window, more likely late (the campaign grows): density rising linearly. */
const rampTime = (from = START) => from + Math.sqrt(rand()) * (NOW - from)

if (values.fresh && !process.env.HOCSO_DATABASE_URL) {
  const dir = process.env.HOCSO_DATA_DIR ?? './var'
  for (const f of ['hocso.sqlite', 'hocso.sqlite-wal', 'hocso.sqlite-shm'])
    rmSync(join(dir, f), { force: true })
}
if (values.fresh && process.env.HOCSO_DATABASE_URL) {
  const schema = process.env.HOCSO_DATABASE_SCHEMA
  if (!schema) {
    process.stderr.write(
      '--fresh on PostgreSQL needs HOCSO_DATABASE_SCHEMA (the schema is dropped and made again)\n',
    )
    process.exit(64)
  }
  const pg = (await import('pg')).default
  const c = new pg.Client({ connectionString: process.env.HOCSO_DATABASE_URL })
  await c.connect()
  await c.query(`drop schema if exists ${schema} cascade`)
  await c.end()
}

registerDomains()
const ctx: Ctx = await openContext({ logLevel: 'warn' })
const existing = await ctx.db
  .selectFrom('facts')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow()
if (Number(existing.n) > 0) {
  process.stderr.write('the database already holds facts; run with --fresh to start over\n')
  process.exit(1)
}

const times: Record<string, number> = {}
const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = performance.now()
  const r = await fn()
  times[name] = Math.round(performance.now() - t0)
  return r
}

type ColType = 'text' | 'int'
/** Batched raw inserts: prepared statements in transactions on SQLite, unnest() arrays on PostgreSQL. */
async function bulk(table: string, cols: [string, ColType][], rows: unknown[][]): Promise<void> {
  if (!rows.length) return
  if (ctx.handle.sqlite) {
    const db = ctx.handle.sqlite
    const stmt = db.prepare(
      `insert into ${table} (${cols.map((c) => c[0]).join(',')}) values (${cols.map(() => '?').join(',')})`,
    )
    db.transaction((rs: unknown[][]) => {
      for (const r of rs) stmt.run(...r)
    })(rows)
    return
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000)
    const arrays = cols.map(
      ([, type], j) => sql`${chunk.map((r) => r[j])}::${sql.raw(type === 'int' ? 'bigint' : 'text')}[]`,
    )
    await sql`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c[0])))}) select * from unnest(${sql.join(arrays)})`.execute(
      ctx.db,
    )
  }
}

const bar = new cliProgress.SingleBar(
  { format: '  {phase} [{bar}] {value}/{total}  {eta_formatted} left', hideCursor: true, etaBuffer: 50 },
  cliProgress.Presets.shades_classic,
)
process.stdout.write(
  `generating a province at scale ${SCALE}: ${PEOPLE} people, ~${Math.round(2_036_000 * SCALE)} facts over ${MONTHS} months (${ctx.dialect})\n`,
)

// Places and the curriculum, through their services.
await phase('places and content', async () => {
  await seedDemoVillages(ctx)
  await importContent(ctx, 'content')
})
const villages = await ctx.db
  .selectFrom('places')
  .select(['code', 'commune_code', 'population'])
  .where('kind', '=', 'village')
  .orderBy('code')
  .execute()
const communes = [...new Set(villages.map((v) => v.commune_code!))]
const lessons = await ctx.db
  .selectFrom('lessons')
  .select(['id', 'course_slug', 'has_quiz'])
  .where('current', '=', 1)
  .orderBy('course_slug')
  .orderBy('position')
  .execute()
const courses = [...new Set(lessons.map((l) => l.course_slug))].map((slug) => ({
  slug,
  lessons: lessons.filter((l) => l.course_slug === slug),
}))

// An administrator to sign in as, and the province's plan.
const adminId = await createAccount(
  ctx,
  { displayName: 'Quản trị tỉnh (bench)', username: 'admin', password: 'bench-Điện-Biên-tỉnh-2026' },
  [{ role: 'province_admin', scopeCode: '11' }],
)
const admin = await currentUserById(ctx, adminId)
for (const [indicator, value] of [
  ['ai_trainings_held', 20],
  ['officials_trained_ai', 2000],
  ['communes_active_group', 100],
  ['traders_onboarded', 100],
] as const)
  await createTarget(ctx, admin, {
    indicator,
    value,
    scope_code: '11',
    deadline: '2026-12-31',
    note: 'bench',
  })

const ACCOUNT_COLS: [string, ColType][] = [
  ['id', 'text'],
  ['origin_node', 'text'],
  ['hlc', 'text'],
  ['created_at', 'text'],
  ['username', 'text'],
  ['display_name', 'text'],
  ['place_code', 'text'],
  ['locale', 'text'],
  ['demo', 'int'],
]

// People: spread over the villages in proportion to their population.
const totalPop = villages.reduce((a, v) => a + Number(v.population ?? 1), 0)
const people: { id: string; village: string; at: number }[] = []
await phase('people', async () => {
  bar.start(PEOPLE, 0, { phase: 'people ' })
  let rows: unknown[][] = []
  let made = 0
  for (const v of villages) {
    const n =
      v === villages[villages.length - 1]
        ? PEOPLE - made
        : Math.round((PEOPLE * Number(v.population ?? 1)) / totalPop)
    for (let i = 0; i < n && made < PEOPLE; i++, made++) {
      const at = rampTime()
      const id = uuidv7(at)
      people.push({ id, village: v.code, at })
      const iso = new Date(at).toISOString()
      rows.push([id, ctx.nodeId, iso, iso, `b${made}`, `Người dân ${made} (bench)`, v.code, 'vi', 1])
      if (rows.length === 20_000) {
        await bulk('accounts', ACCOUNT_COLS, rows)
        bar.increment(rows.length)
        rows = []
      }
    }
  }
  await bulk('accounts', ACCOUNT_COLS, rows)
  bar.update(PEOPLE)
  bar.stop()
})

// AI trainings with registrations, and traders: the records facts refer to.
const EVENTS = Math.max(3, Math.round(60 * Math.min(1, SCALE * 10)))
const PER_EVENT = Math.max(10, Math.round((6000 * SCALE) / EVENTS))
const events: { id: string; commune: string; at: number; codes: string[] }[] = []
const TRADERS = Math.round(20_000 * SCALE)
const traders: { id: string; village: string; at: number }[] = []
await phase('events and traders', async () => {
  const evRows: unknown[][] = []
  const regRows: unknown[][] = []
  for (let e = 0; e < EVENTS; e++) {
    const at = rampTime(START + 60 * DAY)
    const id = uuidv7(at - 20 * DAY)
    const commune = pick(communes)
    const iso = new Date(at).toISOString()
    evRows.push([
      id,
      ctx.nodeId,
      iso,
      iso,
      `Tập huấn AI cho cán bộ ${e + 1} (bench)`,
      'training',
      'ai_officials',
      'Cán bộ, công chức',
      commune,
      iso,
      new Date(at + 4 * 3_600_000).toISOString(),
      200,
    ])
    const codes: string[] = []
    for (let r = 0; r < PER_EVENT; r++) {
      const code = `B${String(r).padStart(5, '0')}`
      codes.push(code)
      regRows.push([
        uuidv7(at - 10 * DAY),
        ctx.nodeId,
        iso,
        iso,
        id,
        `Cán bộ ${e + 1}.${r + 1} (bench)`,
        code,
        'registered',
        'organiser',
        r + 1,
        'vi',
      ])
    }
    events.push({ id, commune, at, codes })
  }
  await bulk(
    'events',
    [
      ['id', 'text'],
      ['origin_node', 'text'],
      ['hlc', 'text'],
      ['created_at', 'text'],
      ['title', 'text'],
      ['kind', 'text'],
      ['topic', 'text'],
      ['audience', 'text'],
      ['place_code', 'text'],
      ['starts_at', 'text'],
      ['ends_at', 'text'],
      ['capacity', 'int'],
    ],
    evRows,
  )
  await bulk(
    'event_registrations',
    [
      ['id', 'text'],
      ['origin_node', 'text'],
      ['hlc', 'text'],
      ['created_at', 'text'],
      ['event_id', 'text'],
      ['name', 'text'],
      ['code', 'text'],
      ['status', 'text'],
      ['source', 'text'],
      ['seq', 'int'],
      ['lang', 'text'],
    ],
    regRows,
  )
  const trRows: unknown[][] = []
  for (let t = 0; t < TRADERS; t++) {
    const at = rampTime()
    const id = uuidv7(at)
    const village = pick(villages).code
    traders.push({ id, village, at })
    const iso = new Date(at).toISOString()
    trRows.push([
      id,
      ctx.nodeId,
      iso,
      iso,
      `Hộ kinh doanh ${t + 1} (bench)`,
      village,
      'Chợ phiên',
      'Nông sản',
    ])
  }
  await bulk(
    'traders',
    [
      ['id', 'text'],
      ['origin_node', 'text'],
      ['hlc', 'text'],
      ['created_at', 'text'],
      ['name', 'text'],
      ['place_code', 'text'],
      ['market', 'text'],
      ['products', 'text'],
    ],
    trRows,
  )
})

// The facts, in batches.
const FACT_COLS: [string, ColType][] = [
  ['id', 'text'],
  ['kind', 'text'],
  ['origin_node', 'text'],
  ['seq', 'int'],
  ['actor_id', 'text'],
  ['subject_id', 'text'],
  ['place_code', 'text'],
  ['occurred_at', 'text'],
  ['recorded_at', 'text'],
  ['data', 'text'],
  ['hash', 'text'],
]
const TARGET_FACTS = Math.round(2_036_000 * SCALE)
let seq = 0
let batch: unknown[][] = []
async function fact(
  kind: string,
  at: number,
  subject: string | null,
  place: string | null,
  data: Record<string, unknown>,
) {
  const occurred = new Date(Math.min(at, NOW - 60_000)).toISOString()
  const recorded = new Date(Math.min(at + rand() * 3_600_000, NOW)).toISOString()
  const hash = sha256(canonicalJson({ kind, occurred_at: occurred, data, corrects: null }))
  batch.push([
    uuidv7(Date.parse(occurred)),
    kind,
    ctx.nodeId,
    ++seq,
    subject,
    subject,
    place,
    occurred,
    recorded,
    canonicalJson(data),
    hash,
  ])
  if (batch.length === 20_000) await flush()
}
async function flush() {
  await bulk('facts', FACT_COLS, batch)
  bar.increment(batch.length)
  batch = []
}

await phase('facts', async () => {
  bar.start(TARGET_FACTS, 0, { phase: 'facts  ' })
  // Learning: 40% of the people learn; a learner opens, completes and is quizzed on a few lessons.
  const learners = people.filter(() => rand() < 0.4)
  const learningBudget = Math.round(1_690_000 * SCALE)
  // Some learners start too late to use their share: give each a little more, and stop at the budget.
  const perLearner = (1.2 * learningBudget) / Math.max(1, learners.length)
  let learningFacts = 0
  for (const p of learners) {
    let at = Math.max(p.at, rampTime(p.at))
    let budget = Math.max(1, Math.round(perLearner * (0.3 + rand() * 1.4)))
    // Course after course until this learner's share of the facts is used (or the window ends).
    while (budget > 0 && at <= NOW) {
      const course = pick(courses)
      let done = 0
      for (const l of course.lessons) {
        if (budget <= 0 || at > NOW) break
        await fact('lesson_opened', at, p.id, p.village, { lesson_id: l.id, lang: 'vi' })
        budget--
        learningFacts++
        if (budget <= 0) break
        await fact('lesson_completed', at + 600_000, p.id, p.village, { lesson_id: l.id, lang: 'vi' })
        budget--
        learningFacts++
        if (l.has_quiz && budget > 0) {
          await fact('quiz_attempt', at + 900_000, p.id, p.village, {
            lesson_id: l.id,
            lang: 'vi',
            answers: {},
          })
          budget--
          learningFacts++
        }
        done++
        at += (1 + rand() * 12) * DAY
      }
      if (done === course.lessons.length && at <= NOW) {
        await fact('course_completed', at, p.id, p.village, { course: course.slug, lang: 'vi' })
        learningFacts++
      }
      at += (3 + rand() * 30) * DAY
    }
    if (learningFacts >= learningBudget) break
  }
  // Help given by ambassadors: 60% for a named person of the village, the rest anonymous.
  const byVillage = new Map<string, string[]>()
  for (const p of people) {
    const list = byVillage.get(p.village)
    if (list) list.push(p.id)
    else byVillage.set(p.village, [p.id])
  }
  const WHAT = [
    'vneid_install',
    'vneid_install',
    'vneid_level2',
    'public_service',
    'payment_account',
    'first_cashless',
    'list_products',
    'course_enrol',
  ]
  for (let i = 0; i < Math.round(200_000 * SCALE); i++) {
    const v = pick(villages).code
    const at = rampTime()
    const locals = byVillage.get(v)
    const named = locals?.length && rand() < 0.6 ? pick(locals) : null
    const data: Record<string, unknown> = named
      ? { what: pick(WHAT), whom: 'account', village: v, person_id: named }
      : {
          what: pick(WHAT),
          whom: 'anonymous',
          village: v,
          sex: pick(['female', 'male']),
          age_band: pick(['18_35', '36_59', '60_plus']),
        }
    await fact('help_given', at, named, v, data)
  }
  // Digital family checks: a household is checked once or twice.
  for (let i = 0; i < Math.round(80_000 * SCALE); i++) {
    const v = pick(villages).code
    const ticks = [0, 1, 2, 3, 4, 5].map(() => rand() < 0.7)
    await fact('household_checked', rampTime(), null, v, {
      village: v,
      household: String(1 + Math.floor(rand() * 150)),
      smartphone: ticks[0],
      internet: ticks[1],
      vneid_all_adults: ticks[2],
      payment_account: ticks[3],
      online_public_services: ticks[4],
      course_completed: ticks[5],
    })
  }
  // Traders' checklist ticks, in order, three on average.
  const STEPS = [
    'payment_account',
    'vietqr_at_stall',
    'received_transfer',
    'listed_online',
    'course_completed',
  ]
  for (const t of traders) {
    let at = t.at
    const n = Math.floor(rand() * 6)
    for (const s of STEPS.slice(0, n)) {
      at += (2 + rand() * 20) * DAY
      if (at > NOW) break
      await fact('trader_step', at, null, t.village, { trader_id: t.id, step: s, done: true })
    }
  }
  // Check-ins at the AI trainings (90% of those registered came).
  for (const e of events)
    for (const code of e.codes)
      if (rand() < 0.9)
        await fact('checkin', e.at + rand() * 3_600_000, null, e.commune, { event_id: e.id, code })
  await flush()
  bar.update(seq)
  bar.stop()
  await ctx.db
    .insertInto('counters')
    .values({ name: `facts:${ctx.nodeId}`, value: seq })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: seq }))
    .execute()
})

// Rollups, as `hocso rollups rebuild` makes them.
const rebuilt = await phase('rollups rebuild', () =>
  rebuildRollups(ctx, {
    phase: () => {},
    start: (total) => {
      bar.stop()
      bar.start(total, 0, { phase: 'rollups' })
    },
    tick: (n) => bar.increment(n),
  }),
)
bar.stop()
if (ctx.handle.sqlite) ctx.handle.sqlite.pragma('wal_checkpoint(TRUNCATE)')
process.stdout.write(
  `\n${PEOPLE} people, ${seq} facts, ${EVENTS} AI trainings, ${TRADERS} traders; ${rebuilt.rows} rollup rows, ${rebuilt.markers} markers\n` +
    Object.entries(times)
      .map(([k, ms]) => `  ${k.padEnd(20)} ${(ms / 1000).toFixed(1)} s`)
      .join('\n') +
    '\n',
)
await ctx.handle.close()
