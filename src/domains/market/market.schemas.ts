import { z } from 'zod'
import { freeText } from '../../core/text.ts'
import { nameSchema, phoneSchema } from '../people/people.schemas.ts'
import { bankByBin } from './vietqr.ts'

/** The onboarding checklist of the digital market, in the order a trader usually goes. */
export const STEPS = [
  'payment_account',
  'vietqr_at_stall',
  'received_transfer',
  'listed_online',
  'course_completed',
] as const
export type Step = (typeof STEPS)[number]

/** The selling-online course whose completion ticks the last step for traders with an account. */
export const SELLING_COURSE = 'selling-online'

// Free text under the one rule (core/text.ts, decision 0177).
const plain = (max: number) => freeText(1, max)

export const traderSchema = z
  .object({
    name: nameSchema,
    place_code: z.string().trim().min(1, 'required').max(20),
    market: plain(80),
    products: plain(200),
    phone: phoneSchema.optional(),
    bank_bin: z
      .string()
      .trim()
      .refine((b) => !!bankByBin(b), 'must be a bank that takes part in VietQR')
      .optional(),
    bank_account: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z]{4,19}$/, 'must be 4 to 19 letters or digits, without spaces')
      .optional(),
    id: z.string().uuid().optional(),
  })
  .strict()
  .refine((t) => !t.bank_account || t.bank_bin, {
    path: ['bank_bin'],
    message: 'required with an account number',
  })
  .refine((t) => !t.bank_bin || t.bank_account, { path: ['bank_account'], message: 'required with a bank' })

export const stepFactSchema = z
  .object({
    trader_id: z.string().uuid('must be a trader id'),
    step: z.enum(STEPS, { message: `must be one of ${STEPS.join(', ')}` }),
    // A form field is text: "true"/"false" from a phone's outbox (and records it queued before it
    // sent booleans) mean the same tick, stored as a boolean.
    done: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
      message: 'must be true or false',
    }),
  })
  .strict()

export const checkSchema = z
  .object({ payload: z.string().max(2000, 'must be at most 2000 characters') })
  .strict()
