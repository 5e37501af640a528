#!/usr/bin/env node
// Builds the server once (decision 0160): src/main.ts and everything it imports become ES modules
// in dist/: main.js (the command manifest) and chunks split at the commands' dynamic imports
// (decision 0192), with source maps (read with HOCSO_SOURCE_MAPS=1); the browser scripts are
// compiled to ES2017 and carried inside. Packages stay in node_modules (imported, not
// copied). Runs at install (`prepare`), from `npm run build`, and from bin/hocso.js when src/ is
// newer than the build.
//
//   node bin/build.js [--quiet]
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import checker from '../src/domains/people/password-checker.cjs'
import { compileBrowserScripts } from '../src/web/browser-scripts.ts'
import { DIST, OUTFILE, ROOT } from './build-state.js'

/**
 * In one bundle every module's `import.meta.url` would be dist/main.js, and paths made from it
 * (the static folder, data/dien-bien-units.json, fixtures) would point inside dist/. Each source
 * file's own URL is put back, computed from the bundle's place, so the built server reads the same
 * files as the sources do.
 */
const sourceUrls = {
  name: 'hocso-source-urls',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined
      const { readFile } = await import('node:fs/promises')
      const text = await readFile(args.path, 'utf8')
      const loader = extname(args.path) === '.tsx' ? 'tsx' : 'ts'
      if (!text.includes('import.meta.')) return { contents: text, loader }
      const fromDist = JSON.stringify(relative(DIST, args.path))
      const url = `new URL(${fromDist}, import.meta.url).href`
      const contents = text
        .replaceAll('import.meta.url', url)
        .replaceAll('import.meta.filename', `__hocsoPath(${url})`)
        .replaceAll('import.meta.dirname', `__hocsoDir(${url})`)
      return { contents, loader }
    })
  },
}

/**
 * Packages left in node_modules and imported from there: native code (better-sqlite3), packages
 * that find their own files at run time (pino's worker transports, the JSON-LD contexts of the
 * credential libraries), and the large ones loaded only when first used (decision 0160). The rest
 * (hono, kysely, zod, yaml…) goes into the bundle: hundreds of small modules resolved and read
 * once at build time instead of at every start.
 */
const EXTERNAL = [
  'better-sqlite3',
  'pg',
  'pino',
  'esbuild',
  'exceljs',
  'qrcode',
  'markdown-it',
  '@digitalcredentials/*',
  // Password dictionaries (2 MB), loaded at the first password check. Kept out of the bundle too:
  // split into a chunk of its own, a CommonJS package would lose its named exports.
  '@zxcvbn-ts/*',
]

