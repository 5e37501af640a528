import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliEnv, cliEnv, runCli } from '../../../test/cli.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { issueText } from '../../core/errors.ts'
import { seedDemo } from '../demo/demo.seed.ts'
import { registerDomains } from '../index.ts'
import type { Level } from './indicators.ts'
import { periodEnd, readPlan } from './plan.file.ts'
import { importPlan, PROVINCE_PLAN_FILE } from './plan.service.ts'
import { createTarget } from './targets.service.ts'

// The operator's language comes from the catalogues, installed with the domains as `hocso` does.
registerDomains()

const LONG = 240_000
const PLAN = readFileSync(PROVINCE_PLAN_FILE, 'utf8')
const kinds: Record<string, Level> = {
  '11': 'province',
  '3166': 'commune',
  '3127': 'commune',
  '3166-001': 'village',
}
const placeKind = (code: string) => kinds[code] ?? null

const target = (over: Record<string, string> = {}) => {
  const t = { indicator: 'ai_trainings_held', place: '"11"', period: '"2026"', value: '20', ...over }
  return Object.entries(t)
    .map(([k, v], i) => `${i ? '    ' : '  - '}${k}: ${v}`)
    .join('\n')
}
const file = (...targets: string[]) => `plan: test-plan\ntargets:\n${targets.join('\n')}\n`

