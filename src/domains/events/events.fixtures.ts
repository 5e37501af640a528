import { expect } from 'vitest'
import { Client, type TestEnv } from '../../../test/harness.ts'

/** Today in Điện Biên (UTC+7), as a form's date. */
export const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)

/** A client of `e` signed in as `login`, in the interface language `lang` when given. */
export async function signedIn(e: TestEnv, login: string, lang?: string): Promise<Client> {
  const c = new Client(e.app)
  if (lang) await c.request(`/lang/${lang}`)
  await c.login(login)
  return c
}

/** The form of an AI training of the demo commune's officials, all day today (the door is open). */
export const trainingToday = (title: string, over: Record<string, unknown> = {}) => ({
  title,
  kind: 'training',
  topic: 'ai_officials',
  sector: 'public_administration',
  audience: 'Cán bộ, công chức xã',
  place_code: '3166',
  starts_at: `${today()}T00:00`,
  ends_at: `${today()}T23:00`,
  capacity: 40,
  trainers: 'Giảng viên',
  ...over,
})

/** Registers each person for the event through `by` (each answered 201) and gives their ticket codes. */
export async function registerAll(by: Client, id: string, people: { name: string; phone: string }[]) {
  const codes: string[] = []
  for (const person of people) {
    const res = await by.request(`/events/${id}/registrations`, { json: person })
    expect(res.status).toBe(201)
    codes.push(((await res.json()) as { code: string }).code)
  }
  return codes
}

/** Checks each ticket in at the door through `door`, as its scanner sends them. */
export async function checkInAll(door: Client, id: string, codes: string[]): Promise<void> {
  for (const code of codes)
    expect(
      (await door.request(`/events/${id}/checkin`, { json: { event_id: id, code } })).status,
    ).toBeLessThan(300)
}
