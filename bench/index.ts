/**
 * Every benchmark of the README, one after the other (`npm run bench`), each in its own process
 * so one's memory and caches do not colour the next. Each prints its table and writes
 * `bench/out/<name>.json`.
 *
 *   npm run bench                 full size: 200 credentials, 5 browser visits, 100,000 facts
 *                                 synced, a 636,000-person province for the dashboards
 *   npm run bench -- --quick      a small run of each (a few minutes), to check they all work
 *   npm run bench -- --only sync,dashboard
 *
 * The dashboard benchmark needs a generated province: it is made in a temporary data directory
 * (SQLite) and removed afterwards. For PostgreSQL, run bench/generate-province.ts and
 * bench/dashboard.bench.ts with HOCSO_DATABASE_URL and HOCSO_DATABASE_SCHEMA (see the README).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
})
const quick = values.quick
const ROOT = resolve(import.meta.dirname, '..')
const RUN_TS = join(ROOT, 'bin/run-ts.js')

type Step = { name: string; script: string; args: string[]; env?: Record<string, string> }
const province = mkdtempSync(join(tmpdir(), 'hocso-bench-province-'))
const steps: Step[] = [
  { name: 'startup', script: 'startup.bench.ts', args: [quick ? '1' : '5'] },
  { name: 'certificates', script: 'certificates.bench.ts', args: [quick ? '20' : '200'] },
  { name: 'budget', script: 'budget.bench.ts', args: [quick ? '1' : '5'] },
  { name: 'lighthouse', script: 'lighthouse.bench.ts', args: [quick ? '1' : '3'] },
  { name: 'sync', script: 'sync.bench.ts', args: quick ? ['5000', '10'] : ['100000', '60'] },
  { name: 'hub', script: 'hub.bench.ts', args: quick ? ['--quick'] : [] },
  // A course recorded in Hmong: sizes only, the same in a quick run (takes are recorded in real time).
  { name: 'voice', script: 'voice.bench.ts', args: ['vneid', 'hnj'] },
  {
    name: 'dashboard',
    script: 'generate-province.ts',
    args: ['--fresh', '--scale', quick ? '0.01' : '1'],
    env: { HOCSO_DATA_DIR: province },
  },
  {
    name: 'dashboard',
    script: 'dashboard.bench.ts',
    args: ['--runs', quick ? '10' : '50'],
    env: { HOCSO_DATA_DIR: province },
  },
]
const wanted = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null
const unknown = [...(wanted ?? [])].filter((w) => !steps.some((s) => s.name === w))
if (unknown.length) {
  process.stderr.write(
    `--only: unknown benchmark ${unknown.join(', ')} (known: ${[...new Set(steps.map((s) => s.name))].join(', ')})\n`,
  )
  process.exit(64)
}

let failed = 0
try {
  for (const step of steps) {
    if (wanted && !wanted.has(step.name)) continue
    process.stdout.write(`\n== ${step.script} ${step.args.join(' ')}\n`)
    const started = Date.now()
    const run = spawnSync(
      process.execPath,
      ['--max-old-space-size=8000', RUN_TS, join(ROOT, 'bench', step.script), ...step.args],
      { stdio: 'inherit', cwd: ROOT, env: { ...process.env, ...step.env } },
    )
    const took = ((Date.now() - started) / 1000).toFixed(0)
    if (run.status !== 0) {
      failed++
      process.stdout.write(`== ${step.script} failed (exit ${run.status}) after ${took} s\n`)
    } else process.stdout.write(`== ${step.script} done in ${took} s\n`)
  }
} finally {
  rmSync(province, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
