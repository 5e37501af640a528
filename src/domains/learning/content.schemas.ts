import { z } from 'zod'
import { daySchema } from '../../core/dates.ts'
import { AUDIENCES, COMPETENCIES, LEVELS } from './learning.types.ts'

/**
 * The shapes of the content files (docs/content-format.md). The checker maps each zod issue path
 * back to the YAML node it names, so a writer sees `file:line: field: problem`.
 */
const slugRe = /^[a-z0-9]+(-[a-z0-9]+)*$/
const idRe = /^[A-Za-z0-9_-]{1,40}$/

/** course.yaml */
export const courseFileSchema = z
  .object({
    slug: z.string().regex(slugRe, 'must be lowercase a-z, 0-9 and "-"'),
    title: z.record(z.string(), z.string().trim().min(1, 'must not be empty')),
    summary: z.record(z.string(), z.string().trim().min(1, 'must not be empty')),
    audiences: z.array(z.enum(AUDIENCES)).min(1, 'must name at least one audience'),
    competency: z.enum(COMPETENCIES),
    level: z.enum(LEVELS),
    topics: z.array(z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase keyword')).default([]),
    pass_mark: z.number().int().min(1).max(100).default(70),
    minutes: z.number().int().min(1).max(10_000),
    sequential: z.boolean().default(false),
    lessons: z
      .array(z.string().regex(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lesson id like 01-install'))
      .min(1, 'must list at least one lesson'),
  })
  .strict()
export type CourseFile = z.infer<typeof courseFileSchema>

/** The front matter of a lesson Markdown file. */
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty'),
    updated: daySchema(),
    minutes: z.number().int().min(1).max(600).optional(),
    audio: z.string().optional(),
  })
  .strict()
export type FrontMatter = z.infer<typeof frontMatterSchema>

const choiceSchema = z
  .object({
    id: z.string().regex(idRe, 'must be a short id'),
    text: z.string().trim().min(1, 'must not be empty'),
    correct: z.boolean().optional(),
    explanation: z.string().trim().min(1, 'every choice needs an explanation'),
    picture: z.string().trim().min(1).optional(),
  })
  .strict()

const questionSchema = z.discriminatedUnion('type', [
  z
    .object({
      id: z.string().regex(idRe, 'must be a short id'),
      type: z.enum(['single', 'multiple']),
      prompt: z.string().trim().min(1),
      picture: z.string().trim().min(1).optional(),
      choices: z.array(choiceSchema).min(2, 'needs at least two choices'),
    })
    .strict(),
  z
    .object({
      id: z.string().regex(idRe, 'must be a short id'),
      type: z.literal('truefalse'),
      prompt: z.string().trim().min(1),
      picture: z.string().trim().min(1).optional(),
      answer: z.boolean({ message: 'must be true or false' }),
      explanation: z.string().trim().min(1),
    })
    .strict(),
  z
    .object({
      id: z.string().regex(idRe, 'must be a short id'),
      type: z.literal('order'),
      prompt: z.string().trim().min(1),
      picture: z.string().trim().min(1).optional(),
      steps: z
        .array(
          z.object({ id: z.string().regex(idRe, 'must be a short id'), text: z.string().min(1) }).strict(),
        )
        .min(2, 'needs at least two steps'),
      explanation: z.string().trim().min(1),
    })
    .strict(),
])

/** A quiz file: `<NN>-<slug>.quiz.<lang>.yaml`. */
export const quizFileSchema = z
  .object({ questions: z.array(questionSchema).min(1, 'must hold at least one question').max(100) })
  .strict()
export type QuizFile = z.infer<typeof quizFileSchema>
