/**
 * What a seek in a recording costs with each media store (decision 0199): the database (0166) and
 * an S3-compatible object store, side by side in one run on the same machine.
 *
 *   node bin/run-ts.js bench/media.bench.ts [seeks=200] [mb=8]        (npm run bench:media)
 *
 * How: one SQLite database in a temporary folder; the object store is @20minutes/s3rver (the test
 * server, which checks every signature) on 127.0.0.1, in this same process, so its CPU is counted
 * in the object store's times: a real store on another machine costs a network round trip instead.
 * One recording of `mb` MB (random bytes) is stored in each; then, alternating the stores, `seeks`
 * reads of 64 kB at random offsets (what a phone asks when the listener drags the slider), and 10
 * whole reads, each drained from `stream()` as the route sends it. Prints medians and the 90th
 * percentile, and writes bench/out/media.json.
 */

import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadConfig } from '../src/core/config.ts'
import { type Ctx, createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { registerDomains } from '../src/domains/index.ts'
import { startObjectStore } from '../test/object-store.ts'

const SEEKS = Number(process.argv[2] ?? 200)
const MB = Number(process.argv[3] ?? 8)
const PART = 64 * 1024

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!

async function drain(ctx: Ctx, key: string, start?: number, end?: number): Promise<number> {
  const reader = (await ctx.blobs.stream(key, start, end))!.getReader()
  let n = 0
  for (let r = await reader.read(); !r.done; r = await reader.read()) n += r.value.length
  return n
}

async function main() {
  registerDomains()
  const dir = mkdtempSync(join(tmpdir(), 'hocso-media-bench-'))
  const store = await startObjectStore()
  const contexts: Record<string, Ctx> = {}
  const closers: (() => Promise<void>)[] = []
  try {
    for (const [name, env] of [
      ['database', {}],
      ['object store', store.env('media', { HOCSO_MEDIA_STORE: 's3://media/bench' })],
    ] as const) {
      const dataDir = join(dir, name.replace(' ', '-'))
      mkdirSync(dataDir)
      const handle = await openDatabase({ dataDir })
      closers.push(() => handle.close())
      const config = loadConfig({ HOCSO_DATA_DIR: dataDir, HOCSO_LOG_LEVEL: 'warn', ...env })
      contexts[name] = await createContext(handle, config, createLogger('warn'))
    }
    const bytes = randomBytes(MB * 1024 * 1024)
    const key = 'studio/bench/01.hnj.0196c0de-0000-7000-8000-000000000001.wav'
    const put: Record<string, number> = {}
    for (const [name, ctx] of Object.entries(contexts)) {
      const t0 = process.hrtime.bigint()
      await ctx.blobs.put(key, bytes, 'audio/wav', new Date().toISOString())
      put[name] = ms(t0)
    }
    const seeks: Record<string, number[]> = { database: [], 'object store': [] }
    const whole: Record<string, number[]> = { database: [], 'object store': [] }
    for (let i = 0; i < SEEKS; i++) {
      const start = Math.floor(Math.random() * (bytes.length - PART))
      for (const [name, ctx] of Object.entries(contexts)) {
        const t0 = process.hrtime.bigint()
        const n = await drain(ctx, key, start, start + PART - 1)
        seeks[name]!.push(ms(t0))
        if (n !== PART) throw new Error(`${name}: read ${n} bytes for a 64 kB range`)
      }
    }
    for (let i = 0; i < 10; i++)
      for (const [name, ctx] of Object.entries(contexts)) {
        const t0 = process.hrtime.bigint()
        const n = await drain(ctx, key)
        whole[name]!.push(ms(t0))
        if (n !== bytes.length) throw new Error(`${name}: read ${n} of ${bytes.length} bytes`)
      }
    const rows = Object.keys(contexts).map((name) => ({
      store: name,
      putMs: Math.round(put[name]!),
      seekMedianMs: Number(pct(seeks[name]!, 0.5).toFixed(2)),
      seekP90Ms: Number(pct(seeks[name]!, 0.9).toFixed(2)),
      wholeMedianMs: Number(pct(whole[name]!, 0.5).toFixed(1)),
    }))
    console.log(`one recording of ${MB} MB; ${SEEKS} seeks of 64 kB, 10 whole reads, per store`)
    console.table(rows)
    const out = resolve(import.meta.dirname, 'out')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'media.json'), `${JSON.stringify({ mb: MB, seeks: SEEKS, rows }, null, 2)}\n`)
  } finally {
    for (const c of closers) await c()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
