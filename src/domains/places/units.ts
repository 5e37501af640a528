import { readFileSync } from 'node:fs'
import { z } from 'zod'

const UnitsFile = z.object({
  source: z.string(),
  province: z.object({ code: z.number(), name: z.string(), codename: z.string() }),
  units: z.array(
    z.object({ code: z.number(), name: z.string(), division_type: z.string(), codename: z.string() }),
  ),
})

export type Unit = { code: string; name: string; kind: 'ward' | 'commune'; codename: string }

/** The province's 45 communes and wards with their official codes, from data/dien-bien-units.json. */
export function loadUnits(): { province: { code: string; name: string; codename: string }; units: Unit[] } {
  const file = new URL('../../../data/dien-bien-units.json', import.meta.url)
  const data = UnitsFile.parse(JSON.parse(readFileSync(file, 'utf8')))
  return {
    province: {
      code: String(data.province.code),
      name: data.province.name,
      codename: data.province.codename,
    },
    units: data.units.map((u) => ({
      code: String(u.code),
      name: u.name,
      kind: u.division_type === 'phường' ? 'ward' : 'commune',
      codename: u.codename,
    })),
  }
}
