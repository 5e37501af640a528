/**
 * Signing and verification time per certificate (Open Badges 3.0, eddsa-rdfc-2022).
 *
 *   node bin/run-ts.js bench/certificates.bench.ts [count]      (npm run bench:certificates)
 *
 * Measures, one credential at a time after a warm-up: signing (RDF canonicalisation + Ed25519),
 * verification of the signature alone with the DCC library, and the full check that /verify runs
 * (signature, issuer key, Bitstring Status List credential, dates). Nothing touches the network.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataIntegrityProof } from '@digitalcredentials/data-integrity'
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalcredentials/vc'
import cliProgress from 'cli-progress'
import { loadConfig } from '../src/core/config.ts'
import { createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { createLogger } from '../src/core/logger.ts'
import { inTransaction } from '../src/core/transaction.ts'
import { buildCredential } from '../src/domains/certificates/credential.ts'
import { ensureIssuer } from '../src/domains/certificates/issuer.service.ts'
import { activeKey, signCredential } from '../src/domains/certificates/issuer.ts'
import { allocateStatusEntry, statusEntry } from '../src/domains/certificates/status-list.ts'
import { verificationLoader, verifyCredential } from '../src/domains/certificates/verify.service.ts'
import { registerDomains } from '../src/domains/index.ts'

const COUNT = Number(process.argv[2] ?? 200)
const WARM_UP = 20

const dataDir = mkdtempSync(join(tmpdir(), 'hocso-bench-cert-'))
const config = loadConfig({
  HOCSO_DATA_DIR: dataDir,
  HOCSO_LOG_LEVEL: 'silent',
  HOCSO_PUBLIC_URL: 'https://hocso.example.vn',
})
const handle = await openDatabase({ sqliteFile: ':memory:' })
registerDomains()
const ctx = await createContext(handle, config, createLogger('silent'))
await ensureIssuer(ctx)
const key = await activeKey(ctx)

async function unsigned(i: number) {
  const { list, index } = await inTransaction(ctx, (tx) => allocateStatusEntry(tx, key))
  return buildCredential({
    id: uuidv7(),
    issuer: {
      did: key.did,
      name: 'Phong trào Bình dân học vụ số tỉnh Điện Biên',
      url: 'https://hocso.example.vn/issuer',
    },
    issuedAt: new Date().toISOString(),
    awardedAt: new Date().toISOString(),
    learnerName: `Người học số ${i}`,
    lang: 'vi',
    achievement: {
      id: 'https://hocso.example.vn/courses/vneid',
      achievementType: 'Course',
      name: 'Dùng VNeID',
      description: 'Cài, kích hoạt và dùng tài khoản định danh điện tử.',
      criteria: 'Học hết các bài và làm đạt các bài kiểm tra của khoá học.',
      competency: 'Công dân số',
      level: 'Cơ bản',
    },
    credentialStatus: statusEntry(list, index),
  })
}

type Stage = { name: string; run: (i: number) => Promise<void>; ms: number[]; cpu: number[] }

/**
 * Times one operation by the wall clock and by this process's CPU time: on a busy machine the
 * wall clock also counts time spent waiting for a core, the CPU time does not.
 */
async function timed<T>(stage: Stage, op: () => Promise<T>): Promise<T> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const r = await op()
  stage.ms.push(performance.now() - t0)
  const c = process.cpuUsage(c0)
  stage.cpu.push((c.user + c.system) / 1000)
  return r
}

const signed: Record<string, unknown>[] = []
const stages: Stage[] = [
  {
    name: 'sign (eddsa-rdfc-2022)',
    ms: [],
    cpu: [],
    run: async (i) => {
      const doc = await unsigned(i)
      signed.push(await timed(stages[0]!, () => signCredential(ctx, key, doc)))
    },
  },
  {
    name: 'verify signature (library)',
    ms: [],
    cpu: [],
    run: async (i) => {
      // The status list is not fetched here: only the proof (canonicalisation + Ed25519) is timed.
      const r = await timed(stages[1]!, () =>
        vc.verifyCredential({
          credential: signed[i],
          suite: new DataIntegrityProof({ cryptosuite }),
          documentLoader: verificationLoader(ctx),
          checkStatus: async () => ({ verified: true }),
        }),
      )
      if (!r.verified) throw new Error(`credential ${i} did not verify: ${r.error?.message}`)
    },
  },
  {
    name: 'full check as /verify (signature, key, status list, dates)',
    ms: [],
    cpu: [],
    run: async (i) => {
      const r = await timed(stages[2]!, () => verifyCredential(ctx, signed[i]!))
      if (r.verdict !== 'valid') throw new Error(`credential ${i}: ${r.verdict} ${r.reason} ${r.detail}`)
    },
  },
]

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

process.stdout.write(
  `hocso certificates bench: ${COUNT} credentials (after ${WARM_UP} warm-up), node ${process.version}\n`,
)
for (const stage of stages) {
  for (let i = 0; i < WARM_UP; i++) await stage.run(i)
  stage.ms.length = 0
  stage.cpu.length = 0
  if (stage === stages[0]) signed.length = 0
  const bar = new cliProgress.SingleBar(
    { format: `  ${stage.name.padEnd(60)} [{bar}] {value}/{total}` },
    cliProgress.Presets.shades_classic,
  )
  bar.start(COUNT, 0)
  for (let i = 0; i < COUNT; i++) {
    await stage.run(i)
    bar.update(i + 1)
  }
  bar.stop()
}
const f = (x: number) => `${x.toFixed(1)} ms`
const cols = (a: string, b: string, c: string, d: string) =>
  `${a.padStart(11)} ${b.padStart(9)} ${c.padStart(11)} ${d.padStart(9)}`
process.stdout.write(
  `\n  ${'per credential'.padEnd(60)} ${cols('wall median', 'p95', 'CPU median', 'p95')}\n`,
)
for (const s of stages) {
  const w = [quantile(s.ms, 0.5), quantile(s.ms, 0.95), quantile(s.cpu, 0.5), quantile(s.cpu, 0.95)].map(f)
  process.stdout.write(`  ${s.name.padEnd(60)} ${cols(w[0]!, w[1]!, w[2]!, w[3]!)}\n`)
}
process.stdout.write(`  (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)\n`)
await handle.close()
rmSync(dataDir, { recursive: true, force: true })
