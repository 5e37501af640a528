import type { Page } from 'playwright-core'
import type { Server } from './server.ts'

/** The counts the page's outbox reports. */
export function outboxCounts(page: Page): Promise<{ pending: number; rejected: number }> {
  return page.evaluate(() =>
    (
      window as unknown as { hocso: { outbox: { counts(): Promise<{ pending: number; rejected: number }> } } }
    ).hocso.outbox.counts(),
  )
}

/** Adds facts through the page's outbox (as a page script would) and returns their ids. */
export function addFacts(
  page: Page,
  facts: { kind: string; data: Record<string, unknown> }[],
): Promise<string[]> {
  return page.evaluate(async (list) => {
    const outbox = (
      window as unknown as { hocso: { outbox: { add(k: string, d: unknown): Promise<{ id: string }> } } }
    ).hocso.outbox
    const ids: string[] = []
    for (const f of list) ids.push((await outbox.add(f.kind, f.data)).id)
    return ids
  }, facts)
}

/** Asks the page's outbox to send now; resolves with its result. */
export function flush(
  page: Page,
): Promise<{ stored: number; rejected: number; pending: number; error?: string }> {
  return page.evaluate(() =>
    (window as unknown as { hocso: { outbox: { flush(): Promise<never> } } }).hocso.outbox.flush(),
  )
}

/** How many times each id is stored on the server (ids never stored are absent). */
export function storedTimes(server: Server, ids: string[]): Map<string, number> {
  const out = new Map<string, number>()
  for (let i = 0; i < ids.length; i += 300) {
    const part = ids.slice(i, i + 300)
    const rows = server.query<{ id: string; n: number }>(
      `select id, count(*) as n from facts where id in (${part.map(() => '?').join(',')}) group by id`,
      ...part,
    )
    for (const r of rows) out.set(r.id, r.n)
  }
  return out
}

/** The current lesson versions of a course, in order, with whether each has a quiz. */
export function lessonsOf(server: Server, course: string): { id: string; key: string; hasQuiz: boolean }[] {
  return server
    .query<{ id: string; lesson_key: string; has_quiz: number }>(
      'select id, lesson_key, has_quiz from lessons where course_slug = ? and current = 1 order by position',
      course,
    )
    .map((r) => ({ id: r.id, key: r.lesson_key, hasQuiz: r.has_quiz === 1 }))
}
