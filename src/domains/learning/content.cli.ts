import { existsSync } from 'node:fs'
import cliProgress from 'cli-progress'
import type { Command } from '../../cli/runtime.ts'
import { openContext } from '../../cli/runtime.ts'
import { loadConfig } from '../../core/config.ts'
import type { Ctx } from '../../core/context.ts'
import { checkContent, formatProblems } from './content.check.ts'
import { importContent } from './content.import.ts'

/** `hocso content check|import [dir]`: the curriculum, checked like code and loaded idempotently. */
export const contentCommand: Command = {
  name: 'content',
  summary: 'check or import the curriculum: `hocso content check|import [dir]`',
  usage: `hocso content check [dir]
hocso content import [dir]

check   validates every course folder (docs/content-format.md) and prints each problem
        as file:line: problem; exits 1 when there is any.
import  loads the courses into the database. Unchanged folders are skipped; a changed
        lesson becomes a new version (progress on the old one is kept); a course with a
        blocking problem is not imported and its last good import stays.
dir defaults to HOCSO_CONTENT_DIR (./content).`,
  run: async (args) => {
    const [what, dirArg, ...rest] = args
    if ((what !== 'check' && what !== 'import') || rest.length) {
      process.stderr.write('usage: hocso content check|import [dir]\n')
      return 64
    }
    const dir = dirArg ?? loadConfig().contentDir
    return what === 'check' ? runCheck(dir) : runImport(dir)
  },
}

function runCheck(dir: string): number {
  const t0 = performance.now()
  const { courses, problems } = checkContent(dir)
  for (const line of formatProblems(problems)) process.stdout.write(`${line}\n`)
  const lessons = courses.reduce((n, c) => n + c.lessons.length, 0)
  const ms = Math.round(performance.now() - t0)
  if (problems.length) {
    process.stderr.write(
      `${problems.length} problem(s) in ${dir} (${courses.length} course(s), ${lessons} lesson(s) checked, ${ms} ms)\n`,
    )
    return 1
  }
  process.stdout.write(`content OK: ${courses.length} course(s), ${lessons} lesson(s) in ${dir} (${ms} ms)\n`)
  return 0
}

async function runImport(dir: string): Promise<number> {
  if (!existsSync(dir)) {
    process.stderr.write(`hocso content import: ${dir}: no such content folder\n`)
    return 1
  }
  const ctx = await openContext()
  try {
    const t0 = performance.now()
    const bar = new cliProgress.SingleBar(
      { format: '  courses [{bar}] {value}/{total}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    const r = await importContent(ctx, dir, {
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, 0)
          started = true
        }
        bar.update(done)
      },
    })
    if (started) bar.stop()
    for (const line of formatProblems(r.problems)) process.stdout.write(`${line}\n`)
    const ms = Math.round(performance.now() - t0)
    process.stdout.write(
      `${r.imported.length} course(s) imported (${r.newVersions} new lesson version(s)), ${r.unchanged.length} unchanged, ` +
        `${r.skipped.length} not imported, ${r.retired.length} retired, in ${ms} ms\n`,
    )
    if (r.skipped.length)
      process.stderr.write(`not imported because of the problems above: ${r.skipped.join(', ')}\n`)
    return r.skipped.length ? 1 : 0
  } finally {
    await ctx.handle.close()
  }
}

/** Start-up task: imports HOCSO_CONTENT_DIR; logs problems, never stops the server for them. */
export async function importContentAtStart(ctx: Ctx): Promise<void> {
  const dir = ctx.config.contentDir
  if (!existsSync(dir)) {
    ctx.log.info({ dir }, 'no content folder; nothing to import')
    return
  }
  const r = await importContent(ctx, dir)
  for (const line of formatProblems(r.problems)) ctx.log.warn(`content: ${line}`)
  ctx.log.info(
    {
      imported: r.imported.length,
      unchanged: r.unchanged.length,
      skipped: r.skipped,
      retired: r.retired,
      newVersions: r.newVersions,
    },
    'content imported',
  )
}
