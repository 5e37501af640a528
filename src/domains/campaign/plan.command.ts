import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { type Command, openContext } from '../../cli/runtime.ts'
import { issueText } from '../../core/errors.ts'
import { isLocale, type Locale, t } from '../../core/i18n.ts'
import { ensureUnits } from '../places/places.service.ts'
import type { PlanChange } from './plan.service.ts'
import { exportPlan, importPlan, planIds, storedValue } from './plan.service.ts'

/**
 * The operator's language: `--lang`, else HOCSO_LANG, else the system's (LC_ALL, LC_MESSAGES,
 * LANG: `vi_VN.UTF-8` → vi), else Vietnamese. A province officer at a terminal reads what is wrong
 * with their file in their language, as on the pages.
 */
export function operatorLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  for (const v of [flag, env.HOCSO_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const code = v?.slice(0, 2).toLowerCase()
    if (isLocale(code)) return code
  }
  return 'vi'
}

const USAGE = `hocso plan import <file.yaml> [--dry-run | --apply] [--lang vi|fr|en]
hocso plan export [--plan <id>] [--out <file.yaml>] [--lang vi|fr|en]

import   reads a plan file (the province's targets per indicator, place and period; see
         data/plan/dien-bien-2026.yaml and docs/dashboard.md) and says what it would add,
         change and withdraw. Nothing is written unless --apply is given (--dry-run, the
         default, says so). Every problem is reported as file:line: field: problem, and
         nothing is written when there is any. Importing the same file again changes nothing.
export   writes a plan's live targets as a plan file (stdout, or --out), which imports
         back unchanged. --plan is needed when several plans were imported.

Messages are in --lang, else HOCSO_LANG, else the system language (LANG), else Vietnamese.
Exit codes: 0 done (or dry run), 1 problems in the file (nothing written), 64 bad usage,
66 no such file.`

function describe(l: Locale, file: string, c: PlanChange): string {
  const sign = { add: '+', change: '~', same: '=', withdraw: '-' }[c.type]
  const what = t(l, `plan.cli.${c.type}`)
  if (c.type === 'withdraw')
    return `  ${sign} ${what}: ${t(l, `ind.${c.before.indicator}`)} (${c.before.indicator}), ${c.before.scope_code}, ${c.before.period ?? c.before.deadline}: ${storedValue(c.before.value)}`
  const before =
    c.type === 'change' && storedValue(c.before.value) !== c.row.value
      ? `${storedValue(c.before.value)} → `
      : ''
  return `  ${sign} ${file}:${c.row.line}: ${what}: ${t(l, `ind.${c.row.indicator}`)} (${c.row.indicator}), ${c.row.place}, ${c.row.period}: ${before}${c.row.value}`
}

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { apply: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, lang: { type: 'string' } },
  })
  const l = operatorLocale(values.lang)
  const file = positionals[0]
  if (!file || positionals.length > 1 || (values.apply && values['dry-run'])) {
    process.stderr.write(`${USAGE}\n`)
    return 64
  }
  if (!existsSync(file)) {
    process.stderr.write(`hocso plan: ${t(l, 'plan.cli.no_file', { file })}\n`)
    return 66
  }
  const text = readFileSync(file, 'utf8')
  const ctx = await openContext()
  const bar = new cliProgress.SingleBar(
    { format: `  ${t(l, 'plan.cli.bar')} [{bar}] {value}/{total}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  )
  try {
    await ensureUnits(ctx)
    const r = await importPlan(ctx, text, {
      apply: !!values.apply,
      onStart: (total) => bar.start(total, 0),
      onProgress: (n) => bar.update(n),
    })
    bar.stop()
    if (!r.ok) {
      for (const i of r.issues) process.stderr.write(`${file}:${i.line}: ${i.field}: ${issueText(l, i)}\n`)
      process.stderr.write(`${t(l, 'plan.cli.problems', { count: r.issues.length })}\n`)
      return 1
    }
    const n = (type: PlanChange['type']) => r.changes.filter((c) => c.type === type).length
    for (const c of r.changes) if (c.type !== 'same') process.stdout.write(`${describe(l, file, c)}\n`)
    const counts = {
      plan: r.plan.id,
      add: n('add'),
      change: n('change'),
      withdraw: n('withdraw'),
      same: n('same'),
    }
    process.stdout.write(`${t(l, r.applied ? 'plan.cli.applied' : 'plan.cli.dry', counts)}\n`)
    return 0
  } finally {
    bar.stop()
    await ctx.handle.close()
  }
}

async function runExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { plan: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } },
  })
  const l = operatorLocale(values.lang)
  if (positionals.length) {
    process.stderr.write(`${USAGE}\n`)
    return 64
  }
  const ctx = await openContext()
  try {
    const ids = await planIds(ctx)
    const id = values.plan ?? (ids.length === 1 ? ids[0] : undefined)
    if (!id) {
      const key = ids.length ? 'plan.cli.choose_plan' : 'plan.cli.no_plans'
      process.stderr.write(`hocso plan: ${t(l, key, { plans: ids.join(', ') })}\n`)
      return 64
    }
    const yaml = await exportPlan(ctx, id)
    if (yaml === null) {
      process.stderr.write(
        `hocso plan: ${t(l, 'plan.cli.unknown_plan', { plan: id, plans: ids.join(', ') })}\n`,
      )
      return 64
    }
    if (!values.out) {
      process.stdout.write(yaml)
      return 0
    }
    writeFileSync(values.out, yaml)
    process.stdout.write(`${t(l, 'plan.cli.exported', { plan: id, file: values.out })}\n`)
    return 0
  } finally {
    await ctx.handle.close()
  }
}

/** `hocso plan import|export`: the province's targets from and to a plan file (decision 0182). */
export const planCommand: Command = {
  name: 'plan',
  summary: 'the campaign plan: `hocso plan import <file.yaml> [--apply]`, `hocso plan export`',
  usage: USAGE,
  run: async (args) => {
    const [sub, ...rest] = args
    if (sub === 'import') return runImport(rest)
    if (sub === 'export') return runExport(rest)
    process.stderr.write(`${USAGE}\n`)
    return 64
  },
}