describe('the plan file', () => {
  it('the shipped province plan reads without a problem: the four targets of the article', () => {
    const { plan, issues } = readPlan(PLAN, placeKind)
    expect(issues).toEqual([])
    expect(plan?.id).toBe('dien-bien-2026')
    expect(plan?.targets.map((r) => [r.indicator, r.place, r.deadline, r.value])).toEqual([
      ['ai_trainings_held', '11', '2026-12-31', 20],
      ['officials_trained_ai', '11', '2026-12-31', 2000],
      ['communes_active_group', '11', '2026-12-31', 100],
      ['traders_onboarded', '11', '2026-12-31', 100],
    ])
    for (const r of plan!.targets) expect(r.source).toMatch(/d['’]ici 2026|100 % des communes/)
  })

  it('a period is due at its end; impossible periods are refused', () => {
    expect(periodEnd('2026')).toEqual({ deadline: '2026-12-31' })
    expect(periodEnd('2026-Q1')).toEqual({ deadline: '2026-03-31' })
    expect(periodEnd('2024-02')).toEqual({ deadline: '2024-02-29' })
    expect(periodEnd('2026-06-15')).toEqual({ deadline: '2026-06-15' })
    expect(periodEnd('2026-13')).toMatchObject({ key: 'plan.err.period_month' })
    expect(periodEnd('2026-02-30')).toMatchObject({ key: 'plan.err.period_day' })
    expect(periodEnd('2026-Q5')).toMatchObject({ key: 'plan.err.period_quarter' })
    expect(periodEnd('2026-Q4-01')).toMatchObject({ key: 'plan.err.period_shape' })
    expect(periodEnd('1999')).toMatchObject({ key: 'plan.err.period_year' })
    expect(periodEnd('soon')).toMatchObject({ key: 'plan.err.period_shape' })
  })

  it('reports every problem by line and field, and gives no plan', () => {
    const text = file(
      target({ indicator: 'ai_trainings' }), // 3
      target({ place: '"9999"' }), // 7
      target({ place: '"3166-001"' }), // 11
      target({ value: '-5' }), // 15
      target({ value: '1e12' }), // 19
      target({ value: '"2,000"' }), // 23
      target({ indicator: 'traders_onboarded', value: '150' }), // 27
      target({ value: '20.5' }), // 31
      target({ period: '"2026-13"' }), // 35
      target({ period: '"2026-02-30"' }), // 39
      target({ period: '"2026-Q5"' }), // 43
      target({ period: '"2026-06"' }), // 47
      target({ period: '"2026-06-30"' }), // 51: the same end as line 47
      target({ indicator: 'communes_active_group', place: '"3166"', value: '', colour: 'red' }), // 55
    )
    const { plan, issues } = readPlan(text, placeKind)
    expect(plan).toBeNull()
    expect(issues.map((i) => `${i.line}: ${i.field}: ${i.message}`)).toEqual([
      '3: targets[1].indicator: "ai_trainings" is not an indicator of the catalogue',
      '8: targets[2].place: "9999" is not the code of the province or of one of its communes and wards',
      '12: targets[3].place: is a village: targets are set for the province or a commune or ward',
      '18: targets[4].value: must be greater than 0',
      '22: targets[5].value: must be at most 10000000',
      '26: targets[6].value: must be a number, written without separators (2000)',
      '30: targets[7].value: must be at most 100 for a percentage',
      '34: targets[8].value: must be a whole number for a count',
      '37: targets[9].period: a year has months 01 to 12',
      '41: targets[10].period: 2026-02-30 is not a day of the calendar',
      '45: targets[11].period: a year has quarters Q1 to Q4',
      '51: targets[13]: the same indicator, place and period end as line 47',
      '59: targets[14].colour: unknown field',
      '56: targets[14].place: communes_active_group is not measured for a commune',
      '58: targets[14].value: required',
    ])
    // Said in the operator's language.
    const said = (line: number) => issueText('vi', issues.find((i) => i.line === line)!)
    expect(said(3)).toBe('"ai_trainings" không phải là chỉ số trong danh mục (xem /dashboard/indicators)')
    expect(said(41)).toBe('"2026-02-30" không phải một ngày có thật trên lịch')
    expect(said(51)).toBe('trùng chỉ số, địa bàn và hạn với dòng 47')
    expect(issueText('fr', issues.find((i) => i.line === 18)!)).toBe('doit être supérieur à 0')
  })

  it('reports a YAML syntax error, a file that is not a plan, and a plan without targets by line', () => {
    const broken = readPlan('plan: x-1\ntargets:\n  - indicator: [oops\n', placeKind)
    expect(broken.plan).toBeNull()
    expect(broken.issues[0]).toMatchObject({ field: 'yaml', key: 'plan.err.yaml' })
    expect(readPlan('- a\n- b\n', placeKind).issues).toMatchObject([{ line: 1, field: 'file' }])
    expect(readPlan('plan: Điện Biên\ntargets: []\nowner: me\n', placeKind).issues).toMatchObject([
      { line: 3, field: 'owner', message: 'unknown field' },
      { line: 1, field: 'plan', key: 'plan.err.plan_id' },
      { line: 2, field: 'targets', message: 'must be a list of at least one target' },
    ])
  })
})

describe('importing a plan (service)', () => {
  let env: TestEnv
  beforeAll(async () => {
    env = await testEnv()
    await seedDemo(env.ctx)
  }, LONG)
  afterAll(() => env.close())

  const live = () =>
    env.ctx.db
      .selectFrom('campaign_targets')
      .select(['indicator', 'scope_code', 'deadline', 'value', 'plan', 'period'])
      .where('deleted_at', 'is', null)
      .orderBy('indicator')
      .execute()

  it('takes a target set by hand with the same indicator, place and deadline into the plan, not twice', async () => {
    const admin = await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow()
    const { currentUserById } = await import('../people/people.service.ts')
    await createTarget(env.ctx, await currentUserById(env.ctx, admin.id), {
      indicator: 'ai_trainings_held',
      scope_code: '11',
      value: 18,
      deadline: '2026-12-31',
    })
    const dry = await importPlan(env.ctx, PLAN, { apply: false })
    expect(dry.ok && dry.changes.map((c) => c.type)).toEqual(['change', 'add', 'add', 'add'])
    expect(await live()).toHaveLength(1)
    const r = await importPlan(env.ctx, PLAN, { apply: true })
    expect(r.ok && r.applied).toBe(true)
    const rows = await live()
    expect(rows).toHaveLength(4)
    expect(rows.find((x) => x.indicator === 'ai_trainings_held')).toMatchObject({
      value: 20,
      plan: 'dien-bien-2026',
      period: '2026',
    })
    // Another plan may not take them over.
    const other = PLAN.replace('plan: dien-bien-2026', 'plan: another-plan')
    const refused = await importPlan(env.ctx, other, { apply: true })
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.issues[0]).toMatchObject({
      line: 18,
      message: 'this target belongs to the plan dien-bien-2026; withdraw it there first',
    })
  })

  it('a fractional percentage imports again as unchanged on both databases (stored as real)', async () => {
    const text =
      'plan: muong-cha\ntargets:\n  - indicator: traders_onboarded\n    place: "3166"\n    period: 2026-Q3\n    value: 33.3\n'
    expect((await importPlan(env.ctx, text, { apply: true })).ok).toBe(true)
    const again = await importPlan(env.ctx, text, { apply: false })
    expect(again.ok && again.changes.map((c) => c.type)).toEqual(['same'])
  })

  it('the dashboard shows the plan: AI trainings by sector against the 20 trainings and 2,000 people', async () => {
    const c = new Client(env.app)
    await c.login('admin')
    const html = await (await c.request('/dashboard')).text()
    expect(html).toContain('Kế hoạch tỉnh: ít nhất 20 lớp tập huấn AI đến năm 2026')
    const csv = await (await c.request('/dashboard?format=csv&table=sectors')).text()
    expect(csv.trim().split(/\r?\n/).pop()).toBe('Mục tiêu,20,2000')
    const id = await env.ctx.db
      .selectFrom('campaign_targets')
      .select('id')
      .where('indicator', '=', 'officials_trained_ai')
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow()
    const page = await (await c.request(`/dashboard/targets/${id.id}`)).text()
    expect(page).toContain('Chỉ tiêu của kế hoạch dien-bien-2026 (kỳ 2026)')
    expect(page).toContain('pour 2 000 fonctionnaires')
  })
})

describe('hocso plan import|export (the real command line)', () => {
  let e: CliEnv
  beforeAll(() => {
    e = cliEnv()
  })
  afterAll(() => e?.close(), LONG)

  async function state() {
    const db = await e.open()
    try {
      const targets = await db.ctx.db
        .selectFrom('campaign_targets')
        .select(['indicator', 'scope_code', 'period', 'deadline', 'value'])
        .where('deleted_at', 'is', null)
        .orderBy('indicator')
        .orderBy('scope_code')
        .execute()
      const audit = await db.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_type', '=', 'target')
        .execute()
      return { targets: targets.map((t) => ({ ...t, value: Number(t.value) })), audit: audit.length }
    } finally {
      await db.close()
    }
  }

  it('a dry run by default, then --apply, then the same file again changes nothing', {
    timeout: LONG,
  }, async () => {
    const planFile = PROVINCE_PLAN_FILE.pathname
    const dry = await runCli(['plan', 'import', planFile, '--lang', 'vi'], e.env)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(
      `${planFile}:18: thêm: Lớp tập huấn AI đã tổ chức (ai_trainings_held), 11, 2026: 20`,
    )
    expect(dry.stdout).toContain('sẽ thêm 4, sửa 0, rút 0, giữ nguyên 0 chỉ tiêu. Chưa ghi gì')
    expect((await state()).targets).toEqual([])
    const explicit = await runCli(['plan', 'import', planFile, '--dry-run', '--lang', 'en'], e.env)
    expect(explicit.stdout).toContain('Dry run of plan dien-bien-2026: 4 to add')
    expect((await state()).targets).toEqual([])

    const applied = await runCli(['plan', 'import', planFile, '--apply', '--lang', 'vi'], e.env)
    expect(applied.code).toBe(0)
    expect(applied.stdout).toContain(
      'Đã nhập kế hoạch dien-bien-2026: thêm 4, sửa 0, rút 0, giữ nguyên 0 chỉ tiêu.',
    )
    const after = await state()
    expect(after.targets).toEqual([
      { indicator: 'ai_trainings_held', scope_code: '11', period: '2026', deadline: '2026-12-31', value: 20 },
      {
        indicator: 'communes_active_group',
        scope_code: '11',
        period: '2026',
        deadline: '2026-12-31',
        value: 100,
      },
      {
        indicator: 'officials_trained_ai',
        scope_code: '11',
        period: '2026',
        deadline: '2026-12-31',
        value: 2000,
      },
      {
        indicator: 'traders_onboarded',
        scope_code: '11',
        period: '2026',
        deadline: '2026-12-31',
        value: 100,
      },
    ])
    expect(after.audit).toBe(4)

    const again = await runCli(['plan', 'import', planFile, '--apply', '--lang', 'vi'], e.env)
    expect(again.code).toBe(0)
    expect(again.stdout.trim()).toBe(
      'Đã nhập kế hoạch dien-bien-2026: thêm 0, sửa 0, rút 0, giữ nguyên 4 chỉ tiêu.',
    )
    expect(await state()).toEqual(after)
  })

  it('refuses a bad file naming file, line and field in the operator’s language, and writes nothing', {
    timeout: LONG,
  }, async () => {
    const before = await state()
    const bad = join(e.dataDir, 'bad.yaml')
    writeFileSync(
      bad,
      file(
        target({ indicator: 'festivals' }),
        target({ place: '"3199-9"', value: '-1' }),
        target({ period: '"2026-02-30"' }),
        target({ period: '"2026-12-31"' }),
      ),
    )
    const vi = await runCli(['plan', 'import', bad, '--apply'], {
      ...e.env,
      LANG: 'vi_VN.UTF-8',
      LC_ALL: '',
      LC_MESSAGES: '',
    })
    expect(vi.code).toBe(1)
    expect(vi.stdout).toBe('')
    expect(vi.stderr.trim().split('\n')).toEqual([
      `${bad}:3: targets[1].indicator: "festivals" không phải là chỉ số trong danh mục (xem /dashboard/indicators)`,
      `${bad}:8: targets[2].place: "3199-9" không phải mã của tỉnh hay của một xã, phường trong tỉnh`,
      `${bad}:10: targets[2].value: cần lớn hơn 0`,
      `${bad}:13: targets[3].period: "2026-02-30" không phải một ngày có thật trên lịch`,
      '4 lỗi; chưa ghi gì vào cơ sở dữ liệu.',
    ])
    const fr = await runCli(['plan', 'import', bad, '--apply', '--lang', 'fr'], e.env)
    expect(fr.stderr).toContain(`${bad}:10: targets[2].value: doit être supérieur à 0`)
    expect(fr.stderr).toContain('4 problèmes ; rien n’a été écrit.')
    // A duplicate alone, and a file that is not there.
    writeFileSync(bad, file(target(), target({ period: '"2026-12-31"', value: '25' })))
    const dup = await runCli(['plan', 'import', bad, '--apply', '--lang', 'en'], e.env)
    expect(dup.code).toBe(1)
    expect(dup.stderr).toContain(`${bad}:7: targets[2]: the same indicator, place and period end as line 3`)
    expect((await runCli(['plan', 'import', join(e.dataDir, 'none.yaml')], e.env)).code).toBe(66)
    expect((await runCli(['plan', 'import'], e.env)).code).toBe(64)
    expect(await state()).toEqual(before)
  })

  it('an edited plan changes, adds and withdraws; the export imports back unchanged', {
    timeout: LONG,
  }, async () => {
    const edited = join(e.dataDir, 'edited.yaml')
    writeFileSync(
      edited,
      PLAN.replace('value: 20\n', 'value: 24\n')
        .replace(/ {2}- indicator: traders_onboarded[\s\S]*$/, '')
        .concat(
          '  - indicator: officials_trained_ai\n    place: "3166"\n    period: 2026-Q4\n    value: 120\n    note: Xã Mường Chà\n',
        ),
    )
    const dry = await runCli(['plan', 'import', edited, '--lang', 'en'], e.env)
    expect(dry.stdout).toContain(
      `${edited}:18: change: AI trainings held (ai_trainings_held), 11, 2026: 20 → 24`,
    )
    expect(dry.stdout).toContain('- withdraw: Traders onboarded (traders_onboarded), 11, 2026: 100')
    expect(dry.stdout).toContain('+ ')
    expect(dry.stdout).toContain('1 to add, 1 to change, 1 to withdraw, 2 unchanged')
    const r = await runCli(['plan', 'import', edited, '--apply', '--lang', 'en'], e.env)
    expect(r.code).toBe(0)
    const s = await state()
    expect(s.targets.map((t) => `${t.indicator}@${t.scope_code}:${t.value}:${t.deadline}`)).toEqual([
      'ai_trainings_held@11:24:2026-12-31',
      'communes_active_group@11:100:2026-12-31',
      'officials_trained_ai@11:2000:2026-12-31',
      'officials_trained_ai@3166:120:2026-12-31',
    ])
    expect(s.audit).toBe(4 + 3)

    const out = join(e.dataDir, 'exported.yaml')
    const ex = await runCli(['plan', 'export', '--out', out, '--lang', 'en'], e.env)
    expect(ex.code).toBe(0)
    expect(ex.stdout.trim()).toBe(`Plan dien-bien-2026 written to ${out}.`)
    const text = readFileSync(out, 'utf8')
    expect(text).toContain('period: 2026-Q4')
    expect(text).toContain('La province ambitionne d’organiser au moins 20 formations en IA')
    const back = await runCli(['plan', 'import', out, '--apply', '--lang', 'en'], e.env)
    expect(back.stdout.trim()).toBe(
      'Plan dien-bien-2026 imported: 0 added, 0 changed, 0 withdrawn, 4 unchanged.',
    )
    expect(await state()).toEqual(s)
    const stdout = await runCli(['plan', 'export'], e.env)
    expect(stdout.stdout).toBe(text)
    expect((await runCli(['plan', 'export', '--plan', 'nope', '--lang', 'en'], e.env)).stderr).toContain(
      'no plan nope (plans imported: dien-bien-2026)',
    )
  })
})
