import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { currentUserById } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { can, PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { listVillages, placeRef } from '../places/places.service.ts'
import * as catalogue from './catalogue.store.ts'
import type { LangMap } from './learning.types.ts'
import type { EventRow } from './progress.store.ts'
import { listEvents, type StatementQuery, type StatementScope } from './xapi.store.ts'

/**
 * Learning facts as xAPI 1.0.3 statements, for export to any Learning Record Store. The statement
 * id is the fact id, so an LRS that receives the same statement twice keeps one. Actors are
 * accounts on this server (no names or phone numbers leave it: Decree 13/2023).
 */
export const XAPI_VERSION = '1.0.3'
const ADL = 'http://adlnet.gov/expapi'

const VERBS = {
  experienced: { vi: 'đã xem', fr: 'a consulté', en: 'experienced' },
  completed: { vi: 'đã hoàn thành', fr: 'a terminé', en: 'completed' },
  passed: { vi: 'đã đạt', fr: 'a réussi', en: 'passed' },
  failed: { vi: 'chưa đạt', fr: 'a échoué', en: 'failed' },
} as const

function verb(name: keyof typeof VERBS) {
  const d = VERBS[name]
  return { id: `${ADL}/verbs/${name}`, display: { 'en-US': d.en, vi: d.vi, fr: d.fr } }
}

/** Whose statements this person may read, through the policy module. */
export async function statementScope(ctx: Ctx, user: CurrentUser): Promise<StatementScope> {
  const scopes = scopesFor(user, 'learners.progress.read')
  if (scopes.includes(PROVINCE_CODE)) return { self: user.id, all: true, places: [] }
  const places = new Set<string>()
  for (const code of scopes) {
    places.add(code)
    for (const v of await listVillages(ctx.db, code)) places.add(v.code)
  }
  return { self: user.id, all: false, places: [...places] }
}

/** Refuses (403) a request for another person's statements unless the policy allows it. */
export async function assertMayRead(ctx: Ctx, user: CurrentUser, accountId: string): Promise<void> {
  if (accountId === user.id) return
  let allowed = false
  try {
    const person = await currentUserById(ctx, accountId)
    const place = person.placeCode
      ? await placeRef(ctx, person.placeCode)
      : { code: PROVINCE_CODE, communeCode: null }
    allowed = can(user, 'learners.progress.read', place)
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'not_found')) throw err
  }
  if (!allowed) throw new AppError('forbidden', 'agent: you may not read the learning records of this person')
}

type Titles = { courses: Map<string, LangMap>; lessons: Map<string, LangMap> }

async function titlesFor(ctx: Ctx, rows: EventRow[]): Promise<Titles> {
  const courses = new Map<string, LangMap>()
  for (const slug of new Set(rows.map((r) => r.course_slug))) {
    const c = await catalogue.findCourse(ctx.db, slug)
    if (c) courses.set(slug, JSON.parse(c.titles) as LangMap)
  }
  const lessons = new Map<string, LangMap>()
  const ids = [...new Set(rows.map((r) => r.lesson_id).filter((x): x is string => !!x))]
  for (const t of await catalogue.titlesOf(ctx.db, ids)) {
    const m = lessons.get(t.lesson_id) ?? {}
    m[t.lang as keyof LangMap] = t.title
    lessons.set(t.lesson_id, m)
  }
  return { courses, lessons }
}

/** One xAPI statement from one learning event. */
export function toStatement(ev: EventRow, base: string, titles: Titles, authority: string) {
  const courseIri = `${base}/courses/${ev.course_slug}`
  const courseName = titles.courses.get(ev.course_slug) ?? { vi: ev.course_slug }
  const lessonIri = `${courseIri}/${ev.lesson_key}`
  const lessonName = (ev.lesson_id && titles.lessons.get(ev.lesson_id)) || { vi: ev.lesson_key ?? '' }
  const actor = { objectType: 'Agent', account: { homePage: base, name: ev.account_id } }
  const parent = { contextActivities: { parent: [{ objectType: 'Activity', id: courseIri }] } }
  let v: ReturnType<typeof verb>
  let object: Record<string, unknown>
  let result: Record<string, unknown> | undefined
  let context: Record<string, unknown> = { language: ev.lang, platform: 'hocso' }
  const activity = (id: string, type: string, name: LangMap) => ({
    objectType: 'Activity',
    id,
    definition: { type: `${ADL}/activities/${type}`, name },
  })
  switch (ev.kind) {
    case 'lesson_opened':
      v = verb('experienced')
      object = activity(lessonIri, 'lesson', lessonName)
      context = { ...context, ...parent }
      break
    case 'lesson_completed':
      v = verb('completed')
      object = activity(lessonIri, 'lesson', lessonName)
      result = { completion: true }
      context = { ...context, ...parent }
      break
    case 'quiz_attempt':
      v = verb(ev.passed ? 'passed' : 'failed')
      object = activity(`${lessonIri}/quiz`, 'assessment', lessonName)
      result = {
        score: { scaled: (ev.score ?? 0) / 100, raw: ev.correct ?? 0, min: 0, max: ev.total ?? 0 },
        success: ev.passed === 1,
        completion: true,
        response: ev.answers ?? '{}',
      }
      context = {
        ...context,
        contextActivities: {
          parent: [{ objectType: 'Activity', id: lessonIri }],
          grouping: [{ objectType: 'Activity', id: courseIri }],
        },
      }
      break
    default:
      v = verb('completed')
      object = activity(courseIri, 'course', courseName)
      result = { completion: true, success: true }
  }
  return {
    id: ev.fact_id,
    actor,
    verb: v,
    object,
    ...(result ? { result } : {}),
    context,
    timestamp: ev.occurred_at,
    stored: ev.stored_at,
    authority: { objectType: 'Agent', account: { homePage: base, name: authority } },
    version: '1.0.0',
  }
}

/** A page of statements and the `more` cursor (opaque: stored time and id of the last one). */
export async function statements(ctx: Ctx, user: CurrentUser, q: StatementQuery, base: string) {
  if (q.agent) await assertMayRead(ctx, user, q.agent)
  const scope = await statementScope(ctx, user)
  const rows = await listEvents(ctx.db, scope, q)
  const more = rows.length > q.limit
  const page = rows.slice(0, q.limit)
  const titles = await titlesFor(ctx, page)
  const last = page[page.length - 1]
  return {
    statements: page.map((r) => toStatement(r, base, titles, `node:${ctx.nodeId}`)),
    cursor: more && last ? Buffer.from(`${last.stored_at}|${last.fact_id}`).toString('base64url') : null,
  }
}
