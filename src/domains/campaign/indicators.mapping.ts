import { z } from 'zod'
import type { Needs, Sources } from './campaign.sources.ts'
import { AUDIENCES, HELP_KINDS, LANGS, SECTORS, TRADER_STEPS } from './indicators.ts'
import { weekOf } from './periods.ts'
import type { Effect, FactView, MarkerEffect } from './rollup.engine.ts'

/**
 * From a fact to its effects on the indicators, per fact kind. Each kind's data is read with a
 * lenient schema of the fields the campaign needs (the owning domain has validated the fact
 * already): a kind with no entry here, or data of an unexpected shape, counts for nothing but
 * "last data arrived", until its mapping is written. Never throws for a fact it cannot read.
 */
type Mapper = { data: z.ZodType; effects: (f: FactView, data: never, lk: Sources) => Promise<Effect[]> }

const has = <T extends string>(list: readonly T[], v: unknown): v is T => list.includes(v as T)

/** A village's or commune's outreach: its technology group is active in that week and window. */
async function outreach(lk: Sources, code: string | null, at: string): Promise<Effect[]> {
  const p = await lk.place(code)
  if (!p || p.kind === 'province') return []
  const week = weekOf(at)
  const out: Effect[] = []
  if (p.kind === 'village') {
    out.push({ type: 'last', indicator: 'villages_active_group', key: p.code, place: p.code, at })
    out.push({
      type: 'first',
      indicator: 'villages_active_group.week',
      key: `${p.code}|${week}`,
      place: p.code,
      at,
    })
  }
  const commune = p.kind === 'village' ? p.communeCode : p.code
  if (commune) {
    out.push({ type: 'last', indicator: 'communes_active_group', key: commune, place: commune, at })
    out.push({
      type: 'first',
      indicator: 'communes_active_group.week',
      key: `${commune}|${week}`,
      place: commune,
      at,
    })
  }
  return out
}

/** A learner's activity: counted once as a learner, and as active in the window and the week. */
function learnerActivity(person: string, place: string | null, at: string): Effect[] {
  return [
    { type: 'first', indicator: 'learners', key: person, place, at },
    { type: 'last', indicator: 'learners_active', key: person, place, at },
    { type: 'first', indicator: 'learners_active.week', key: `${person}|${weekOf(at)}`, place, at },
  ]
}

/** The same distinct thing counted under an indicator and its breakdowns. */
function firstUnder(indicators: string[], key: string, place: string | null, at: string): Effect[] {
  return indicators.map((indicator) => ({ type: 'first' as const, indicator, key, place, at }))
}

const helpData = z.object({
  what: z.string(),
  whom: z.string().optional(),
  village: z.string().optional(),
  at: z.string().optional(),
  person_id: z.string().optional(),
})
const householdData = z.object({
  village: z.string(),
  household: z.string(),
  smartphone: z.boolean(),
  internet: z.boolean(),
  vneid_all_adults: z.boolean(),
  payment_account: z.boolean(),
  online_public_services: z.boolean(),
  course_completed: z.boolean(),
})
const traderStepData = z.object({ trader_id: z.string(), step: z.string(), done: z.boolean() })
const lessonData = z.object({ lang: z.string().optional() })
const completionData = z.object({ course: z.string(), lang: z.string() })
const checkinData = z.object({
  event_id: z.string(),
  code: z.string().optional(),
  phone: z.string().optional(),
  // A correction that withdraws a check-in made by mistake (decision 0204, amended).
  withdrawn: z.boolean().optional(),
})

// 0 in a correction that withdraws a count entered by mistake (decision 0196).
const headcountData = z.object({ event_id: z.string(), visitors: z.number().int().nonnegative() })

