import type { QuizFile } from './content.schemas.ts'
import type { ParsedYaml, YamlIssue } from './content.yaml.ts'

/**
 * The rules of a quiz that a schema cannot say: a question has a correct answer, ids are unique,
 * and a translation asks the same questions with the same correct answers as the Vietnamese quiz
 * (so a learner's score never depends on the language they read it in).
 */
export function quizRules(quiz: QuizFile, y: ParsedYaml): YamlIssue[] {
  const out: YamlIssue[] = []
  const seen = new Set<string>()
  quiz.questions.forEach((q, i) => {
    const line = y.lineOf(['questions', i])
    if (seen.has(q.id)) out.push({ line, message: `${q.id}: question id used twice` })
    seen.add(q.id)
    if (q.type === 'single' || q.type === 'multiple') {
      const ids = new Set<string>()
      q.choices.forEach((ch, j) => {
        if (ids.has(ch.id))
          out.push({
            line: y.lineOf(['questions', i, 'choices', j]),
            message: `${q.id}: choice id ${ch.id} used twice`,
          })
        ids.add(ch.id)
      })
      const correct = q.choices.filter((ch) => ch.correct).length
      if (correct === 0)
        out.push({ line, message: `${q.id}: no correct answer (mark a choice with "correct: true")` })
      else if (q.type === 'single' && correct > 1)
        out.push({
          line,
          message: `${q.id}: a single-choice question has exactly one correct choice, not ${correct}`,
        })
    }
    if (q.type === 'order') {
      const ids = new Set(q.steps.map((s) => s.id))
      if (ids.size !== q.steps.length) out.push({ line, message: `${q.id}: step ids must be unique` })
    }
  })
  return out
}

/** The answer key of a quiz, in a comparable form: what must be equal across languages. */
function key(quiz: QuizFile): Map<string, string> {
  return new Map(
    quiz.questions.map((q) => {
      if (q.type === 'truefalse') return [q.id, `truefalse:${q.answer}`]
      if (q.type === 'order') return [q.id, `order:${q.steps.map((s) => s.id).join('>')}`]
      return [q.id, `${q.type}:${q.choices.map((c) => `${c.id}${c.correct ? '*' : ''}`).join(',')}`]
    }),
  )
}

function describe(k: string | undefined): string {
  if (!k) return 'absent'
  const [type, rest] = k.split(/:(.*)/s) as [string, string]
  if (type === 'truefalse') return `answer ${rest}`
  if (type === 'order') return `steps in order ${rest.replaceAll('>', ', ')}`
  const correct = rest
    .split(',')
    .filter((c) => c.endsWith('*'))
    .map((c) => c.slice(0, -1))
  return `${type}, choices ${rest.replaceAll('*', '')}, correct ${correct.join(', ') || 'none'}`
}

/** Differences between a translated quiz and the Vietnamese one, each on the translation's line. */
export function compareQuizzes(vi: QuizFile, tr: QuizFile, y: ParsedYaml): YamlIssue[] {
  const out: YamlIssue[] = []
  const a = key(vi)
  const b = key(tr)
  const ids = (q: QuizFile) => q.questions.map((x) => x.id).join(', ')
  if (ids(vi) !== ids(tr)) {
    out.push({
      line: y.lineOf(['questions']),
      message: `does not match the Vietnamese quiz: questions ${ids(tr)} here, ${ids(vi)} in Vietnamese`,
    })
  }
  tr.questions.forEach((q, i) => {
    const want = a.get(q.id)
    if (want !== undefined && want !== b.get(q.id)) {
      out.push({
        line: y.lineOf(['questions', i]),
        message: `${q.id}: does not match the Vietnamese quiz (here: ${describe(b.get(q.id))}; Vietnamese: ${describe(want)})`,
      })
    }
  })
  return out
}
