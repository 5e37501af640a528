/**
 * What a fact received from another node costs this node, in CPU time of this process (SQLite in
 * process), on the two paths it takes: one by one (`storeRemoteFact`, as `makeHubFacts` makes the
 * hub's facts) and by sync page (`importBundle` of the hub's bundle). Household checks, which
 * correct nothing: what every received fact pays for the question "was it corrected before it
 * came?" (decision 0204). Prints microseconds of CPU per fact and the load average.
 *
 *   npm run bench:received -- [facts=5000]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportBundle, importBundle } from '../src/domains/sync/sync.bundle.ts'
import { nodeKey } from '../src/domains/sync/sync.keys.ts'
import { pinUpstream } from '../src/domains/sync/sync.nodes.ts'
import { countArg, makeHubFacts, provinceAndHub, villagesOf } from './nodes.ts'

await import('../src/app.tsx')

const N = countArg('bench:received', process.argv[2], 5000, 'facts')
const work = mkdtempSync(join(tmpdir(), 'hocso-bench-received-'))
const { province, hub } = await provinceAndHub(work, '3166')
await pinUpstream(hub, {
  node: province.nodeId,
  publicKey: nodeKey(province).publicKey,
  name: 'province',
  url: null,
  scope: '3166',
})
const villages = await villagesOf(hub, '3166')
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000

const c0 = process.cpuUsage()
await makeHubFacts(hub, villages, N)
const oneByOne = cpuMs(process.cpuUsage(c0))
const bundle = await exportBundle(hub, province.nodeId)
const c1 = process.cpuUsage()
const r = await importBundle(province, bundle.data)
const byPage = cpuMs(process.cpuUsage(c1))
if (r.applied < N) throw new Error(`only ${r.applied} of ${N} facts applied from the bundle`)
const us = (ms: number) => `${Math.round((ms / N) * 1000)} µs`
process.stdout.write(
  `\n${N} facts, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}: one by one ${us(oneByOne)} of CPU a fact; by bundle import ${us(byPage)} a fact\n`,
)
await province.handle.close()
await hub.handle.close()
rmSync(work, { recursive: true, force: true })
