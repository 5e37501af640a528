import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { checkInAtDoor } from '../events/events.checkin.ts'
import { createEvent, registerOne, registerSelf } from '../events/events.service.ts'
import { storeFacts } from '../facts/facts.service.ts'
import { importContent } from '../learning/content.import.ts'
import { createTrader } from '../market/market.service.ts'
import { recordHelp } from '../outreach/help.service.ts'
import { checkHousehold } from '../outreach/households.service.ts'
import { createAccount, currentUserById } from '../people/people.service.ts'
import type { CurrentUser, Role } from '../people/people.types.ts'
import { upsertVillages } from '../places/places.service.ts'

/**
 * A small hand-built province for the campaign tests, entered through the real services at known
 * times, with the answers worked out by hand in the comments. "Now" is Sunday 29 November 2026,
 * 10:00 in Điện Biên (ISO week 2026-W48); the 30-day window starts on 31 October.
 */
export const NOW = '2026-11-29T03:00:00.000Z'
export const FIXTURE_CONTENT = new URL('./fixtures/', import.meta.url).pathname

const daysAgo = (d: number, hourUtc = 2) => {
  const t = new Date(Date.parse(NOW) - d * 86_400_000)
  t.setUTCHours(hourUtc, 0, 0, 0)
  return t.toISOString()
}
export type Fixture = {
  env: TestEnv
  users: Record<string, CurrentUser>
  ids: Record<string, string>
  /** Sets the clock of the app (and of every fact stored) to an instant. */
  at: (iso: string) => void
}

async function user(
  env: TestEnv,
  login: string,
  role: Role,
  scope: string,
  place: string | null,
  phone?: string,
) {
  const id = await createAccount(
    env.ctx,
    {
      displayName: `${login} (test)`,
      username: login,
      password: 'demo1234',
      placeCode: place,
      phone,
      demo: true,
    },
    [{ role, scopeCode: scope }],
  )
  return currentUserById(env.ctx, id)
}

