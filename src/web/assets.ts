import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join, relative } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { compileBrowserScripts } from './browser-scripts.ts'

/**
 * Static assets (CSS, client scripts, fonts, icons) are read once, when the first page asks for
 * one, named by a hash of their content and served immutable, so a repeat visit fetches nothing
 * but data. Text assets are compressed once per process, when first asked for in that encoding,
 * rather than on every request, and not at start: brotli at its best quality takes half a second
 * of CPU for all of them, which `hocso --help` or a server nobody has visited yet need not pay.
 */
export type Asset = {
  path: string
  url: string
  type: string
  body: Buffer
  br?: Buffer
  gz?: Buffer
  hash: string
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

const STATIC_DIR = new URL('./static/', import.meta.url).pathname

/**
 * The browser scripts compiled to ES2017 by the build (bin/build.js defines this in dist/main.js),
 * so the server never runs a compiler; absent when running from the sources (tests, benchmarks),
 * which compile them here with the same options.
 */
declare const __HOCSO_BROWSER_SCRIPTS__: Record<string, string> | undefined

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : [p]
  })
}

function makeAsset(name: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10)
  const ext = extname(name)
  const type = TYPES[ext] ?? 'application/octet-stream'
  const url = `/static/${name.slice(0, -ext.length)}.${hash}${ext}`
  const compressible = /^(text|image\/svg|application\/(json|manifest))/.test(type) || ext === '.ttf'
  let br: Buffer | undefined
  let gz: Buffer | undefined
  return {
    path: name,
    url,
    type,
    body,
    hash,
    get br() {
      if (compressible) br ??= brotliCompressSync(body)
      return br
    },
    get gz() {
      if (compressible) gz ??= gzipSync(body, { level: 9 })
      return gz
    },
  }
}

function load(): Map<string, Asset> {
  const byName = new Map<string, Asset>()
  const scripts =
    typeof __HOCSO_BROWSER_SCRIPTS__ === 'undefined'
      ? compileBrowserScripts(STATIC_DIR)
      : __HOCSO_BROWSER_SCRIPTS__
  const files = walk(STATIC_DIR).map((file) => {
    const name = relative(STATIC_DIR, file)
    const script = scripts[name]
    if (extname(name) === '.js' && script === undefined)
      throw new Error(`browser script ${name} was not compiled`)
    return { name, body: script === undefined ? readFileSync(file) : Buffer.from(script) }
  })
  for (const f of files) if (extname(f.name) !== '.css') byName.set(f.name, makeAsset(f.name, f.body))
  // Stylesheets name other assets (fonts, icons) by their plain path; point them at the hashed,
  // immutable URL, which is the only one served. Done before hashing the stylesheet itself.
  for (const f of files.filter((x) => extname(x.name) === '.css')) {
    const css = f.body.toString('utf8').replace(/url\(\/static\/([^)]+)\)/g, (all, ref: string) => {
      const target = byName.get(ref)
      return target ? `url(${target.url})` : all
    })
    byName.set(f.name, makeAsset(f.name, Buffer.from(css)))
  }
  // Third-party client code, served from the installed package (loaded by a page only when needed).
  for (const [name, file] of Object.entries(VENDOR)) byName.set(name, makeAsset(name, readFileSync(file)))
  return byName
}

const requireFrom = createRequire(import.meta.url)

/**
 * Client libraries served as assets under `vendor/`, read from node_modules. They are not part of
 * the offline shell: a page fetches one at the moment a person uses it (the QR decoder at the
 * first tap on "scan with the camera").
 */
const VENDOR: Record<string, string> = {
  'vendor/jsqr.js': requireFrom.resolve('jsqr'),
}

let table: { byName: Map<string, Asset>; byUrl: Map<string, Asset> } | undefined

/** The asset table, read on first use. */
function assets() {
  if (!table) {
    const byName = load()
    table = { byName, byUrl: new Map([...byName.values()].map((a) => [a.url, a])) }
  }
  return table
}

/** The hashed URL of a static file, e.g. assetUrl('app.css') → /static/app.3f2a9c01de.css */
export function assetUrl(name: string): string {
  const a = assets().byName.get(name)
  if (!a) throw new Error(`unknown asset ${name}`)
  return a.url
}

/** Looks an asset up by its hashed URL. */
export function assetByUrl(url: string): Asset | undefined {
  return assets().byUrl.get(url)
}

/** Every asset, for the service worker's precache list. */
export function allAssets(): Asset[] {
  return [...assets().byName.values()]
}