const MAPPERS: Record<string, Mapper> = {
  help_given: {
    data: helpData,
    effects: async (f, d: z.infer<typeof helpData>, lk) => {
      const at = d.at && !Number.isNaN(Date.parse(d.at)) ? new Date(d.at).toISOString() : f.at
      const place = f.placeCode
      const out: Effect[] = [{ type: 'count', indicator: 'help_given', place, at }]
      if (has(HELP_KINDS, d.what))
        out.push({ type: 'count', indicator: `help_given.what.${d.what}`, place, at })
      if (d.what === 'vneid_install') out.push({ type: 'count', indicator: 'vneid_installs', place, at })
      if (d.what === 'vneid_level2') out.push({ type: 'count', indicator: 'vneid_level2', place, at })
      const person = d.person_id ?? f.subjectId
      out.push(
        person
          ? { type: 'first', indicator: 'people_helped', key: person, place, at }
          : { type: 'count', indicator: 'people_helped', place, at },
      )
      return [...out, ...(await outreach(lk, place, at))]
    },
  },
  household_checked: {
    data: householdData,
    effects: async (f, d: z.infer<typeof householdData>, lk) => {
      const place = f.placeCode ?? d.village
      const key = `${place}|${d.household}`
      const all =
        d.smartphone &&
        d.internet &&
        d.vneid_all_adults &&
        d.payment_account &&
        d.online_public_services &&
        d.course_completed
      return [
        { type: 'latest', indicator: 'households_checked', key, place, at: f.at, value: true },
        { type: 'latest', indicator: 'households_digital', key, place, at: f.at, value: all },
        ...(await outreach(lk, place, f.at)),
      ]
    },
  },
  trader_step: {
    data: traderStepData,
    effects: async (f, d: z.infer<typeof traderStepData>) =>
      has(TRADER_STEPS, d.step)
        ? [
            {
              type: 'latest',
              indicator: `trader_step.${d.step}`,
              key: d.trader_id,
              place: f.placeCode,
              at: f.at,
              value: d.done,
            },
          ]
        : [],
  },
  lesson_opened: {
    data: lessonData,
    effects: async (f) => (f.subjectId ? learnerActivity(f.subjectId, f.placeCode, f.at) : []),
  },
  lesson_completed: {
    data: lessonData,
    effects: async (f) => (f.subjectId ? learnerActivity(f.subjectId, f.placeCode, f.at) : []),
  },
  quiz_attempt: {
    data: lessonData,
    effects: async (f) => (f.subjectId ? learnerActivity(f.subjectId, f.placeCode, f.at) : []),
  },
  course_completed: {
    data: completionData,
    effects: async (f, d: z.infer<typeof completionData>, lk) => {
      if (!f.subjectId) return []
      const audiences = (await lk.courseAudiences(d.course)).filter((a) => has(AUDIENCES, a))
      const lang = has(LANGS, d.lang) ? [d.lang] : []
      const key = `${f.subjectId}|${d.course}`
      const under = (root: string) => [
        root,
        ...audiences.map((a) => `${root}.audience.${a}`),
        ...lang.map((l) => `${root}.lang.${l}`),
      ]
      return [
        ...learnerActivity(f.subjectId, f.placeCode, f.at),
        ...firstUnder(under('completions'), key, f.placeCode, f.at),
        // One course certificate per person and course (certificates are issued on completion).
        ...firstUnder(under('certificates'), `course|${key}`, f.placeCode, f.at),
      ]
    },
  },
  checkin: {
    data: checkinData,
    effects: async (f, d: z.infer<typeof checkinData>, lk) => {
      // A withdrawn check-in says nobody came: not even that the event was held.
      if (d.withdrawn) return []
      const ev = await lk.event(d.event_id)
      if (!ev) return []
      const reg = await lk.registration({ eventId: ev.id, code: d.code, factId: f.id, phone: d.phone })
      if (!reg) return []
      const out: Effect[] = []
      // The person, from what the fact itself fixed: their account, else their phone, else the registration.
      const phone = d.phone ?? reg.phone
      const person = f.subjectId ? `a:${f.subjectId}` : phone ? `p:${phone}` : `r:${reg.id}`
      // Where the check-in was made (the event's commune then, fixed in the fact), not where the
      // event is now: an event moved by a version from another node that had not seen the
      // check-ins would otherwise be counted in one commune live and in another rebuilt (0204).
      const place = f.placeCode ?? ev.placeCode
      if (ev.kind === 'training' && ev.topic === 'ai_officials') {
        // By sector too: a training once, a person once per sector (trained in two, counted in each).
        const sector = has(SECTORS, ev.sector) ? [`.sector.${ev.sector}`] : []
        for (const s of ['', ...sector]) {
          out.push({ type: 'first', indicator: `ai_trainings_held${s}`, key: ev.id, place, at: f.at })
          out.push({ type: 'first', indicator: `officials_trained_ai${s}`, key: person, place, at: f.at })
        }
      }
      if (ev.kind === 'festival') {
        // Held at its first check-in; attendance is people per festival (two festivals, two attendances).
        const ai = ev.topic === 'ai_everyone' || ev.topic === 'ai_officials'
        for (const prefix of ai ? ['', 'ai_'] : ['']) {
          out.push({ type: 'first', indicator: `${prefix}festivals_held`, key: ev.id, place, at: f.at })
          out.push({
            type: 'first',
            indicator: `${prefix}festival_attendance`,
            key: `${ev.id}|${person}`,
            place,
            at: f.at,
          })
        }
      }
      if (f.subjectId) {
        const roots = ['certificates', 'certificates.audience.event']
        if (has(LANGS, reg.lang)) roots.push(`certificates.lang.${reg.lang}`)
        out.push(...firstUnder(roots, `event|${f.subjectId}|${ev.id}`, place, f.at))
      }
      return out
    },
  },
  festival_headcount: {
    data: headcountData,
    effects: async (f, d: z.infer<typeof headcountData>, lk) => {
      const ev = await lk.event(d.event_id)
      // A count withdrawn as entered by mistake says nothing happened: not even that it was held.
      if (!ev || ev.kind !== 'festival' || d.visitors === 0) return []
      // Visitors who did not check in one by one (decision 0196): added to the attendance, never
      // keyed by person, so the people checked in stay counted once; the festival was held.
      const ai = ev.topic === 'ai_everyone' || ev.topic === 'ai_officials'
      // Where the count was entered, as a check-in is counted where it was made.
      const place = f.placeCode ?? ev.placeCode
      return (ai ? ['', 'ai_'] : ['']).flatMap((prefix): Effect[] => [
        { type: 'first', indicator: `${prefix}festivals_held`, key: ev.id, place, at: f.at },
        { type: 'count', indicator: `${prefix}festival_attendance`, place, at: f.at, n: d.visitors },
      ])
    },
  },
}

