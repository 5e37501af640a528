import type { FieldIssue } from '../../core/errors.ts'
import type { Answer, Question } from './learning.types.ts'

/**
 * Reads a quiz form posted without JavaScript: `q.<id>` holds a choice (radio), several choices
 * (checkboxes) or "true"/"false"; an order question posts `q.<id>.<position>` = step id for each
 * position. Every question must be answered, and each step placed once.
 */
export function readQuizForm(
  questions: Question[],
  form: Record<string, string | File | (string | File)[]>,
): { answers: Record<string, Answer>; issues: FieldIssue[] } {
  const answers: Record<string, Answer> = {}
  const issues: FieldIssue[] = []
  const values = (name: string): string[] => {
    const v = form[name]
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === 'string' && x !== '',
    )
  }
  for (const q of questions) {
    const field = `q.${q.id}`
    if (q.type === 'order') {
      const order = q.steps.map((_, i) => values(`${field}.${i + 1}`)[0] ?? '')
      if (order.some((s) => !s)) issues.push({ field, message: 'choose a step for every position' })
      else if (new Set(order).size !== order.length) issues.push({ field, message: 'use each step once' })
      else answers[q.id] = order
      continue
    }
    const v = values(field)
    if (!v.length) {
      issues.push({
        field,
        message: q.type === 'multiple' ? 'choose at least one answer' : 'choose an answer',
      })
      continue
    }
    if (q.type === 'truefalse') {
      if (v[0] !== 'true' && v[0] !== 'false') issues.push({ field, message: 'must be true or false' })
      else answers[q.id] = v[0] === 'true'
    } else if (q.type === 'multiple') answers[q.id] = [...new Set(v)]
    else answers[q.id] = v[0]!
  }
  return { answers, issues }
}
