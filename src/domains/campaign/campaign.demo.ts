import type { Ctx } from '../../core/context.ts'
import { uuidv7 } from '../../core/ids.ts'
import { checkInAtDoor } from '../events/events.checkin.ts'
import { createEvent, registerOne } from '../events/events.service.ts'
import { findFact } from '../facts/facts.reads.ts'
import { storeFacts } from '../facts/facts.service.ts'
import { catalogue, courseDetail } from '../learning/catalogue.service.ts'
import type { Answer, Question } from '../learning/learning.types.ts'
import { quizPage } from '../learning/lesson.service.ts'
import { createTrader } from '../market/market.service.ts'
import { recordHelp } from '../outreach/help.service.ts'
import { accountIdByUsername } from '../people/people.reads.ts'
import { createAccount, currentUserById } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { prng } from '../places/demo-villages.ts'
import { listCommunes, listVillages } from '../places/places.service.ts'
import { SECTORS, TRADER_STEPS } from './indicators.ts'
import { importProvincePlan } from './plan.service.ts'

/**
 * The demo's last four months, simulated so the dashboards have something true to show about the
 * demo: ambassadors helping people and checking households, the people they registered learning,
 * AI trainings with attendance, traders going through onboarding. Deterministic (a fixed seed;
 * dates counted back from the day of seeding), labelled "(demo)" everywhere, and entered through
 * the same services as real input, at the simulated time of each action: the rollups update as
 * they would in the field, never written directly. Skipped when no curriculum is imported (a bare
 * test database), since learners would have nothing to learn.
 */
const DAY = 86_400_000
const SPAN_DAYS = 120
/** Communes and wards whose technology groups start during the simulated months, and those silent lately. */
const ACTIVE_COMMUNES = 31
const QUIET_COMMUNES = 3
const AI_TRAININGS_HELD = 9
/** The festivals of the simulated months: the movement's day, the digital market's, the AI Festival. */
const FESTIVALS = [
  { title: 'Ngày hội Bình dân học vụ số', topic: 'digital_skills' },
  { title: 'Ngày hội Chợ số – Nông thôn số', topic: 'digital_market' },
  { title: 'Ngày hội AI', topic: 'ai_everyone' },
] as const

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
const weighted = <T>(r: Rand, xs: readonly [T, number][]): T => {
  let x = r() * xs.reduce((a, [, w]) => a + w, 0)
  for (const [v, w] of xs) {
    x -= w
    if (x < 0) return v
  }
  return xs[xs.length - 1]![0]
}

const HELP_MIX: [string, number][] = [
  ['vneid_install', 30],
  ['vneid_level2', 10],
  ['public_service', 15],
  ['payment_account', 15],
  ['first_cashless', 10],
  ['list_products', 5],
  ['course_enrol', 10],
  ['other', 5],
]

/** The right answers of a quiz, as a learner who studied would give them. */
function rightAnswers(questions: Question[]): Record<string, Answer> {
  const out: Record<string, Answer> = {}
  for (const q of questions) {
    if (q.type === 'single') out[q.id] = q.choices.find((c) => c.correct)!.id
    else if (q.type === 'multiple') out[q.id] = q.choices.filter((c) => c.correct).map((c) => c.id)
    else if (q.type === 'truefalse') out[q.id] = q.answer
    else out[q.id] = q.steps.map((s) => s.id)
  }
  return out
}

async function userNamed(ctx: Ctx, username: string): Promise<CurrentUser | null> {
  const id = await accountIdByUsername(ctx.db, username)
  return id ? currentUserById(ctx, id) : null
}

/** Stores facts as a person would send them from their phone, at the simulated time. */
async function send(
  ctx: Ctx,
  who: CurrentUser,
  facts: { kind: string; at: number; data: Record<string, unknown> }[],
) {
  for (const f of facts) {
    // Recorded a few minutes after it happened, as an outbox would send it.
    const sim = { ...ctx, now: () => new Date(f.at + 5 * 60_000) }
    const r = await storeFacts(sim, who, [
      { id: uuidv7(), kind: f.kind, occurred_at: new Date(f.at).toISOString(), data: f.data },
    ])
    if (r.rejected.length) throw new Error(`demo ${f.kind}: ${r.rejected[0]!.message}`)
  }
}