/** The kinds whose facts name an event: each of an event's facts marks it held. */
export const EVENT_KINDS = ['checkin', 'festival_headcount']
const eventRef = z.object({ event_id: z.string() })

/** Whether a fact (of `EVENT_KINDS`) names this event. */
export function namesEvent(f: Pick<FactView, 'data'>, eventId: string): boolean {
  return eventRef.safeParse(f.data).data?.event_id === eventId
}
/** The kinds that mark a village's or commune's group active (`outreach`). */
const OUTREACH_KINDS = ['help_given', 'household_checked']
const OUTREACH_MARKER = /^(villages|communes)_active_group(\.week)?$/

/**
 * Facts of other kinds that can hold the same markers as `f`, beyond the facts of its own kind
 * about the same person or place (where a corrected fact's markers fall back first): an event is
 * held from its first check-in or headcount, so when that one is corrected away, the event stays
 * held from the next, whichever kind it is; a village's or commune's group is active from every
 * help record and household check made in it, whoever they are about, so its marker (`e`) falls
 * back on those of every place `within` it. `same` tells which of the facts of `kinds` at `f`'s
 * place (or within) are about the same thing.
 */
export function sharingMarkers(
  f: FactView,
  e?: MarkerEffect,
): { kinds: string[]; same: (g: FactView) => boolean; within?: string } | undefined {
  if (e?.place && OUTREACH_KINDS.includes(f.kind) && OUTREACH_MARKER.test(e.indicator))
    return { kinds: OUTREACH_KINDS, same: () => true, within: e.place }
  if (!EVENT_KINDS.includes(f.kind)) return undefined
  const ref = eventRef.safeParse(f.data)
  if (!ref.success) return undefined
  const id = ref.data.event_id
  return { kinds: EVENT_KINDS, same: (g) => eventRef.safeParse(g.data).data?.event_id === id }
}

/** Kinds the campaign understands (the others only move "last data arrived"). */
export function mappedKinds(): string[] {
  return Object.keys(MAPPERS)
}

/**
 * What a batch of facts needs from other domains to be interpreted (their places, courses, events
 * and check-in registrations), for `Sources.prefetch`: read once for the batch, not once per fact.
 */
export function needsOf(facts: FactView[]): Needs {
  const needs: Needs = { places: [], courses: [], events: [], checkins: [] }
  for (const f of facts) {
    needs.places.push(f.placeCode)
    if (f.kind === 'course_completed') {
      const d = completionData.safeParse(f.data)
      if (d.success && f.subjectId) needs.courses.push(d.data.course)
    } else if (f.kind === 'checkin') {
      const d = checkinData.safeParse(f.data)
      if (d.success) {
        needs.events.push(d.data.event_id)
        needs.checkins.push({
          eventId: d.data.event_id,
          code: d.data.code,
          factId: f.id,
          phone: d.data.phone,
        })
      }
    } else if (f.kind === 'festival_headcount') {
      const d = headcountData.safeParse(f.data)
      if (d.success) needs.events.push(d.data.event_id)
    } else if (f.kind === 'household_checked' && !f.placeCode) {
      const d = householdData.safeParse(f.data)
      if (d.success) needs.places.push(d.data.village)
    }
  }
  return needs
}

/** The effects of one fact on the indicators; [] for what the campaign cannot read (yet). */
export async function effectsOf(lk: Sources, f: FactView): Promise<Effect[]> {
  const out: Effect[] = []
  // Any fact tied to a village tells when that village's data last arrived (reach planner).
  // and when something last happened there (the reach planner's "activity"), whatever the kind.
  const p = await lk.place(f.placeCode)
  if (p?.kind === 'village') {
    out.push({ type: 'last', indicator: 'data_arrived', key: p.code, place: p.code, at: f.recordedAt })
    out.push({ type: 'last', indicator: 'village_activity', key: p.code, place: p.code, at: f.at })
  }
  const m = MAPPERS[f.kind]
  if (!m) return out
  const parsed = m.data.safeParse(f.data)
  if (!parsed.success) {
    lk.ctx.log.debug({ kind: f.kind, fact: f.id }, 'campaign: fact data not understood; not counted')
    return out
  }
  return [...out, ...(await m.effects(f, parsed.data as never, lk))]
}
