/**
 * A gzip bomb against the unauthenticated hello (issue 14, hole 2): how long a refusal takes, how
 * long /healthz waits meanwhile, and how much the process's memory grows.
 *
 *   node bin/run-ts.js bench/sync-hello-bomb.bench.ts [-- <bombs=10> <MiB inflated=60>]
 *
 * Before the fix each bomb was inflated (up to 64 MiB) and parsed before any signature check.
 */

import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createApp } from '../src/app.tsx'
import { loadConfig } from '../src/core/config.ts'
import { createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { createLogger } from '../src/core/logger.ts'
import { signRequest } from '../src/domains/sync/sync.auth.ts'

const BOMBS = Number(process.argv[2] ?? 10)
const MIB = Number(process.argv[3] ?? 60)
const dir = mkdtempSync(join(tmpdir(), 'hocso-bench-bomb-'))
const handle = await openDatabase({ sqliteFile: ':memory:' })
const ctx = await createContext(
  handle,
  loadConfig({ HOCSO_LOG_LEVEL: 'silent', HOCSO_DATA_DIR: dir }),
  createLogger('silent'),
)
const app = createApp(ctx)
const bomb = gzipSync(
  Buffer.from(`{"public_key":"${'A'.repeat(MIB * 1024 * 1024)}","name":"x","vector":{}}`),
  {
    level: 9,
  },
)
const pair = generateKeyPairSync('ed25519')
const key = { nodeId: 'stranger-node', privateKey: pair.privateKey, publicKey: 'unused' }
global.gc?.()
const rss0 = process.memoryUsage().rss
let peak = rss0
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 5)
const statuses = new Map<number, number>()
const t0 = performance.now()
const health: number[] = []
const healthLoop = (async () => {
  for (let i = 0; i < BOMBS; i++) {
    const h0 = performance.now()
    await app.request('/healthz')
    health.push(performance.now() - h0)
  }
})()
await Promise.all(
  Array.from({ length: BOMBS }, async () => {
    const res = await app.request('/api/sync/hello', {
      method: 'POST',
      headers: {
        ...signRequest(key, new Date(), 'POST', '/api/sync/hello', bomb),
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: new Uint8Array(bomb),
    })
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    await res.arrayBuffer()
  }),
)
await healthLoop
const total = performance.now() - t0
clearInterval(sampler)
const fmt = (n: number) => n.toFixed(1)
process.stdout.write(
  [
    `gzip bomb: ${bomb.length} bytes on the wire, ${MIB} MiB inflated; ${BOMBS} sent at once`,
    `answers: ${[...statuses].map(([s, n]) => `${n} × ${s}`).join(', ')}`,
    `all refused in ${fmt(total)} ms (${fmt(total / BOMBS)} ms each)`,
    `/healthz meanwhile: max ${fmt(Math.max(...health))} ms`,
    `resident memory: ${fmt(rss0 / 2 ** 20)} MiB before, peak ${fmt(peak / 2 ** 20)} MiB (+${fmt((peak - rss0) / 2 ** 20)} MiB)`,
    '',
  ].join('\n'),
)
await handle.close()
rmSync(dir, { recursive: true, force: true })
