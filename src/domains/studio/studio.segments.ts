import type { Question } from '../learning/learning.types.ts'

/**
 * A lesson cut into what a translator translates one at a time: the title, each Markdown block
 * (paragraph, list, picture line: blocks are separated by a blank line) and every quiz text.
 * Keys are stable names (`title`, `p:3`, `q:q1:prompt`, `q:q1:c:a:text`...) so a draft survives
 * a reload and a changed original is compared paragraph by paragraph.
 */
export type Segment = { key: string; kind: 'title' | 'paragraph' | 'quiz'; source: string }

// The blocks of a Markdown body are cut by learning's own rule, so a recorded section and the
// section a learner sees are the same text.
export { paragraphs } from '../learning/studio.bridge.ts'

import { paragraphs } from '../learning/studio.bridge.ts'

/** Every quiz text of the questions, keyed. */
function quizSegments(questions: Question[]): Segment[] {
  const out: Segment[] = []
  const add = (key: string, source: string) => out.push({ key, kind: 'quiz', source })
  for (const q of questions) {
    add(`q:${q.id}:prompt`, q.prompt)
    if (q.type === 'single' || q.type === 'multiple')
      for (const c of q.choices) {
        add(`q:${q.id}:c:${c.id}:text`, c.text)
        add(`q:${q.id}:c:${c.id}:explanation`, c.explanation)
      }
    if (q.type === 'truefalse') add(`q:${q.id}:explanation`, q.explanation)
    if (q.type === 'order') {
      for (const s of q.steps) add(`q:${q.id}:s:${s.id}`, s.text)
      add(`q:${q.id}:explanation`, q.explanation)
    }
  }
  return out
}

/** The segments of a lesson: title, paragraphs, quiz texts. */
export function segmentsOf(title: string, body: string, questions: Question[] | null): Segment[] {
  return [
    { key: 'title', kind: 'title', source: title },
    ...paragraphs(body).map((p, i) => ({ key: `p:${i + 1}`, kind: 'paragraph' as const, source: p })),
    ...quizSegments(questions ?? []),
  ]
}

/** The translated lesson: title, Markdown body and questions with their texts replaced. */
export function assemble(
  _title: string,
  body: string,
  questions: Question[] | null,
  text: (key: string) => string,
): { title: string; body: string; questions: Question[] | null } {
  const paras = paragraphs(body).map((_, i) => text(`p:${i + 1}`))
  const qs = questions?.map((q): Question => {
    const prompt = text(`q:${q.id}:prompt`)
    if (q.type === 'single' || q.type === 'multiple')
      return {
        ...q,
        prompt,
        choices: q.choices.map((c) => ({
          ...c,
          text: text(`q:${q.id}:c:${c.id}:text`),
          explanation: text(`q:${q.id}:c:${c.id}:explanation`),
        })),
      }
    if (q.type === 'truefalse') return { ...q, prompt, explanation: text(`q:${q.id}:explanation`) }
    return {
      ...q,
      prompt,
      steps: q.steps.map((s) => ({ ...s, text: text(`q:${q.id}:s:${s.id}`) })),
      explanation: text(`q:${q.id}:explanation`),
    }
  })
  return { title: text('title'), body: `${paras.join('\n\n')}\n`, questions: qs ?? null }
}
