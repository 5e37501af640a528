#!/usr/bin/env node
// Runs the built command line, dist/main.js: plain JavaScript, no compiler at run time (decision
// 0160). `npm ci` builds it (`prepare`); when src/ changed since, it is built again here first, so
// a change is never run stale.
import { pathToFileURL } from 'node:url'
import { OUTFILE, staleBecause } from './build-state.js'

const stale = staleBecause()
if (stale) {
  process.stderr.write(`hocso: ${stale}; building (npm run build)…\n`)
  const { build } = await import('./build.js')
  try {
    await build({ quiet: true })
  } catch (err) {
    process.stderr.write(
      `hocso: the build failed (${err instanceof Error ? err.message.split('\n')[0] : err}).\n` +
        'Run `npm run build` to see every error, fix them, then run hocso again.\n',
    )
    process.exit(70)
  }
}
// With HOCSO_SOURCE_MAPS=1, stack traces name the TypeScript files and lines (dist/*.js.map).
// Off by default: the maps are read into memory as the code loads (about 10 MB of an idle server).
if (process.env.HOCSO_SOURCE_MAPS === '1') process.setSourceMapsEnabled(true)
const { main } = await import(pathToFileURL(OUTFILE).href)
const code = await main(process.argv.slice(2))
if (typeof code === 'number') process.exitCode = code
