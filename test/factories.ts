import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Ctx } from '../src/core/context.ts'
import { DEMO_ACCOUNTS, DEMO_COMMUNE, DEMO_PASSWORD, DEMO_STEPS } from '../src/domains/demo/demo.seed.ts'
import { recordFact } from '../src/domains/facts/facts.service.ts'
import { importContent } from '../src/domains/learning/content.import.ts'
import { createAccount, currentUserById } from '../src/domains/people/people.service.ts'
import type { CurrentUser, Role } from '../src/domains/people/people.types.ts'
import { PROVINCE_CODE } from '../src/domains/people/policy.ts'
import { generateDemoVillages } from '../src/domains/places/demo-villages.ts'
import { seedDemoVillages, upsertVillages } from '../src/domains/places/places.service.ts'
import { loadUnits } from '../src/domains/places/units.ts'

/**
 * Test factories: each test file builds only what it asserts on. The whole demo (1,446 villages,
 * the demo accounts, traders, groups, a training) took seconds per file; a commune's villages and
 * the accounts a test signs in as take a few milliseconds (docs/measured.md).
 */

/** A password for accounts tests make themselves: real accounts must have one hard to guess. */
export const TEST_PASSWORD = 'Ruộng-bậc-thang-2026'

let demoVillageList: ReturnType<typeof generateDemoVillages> | undefined

/**
 * The demo villages of some communes (Xã Mường Chà, 3166, by default), with the very codes, names
 * and figures the whole demo gives them (3166-001 is Bản mẫu 1), so a test may name them. The
 * province's 45 communes and wards are there already (testEnv). Returns the village codes.
 */
export async function villages(ctx: Ctx, communes: string[] = [DEMO_COMMUNE]): Promise<string[]> {
  demoVillageList ??= generateDemoVillages(loadUnits().units)
  const wanted = demoVillageList
    .filter((v) => communes.includes(v.communeCode))
    .map((v) => ({ ...v, demo: true }))
  if (wanted.length === 0) throw new Error(`no demo village in ${communes.join(', ')}`)
  await upsertVillages(ctx, wanted)
  return wanted.map((v) => v.code)
}

let people = 0

/**
 * A person with a role in a place (a commune, a village, or the province `PROVINCE_CODE`), who
 * signs in with `login` and `password` (TEST_PASSWORD unless given). The place must exist.
 */
export async function person(
  ctx: Ctx,
  opts: {
    role: Role
    place: string
    login?: string
    name?: string
    password?: string
    languages?: string[]
    demo?: boolean
  },
): Promise<{ id: string; login: string; password: string; user: () => Promise<CurrentUser> }> {
  const n = ++people
  const login = opts.login ?? `${opts.role.replaceAll('_', '-')}-${n}`
  const password = opts.password ?? TEST_PASSWORD
  const id = await createAccount(
    ctx,
    {
      displayName: opts.name ?? `Người thử ${n}`,
      username: login,
      password,
      placeCode: opts.place === PROVINCE_CODE ? null : opts.place,
      demo: opts.demo,
    },
    [{ role: opts.role, scopeCode: opts.place, languages: opts.languages }],
  )
  return { id, login, password, user: () => currentUserById(ctx, id) }
}

/**
 * The demo accounts (admin, officer, ambassador, trainer, editor, translator, learner; password
 * demo1234) with their roles, and the villages of the communes given (the demo commune by default,
 * where officer, ambassador and learner live): what most tests sign in as, without the 1,446
 * villages. `steps` adds the demo steps a test looks at (e.g. 'market' for the demo traders).
 */
export async function demoPeople(
  ctx: Ctx,
  opts: { communes?: string[]; steps?: ('market' | 'outreach' | 'events')[] } = {},
): Promise<void> {
  await villages(ctx, opts.communes)
  await demoAccounts(ctx)
  const names = { market: 'digital market', outreach: 'technology group', events: 'AI training' }
  for (const step of opts.steps ?? []) {
    const s = DEMO_STEPS.find((d) => d.name.includes(names[step]))
    if (!s) throw new Error(`no demo step ${step}`)
    await s.run(ctx, () => {})
  }
}

/** The seven demo accounts alone (their villages must exist). */
async function demoAccounts(ctx: Ctx): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    await person(ctx, {
      role: a.role,
      place: a.scope,
      login: a.login,
      name: a.name,
      password: DEMO_PASSWORD,
      languages: a.languages,
      demo: true,
    })
  }
}

/**
 * The spine's part of the demo: the 1,446 villages and the demo accounts (password demo1234),
 * without the other domains' demo activity, for tests that count places province-wide.
 */
export async function seedPlacesAndPeople(ctx: Ctx): Promise<void> {
  await seedDemoVillages(ctx)
  await demoAccounts(ctx)
}

let courses = 0

/**
 * A course of `lessons` lessons in Vietnamese, imported as an editor's folder would be (slug
 * `course-<n>` unless given; lesson keys 01-lesson … ). Returns the slug and the lesson keys.
 */
export async function course(
  ctx: Ctx,
  opts: { lessons?: number; slug?: string; title?: string } = {},
): Promise<{ slug: string; lessons: string[] }> {
  const slug = opts.slug ?? `course-${++courses}`
  const root = mkdtempSync(join(tmpdir(), 'hocso-course-'))
  const dir = join(root, `01-${slug}`)
  mkdirSync(dir)
  const keys = Array.from({ length: opts.lessons ?? 1 }, (_, i) => `${String(i + 1).padStart(2, '0')}-lesson`)
  writeFileSync(
    join(dir, 'course.yaml'),
    [
      `slug: ${slug}`,
      'title:',
      `  vi: ${opts.title ?? `Khoá học thử ${slug}`}`,
      'summary:',
      '  vi: Một khoá học để thử.',
      'audiences: [trader_farmer]',
      'competency: problem_solving',
      'level: basic',
      'topics: [payments]',
      'minutes: 10',
      'lessons:',
      ...keys.map((k) => `  - ${k}`),
      '',
    ].join('\n'),
  )
  for (const [i, k] of keys.entries())
    writeFileSync(
      join(dir, `${k}.vi.md`),
      `---\ntitle: Bài ${i + 1}\nupdated: 2026-11-02\n---\n\nNội dung bài ${i + 1}.\n`,
    )
  const report = await importContent(ctx, root)
  if (report.problems.length) throw new Error(`course ${slug}: ${JSON.stringify(report.problems)}`)
  return { slug, lessons: keys }
}

/** A fact of a kind, recorded as `by` records it (validated and applied as the server does). */
export async function fact(
  ctx: Ctx,
  by: CurrentUser,
  kind: string,
  data: unknown,
  opts: { occurredAt?: string } = {},
): Promise<string> {
  return recordFact(ctx, by, kind, data, opts)
}

/** Number of rows in a table, to show that a refused request wrote nothing. */
export async function countRows(
  ctx: Ctx,
  table: 'accounts' | 'role_assignments' | 'consents' | 'audit_log' | 'places' | 'sessions' | 'facts',
): Promise<number> {
  const r = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}
