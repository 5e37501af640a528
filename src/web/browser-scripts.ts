import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

/**
 * The browser scripts of src/web/static are written in today's JavaScript (optional chaining,
 * `??=`); phones from 2017 (Android 8's Chrome 58–61, iOS 11's Safari) stop at ES2017. esbuild
 * rewrites them to ES2017, file by file (each stays the file its page names; what one imports,
 * such as the server's quiz scorer, is bundled into it).
 *
 * The build (bin/build.js) calls this once and puts the result inside dist/main.js, so the
 * server never compiles; run from the sources (tests, benchmarks), src/web/assets.ts calls it at
 * load. Both use exactly these options.
 */
export const BROWSER_TARGET = 'es2017'

/** Every .js file under `dir` (relative names, e.g. `offline.js`), compiled to ES2017. */
export function compileBrowserScripts(dir: string): Record<string, string> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .sort()
  if (names.length === 0) return {}
  // esbuild is loaded here, not imported at the top, so the built server never loads it.
  const require = createRequire(import.meta.url)
  const esbuild = require('esbuild') as typeof import('esbuild')
  // Every test file loads the app, and compiling takes a second on a busy machine: the result is
  // kept in node_modules/.cache, named by a hash of the sources, the target and esbuild's version.
  const hash = createHash('sha256').update(`${BROWSER_TARGET}\0${esbuild.version}\0`)
  for (const n of names)
    hash
      .update(`${n}\0`)
      .update(readFileSync(join(dir, n)))
      .update('\0')
  const cacheDir = join(require.resolve('esbuild'), '../../../.cache/hocso')
  const cacheFile = join(cacheDir, `browser-scripts-${hash.digest('hex').slice(0, 16)}.json`)
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8'))
  } catch {
    // not compiled yet with these sources
  }
  const result = esbuild.buildSync({
    entryPoints: names.map((n) => join(dir, n)),
    outbase: dir,
    outdir: join(dir, '.out'),
    write: false,
    // Bundled, so a script may import what the server also runs (the quiz scorer): one copy of a rule.
    bundle: true,
    format: 'iife',
    target: BROWSER_TARGET,
    charset: 'utf8',
    logLevel: 'silent',
  })
  const out: Record<string, string> = {}
  for (const f of result.outputFiles) {
    const name = f.path.slice(join(dir, '.out').length + 1)
    out[name] = f.text
  }
  try {
    mkdirSync(cacheDir, { recursive: true })
    const tmp = `${cacheFile}.${process.pid}`
    writeFileSync(tmp, JSON.stringify(out))
    renameSync(tmp, cacheFile)
  } catch {
    // a read-only node_modules only costs the next process the compilation
  }
  return out
}
