import { z } from 'zod'
import { wholeNumber } from '../../core/numbers.ts'
import { freeText } from '../../core/text.ts'

/** Official codes of communes and wards are digits (3166 = Xã Mường Chà). */
export const communeCodeSchema = z
  .string({ message: 'must be text' })
  .trim()
  .regex(/^\d{1,6}$/, 'must be the code of a commune or ward (digits)')

/** Village codes: 1 to 20 letters, digits, - or _ (the demo uses 3166-001). */
export const placeCodeSchema = z
  .string({ message: 'must be text' })
  .trim()
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$/, 'must be a place code: 1 to 20 letters, digits, - or _')

/** A whole number from a form field (text) or from JSON (a JSON number); anything else is refused. */
const count = wholeNumber(0, 9_999_999, { min: 'must be 0 or more', max: 'must be at most 9999999' })

/** A yes/no field: a checkbox in a form ("on" when ticked, absent when not) or a JSON boolean. */
const flag = z.boolean({ message: 'must be true or false' }).default(false)

/** Editing one village's attributes (a province admin correcting the reference data). */
export const villageEditSchema = z
  .object({
    name: freeText(2, 100),
    has_4g: flag,
    has_telecom: flag,
    on_grid: flag,
    population: count.optional(),
    households: count.optional(),
  })
  .strict()
  .refine((v) => !(v.has_4g && !v.has_telecom), {
    path: ['has_4g'],
    message: 'cannot be true when has_telecom is false',
  })
export type VillageEdit = z.infer<typeof villageEditSchema>
