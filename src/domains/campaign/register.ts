import { sql } from 'kysely'
import type { Ctx } from '../../core/context.ts'
import { tradersPerPlace, tradersStampSql } from '../market/market.reads.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { placeRegister, placesStampSql, type RegisterPlace } from '../places/places.reads.ts'
import type { Denominator } from './indicators.ts'

/** What a place holds, for denominators and the connectivity indicators. */
export type PlaceStats = {
  villages: number
  communes: number
  households: number
  traders: number
  with4g: number
  noTelecom: number
  offGrid: number
}

const zero = (): PlaceStats => ({
  villages: 0,
  communes: 0,
  households: 0,
  traders: 0,
  with4g: 0,
  noTelecom: 0,
  offGrid: 0,
})

const cache = new WeakMap<object, { stamp: string; register: Register }>()

/**
 * The province's places with their aggregates, read once per request: villages per commune,
 * households, registered traders, connectivity. A province has about 1,500 places: one query.
 */
export class Register {
  readonly byCode = new Map<string, RegisterPlace>()
  readonly stats = new Map<string, PlaceStats>()
  readonly communes: RegisterPlace[] = []
  /** The province's own name, as in the places register. */
  provinceName = ''
  /** True when the villages are the generated demo villages: the pages say the figures are demo. */
  demo = false
  private readonly villagesByCommune = new Map<string, RegisterPlace[]>()

  private constructor(places: RegisterPlace[], traders: Map<string, number>) {
    const province = zero()
    this.stats.set(PROVINCE_CODE, province)
    for (const p of places) {
      if (p.kind === 'province') {
        this.provinceName = p.name
        continue
      }
      this.byCode.set(p.code, p)
      if (p.demo) this.demo = true
      if (p.kind !== 'village') {
        this.communes.push(p)
        this.stats.set(p.code, { ...zero(), communes: 1 })
        province.communes++
      }
    }
    for (const p of places) {
      if (p.kind !== 'village') continue
      const s: PlaceStats = {
        ...zero(),
        villages: 1,
        households: p.households,
        with4g: p.has4g ? 1 : 0,
        noTelecom: p.hasTelecom ? 0 : 1,
        offGrid: p.onGrid ? 0 : 1,
      }
      this.stats.set(p.code, s)
      const up = [p.communeCode ? this.stats.get(p.communeCode) : undefined, province]
      for (const u of up) {
        if (!u) continue
        u.villages += s.villages
        u.households += s.households
        u.with4g += s.with4g
        u.noTelecom += s.noTelecom
        u.offGrid += s.offGrid
      }
      if (p.communeCode) {
        const list = this.villagesByCommune.get(p.communeCode) ?? []
        list.push(p)
        this.villagesByCommune.set(p.communeCode, list)
      }
    }
    for (const [code, n] of traders) {
      const p = this.byCode.get(code)
      const targets = [
        this.stats.get(code),
        p?.kind === 'village' && p.communeCode ? this.stats.get(p.communeCode) : undefined,
        province,
      ]
      for (const t of targets) if (t) t.traders += n
    }
  }

  /**
   * The register of the database, kept in memory while neither places nor traders change (checked
   * on every call with one small query): reading 1,500 places is most of a dashboard's work.
   */
  static async load(ctx: Ctx): Promise<Register> {
    // The owners' fingerprints of places and traders, in one round trip.
    const r = await sql<{
      p: string
      t: string
    }>`select ${placesStampSql} as p, ${tradersStampSql} as t`.execute(ctx.db)
    const stamp = `${r.rows[0]?.p}/${r.rows[0]?.t}`
    const hit = cache.get(ctx.handle)
    if (hit?.stamp === stamp) return hit.register
    const [places, traders] = await Promise.all([placeRegister(ctx.db), tradersPerPlace(ctx.db)])
    const register = new Register(places, traders)
    cache.set(ctx.handle, { stamp, register })
    return register
  }

  /** The villages of a commune or ward, in code order. */
  villagesOf(commune: string): RegisterPlace[] {
    return this.villagesByCommune.get(commune) ?? []
  }

  /** Aggregates of a place (zeros when unknown). */
  of(code: string): PlaceStats {
    return this.stats.get(code) ?? zero()
  }

  /** The denominator of a percentage indicator at a place. */
  denominator(code: string, d: Exclude<Denominator, 'lessons'>): number {
    return this.of(code)[d]
  }
}
