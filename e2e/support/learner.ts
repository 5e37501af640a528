import type { Page } from 'playwright-core'

type Choice = { id: string; correct?: boolean }
type Question =
  | { id: string; type: 'single' | 'multiple'; choices: Choice[] }
  | { id: string; type: 'truefalse'; answer: boolean }
  | { id: string; type: 'order'; steps: { id: string }[] }

/** Signs up a new person through the real form; resolves once signed in. */
export async function signUp(
  page: Page,
  name: string,
  phone: string,
  password = 'hoc-so-2026',
): Promise<void> {
  await page.goto('/signup')
  await page.fill('input[name=display_name]', name)
  await page.fill('input[name=phone]', phone)
  await page.fill('input[name=password]', password)
  await page.check('input[name=consent]')
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/signup')),
    page.click('form[action="/signup"] button[type=submit]'),
  ])
}

/** Fills the quiz form on the page: every answer right, or every answer wrong (`wrong`). */
export async function answerQuiz(
  page: Page,
  questions: Question[],
  opts: { wrong?: boolean } = {},
): Promise<void> {
  for (const q of questions) {
    const name = `q.${q.id}`
    if (q.type === 'single' || q.type === 'multiple') {
      for (const ch of q.choices) {
        const want = opts.wrong ? !ch.correct : !!ch.correct
        const box = page.locator(`input[name="${name}"][value="${ch.id}"]`)
        if (q.type === 'single') {
          if (want) await box.check()
        } else if (want) await box.check()
        else await box.uncheck()
      }
    } else if (q.type === 'truefalse') {
      const v = opts.wrong ? !q.answer : q.answer
      await page.locator(`input[name="${name}"][value="${v}"]`).check()
    } else if (q.type === 'order') {
      const steps = opts.wrong ? [...q.steps].reverse() : q.steps
      for (const [i, s] of steps.entries()) await page.selectOption(`select[name="${name}.${i + 1}"]`, s.id)
    }
  }
}
