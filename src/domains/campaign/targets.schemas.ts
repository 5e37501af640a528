import { z } from 'zod'
import { daySchema } from '../../core/dates.ts'
import { says } from '../../core/errors.ts'
import type { MessageKey } from '../../core/i18n.ts'
import { numberIssue, scalarNumber } from '../../core/numbers.ts'
import { freeText } from '../../core/text.ts'
import { indicator } from './indicators.ts'

/**
 * A target: a count is a whole number of people, trainings, households…; a percentage lies between
 * 1 and 100 (checked with the indicator below). Text (a form) or a JSON number; `1e-300`, NaN,
 * arrays and the like are refused, so no target can be "reached" by a figure of zero.
 */
const valueSchema = z.preprocess(
  scalarNumber,
  z
    .number({ error: numberIssue('must be a number') })
    .refine((n) => n > 0, 'must be greater than 0')
    .refine((n) => n <= 10_000_000, 'must be at most 10,000,000'),
)
const deadlineSchema = daySchema()

/**
 * What a target's value means for its indicator: a count is a whole number; a percentage lies
 * from 1 to 100 with at most one decimal. Null when the value fits.
 */
export function valueProblem(
  unit: 'count' | 'percent',
  value: number,
): { message: string; params: { key: MessageKey } } | null {
  if (unit === 'count')
    return Number.isInteger(value)
      ? null
      : { message: 'must be a whole number', params: says('error.issue.whole_number') }
  if (value > 100)
    return { message: 'must be at most 100 for a percentage', params: says('dash.target.bad_percent') }
  if (value < 1 || Math.round(value * 10) !== value * 10)
    return {
      message: 'must be a percentage from 1 to 100, with at most one decimal',
      params: says('dash.target.bad_percent'),
    }
  return null
}
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
  .superRefine((t, ctx) => {
    const def = indicator(t.indicator)
    const problem = def && valueProblem(def.unit, t.value)
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], ...problem })
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
