import { z } from 'zod'
import { dateTimeSchema } from '../../core/dates.ts'
import { says } from '../../core/errors.ts'
import { wholeNumber } from '../../core/numbers.ts'
import { freeText, optionalText } from '../../core/text.ts'
import { nameSchema, phoneSchema } from '../people/people.schemas.ts'

export const KINDS = ['training', 'festival', 'session'] as const
export type EventKind = (typeof KINDS)[number]
export const TOPICS = ['ai_officials', 'ai_everyone', 'digital_skills', 'digital_market', 'other'] as const
export type Topic = (typeof TOPICS)[number]
/**
 * The sectors of the AI trainings for officials: the four priorities of the province's plan
 * (education, smart agriculture, tourism, public administration). Every such training names one.
 */
export const SECTORS = ['education', 'smart_agriculture', 'tourism', 'public_administration'] as const
export type Sector = (typeof SECTORS)[number]

/** True for the events the campaign counts as AI trainings of officials (they carry a sector). */
export const isAiTraining = (e: { kind: string; topic: string }) =>
  e.kind === 'training' && e.topic === 'ai_officials'
export const STATUSES = ['registered', 'waiting', 'cancelled'] as const
export type RegStatus = (typeof STATUSES)[number]
export type RegSource = 'self' | 'organiser' | 'csv' | 'walk_in'

// Free text under the one rule (core/text.ts, decision 0177).
const plain = (max: number) => freeText(1, max)
const optionalPlain = (max: number) => optionalText(max)

/** Trainer names: a list, or one text with names separated by commas, semicolons or new lines. */
const trainersSchema = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[,;\n]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(nameSchema, { message: 'required: at least one trainer' })
    .min(1, 'required: at least one trainer')
    .max(10, 'at most 10 trainers'),
)

export const eventSchema = z
  .object({
    title: plain(140),
    kind: z.enum(KINDS, { message: `must be one of ${KINDS.join(', ')}` }),
    topic: z.enum(TOPICS, { message: `must be one of ${TOPICS.join(', ')}` }),
    audience: plain(140),
    summary: optionalText(600, { multiline: true }),
    place_code: z.string({ message: 'required' }).trim().min(1, 'required').max(20),
    venue: optionalPlain(140),
    // Vietnam time as a form sends it (2026-12-01T08:00), or ISO-8601 with an offset.
    starts_at: dateTimeSchema(),
    ends_at: dateTimeSchema(),
    capacity: wholeNumber(1, 20000),
    trainers: trainersSchema,
    course_slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'must be a course slug such as ai-for-officials')
      .optional(),
    sector: z.enum(SECTORS, { message: `must be one of ${SECTORS.join(', ')}` }).optional(),
    id: z.string().uuid('must be a UUID').optional(),
  })
  .strict()
  .refine((e) => e.ends_at > e.starts_at, { path: ['ends_at'], message: 'must be after the start' })
  .refine((e) => !isAiTraining(e) || e.sector, {
    path: ['sector'],
    message: `required for an AI training of officials: one of ${SECTORS.join(', ')}`,
    params: says('events.err.sector_required'),
  })
  // Only AI trainings of officials carry a sector; another event's is dropped, never stored.
  .transform((e) => (isAiTraining(e) ? e : { ...e, sector: undefined }))
export type EventInput = z.infer<typeof eventSchema>

/** One participant, as an organiser types them or as a CSV row gives them. */
export const participantSchema = z
  .object({
    name: nameSchema,
    phone: phoneSchema.optional(),
    organisation: optionalPlain(140),
    position: optionalPlain(140),
  })
  .strict()
export type ParticipantInput = z.infer<typeof participantSchema>

/** The CSV import: a file upload (form) or the CSV text (JSON or a pasted textarea). */
export const importSchema = z
  .object({
    file: z.instanceof(File, { message: 'must be a CSV file' }).optional(),
    csv: z.string().max(2_000_000, 'must be at most 2 MB').optional(),
  })
  .strict()
  .refine((b) => b.file || b.csv?.trim(), { path: ['file'], message: 'required: choose a CSV file' })

/** Letters and digits that cannot be mistaken for one another when read aloud or typed (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const CODE_ALPHABET = '346789ACDEFGHJKMNPQRTUVWXY'
export const CODE_LENGTH = 6

/** What a person types or a scanner reads: case, spaces and dashes do not matter. */
export const codeSchema = z
  .string({ message: 'required' })
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .refine((s) => s.length > 0, 'required')
  .refine(
    (s) => s.length === CODE_LENGTH && [...s].every((ch) => CODE_ALPHABET.includes(ch)),
    `must be the ${CODE_LENGTH}-character code shown under the QR`,
  )

/**
 * A check-in fact: by code, or a walk-in (name and the rest) registered and checked in at once. As a
 * correction (`corrects`), `withdrawn: true` with the event alone withdraws the check-in it corrects,
 * made by mistake (decision 0204, amended): a withdrawal names nobody, and one that corrects nothing
 * is refused when the fact is applied, which knows whether it corrects.
 */
export const checkinFactSchema = z
  .object({
    event_id: z.string({ message: 'required' }).uuid('must be an event id'),
    code: codeSchema.optional(),
    name: nameSchema.optional(),
    phone: phoneSchema.optional(),
    organisation: optionalPlain(140),
    position: optionalPlain(140),
    withdrawn: z.literal(true, { message: 'must be true, or left out' }).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.withdrawn) {
      if (d.code || d.name || d.phone || d.organisation || d.position)
        ctx.addIssue({
          code: 'custom',
          path: ['withdrawn'],
          message: 'a withdrawn check-in names nobody: give the event alone',
          params: says('events.checkin.withdrawn_names_nobody'),
        })
      return
    }
    if (!d.code && !d.name)
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'required (or a name for a walk-in)' })
    if (d.code && (d.name || d.phone || d.organisation || d.position))
      ctx.addIssue({ code: 'custom', path: ['code'], message: 'give either a code or a walk-in, not both' })
  })
export type CheckinData = z.infer<typeof checkinFactSchema>

/**
 * The most visitors one headcount may carry: a commune of Điện Biên has a few thousand to twenty
 * thousand people, so 10,000 at one booth or in one end-of-day count is a typo (an extra zero), not a
 * crowd. A bigger festival enters several counts (per booth). Decision 0196.
 */
export const HEADCOUNT_MAX = 10_000

/** A headcount's fields; a new count has at least one visitor, a correction may say 0 (withdrawn). */
const headcountFields = (min: number) => ({
  event_id: z.string({ message: 'required' }).uuid('must be an event id'),
  visitors: wholeNumber(min, HEADCOUNT_MAX),
  booth: optionalPlain(80),
  note: optionalText(300, { multiline: true }),
})

/**
 * A festival's headcount: visitors counted as a number because they did not check in one by one.
 * As a correction (`corrects`), `visitors: 0` withdraws the count it corrects, entered by mistake;
 * a new count of 0 is refused when the fact is applied, which knows whether it corrects (decision 0196).
 */
export const headcountFactSchema = z.object(headcountFields(0)).strict()
export type HeadcountData = z.infer<typeof headcountFactSchema>

/** The id a page made for the count it sends (a form sent twice is stored once). */
const pageFactId = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    'must be a lowercase UUIDv7',
  )
  .optional()

/** A new count from the headcount page (a form or JSON): at least one visitor. */
export const headcountEntrySchema = z.object({ ...headcountFields(1), id: pageFactId }).strict()

/** A correction from the headcount page: the right number, or 0 for a count entered by mistake. */
export const headcountCorrectionSchema = z.object({ ...headcountFields(0), id: pageFactId }).strict()
