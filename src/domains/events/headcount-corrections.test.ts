import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { rollupRows } from '../../../test/rollups.ts'
import { uuidv7 } from '../../core/ids.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'

/**
 * A headcount typed wrong (1500 for 150) is corrected from the festival's page (decision 0196): a
 * new fact that replaces the count, made by someone who may count for the festival's commune. The
 * festival's attendance on the dashboard follows the correction exactly, and `rollups rebuild`
 * gives the same rollups and markers (decision 0100).
 */
let env: TestEnv
let officer: Client
let admin: Client

const today = (hour: number) => {
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}

async function as(login: string, lang?: string) {
  const c = new Client(env.app)
  if (lang) await c.request(`/lang/${lang}`)
  await c.login(login)
  return c
}

/** A festival of today in a commune (Mường Chà unless said), made by `by`. */
async function festival(by: Client, title: string, place = '3166') {
  const res = await by.request('/events', {
    form: {
      title,
      kind: 'festival',
      topic: 'digital_skills',
      audience: 'Mọi người dân',
      place_code: place,
      starts_at: today(0),
      ends_at: today(23),
      capacity: '500',
      trainers: 'Ban tổ chức',
    },
  })
  expect(res.status).toBe(303)
  return res.headers.get('location')!.split('/').pop()!
}

/** A count through the page's JSON API; its fact id. */
async function count(by: Client, ev: string, visitors: number, booth?: string) {
  const res = await by.request(`/events/${ev}/headcount`, { json: { event_id: ev, visitors, booth } })
  expect(res.status).toBe(201)
  return ((await res.json()) as { fact_id: string }).fact_id
}

/** A correction from the count's own form on the page, as a browser without JavaScript sends it. */
function correct(by: Client, ev: string, countId: string, form: Record<string, string>) {
  return by.request(`/events/${ev}/headcount/${countId}/correct`, { form: { event_id: ev, ...form } })
}

const snapshot = rollupRows

/** The live rollups equal those a rebuild from the facts makes, row for row; returns them. */
async function rebuiltEqualsLive() {
  const live = await snapshot(env.ctx)
  await rebuildRollups(env.ctx)
  expect(await snapshot(env.ctx)).toEqual(live)
  return live
}

/** The province's festival figures as the dashboard shows them. */
async function tiles() {
  const html = await (await admin.request('/dashboard')).text()
  const tile = (label: string) =>
    Number(
      new RegExp(`<b>([\\d.,]+)</b><span class="small">${label}</span>`).exec(html)?.[1]?.replace(/\D/g, ''),
    )
  return { held: tile('Ngày hội đã tổ chức'), attendance: tile('Lượt người dự ngày hội') }
}

/** What is stored of headcounts: facts and projection rows. */
const stored = async () => {
  const n = async (q: Promise<{ n: unknown }>) => Number((await q).n)
  return {
    facts: await n(
      env.ctx.db
        .selectFrom('facts')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('kind', '=', 'festival_headcount')
        .executeTakeFirstOrThrow(),
    ),
    rows: await n(
      env.ctx.db
        .selectFrom('event_headcounts')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  }
}

const rowOf = (id: string) =>
  env.ctx.db
    .selectFrom('event_headcounts')
    .select(['visitors', 'corrects', 'replaced_by'])
    .where('id', '=', id)
    .executeTakeFirst()

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx, { communes: ['3166', '3127'] })
  officer = await as('officer')
  admin = await as('admin')
})
afterAll(() => env.close())

