import cliProgress from 'cli-progress'
import { type Command, openContext } from '../../cli/runtime.ts'
import { rebuildRollups } from './rollup.service.ts'

/**
 * `hocso rollups rebuild`: recomputes every campaign rollup from the facts. Needed after a change
 * to the indicator mapping (a new fact kind understood), and after loading facts directly (the
 * benchmark generator). The result equals what the incremental path produces (a test checks it).
 */
export const rollupsCommand: Command = {
  name: 'rollups',
  summary: 'recompute the campaign rollups from the facts: `hocso rollups rebuild`',
  usage: `hocso rollups rebuild

Recomputes every indicator rollup (per place and week) and every first-time marker from
the facts, in one transaction: facts stored meanwhile wait for it to finish. Run it after
changing how facts map to indicators, or after loading facts directly.`,
  run: async (args) => {
    if (args[0] !== 'rebuild') {
      process.stderr.write('usage: hocso rollups rebuild\n')
      return 64
    }
    const ctx = await openContext()
    const bar = new cliProgress.SingleBar(
      { format: '  {phase} [{bar}] {value}/{total}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    let phase = 'facts'
    try {
      const r = await rebuildRollups(ctx, {
        phase: (p) => {
          phase = p === 'facts' ? 'facts ' : 'writing'
        },
        start: (total) => {
          bar.stop()
          bar.start(total, 0, { phase })
        },
        tick: (n) => bar.increment(n),
      })
      bar.stop()
      process.stdout.write(
        `rollups rebuilt from ${r.facts} facts: ${r.rows} rollup rows, ${r.markers} markers in ${(r.ms / 1000).toFixed(1)} s\n`,
      )
      return 0
    } finally {
      bar.stop()
      await ctx.handle.close()
    }
  },
}
