import { z } from 'zod'
import { dateTimeSchema, daySchema } from '../../core/dates.ts'
import { freeText } from '../../core/text.ts'
import { birthYearSchema, nameSchema, phoneSchema } from '../people/people.schemas.ts'

/** What an ambassador helped with, in the order the form shows them (most frequent first). */
export const HELP_WHAT = [
  'vneid_install',
  'vneid_level2',
  'public_service',
  'payment_account',
  'first_cashless',
  'list_products',
  'course_enrol',
  'other',
] as const
/** For whom: nobody named, an existing account, or a person registered on the spot with consent. */
export const HELP_WHOM = ['anonymous', 'account', 'new'] as const
export const SEXES = ['female', 'male'] as const
export const AGE_BANDS = ['under_18', '18_35', '36_59', '60_plus'] as const
/** The Digital family (Gia đình số) checklist of a household. */
export const CRITERIA = [
  'smartphone',
  'internet',
  'vneid_all_adults',
  'payment_account',
  'online_public_services',
  'course_completed',
] as const
export type Criterion = (typeof CRITERIA)[number]
export const GROUP_ROLES = ['leader', 'member'] as const

/** An enum whose error says "required" when the field is missing and lists the choices otherwise. */
function choice<T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) => (iss.input === undefined ? 'required' : `must be one of ${values.join(', ')}`),
  })
}

/**
 * Field forms arrive as a plain form post, as JSON, or captured from the form by the offline
 * outbox: drop form-only keys (`_csrf`, `_id`), empty fields and nulls, and read a checkbox's "on"
 * as true, so that all three give the same data.
 */
export function formish(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v
  // Data that is clean already (JSON, and every fact that arrives by sync) is returned as it is:
  // a sync page reads thousands of them, and a copy of each is garbage at once.
  if (Object.keys(v).every((k) => !k.startsWith('_') && !dropped((v as Record<string, unknown>)[k]))) return v
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k, x]) => !k.startsWith('_') && x !== '' && x !== null && x !== undefined)
      .map(([k, x]) => [k, x === 'on' ? true : x]),
  )
}

/** A value formish drops or changes. */
const dropped = (x: unknown) => x === '' || x === null || x === undefined || x === 'on'

export const placeCodeSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a place code') })
  .trim()
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]{0,19}$/, 'must be a place code such as 3166-001')

const noteSchema = freeText(0, 200)

/**
 * When the help happened, if not now: ISO-8601 with an offset, or a phone's `datetime-local`
 * value (YYYY-MM-DDTHH:MM), read as Vietnam time (UTC+7, no daylight saving). Stored as UTC.
 */
const atSchema = dateTimeSchema('2026-11-29T14:30')

const helpFields = z
  .object({
    what: choice(HELP_WHAT),
    note: noteSchema.optional(),
    whom: choice(HELP_WHOM),
    village: placeCodeSchema,
    at: atSchema.optional(),
    person_id: z.string().uuid('must be an account id').optional(),
    display_name: nameSchema.optional(),
    phone: phoneSchema.optional(),
    birth_year: birthYearSchema.optional(),
    consent: z.literal(true, { message: 'the person must agree to how their data is used' }).optional(),
    sex: choice(SEXES).optional(),
    age_band: choice(AGE_BANDS).optional(),
  })
  .strict()

/** The data of a `help_given` fact, as stored (only the fields of the chosen "for whom"). */
export type HelpData = {
  what: (typeof HELP_WHAT)[number]
  note?: string
  whom: (typeof HELP_WHOM)[number]
  village: string
  at?: string
  person_id?: string
  display_name?: string
  phone?: string
  birth_year?: number
  consent?: true
  sex?: (typeof SEXES)[number]
  age_band?: (typeof AGE_BANDS)[number]
}

/**
 * A `help_given` fact's data. The fields of the other "for whom" choices are dropped (a form
 * without JavaScript shows them all), and each choice requires its own: anonymous help needs sex
 * and age band, an existing account its id, an on-the-spot registration a name and consent.
 */
export const helpDataSchema = z.preprocess(
  formish,
  helpFields
    .superRefine((d, ctx) => {
      const need = (field: keyof HelpData, message: string) => {
        if (d[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message })
      }
      if (d.what === 'other') need('note', 'required when the help is "other": say what it was')
      if (d.whom === 'anonymous') {
        need('sex', 'required for anonymous help')
        need('age_band', 'required for anonymous help')
      } else if (d.whom === 'account') need('person_id', 'required: choose the person helped')
      else if (d.whom === 'new') {
        // Once registered, the stored fact holds the new account's id instead of the name (which
        // lives in the account, where it can be erased): that is the form other nodes receive.
        if (d.person_id === undefined) need('display_name', 'required to register the person')
        need('consent', 'the person must agree to how their data is used')
      }
    })
    .transform((d): HelpData => {
      const out: HelpData = { what: d.what, whom: d.whom, village: d.village }
      if (d.note !== undefined && d.note !== '') out.note = d.note
      if (d.at !== undefined) out.at = d.at
      if (d.whom === 'anonymous') Object.assign(out, { sex: d.sex, age_band: d.age_band })
      if (d.whom === 'account') out.person_id = d.person_id
      if (d.whom === 'new') {
        Object.assign(out, { consent: d.consent })
        if (d.display_name !== undefined) out.display_name = d.display_name
        if (d.person_id !== undefined) out.person_id = d.person_id
        if (d.phone !== undefined) out.phone = d.phone
        if (d.birth_year !== undefined) out.birth_year = d.birth_year
        if (d.person_id !== undefined) out.person_id = d.person_id
      }
      return out
    }),
)

/** A checkbox or JSON boolean; absent means not ticked. */
const tick = z.preprocess(
  (v) =>
    v === undefined
      ? false
      : v === 'true' || v === '1' || v === 1
        ? true
        : v === 'false' || v === '0' || v === 0
          ? false
          : v,
  z.boolean({ message: 'must be true or false' }),
)

/**
 * A household is known in its village by a number or short label chosen there ("12", "Tổ 2-07"),
 * never by a name: requiring a digit keeps names out (Decree 13/2023: no more personal data than needed).
 */
export const householdLabelSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text') })
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'required')
      .max(20, 'must be at most 20 characters')
      .regex(/^[\p{L}\p{N} ./-]+$/u, 'may hold only letters, digits, spaces and . / -')
      .regex(/\d/, 'must contain a number: the household number used in the village, not a name'),
  )

/** The data of a `household_checked` fact: the whole checklist of one household at one time. */
export const householdDataSchema = z.preprocess(
  formish,
  z
    .object({
      village: placeCodeSchema,
      household: householdLabelSchema,
      smartphone: tick,
      internet: tick,
      vneid_all_adults: tick,
      payment_account: tick,
      online_public_services: tick,
      course_completed: tick,
    })
    .strict(),
)
export type HouseholdData = z.infer<typeof householdDataSchema>

/** Adding a person to a village or commune technology group. */
export const addMemberSchema = z.preprocess(
  formish,
  z
    .object({
      account_id: z.string({ error: () => 'required: choose a person' }).uuid('must be an account id'),
      group_role: choice(GROUP_ROLES).default('member'),
      since: daySchema().optional(),
    })
    .strict(),
)
export type AddMemberInput = z.infer<typeof addMemberSchema>
