#!/usr/bin/env node
// Runs the built command line, dist/main.js: plain JavaScript, no compiler at run time (decision
// 0160). `npm ci` builds it (`prepare`); when src/ changed since, it is built again here first, so
// a change is never run stale.
import { pathToFileURL } from 'node:url'
import { OUTFILE, staleBecause } from './build-state.js'

// A server (`start`, `serve`) replaces itself once, keeping its pid, with memory settings for a
// small machine (decision 0201): two malloc arenas instead of eight per CPU, and blocks of 1 MiB or
// more (a password hash's 16 MiB) given back to the system when freed instead of kept by the
// thread that used them; and for a hub (`serve --hub`) one malloc arena (the second held 8 MB free
// of 8.4, left by V8's compiler threads), a young generation of 2 MiB semi-spaces and an old
// generation allowed to grow 30% past what the last full collection kept (V8 allows up to 4 times
// on a large machine, so a hub serving pages carried three times its live heap in garbage).
// Measured on a hub serving 30 learners: 443 → about 150 MB, then 125 MB with the arena and
// semi-spaces, for the same CPU a request. Setting the mmap threshold also fixes glibc's trim
// threshold at 128 KiB, so the heap's top was given back and faulted in again around every block
// of a few hundred kB made and freed (zlib's state for each page gzipped: 135 µs a page instead of
// 53, most of it in the kernel); the trim threshold goes with it, at 1 MiB. A setting already given
// is kept; HOCSO_SERVER_TUNED=1 (set here) skips it.
if (
  (process.argv[2] === 'start' || process.argv[2] === 'serve') &&
  !process.env.HOCSO_SERVER_TUNED &&
  process.platform === 'linux' &&
  typeof process.execve === 'function'
) {
  // The heap settings for a hub only: they cost CPU where much is allocated at once (the demo
  // seed took 25 s instead of 16 s), which a province's server has the memory to avoid.
  const hub = process.argv.includes('--hub')
  const env = {
    MALLOC_ARENA_MAX: hub ? '1' : '2',
    MALLOC_MMAP_THRESHOLD_: '1048576',
    MALLOC_TRIM_THRESHOLD_: '1048576',
    ...process.env,
    HOCSO_SERVER_TUNED: '1',
  }
  const own = (flag) =>
    process.execArgv.some((a) => a.startsWith(flag)) || (process.env.NODE_OPTIONS ?? '').includes(flag)
  const flags = [
    ...(!hub || own('--max-semi-space-size') ? [] : ['--max-semi-space-size=2']),
    ...(!hub || own('--heap-growing-percent') ? [] : ['--heap-growing-percent=30']),
  ]
  try {
    process.execve(
      process.execPath,
      [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)],
      env,
    )
  } catch {
    // Not available here: the server runs with Node's defaults.
  }
}

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