describe('correcting a festival’s headcount', () => {
  it('lists each count with its booth, who and when; 1500 corrected to 150 counts 150 on the dashboard, also after a rebuild', async () => {
    const ev = await festival(officer, 'Ngày hội chuyển đổi số xã Mường Chà')
    const before = await tiles()
    const typo = await count(officer, ev, 1500, 'Gian cài VNeID')
    expect((await tiles()).attendance).toBe(before.attendance + 1500)
    const page = await (await officer.request(`/events/${ev}/headcount`)).text()
    expect(page).toContain('Các lần đã đếm')
    expect(page).toMatch(/<b data-headcount-number="true">1\.500 khách<\/b>/)
    expect(page).toContain('Gian cài VNeID')
    // Who entered it, by name (the demo officer).
    expect(page).toContain('Cán bộ xã Mường Chà')
    expect(page).toContain(`action="/events/${ev}/headcount/${typo}/correct"`)
    expect(page).toContain('Sửa số này')

    const fix = await correct(officer, ev, typo, { visitors: '150', booth: 'Gian cài VNeID', id: uuidv7() })
    expect(fix.status).toBe(303)
    const after = await (await officer.request(fix.headers.get('location')!)).text()
    expect(after).toContain('Đã lưu số khách.')
    expect(after).toMatch(/<b data-headcount-number="true">150 khách<\/b>/)
    expect(after).toContain('đã sửa')
    expect(after).not.toContain('1.500 khách')
    expect(after).toMatch(/<b data-headcount-counted="true">150<\/b>/)
    // The wrong count stays in the facts, replaced in the list.
    expect(await rowOf(typo)).toMatchObject({ visitors: 1500, replaced_by: expect.any(String) })
    expect(await tiles()).toEqual({ held: before.held + 1, attendance: before.attendance + 150 })
    await rebuiltEqualsLive()
    expect(await tiles()).toEqual({ held: before.held + 1, attendance: before.attendance + 150 })
  })

  it('corrects a correction, and withdraws a count entered by mistake (0): the festival stays held by its check-in', async () => {
    const ev = await festival(officer, 'Ngày hội học số bản Mường Chà')
    const before = await tiles()
    // The count is entered before anyone checks in: it is what first marks the festival held.
    const early = new Date(Date.now() - 3_600_000).toISOString()
    const first = uuidv7()
    const sent = await officer.request('/api/facts', {
      json: {
        facts: [
          {
            id: first,
            kind: 'festival_headcount',
            occurred_at: early,
            data: { event_id: ev, visitors: 80, booth: 'Gian thanh toán' },
          },
        ],
      },
    })
    expect((await sent.json()).stored).toEqual([first])
    const door = await officer.request(`/events/${ev}/checkin`, {
      json: { event_id: ev, name: 'Lò Thị Hoa', phone: '0912345611' },
    })
    expect(door.status).toBe(201)
    expect(await tiles()).toEqual({ held: before.held + 1, attendance: before.attendance + 81 })

    // 80 → 60, then that correction corrected → 65.
    const second = uuidv7()
    expect((await correct(officer, ev, first, { visitors: '60', id: second })).status).toBe(303)
    const third = uuidv7()
    expect((await correct(officer, ev, second, { visitors: '65', id: third })).status).toBe(303)
    expect(await tiles()).toEqual({ held: before.held + 1, attendance: before.attendance + 66 })
    await rebuiltEqualsLive()

    // Entered by mistake after all: withdrawn with the page's own button (visitors 0).
    expect((await correct(officer, ev, third, { visitors: '0', id: uuidv7() })).status).toBe(303)
    const page = await (await officer.request(`/events/${ev}/headcount`)).text()
    expect(page).toContain('0 khách · đã bỏ vì nhập nhầm')
    expect(page).toMatch(/<b data-headcount-counted="true">0<\/b>/)
    expect(page).toMatch(/<b data-headcount-total="true">1<\/b>/)
    // Only the person checked in is left, and the festival is still held: by that check-in.
    expect(await tiles()).toEqual({ held: before.held + 1, attendance: before.attendance + 1 })
    await rebuiltEqualsLive()
    expect(await tiles()).toEqual({ held: before.held + 1, attendance: before.attendance + 1 })
  })

  it('a correction sent twice (the phone again, a form tapped twice) counts once', async () => {
    const ev = await festival(officer, 'Ngày hội sản phẩm OCOP')
    const typo = await count(officer, ev, 300)
    const before = await tiles()
    const fact = {
      id: uuidv7(),
      kind: 'festival_headcount',
      occurred_at: new Date().toISOString(),
      corrects: typo,
      data: { event_id: ev, visitors: 30 },
    }
    const facts = await stored()
    for (let i = 0; i < 2; i++) {
      const r = await officer.request('/api/facts', { json: { facts: [fact] } })
      expect(await r.json()).toEqual({ stored: [fact.id], rejected: [] })
    }
    expect(await stored()).toEqual({ facts: facts.facts + 1, rows: facts.rows + 1 })
    expect((await tiles()).attendance).toBe(before.attendance - 270)
    // The same form (its id) sent twice, a moment apart.
    const id = uuidv7()
    for (let i = 0; i < 2; i++)
      expect((await correct(officer, ev, fact.id, { visitors: '35', id })).status).toBe(303)
    expect(await stored()).toEqual({ facts: facts.facts + 2, rows: facts.rows + 2 })
    expect((await tiles()).attendance).toBe(before.attendance - 265)
    await rebuiltEqualsLive()
  })

  it('refuses a correction from someone who may not count for that commune, naming the field, storing nothing', async () => {
    // A festival of another commune (Xã 3127), counted by the province.
    const far = await festival(admin, 'Ngày hội xã bên', '3127')
    const theirs = await count(admin, far, 200)
    const mine = await festival(officer, 'Ngày hội xã nhà')
    const before = { stored: await stored(), tiles: await tiles(), live: await snapshot(env.ctx) }

    // From the phone's outbox, in French: refused with its reason, in French.
    const fr = await as('officer', 'fr')
    const res = await fr.request('/api/facts', {
      json: {
        facts: [
          {
            id: uuidv7(),
            kind: 'festival_headcount',
            occurred_at: new Date().toISOString(),
            corrects: theirs,
            // Said to be of their own festival: it is the count corrected that is out of reach.
            data: { event_id: mine, visitors: 20 },
          },
        ],
      },
    })
    const r = (await res.json()) as { rejected: { status: number; message: string; text: string }[] }
    expect(r.rejected[0]).toMatchObject({ status: 403 })
    expect(r.rejected[0]!.message).toMatch(/^corrects: you may not correct /)
    expect(r.rejected[0]!.text).toMatch(/^Vous ne pouvez pas corriger cet enregistrement/)

    // Through a correction form of their own festival's page: the field named, in Vietnamese.
    const page = await correct(officer, mine, theirs, { visitors: '20', id: uuidv7() })
    expect(page.status).toBe(403)
    expect(await page.text()).toContain('Lần đếm cần sửa: Bạn không được sửa bản ghi này')

    // Someone who does not count at festivals at all.
    const learner = await as('learner')
    expect((await correct(learner, far, theirs, { visitors: '20' })).status).toBe(403)

    expect(await stored()).toEqual(before.stored)
    expect(await rowOf(theirs)).toMatchObject({ visitors: 200, replaced_by: null })
    expect(await tiles()).toEqual(before.tiles)
    expect(await snapshot(env.ctx)).toEqual(before.live)
  })

  it('refuses a count already corrected, a count of nobody, a bad number and another festival, storing nothing', async () => {
    const ev = await festival(officer, 'Ngày hội thanh niên')
    const other = await festival(officer, 'Ngày hội phụ nữ')
    const typo = await count(officer, ev, 500)
    const fixed = uuidv7()
    expect((await correct(officer, ev, typo, { visitors: '50', id: fixed })).status).toBe(303)
    const before = { stored: await stored(), live: await snapshot(env.ctx) }

    // A second phone still showing the old count corrects it too.
    const late = await correct(officer, ev, typo, { visitors: '55', id: uuidv7() })
    expect(late.status).toBe(409)
    expect(await late.text()).toContain(
      'Lần đếm cần sửa: lần đếm này đã có người sửa rồi. Hãy tải lại trang và sửa số mới nhất.',
    )

    const bad = await correct(officer, ev, fixed, { visitors: '-3', note: 'đếm lại', id: uuidv7() })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('Số khách không điểm danh: không được nhỏ hơn 0')
    // What was typed stays in the form of that count, opened.
    expect(html).toContain('>đếm lại</textarea>')
    expect(html).toContain('<details open')

    const fact = (over: Record<string, unknown>) => ({
      id: uuidv7(),
      kind: 'festival_headcount',
      occurred_at: new Date().toISOString(),
      ...over,
    })
    const sent = await officer.request('/api/facts', {
      json: {
        facts: [
          // A new count of nobody: 0 only withdraws a count, as a correction.
          fact({ data: { event_id: ev, visitors: 0 } }),
          // A correction that would move the count to another festival.
          fact({ corrects: typo, data: { event_id: other, visitors: 50 } }),
        ],
      },
    })
    const r = (await sent.json()) as { stored: string[]; rejected: { message: string }[] }
    expect(r.stored).toEqual([])
    expect(r.rejected.map((x) => x.message)).toEqual([
      'visitors: must be at least 1',
      'event_id: a correction keeps the festival of the count it corrects',
    ])
    expect(await stored()).toEqual(before.stored)
    expect(await snapshot(env.ctx)).toEqual(before.live)
  })
})