/** Runs the simulation (a DEMO_STEPS entry). */
export async function seedCampaignDemo(ctx: Ctx, log: (msg: string) => void): Promise<void> {
  const { courses } = await catalogue(ctx, null, {}, 'vi')
  const admin = await userNamed(ctx, 'admin')
  const trainer = await userNamed(ctx, 'trainer')
  if (!courses.length || !admin || !trainer) {
    log('campaign activity: skipped (no curriculum imported)')
    return
  }
  const t0 = performance.now()
  // Hundreds of certificates are issued on the way; their one-line notices would bury the start-up output.
  ctx = { ...ctx, log: ctx.log.child({}, { level: 'warn' }) }
  const rand = prng(20261201)
  const now = ctx.now().getTime()
  const start = now - SPAN_DAYS * DAY
  const at = (t: number) => ({ ...ctx, now: () => new Date(t) })
  const stats = {
    help: 0,
    households: 0,
    learners: 0,
    learningFacts: 0,
    traders: 0,
    steps: 0,
    checkins: 0,
    visitors: 0,
  }

  // The curriculum as learners meet it: lessons in order, with the right answers to each quiz.
  const lessonsOf = new Map<string, { id: string; quiz: Record<string, Answer> | null }[]>()
  for (const c of courses) {
    const d = await courseDetail(ctx, null, c.slug, 'vi')
    const items = []
    for (const l of d.lessons) {
      const quiz = l.hasQuiz ? rightAnswers((await quizPage(ctx, null, c.slug, l.key, 'vi')).questions) : null
      items.push({ id: l.id, quiz })
    }
    lessonsOf.set(c.slug, items)
  }
  const citizenCourses = courses.filter((c) => !c.audiences.includes('official') || c.audiences.length > 1)

  // Communes join one after another; a few went quiet more than 30 days ago.
  const communes = (await listCommunes(ctx.db)).map((c) => ({ c, k: rand() })).sort((a, b) => a.k - b.k)
  const joining = communes.slice(0, ACTIVE_COMMUNES + QUIET_COMMUNES).map(({ c }, i) => ({
    c,
    from: start + Math.floor((i / (ACTIVE_COMMUNES + QUIET_COMMUNES)) * (SPAN_DAYS - 14) * DAY),
    until: i >= ACTIVE_COMMUNES ? now - (35 + i) * DAY : now,
  }))
  for (const j of joining) if (j.until < j.from) j.from = j.until - 20 * DAY

  let people = 0
  for (const { c, from, until } of joining) {
    const short = c.name.replace(/^(X\u00e3|Ph\u01b0\u1eddng) /, '') // Xã, Phường: ASCII for the build (bin/build.js)
    const amb = await currentUserById(
      ctx,
      await createAccount(
        at(from),
        { displayName: `Đại sứ số mô phỏng – ${short} (demo)`, username: `demo-amb-${c.code}`, demo: true },
        [{ role: 'ambassador', scopeCode: c.code }],
        { actorId: admin.id },
      ),
    )
    const all = await listVillages(ctx.db, c.code)
    const villages = all.filter(() => rand() < 0.35).slice(0, 5)
    if (!villages.length && all.length) villages.push(all[0]!)
    const span = until - from
    const registered: { id: string; at: number; village: string }[] = []

    // Help given, more often as the group finds its feet.
    const helps = 10 + Math.floor(rand() * 14)
    for (let n = 0; n < helps; n++) {
      const when = from + Math.floor(Math.sqrt(rand()) * span)
      const village = pick(rand, villages).code
      const what = weighted(rand, HELP_MIX)
      const whom = weighted(rand, [
        ['new', 45],
        ['anonymous', 35],
        ['account', registered.length ? 20 : 0],
      ] as [string, number][])
      const data: Record<string, unknown> = { what, whom, village, at: new Date(when).toISOString() }
      if (what === 'other') data.note = 'Hỗ trợ khác (demo)'
      if (whom === 'anonymous')
        Object.assign(data, {
          sex: pick(rand, ['female', 'male']),
          age_band: pick(rand, ['18_35', '36_59', '60_plus']),
        })
      if (whom === 'account') data.person_id = pick(rand, registered).id
      if (whom === 'new')
        Object.assign(data, { display_name: `Người dân mô phỏng ${++people} (demo)`, consent: true })
      const { id } = await recordHelp(at(when + 10 * 60_000), amb, data as never)
      stats.help++
      if (whom === 'new') {
        const fact = await findFact(ctx.db, id)
        registered.push({ id: fact!.subjectId!, at: when, village })
      }
    }

    // Digital family checks, some households checked again later with more criteria met.
    for (let h = 1; h <= 4 + Math.floor(rand() * 5); h++) {
      const village = pick(rand, villages).code
      let when = from + Math.floor(rand() * span * 0.8)
      let level = Math.floor(rand() * 5)
      for (let visit = 0; visit < 1 + (rand() < 0.4 ? 1 : 0); visit++) {
        const ticks = [0, 1, 2, 3, 4, 5].map((i) => i < level || rand() < 0.15)
        await send(ctx, amb, [
          {
            kind: 'household_checked',
            at: when,
            data: {
              village,
              household: `${h}`,
              smartphone: ticks[0],
              internet: ticks[1],
              vneid_all_adults: ticks[2],
              payment_account: ticks[3],
              online_public_services: ticks[4],
              course_completed: ticks[5],
            },
          },
        ])
        stats.households++
        when = Math.min(until, when + (10 + Math.floor(rand() * 30)) * DAY)
        level = Math.min(6, level + 2)
      }
    }

    // Traders onboarded step by step.
    for (let k = 0; k < 2 + Math.floor(rand() * 4); k++) {
      const v = pick(rand, villages)
      const made = from + Math.floor(rand() * span * 0.5)
      const trader = await createTrader(at(made), amb, {
        name: `Hộ kinh doanh mô phỏng ${c.code}-${k + 1} (demo)`,
        place_code: v.code,
        market: 'Chợ phiên (demo)',
        products: pick(rand, [
          'Chè (demo)',
          'Mật ong (demo)',
          'Gạo nếp (demo)',
          'Thổ cẩm (demo)',
          'Măng khô (demo)',
        ]),
      })
      stats.traders++
      const steps = Math.floor(rand() * 6.5)
      let when = made
      for (const s of TRADER_STEPS.slice(0, steps)) {
        when += (3 + Math.floor(rand() * 14)) * DAY
        if (when > now) break
        await send(ctx, amb, [
          { kind: 'trader_step', at: when, data: { trader_id: trader, step: s, done: true } },
        ])
        stats.steps++
      }
    }

    // The people registered on the spot start learning; some finish a course, quizzes passed.
    for (const p of registered) {
      if (rand() < 0.25) continue
      const who = await currentUserById(ctx, p.id)
      const course = pick(rand, citizenCourses)
      const lessons = lessonsOf.get(course.slug) ?? []
      const finish = rand() < 0.35
      const count = finish ? lessons.length : 1 + Math.floor(rand() * Math.max(1, lessons.length - 1))
      let when = p.at + (1 + Math.floor(rand() * 10)) * DAY
      const facts: { kind: string; at: number; data: Record<string, unknown> }[] = []
      for (const l of lessons.slice(0, count)) {
        if (when > now) break
        facts.push({ kind: 'lesson_opened', at: when, data: { lesson_id: l.id, lang: 'vi' } })
        facts.push({
          kind: 'lesson_completed',
          at: when + 15 * 60_000,
          data: { lesson_id: l.id, lang: 'vi' },
        })
        if (l.quiz)
          facts.push({
            kind: 'quiz_attempt',
            at: when + 20 * 60_000,
            data: { lesson_id: l.id, lang: 'vi', answers: l.quiz },
          })
        when += (1 + Math.floor(rand() * 9)) * DAY
      }
      await send(ctx, who, facts)
      stats.learners++
      stats.learningFacts += facts.length
    }
  }

  // AI trainings for officials, run by the province trainer, with attendance checked at the door.
  const hosts = joining.slice(0, AI_TRAININGS_HELD)
  for (let i = 0; i < hosts.length; i++) {
    const day = start + Math.floor(((i + 1) / (AI_TRAININGS_HELD + 1)) * SPAN_DAYS * DAY)
    const c = hosts[i]!.c
    const startsAt = new Date(Math.floor(day / DAY) * DAY + 1 * 3_600_000)
    const event = await createEvent(at(day - 14 * DAY), trainer, {
      title: `Tập huấn AI cho cán bộ, công chức – ${c.name} (demo)`,
      kind: 'training',
      topic: 'ai_officials',
      audience: 'Cán bộ, công chức xã (demo)',
      place_code: c.code,
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      capacity: 80,
      trainers: [trainer.displayName],
      course_slug: courses.some((x) => x.slug === 'ai-for-officials') ? 'ai-for-officials' : undefined,
      // The plan's four sectors in turn, so the dashboard's table by sector has something in each.
      sector: SECTORS[i % SECTORS.length],
    })
    const seats = 55 + Math.floor(rand() * 20)
    for (let n = 1; n <= seats; n++) {
      const reg = await registerOne(at(day - 7 * DAY), trainer, event, {
        name: `Cán bộ mô phỏng ${i + 1}.${n} (demo)`,
        organisation: `UBND ${c.name} (demo)`,
        position: 'Công chức (demo)',
      })
      if (rand() < 0.9) {
        await checkInAtDoor(at(startsAt.getTime() + n * 30_000), trainer, event, {
          event_id: event,
          code: reg.code,
        })
        stats.checkins++
      }
    }
  }

  // Festivals (ngày hội) in other communes, the AI Festival among them, people checked in at the gate.
  const festivalHosts = joining.slice(AI_TRAININGS_HELD, AI_TRAININGS_HELD + FESTIVALS.length)
  for (let i = 0; i < festivalHosts.length; i++) {
    const c = festivalHosts[i]!.c
    const f = FESTIVALS[i]!
    const day = start + Math.floor(((i + 1.5) / (FESTIVALS.length + 1)) * SPAN_DAYS * DAY)
    const startsAt = new Date(Math.floor(day / DAY) * DAY + 1 * 3_600_000)
    const event = await createEvent(at(day - 21 * DAY), trainer, {
      title: `${f.title} – ${c.name} (demo)`,
      kind: 'festival',
      topic: f.topic,
      audience: 'Mọi người dân (demo)',
      place_code: c.code,
      starts_at: startsAt.toISOString(),
      ends_at: new Date(startsAt.getTime() + 8 * 3_600_000).toISOString(),
      capacity: 500,
      trainers: [trainer.displayName],
    })
    const visitors = 15 + Math.floor(rand() * 25)
    for (let n = 1; n <= visitors; n++) {
      await checkInAtDoor(at(startsAt.getTime() + n * 60_000), trainer, event, {
        event_id: event,
        name: `Người dân mô phỏng ${i + 1}.${n} (demo)`,
      })
      stats.visitors++
    }
  }

  // The province's plan, imported from its file as an operator does (hocso plan import --apply).
  const plan = await importProvincePlan(ctx)
  if (!plan.ok)
    throw new Error(`demo plan: ${plan.issues.map((i) => `${i.line}: ${i.field}: ${i.message}`).join('; ')}`)
  log(
    `campaign activity: ${stats.help} help records, ${stats.households} household checks, ${stats.learners} learners (${stats.learningFacts} learning facts), ${stats.traders} traders (${stats.steps} steps), ${AI_TRAININGS_HELD} AI trainings (${stats.checkins} check-ins), ${festivalHosts.length} festivals (${stats.visitors} visitors) in ${Math.round(performance.now() - t0)} ms`,
  )
}
