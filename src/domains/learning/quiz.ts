import type { Answer, Question } from './learning.types.ts'

/**
 * Quiz scoring, done on the server from the answers alone (a client never sends a score). Each
 * question is right or wrong as a whole: a multiple-choice question is right when exactly the
 * correct choices are chosen, an order question when every step is in its place.
 */
export type QuizScore = { score: number; correct: number; total: number; right: Record<string, boolean> }

/** True when the answer to one question is right. */
export function isRight(q: Question, a: Answer | undefined): boolean {
  if (a === undefined) return false
  switch (q.type) {
    case 'single':
      return typeof a === 'string' && q.choices.some((c) => c.correct && c.id === a)
    case 'multiple': {
      const chosen = new Set(Array.isArray(a) ? a : typeof a === 'string' ? [a] : [])
      const want = q.choices.filter((c) => c.correct).map((c) => c.id)
      return chosen.size === want.length && want.every((id) => chosen.has(id))
    }
    case 'truefalse':
      return a === q.answer
    case 'order':
      return Array.isArray(a) && a.length === q.steps.length && q.steps.every((s, i) => a[i] === s.id)
  }
}

/** Scores a set of answers: percent of questions right, rounded down (70% means 7 of 10). */
export function scoreQuiz(questions: Question[], answers: Record<string, Answer>): QuizScore {
  const right: Record<string, boolean> = {}
  for (const q of questions) right[q.id] = isRight(q, answers[q.id])
  const correct = Object.values(right).filter(Boolean).length
  const total = questions.length
  return { score: total ? Math.floor((correct * 100) / total) : 0, correct, total, right }
}

/** Answers naming questions or choices the quiz does not have: `answers.q9: no such question`. */
export function unknownAnswers(questions: Question[], answers: Record<string, Answer>): string[] {
  const byId = new Map(questions.map((q) => [q.id, q]))
  const out: string[] = []
  for (const [id, a] of Object.entries(answers)) {
    const q = byId.get(id)
    if (!q) {
      out.push(`answers.${id}: no such question`)
      continue
    }
    const ids =
      q.type === 'order'
        ? q.steps.map((s) => s.id)
        : q.type === 'truefalse'
          ? null
          : q.choices.map((c) => c.id)
    if (q.type === 'truefalse' && typeof a !== 'boolean') out.push(`answers.${id}: must be true or false`)
    if (ids) {
      const given = Array.isArray(a) ? a : [a]
      const bad = given.filter((g) => typeof g !== 'string' || !ids.includes(g))
      if (bad.length) out.push(`answers.${id}: unknown choice ${bad.map(String).join(', ')}`)
      if (q.type === 'single' && Array.isArray(a)) out.push(`answers.${id}: choose one answer`)
    }
  }
  return out
}

/** A stable shuffle (so the order shown does not change on reload) that never keeps the original order. */
export function shuffled<T>(items: T[], seed: string): T[] {
  let h = 2166136261
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619)
  const rand = () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507) ^ Math.imul(h ^ (h >>> 13), 3266489909)
    h ^= h >>> 16
    return (h >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  if (out.length > 1 && out.every((x, i) => x === items[i])) out.push(out.shift()!)
  return out
}
