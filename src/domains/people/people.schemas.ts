import { z } from 'zod'
import { says } from '../../core/errors.ts'
import { wholeNumber } from '../../core/numbers.ts'
import { freeText } from '../../core/text.ts'
import { placeCodeSchema } from '../places/places.schemas.ts'
import { ROLES } from './people.types.ts'

/** Vietnamese mobile numbers: 10 digits starting with 0, or +84 and 9 digits; stored as 0xxxxxxxxx. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s.-]/g, ''))
  .refine((s) => /^(0\d{9}|\+84\d{9})$/.test(s), {
    message: 'must be 10 digits starting with 0, or +84 and 9 digits',
    params: says('people.err.phone'),
  })
  .transform((s) => (s.startsWith('+84') ? `0${s.slice(3)}` : s))

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z][a-z0-9._-]{2,31}$/,
    'must be 3 to 32 letters a-z, digits, dot, dash or underscore, starting with a letter',
  )

export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters')

/** A person's name as they write it, under the one free-text rule (core/text.ts, decision 0177). */
export const nameSchema = freeText(2, 80)

const thisYear = new Date().getFullYear()
/** A year of birth: text from a form or a JSON number (never `[1980]` or `true`: core/numbers.ts). */
export const birthYearSchema = wholeNumber(1900, thisYear, {
  min: 'must be 1900 or later',
  max: `must be ${thisYear} or earlier`,
})

/** Sign-in identifier: a phone number or a username. */
export const loginSchema = z
  .object({
    login: z.string().trim().min(1, 'required').max(64, 'must be at most 64 characters'),
    password: z.string().min(1, 'required').max(200, 'must be at most 200 characters'),
  })
  .strict()

export const signupSchema = z
  .object({
    display_name: nameSchema,
    phone: phoneSchema,
    password: passwordSchema,
    birth_year: birthYearSchema.optional(),
    place_code: placeCodeSchema.optional(),
    consent: z.literal(true, { message: 'you must agree to how your data is used' }),
  })
  .strict()

export const assistedSignupSchema = z
  .object({
    display_name: nameSchema,
    phone: phoneSchema.optional(),
    birth_year: birthYearSchema.optional(),
    place_code: placeCodeSchema,
    consent: z.literal(true, { message: 'the person must agree to how their data is used' }),
  })
  .strict()

export const roleSchema = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` })

export const assignRoleSchema = z
  .object({
    account_id: z.string().uuid('must be an account id'),
    role: roleSchema,
    scope_code: placeCodeSchema,
    languages: z
      .string()
      .trim()
      .regex(/^([a-z]{2,3}(,[a-z]{2,3})*)?$/, 'must be language codes separated by commas, e.g. hnj,blt')
      .optional(),
  })
  .strict()
