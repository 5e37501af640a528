import cliProgress from 'cli-progress'
import type { Ctx } from '../../core/context.ts'
import { seedCampaignDemo } from '../campaign/campaign.demo.ts'
import { seedDemoEvents } from '../events/events.demo.ts'
import { seedDemoMarket } from '../market/market.demo.ts'
import { seedOutreachDemo } from '../outreach/outreach.demo.ts'
import { countAccounts } from '../people/people.reads.ts'
import { createAccount } from '../people/people.service.ts'
import type { Role } from '../people/people.types.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { VILLAGE_FIGURES } from '../places/demo-villages.ts'
import { countPlaces, seedDemoVillages } from '../places/places.service.ts'

/** The commune and village the demo's local roles are scoped to (Xã Mường Chà and its first village). */
export const DEMO_COMMUNE = '3166'
export const DEMO_VILLAGE = '3166-001'
export const DEMO_PASSWORD = 'demo1234'

export const DEMO_ACCOUNTS: {
  login: string
  name: string
  role: Role
  scope: string
  note: string
  languages?: string[]
}[] = [
  {
    login: 'admin',
    name: 'Quản trị tỉnh (demo)',
    role: 'province_admin',
    scope: PROVINCE_CODE,
    note: 'the whole province',
  },
  {
    login: 'officer',
    name: 'Cán bộ xã Mường Chà (demo)',
    role: 'commune_officer',
    scope: DEMO_COMMUNE,
    note: 'Xã Mường Chà',
  },
  {
    login: 'ambassador',
    name: 'Đại sứ số Bản mẫu 1 (demo)',
    role: 'ambassador',
    scope: DEMO_VILLAGE,
    note: 'one village of Mường Chà',
  },
  {
    login: 'trainer',
    name: 'Giảng viên (demo)',
    role: 'trainer',
    scope: PROVINCE_CODE,
    note: 'trainings province-wide',
  },
  {
    login: 'editor',
    name: 'Biên tập viên (demo)',
    role: 'content_editor',
    scope: PROVINCE_CODE,
    note: 'content and reviews',
  },
  {
    login: 'translator',
    name: 'Người dịch (demo)',
    role: 'translator',
    scope: PROVINCE_CODE,
    note: 'Hmong and Tai Dam',
    languages: ['hnj', 'blt'],
  },
  {
    login: 'learner',
    name: 'Người học (demo)',
    role: 'learner',
    scope: DEMO_VILLAGE,
    note: 'a learner of Bản mẫu 1',
  },
]

/** True when no village and no account exists yet (a fresh database). */
export async function isEmpty(ctx: Ctx): Promise<boolean> {
  return (await countAccounts(ctx.db)) === 0 && !(await countPlaces(ctx)).village
}

/**
 * Steps added by other domains to the demo seed (demo activity, events, traders…). Each runs
 * after places and accounts exist and must go through its domain's services, never raw inserts.
 */
export const DEMO_STEPS: {
  name: string
  run: (ctx: Ctx, log: (msg: string) => void) => Promise<void>
  /** Simulated activity: slow, skipped when `activity` is off (most tests). */
  activity?: boolean
}[] = [
  { name: 'digital market traders', run: seedDemoMarket },
  {
    name: 'technology group and Digital family of the demo village',
    run: (ctx) =>
      seedOutreachDemo(ctx, {
        village: DEMO_VILLAGE,
        officer: 'officer',
        ambassador: 'ambassador',
        password: DEMO_PASSWORD,
      }),
  },
  {
    name: 'AI training for the officials of the demo commune',
    run: (ctx) => seedDemoEvents(ctx, { commune: DEMO_COMMUNE, trainer: 'trainer' }),
  },
  {
    name: 'campaign: simulated activity of the last four months (demo) and the province targets',
    run: seedCampaignDemo,
    activity: true,
  },
]

/**
 * Creates the demo villages, the demo accounts and the demo activity. The months of simulated
 * activity take a while; tests that do not look at them turn them off (HOCSO_DEMO_ACTIVITY=off,
 * set by the test configuration) and the ones that do pass `activity: true`.
 */
export async function seedDemo(
  ctx: Ctx,
  opts: { progress?: boolean; activity?: boolean } = {},
): Promise<void> {
  const activity = opts.activity ?? process.env.HOCSO_DEMO_ACTIVITY !== 'off'
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: '  villages  [{bar}] {value}/{total}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null
  bar?.start(VILLAGE_FIGURES.total, 0)
  await seedDemoVillages(ctx, (n) => bar?.update(n))
  bar?.update(VILLAGE_FIGURES.total)
  bar?.stop()
  for (const a of DEMO_ACCOUNTS) {
    await createAccount(
      ctx,
      {
        displayName: a.name,
        username: a.login,
        password: DEMO_PASSWORD,
        placeCode: a.scope === PROVINCE_CODE ? null : a.scope,
        demo: true,
      },
      [{ role: a.role, scopeCode: a.scope, languages: a.languages }],
    )
  }
  const log = (msg: string) => {
    if (opts.progress) process.stdout.write(`  ${msg}\n`)
  }
  for (const step of DEMO_STEPS) {
    if (step.activity && !activity) continue
    log(step.name)
    await step.run(ctx, log)
  }
}
