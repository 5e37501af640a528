import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { importContent } from './content.import.ts'

/** Test factories of the learning domain: the fixture folders, an imported database, learners. */
export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname
export const GOOD = join(FIXTURES, 'good')
export const BROKEN = join(FIXTURES, 'broken')

/** A test database with the demo accounts and the good fixture courses imported. */
export async function learningEnv(): Promise<TestEnv> {
  const env = await testEnv()
  await demoPeople(env.ctx)
  await importContent(env.ctx, GOOD)
  return env
}

/** A writable copy of the good fixtures (for tests that change a lesson). */
export function copyOfGood(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hocso-content-'))
  cpSync(GOOD, dir, { recursive: true })
  return dir
}

let phones = 0
/** Signs a new learner up through the real form; returns their client and account id. */
export async function newLearner(env: TestEnv, name = 'Lò Thị Mai'): Promise<{ c: Client; id: string }> {
  const c = new Client(env.app)
  const phone = `09${String(process.pid % 1000).padStart(3, '0')}${String(++phones).padStart(5, '0')}`
  const res = await c.request('/signup', {
    form: { display_name: name, phone, password: 'mat-khau-123', consent: 'on' },
  })
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`)
  const row = await env.ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('phone', '=', phone)
    .executeTakeFirstOrThrow()
  return { c, id: row.id }
}

/** Current lesson version ids of a course, by lesson key. */
export async function lessonIds(env: TestEnv, slug: string): Promise<Record<string, string>> {
  const rows = await env.ctx.db
    .selectFrom('lessons')
    .select(['id', 'lesson_key'])
    .where('course_slug', '=', slug)
    .where('current', '=', 1)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.lesson_key, r.id]))
}

/** The text of a page with tags removed and spaces collapsed: what a person reads. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
