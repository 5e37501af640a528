import type { Unit } from './units.ts'

/** The province's published figures that the demo villages reproduce exactly. */
export const VILLAGE_FIGURES = { total: 1446, with4g: 1362, noTelecom: 84, offGrid: 105 } as const

export type DemoVillage = {
  code: string
  name: string
  communeCode: string
  has4g: boolean
  hasTelecom: boolean
  onGrid: boolean
  population: number
  households: number
}

/** A small deterministic PRNG (mulberry32), so the demo is the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Generates the 1,446 demo villages across the 45 units. No public list of villages exists, so
 * names say plainly that they are demo data. Villages without telecom also lack 4G (84 = 1,446 −
 * 1,362); most off-grid villages are among them, as in the mountains where both go together.
 */
export function generateDemoVillages(units: Unit[]): DemoVillage[] {
  const rand = prng(20261129)
  // Wards are towns with fewer, larger residential groups; rural communes have more villages.
  const weights = units.map((u) => (u.kind === 'ward' ? 0.6 : 0.7 + rand()))
  const sum = weights.reduce((a, b) => a + b, 0)
  const counts = weights.map((w) => Math.max(8, Math.floor((w / sum) * VILLAGE_FIGURES.total)))
  let diff = VILLAGE_FIGURES.total - counts.reduce((a, b) => a + b, 0)
  for (let i = 0; diff !== 0; i = (i + 1) % counts.length) {
    if (diff > 0) {
      counts[i]!++
      diff--
    } else if (counts[i]! > 8) {
      counts[i]!--
      diff++
    }
  }
  const villages: DemoVillage[] = []
  units.forEach((u, i) => {
    const short = u.name.replace(/^(X\u00e3|Ph\u01b0\u1eddng) /, '') // Xã, Phường: ASCII for the build (bin/build.js)
    for (let n = 1; n <= counts[i]!; n++) {
      const households = 40 + Math.floor(rand() * 160)
      villages.push({
        code: `${u.code}-${String(n).padStart(3, '0')}`,
        name: `${u.kind === 'ward' ? 'Tổ dân phố' : 'Bản'} mẫu ${n} – ${short} (demo)`,
        communeCode: u.code,
        has4g: true,
        hasTelecom: true,
        onGrid: true,
        population: households * (4 + Math.floor(rand() * 3)),
        households,
      })
    }
  })
  // Remote villages: pick from rural communes only, deterministically.
  const rural = villages.filter((v) => units.find((u) => u.code === v.communeCode)!.kind === 'commune')
  const order = rural
    .map((v) => ({ v, k: rand() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.v)
  const noTelecom = order.slice(0, VILLAGE_FIGURES.noTelecom)
  for (const v of noTelecom) {
    v.hasTelecom = false
    v.has4g = false
  }
  // 70 of the off-grid villages also have no telecom; 35 have signal but no grid power.
  const offGrid = [
    ...noTelecom.slice(0, 70),
    ...order.slice(VILLAGE_FIGURES.noTelecom, VILLAGE_FIGURES.noTelecom + 35),
  ]
  for (const v of offGrid) v.onGrid = false
  return villages
}
