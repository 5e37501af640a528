import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Server } from './server.ts'

/** A local date-time (UTC+7) `ms` from now, as the event form takes it. */
export const localIn = (ms: number) => new Date(Date.now() + ms + 7 * 3_600_000).toISOString().slice(0, 16)

/** One person on a training's list, as the CSV import takes them. */
export type Participant = { name: string; phone?: string; organisation?: string; position?: string }

/**
 * A training of officials in Xã Mường Chà taking place today, made through the JSON API by the
 * organiser signed in on `page`, with `people` imported from a CSV list: what the door, camera and
 * field-day tests check people in at. Check-in opens only 3 hours before a training starts (the
 * demo's training is a week away), so it starts a minute from now unless `startsInMs` says.
 * Returns its id and the registrations in list order.
 */
export async function trainingToday(
  page: Page,
  server: Server,
  opts: {
    title?: string
    people: Participant[]
    startsInMs?: number
    endsInMs?: number
    capacity?: number
    trainer?: string
  },
): Promise<{ id: string; registrations: { id: string; name: string; code: string }[] }> {
  const json = { 'content-type': 'application/json', accept: 'application/json' }
  const created = await page.request.post('/events', {
    headers: json,
    data: {
      title: opts.title ?? 'Tập huấn AI cho cán bộ xã (hôm nay)',
      kind: 'training',
      topic: 'ai_officials',
      sector: 'public_administration',
      audience: 'Cán bộ xã',
      place_code: '3166',
      starts_at: localIn(opts.startsInMs ?? 60_000),
      ends_at: localIn(opts.endsInMs ?? 3_600_000),
      capacity: opts.capacity ?? 40,
      trainers: [opts.trainer ?? 'Giảng viên (demo)'],
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const rows = opts.people.map((p) =>
    [p.name, p.phone ?? '', p.organisation ?? 'UBND xã Mường Chà', p.position ?? 'Công chức'].join(','),
  )
  if (rows.length) {
    const imported = await page.request.post(`/events/${id}/import`, {
      headers: json,
      data: { csv: ['name,phone,organisation,position', ...rows].join('\n') },
    })
    expect(imported.status(), await imported.text()).toBeLessThan(300)
  }
  const registrations = server.query<{ id: string; name: string; code: string }>(
    'select id, name, code from event_registrations where event_id = ? order by seq',
    id,
  )
  expect(registrations).toHaveLength(opts.people.length)
  return { id, registrations }
}