/** The hand-built dataset; see the comments for what each indicator must show. */
export async function campaignFixture(): Promise<Fixture> {
  const env = await testEnv()
  const at = (iso: string) => {
    env.ctx.now = () => new Date(iso)
  }
  at(daysAgo(120))
  // Three villages: two in Xã Mường Chà (3166), one in Phường Điện Biên Phủ (3127).
  await upsertVillages(env.ctx, [
    {
      code: '3166-001',
      name: 'Bản Một (test)',
      communeCode: '3166',
      has4g: true,
      hasTelecom: true,
      onGrid: true,
      population: 40,
      households: 10,
    },
    {
      code: '3166-002',
      name: 'Bản Hai (test)',
      communeCode: '3166',
      has4g: false,
      hasTelecom: false,
      onGrid: false,
      population: 20,
      households: 5,
    },
    {
      code: '3127-001',
      name: 'Tổ Một (test)',
      communeCode: '3127',
      has4g: true,
      hasTelecom: true,
      onGrid: true,
      population: 80,
      households: 20,
    },
  ])
  await importContent(env.ctx, FIXTURE_CONTENT)
  const users = {
    admin: await user(env, 'admin', 'province_admin', '11', null),
    officer: await user(env, 'officer', 'commune_officer', '3166', null),
    officerB: await user(env, 'officerb', 'commune_officer', '3127', null),
    amb1: await user(env, 'amb1', 'ambassador', '3166-001', '3166-001'),
    amb2: await user(env, 'amb2', 'ambassador', '3166-002', '3166-002'),
    ambB: await user(env, 'ambb', 'ambassador', '3127-001', '3127-001'),
    trainer: await user(env, 'trainer', 'trainer', '11', null),
    l1: await user(env, 'learner1', 'learner', '3166-001', '3166-001', '0987000001'),
    l2: await user(env, 'learner2', 'learner', '3127-001', '3127-001'),
    l3: await user(env, 'learner3', 'learner', '3166-001', '3166-001'),
  }
  const ids: Record<string, string> = {}

  // Help (people_helped: learner1, the anonymous woman, the new person, the anonymous man = 4).
  const help = async (key: string, who: CurrentUser, when: string, data: Record<string, unknown>) => {
    at(when)
    ids[key] = (await recordHelp(env.ctx, who, data as never)).id
  }
  await help('h1', users.amb1, daysAgo(27), {
    what: 'vneid_install',
    whom: 'account',
    person_id: users.l1.id,
    village: '3166-001',
  })
  await help('h2', users.amb1, daysAgo(19), {
    what: 'vneid_level2',
    whom: 'account',
    person_id: users.l1.id,
    village: '3166-001',
  })
  await help('h3', users.amb1, daysAgo(9), {
    what: 'public_service',
    whom: 'anonymous',
    sex: 'female',
    age_band: '36_59',
    village: '3166-001',
  })
  await help('h4', users.amb1, daysAgo(4), {
    what: 'payment_account',
    whom: 'new',
    display_name: 'Người Mới (test)',
    consent: true,
    village: '3166-001',
  })
  // Bản Hai: one help long ago, outside the 30-day window.
  await help('h5', users.amb2, daysAgo(89), {
    what: 'other',
    note: 'sửa điện thoại',
    whom: 'anonymous',
    sex: 'male',
    age_band: '60_plus',
    village: '3166-002',
  })

  // Digital family in Bản Một: 1 meets all; 2 meets all at its latest check; 3 no longer does.
  const all = {
    smartphone: true,
    internet: true,
    vneid_all_adults: true,
    payment_account: true,
    online_public_services: true,
    course_completed: true,
  }
  const check = async (when: string, household: string, data: Record<string, boolean>) => {
    at(when)
    await checkHousehold(env.ctx, users.amb1, { village: '3166-001', household, ...all, ...data } as never)
  }
  await check(daysAgo(5), '1', {})
  await check(daysAgo(20), '2', { internet: false })
  await check(daysAgo(3), '2', {})
  await check(daysAgo(10), '3', {})
  await check(daysAgo(2), '3', { course_completed: false })

  // Traders: T1 onboarded (5 steps), T2 ticked then unticked one step, T3 nothing.
  at(daysAgo(60))
  ids.t1 = await createTrader(env.ctx, users.amb1, {
    name: 'Quầy Một (test)',
    place_code: '3166-001',
    market: 'Chợ (test)',
    products: 'Chè',
  })
  ids.t2 = await createTrader(env.ctx, users.amb1, {
    name: 'Quầy Hai (test)',
    place_code: '3166-001',
    market: 'Chợ (test)',
    products: 'Mật ong',
  })
  ids.t3 = await createTrader(env.ctx, users.ambB, {
    name: 'Quầy Ba (test)',
    place_code: '3127-001',
    market: 'Chợ (test)',
    products: 'Gạo',
  })
  const step = async (who: CurrentUser, when: string, trader: string, s: string, done: boolean) => {
    // Sent when it was made: a phone's time is accepted only near the server's (decision 0170).
    at(when)
    const r = await storeFacts(env.ctx, who, [
      { id: uuidv7(), kind: 'trader_step', occurred_at: when, data: { trader_id: trader, step: s, done } },
    ])
    if (r.rejected.length) throw new Error(JSON.stringify(r.rejected))
  }
  for (const [i, s] of [
    'payment_account',
    'vietqr_at_stall',
    'received_transfer',
    'listed_online',
    'course_completed',
  ].entries())
    await step(users.amb1, daysAgo(50 - i * 7), ids.t1, s, true)
  await step(users.amb1, daysAgo(40), ids.t2, 'payment_account', true)
  await step(users.amb1, daysAgo(12), ids.t2, 'payment_account', false)

  // Learning: learner1 completed the one-lesson course 40 days ago; learner3 and learner2 are active now.
  at(NOW)
  const lesson = await env.ctx.db
    .selectFrom('lessons')
    .select('id')
    .where('course_slug', '=', 'officials-short')
    .executeTakeFirstOrThrow()
  const learn = async (who: CurrentUser, kind: string, when: string) => {
    at(when)
    const r = await storeFacts(env.ctx, who, [
      { id: uuidv7(), kind, occurred_at: when, data: { lesson_id: lesson.id, lang: 'vi' } },
    ])
    if (r.rejected.length) throw new Error(JSON.stringify(r.rejected))
  }
  await learn(users.l1, 'lesson_opened', daysAgo(41))
  await learn(users.l1, 'lesson_completed', daysAgo(40))
  await learn(users.l3, 'lesson_opened', daysAgo(2))
  await learn(users.l2, 'lesson_opened', daysAgo(1))
  at(NOW)

  // Events: two AI trainings held (E1 in 3166, E2 in 3127), one digital-skills training, one AI training without check-ins.
  at(daysAgo(30))
  const ev = async (
    key: string,
    place: string,
    topic: string,
    day: number,
    more: Record<string, string> = {},
  ) => {
    ids[key] = await createEvent(env.ctx, users.trainer, {
      title: `Tập huấn ${key} (test)`,
      kind: 'training',
      topic: topic as never,
      ...more,
      audience: 'Cán bộ, công chức (test)',
      place_code: place,
      starts_at: new Date(Date.parse(daysAgo(day, 1))).toISOString(),
      ends_at: new Date(Date.parse(daysAgo(day, 9))).toISOString(),
      capacity: 50,
      trainers: ['Giảng viên (test)'],
    })
  }
  await ev('e1', '3166', 'ai_officials', 14, { sector: 'education' })
  await ev('e2', '3127', 'ai_officials', 7, { sector: 'public_administration' })
  await ev('e3', '3166', 'digital_skills', 6)
  await ev('e4', '3127', 'ai_officials', 5, { sector: 'tourism' })
  // Festivals: the AI Festival in 3166 (two people, one of them twice), a digital-skills day in 3127.
  await ev('f1', '3166', 'ai_everyone', 4, { kind: 'festival' })
  await ev('f2', '3127', 'digital_skills', 3, { kind: 'festival' })
  await ev('f3', '3166', 'ai_everyone', 2, { kind: 'festival' }) // nobody came: not held
  const self = await registerSelf(env.ctx, users.l1, ids.e1!)
  const reg = async (event: string, name: string, phone?: string) =>
    registerOne(env.ctx, users.trainer, event, { name, ...(phone ? { phone } : {}) })
  const a1 = await reg(ids.e1!, 'Cán Bộ A (test)', '0912000001')
  const b1 = await reg(ids.e1!, 'Cán Bộ B (test)', '0912000002')
  const a2 = await reg(ids.e2!, 'Cán Bộ A (test)', '0912000001')
  const c2 = await reg(ids.e2!, 'Cán Bộ C (test)')
  const d3 = await reg(ids.e3!, 'Cán Bộ D (test)', '0912000004')
  await reg(ids.e4!, 'Cán Bộ F (test)', '0912000006')
  const door = async (event: string, when: string, data: Record<string, unknown>) => {
    at(when)
    await checkInAtDoor(env.ctx, users.trainer, event, { event_id: event, ...data } as never)
  }
  await door(ids.e1!, daysAgo(14, 2), { code: self.code })
  await door(ids.e1!, daysAgo(14, 3), { code: a1.code })
  await door(ids.e1!, daysAgo(14, 4), { code: b1.code })
  await door(ids.e1!, daysAgo(14, 5), { code: b1.code }) // scanned twice: counts once
  await door(ids.e1!, daysAgo(14, 6), { name: 'Cán Bộ E (test)', phone: '0912000005' }) // walk-in
  await door(ids.e2!, daysAgo(7, 2), { code: a2.code }) // the same person as a1: counts once
  await door(ids.e2!, daysAgo(7, 3), { code: c2.code })
  await door(ids.e3!, daysAgo(6, 3), { code: d3.code }) // not an AI training
  await door(ids.f1!, daysAgo(4, 2), { name: 'Người dân G (test)', phone: '0912000007' })
  await door(ids.f1!, daysAgo(4, 3), { name: 'Người dân H (test)' })
  await door(ids.f1!, daysAgo(4, 4), { name: 'Người dân G (test)', phone: '0912000007' }) // again: once
  await door(ids.f2!, daysAgo(3, 2), { name: 'Người dân G (test)', phone: '0912000007' }) // another festival
  at(NOW)
  return { env, users, ids, at }
}
