import { z } from 'zod'
import { freeText } from '../../core/text.ts'
import { indicator } from './indicators.ts'

const valueSchema = z.coerce
  .number({ message: 'must be a number' })
  .refine((n) => Number.isFinite(n), 'must be a number')
  .refine((n) => n > 0, 'must be greater than 0')
  .refine((n) => n <= 10_000_000, 'must be at most 10,000,000')
const deadlineSchema = z
  .string({ message: 'required' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real date')
const noteSchema = freeText(0, 200)

/** A target as a form or JSON sends it. */
export const targetSchema = z
  .object({
    indicator: z
      .string({ message: 'required' })
      .trim()
      .refine((id) => !!indicator(id), 'must be an indicator of the catalogue'),
    scope_code: z.string({ message: 'required' }).trim().min(1, 'required').max(20),
    value: valueSchema,
    deadline: deadlineSchema,
    note: noteSchema.optional(),
  })
  .strict()
  .refine((t) => indicator(t.indicator)?.unit !== 'percent' || t.value <= 100, {
    path: ['value'],
    message: 'must be at most 100 for a percentage',
  })
export type TargetInput = z.infer<typeof targetSchema>

/** A change to a target: its value, deadline and note (indicator and scope stay). */
export const targetEditSchema = z
  .object({
    value: valueSchema,
    deadline: deadlineSchema,
    note: noteSchema.optional(),
    indicator: z.string().optional(),
    scope_code: z.string().optional(),
  })
  .strict()

/** A planned hub or ambassador visit to a village. */
export const visitSchema = z
  .object({
    village_code: z.string({ message: 'required' }).trim().min(1, 'required').max(20),
    kind: z.enum(['hub', 'ambassador_visit'], { message: 'must be hub or ambassador_visit' }),
    planned_on: deadlineSchema,
    /** Who goes: an ambassador's or an officer's name, as the planner writes it. */
    assignee: freeText(1, 80),
    note: noteSchema.optional(),
  })
  .strict()
export type VisitInput = z.infer<typeof visitSchema>