/** Builds dist/main.js; returns what it made. Safe to run in several processes at once. */
export async function build({ quiet = false } = {}) {
  const say = (s) => quiet || process.stderr.write(s)
  const t0 = performance.now()
  const esbuild = await import('esbuild')

  say('hocso build: browser scripts → ES2017 … ')
  const scripts = compileBrowserScripts(join(ROOT, 'src/web/static'))
  say(`${Object.keys(scripts).length} files\n`)

  say('hocso build: server → dist/main.js … ')
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/main.ts' },
    outdir: DIST,
    // Split at the dynamic imports: `hocso --help` loads main.js alone (a few KB), a command the
    // chunks it needs. Chunks are named by their content, so a process started on an older build
    // still finds its own.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    external: EXTERNAL,
    sourcemap: 'linked',
    sourcesContent: false,
    tsconfig: 'tsconfig.json',
    define: { __HOCSO_BROWSER_SCRIPTS__: JSON.stringify(scripts) },
    banner: {
      js: [
        '// Built by bin/build.js from src/ (decision 0160). Do not edit: change src/ and run npm run build.',
        "import { createRequire as __hocsoRequire } from 'node:module'",
        "import { fileURLToPath as __hocsoPath } from 'node:url'",
        'const require = __hocsoRequire(import.meta.url)',
        "import { dirname as __hocsoDirname } from 'node:path'",
        'const __hocsoDir = (u) => __hocsoDirname(__hocsoPath(u))',
      ].join('\n'),
    },
    plugins: [sourceUrls],
    metafile: true,
    write: false,
    logLevel: 'warning',
  })
  // Written beside, then renamed over: a process starting meanwhile reads the old or the new file,
  // never half of one, and two builds at once do not mix their output.
  mkdirSync(DIST, { recursive: true })
  // The password checker's word lists, sorted once here instead of at each start of the checker
  // (decision 0209): it then holds about 60 MB instead of 110.
  checker.writeLists(checker.packagesOf(), join(DIST, 'password-lists.json'))
  let bytes = 0
  // The chunks first, dist/main.js last: whoever loads the new main.js finds its chunks there.
  const files = [...result.outputFiles].sort((a, b) => (a.path === OUTFILE) - (b.path === OUTFILE))
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`
    const js = f.path.endsWith('.js')
    const contents = js ? asciiComments(f.text) : f.contents
    if (js)
      for (const line of notAscii(contents))
        process.stderr.write(
          `hocso build: ${relative(ROOT, f.path)}:${line} has a character outside ASCII (in a regular expression?); ` +
            'V8 then keeps the whole file as two-byte text: write it as a \\u escape\n',
        )
    writeFileSync(tmp, contents)
    renameSync(tmp, f.path)
    if (js) bytes += Buffer.byteLength(contents)
  }
  pruneChunks(new Set(files.map((f) => f.path)))
  const inputs = Object.keys(result.metafile.inputs).filter((p) => p.startsWith('src/')).length
  const ms = Math.round(performance.now() - t0)
  say(`${inputs} source files, ${(bytes / 1024).toFixed(0)} KB, in ${(ms / 1000).toFixed(1)} s\n`)
  return { inputs, bytes, ms }
}

/**
 * The server's code in ASCII only. V8 keeps the source text of every module it loads for the life
 * of the process, in one byte a character only when every character fits (Latin-1); a single "→"
 * makes the whole file two bytes a character: the two largest chunks then held 4.7 MB instead of
 * 2.4 (decision 0201). esbuild writes strings, templates and names with \u escapes but keeps
 * comments (and regular expressions) as written. Comment lines (esbuild prints each comment on lines
 * of its own) get their other characters escaped, which changes nothing a program can see; a line
 * where a block comment closes before code is left as it is, and `notAscii` reports what remains.
 */
export function asciiComments(code) {
  if (!/[\u0080-\uffff]/.test(code)) return code
  const escaped = (text) =>
    text.replace(
      /[\u0080-\u2027\u202a-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
  const lines = code.split('\n')
  let inBlock = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const start = line.trimStart()
    if (!inBlock && start.startsWith('//')) {
      lines[i] = escaped(line)
      continue
    }
    if (!inBlock && !start.startsWith('/*')) continue
    const close = line.indexOf('*/', inBlock ? 0 : line.indexOf('/*') + 2)
    inBlock = close === -1
    if (inBlock || line.slice(close + 2).trim() === '') lines[i] = escaped(line)
  }
  return lines.join('\n')
}

/** The lines (from 1) of `code` that still hold a character outside ASCII. */
export function notAscii(code) {
  const out = []
  code.split('\n').forEach((line, i) => {
    if (/[\u0080-\uffff]/.test(line)) out.push(i + 1)
  })
  return out
}

/** Chunks of earlier builds, once no process is likely to still need them (a day old). */
function pruneChunks(keep) {
  const dayAgo = Date.now() - 86_400_000
  for (const name of readdirSync(DIST)) {
    const path = join(DIST, name)
    if (!name.startsWith('chunk-') || keep.has(path)) continue
    if (statSync(path).mtimeMs < dayAgo) rmSync(path, { force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await build({ quiet: process.argv.includes('--quiet') })
  } catch (err) {
    // esbuild has printed the errors with their file and line already.
    process.stderr.write(`\nhocso build failed: ${err instanceof Error ? err.message.split('\n')[0] : err}\n`)
    rmSync(`${OUTFILE}.${process.pid}.tmp`, { force: true })
    process.exitCode = 1
  }
}
