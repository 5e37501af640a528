import cliProgress from 'cli-progress'
import type { Command } from '../../cli/runtime.ts'
import { openContext } from '../../cli/runtime.ts'
import { loadConfig } from '../../core/config.ts'
import { contentCommand } from '../learning/content.cli.ts'
import { exportContent, importGlossaries } from './studio.export.ts'

/**
 * `hocso content` with the studio's `export` subcommand added: check and import stay learning's
 * (import also reads the glossaries back); export writes the approved translations as files.
 */
export const contentWithExport: Command = {
  ...contentCommand,
  summary: 'check, import or export the curriculum: `hocso content check|import|export [dir]`',
  usage: `${contentCommand.usage}

hocso content export [dir]
export  writes the approved translations, their recordings and the glossaries into dir
        (default HOCSO_CONTENT_DIR) in the content/ layout; course folders missing
        there are copied first, so \`content check\` accepts the result.`,
  run: async (args) => {
    const [what, dirArg, ...rest] = args
    if (what === 'export') {
      if (rest.length) {
        process.stderr.write('usage: hocso content export [dir]\n')
        return 64
      }
      return runExport(dirArg ?? loadConfig().contentDir)
    }
    if (what !== 'check' && what !== 'import') {
      process.stderr.write('usage: hocso content check|import|export [dir]\n')
      return 64
    }
    const code = await contentCommand.run(args)
    if (what === 'import' && code !== 64) {
      const ctx = await openContext()
      try {
        const g = await importGlossaries(ctx, dirArg ?? loadConfig().contentDir)
        for (const p of g.problems) process.stdout.write(`${p}\n`)
        if (g.terms) process.stdout.write(`${g.terms} glossary term(s) imported\n`)
        if (g.problems.length) return 1
      } finally {
        await ctx.handle.close()
      }
    }
    return code
  },
}

async function runExport(dir: string): Promise<number> {
  const ctx = await openContext()
  try {
    const t0 = performance.now()
    const bar = new cliProgress.SingleBar(
      { format: '  translations [{bar}] {value}/{total}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    const r = await exportContent(ctx, dir, (done, total) => {
      if (!started && total) {
        bar.start(total, 0)
        started = true
      }
      if (started) bar.update(done)
    })
    if (started) bar.stop()
    process.stdout.write(
      `${r.lessons} translation(s), ${r.recordings} recording(s), ${r.terms} glossary term(s) written to ${dir}` +
        ` (${r.skippedOutdated} approved for an older original not written) in ${Math.round(performance.now() - t0)} ms\n`,
    )
    return 0
  } finally {
    await ctx.handle.close()
  }
}
