/**
 * Vitest global setup: the command-line tests and the browser tests start `bin/hocso.js`, which
 * runs the build (dist/main.js, decision 0160). Building here, once, before any test file when
 * src/ changed since, keeps every child process from building on its own and printing so on
 * the stderr the tests read.
 */
export default async function setup(): Promise<void> {
  // @ts-expect-error plain JavaScript modules of bin/, without type declarations
  const { staleBecause } = await import('../bin/build-state.js')
  const why: string | null = staleBecause()
  if (!why) return
  process.stderr.write(`${why}: building dist/main.js before the tests\n`)
  // @ts-expect-error as above
  const { build } = await import('../bin/build.js')
  await build({ quiet: true })
}
