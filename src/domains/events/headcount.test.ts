import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { rebuildRollups } from '../campaign/rollup.service.ts'

/**
 * A festival's visitors who did not check in one by one, counted as a number (decision 0196): the
 * organiser enters them per booth or at the end, and the festival's attendance on the dashboard is
 * the people checked in plus those counts, nobody twice.
 */
let env: TestEnv
let officer: Client
let festival: string
let training: string

const today = (hour: number) => {
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}
const event = (over: Record<string, string>) => ({
  title: 'Ngày hội AI xã Mường Chà',
  kind: 'festival',
  topic: 'ai_everyone',
  audience: 'Mọi người dân',
  place_code: '3166',
  starts_at: today(0),
  ends_at: today(23),
  capacity: '500',
  trainers: 'Ban tổ chức',
  ...over,
})

async function as(login: string) {
  const c = new Client(env.app)
  await c.login(login)
  return c
}

async function create(c: Client, form: Record<string, string>) {
  const res = await c.request('/events', { form })
  expect(res.status).toBe(303)
  return res.headers.get('location')!.split('/').pop()!
}

const stored = async () => ({
  rows: Number(
    (
      await env.ctx.db
        .selectFrom('event_headcounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  ),
  facts: Number(
    (
      await env.ctx.db
        .selectFrom('facts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'festival_headcount')
        .executeTakeFirstOrThrow()
    ).n,
  ),
})

async function tiles() {
  const html = await (await (await as('admin')).request('/dashboard')).text()
  const tile = (label: string) =>
    new RegExp(`<b>([\\d.,]+)</b><span class="small">${label}</span>`).exec(html)?.[1]?.replace(/\D/g, '')
  return {
    held: tile('Ngày hội đã tổ chức'),
    attendance: tile('Lượt người dự ngày hội'),
    aiHeld: tile('Ngày hội AI đã tổ chức'),
    aiAttendance: tile('Lượt người dự Ngày hội AI'),
  }
}

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  officer = await as('officer')
  festival = await create(officer, event({}))
  training = await create(
    officer,
    event({
      title: 'Tập huấn AI cho cán bộ',
      kind: 'training',
      topic: 'ai_officials',
      sector: 'education',
      capacity: '40',
    }),
  )
})
afterAll(() => env.close())

describe('a festival’s headcount', () => {
  it('adds the visitors counted per booth and at the end to the people checked in, on the page and the dashboard', async () => {
    for (const [name, phone] of [
      ['Lò Thị Hoa', '0912345601'],
      ['Quàng Văn Minh', '0912345602'],
    ])
      expect(
        (await officer.request(`/events/${festival}/checkin`, { json: { event_id: festival, name, phone } }))
          .status,
      ).toBe(201)
    // Reached from the festival's page.
    expect(await (await officer.request(`/events/${festival}`)).text()).toContain(
      `href="/events/${festival}/headcount"`,
    )
    const booth = await officer.request(`/events/${festival}/headcount`, {
      form: { event_id: festival, visitors: '150', booth: 'Gian cài VNeID', note: 'Đếm bằng máy bấm' },
    })
    expect(booth.status).toBe(303)
    expect(booth.headers.get('location')).toMatch(new RegExp(`^/events/${festival}/headcount\\?saved=1#hc-`))
    const end = await officer.request(`/events/${festival}/headcount`, {
      json: { event_id: festival, visitors: 40 },
    })
    expect(end.status).toBe(201)
    const page = await (await officer.request(`/events/${festival}/headcount?saved=1`)).text()
    expect(page).toContain('Đã lưu số khách.')
    expect(page).toMatch(/<b data-headcount-checked-in="true">2<\/b>/)
    expect(page).toMatch(/<b data-headcount-counted="true">190<\/b>/)
    expect(page).toMatch(/<b data-headcount-total="true">192<\/b>/)
    expect(page).toContain('150 khách')
    expect(page).toContain('Gian cài VNeID')
    expect(page).toContain('Đếm bằng máy bấm')
    expect(await tiles()).toEqual({ held: '1', attendance: '192', aiHeld: '1', aiAttendance: '192' })
    // Rebuilt from the facts alone, the dashboard says the same.
    await rebuildRollups(env.ctx)
    expect(await tiles()).toEqual({ held: '1', attendance: '192', aiHeld: '1', aiAttendance: '192' })
  })

  it('the same count sent twice by the phone (one fact id) counts once', async () => {
    const before = await stored()
    const fact = {
      id: '0190f5e2-7c1a-7000-8000-00000000b001',
      kind: 'festival_headcount',
      occurred_at: new Date().toISOString(),
      data: { event_id: festival, visitors: 8, booth: 'Gian bán hàng' },
    }
    for (let i = 0; i < 2; i++)
      expect((await officer.request('/api/facts', { json: { facts: [fact] } })).status).toBeLessThan(300)
    expect(await stored()).toEqual({ rows: before.rows + 1, facts: before.facts + 1 })
    expect((await tiles()).attendance).toBe('200')
  })

  it.each([
    ['-5', 'không được nhỏ hơn 1'],
    ['0', 'không được nhỏ hơn 1'],
    ['12.5', 'cần là một số nguyên'],
    ['mười', 'cần là một số nguyên'],
    ['10001', 'không được lớn hơn 10000'],
    ['', 'cần điền'],
  ])(
    'refuses %j visitors with a clear error naming the field, in Vietnamese, storing nothing',
    async (visitors, said) => {
      const before = await stored()
      const res = await officer.request(`/events/${festival}/headcount`, {
        form: { event_id: festival, visitors, note: 'thử' },
      })
      expect(res.status).toBe(400)
      const html = await res.text()
      expect(html).toContain(`Số khách không điểm danh: ${said}`)
      // What was typed stays in the form.
      expect(html).toContain('>thử</textarea>')
      expect(await stored()).toEqual(before)
    },
  )

  it('refuses JSON numbers that are not whole counts, naming the field', async () => {
    const before = await stored()
    for (const visitors of [-1, 2.5, 1e9, 'sáu', true, [10], null]) {
      const res = await officer.request(`/events/${festival}/headcount`, {
        json: { event_id: festival, visitors },
      })
      expect(res.status, JSON.stringify(visitors)).toBe(400)
      const body = await res.json()
      expect(body.error.issues[0].field, JSON.stringify(visitors)).toBe('visitors')
    }
    expect(await stored()).toEqual(before)
  })

  it('a training takes no headcount: said in Vietnamese, nothing stored', async () => {
    const before = await stored()
    const page = await (await officer.request(`/events/${training}/headcount`)).text()
    expect(page).toContain('Chỉ ngày hội mới nhập số khách')
    expect(page).not.toContain('id="headcount-form"')
    expect(page).not.toContain('Các lần đã đếm')
    const res = await officer.request(`/events/${training}/headcount`, {
      form: { event_id: training, visitors: '20' },
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Ngày hội: chỉ ngày hội mới nhập số khách')
    expect(await stored()).toEqual(before)
  })

  it('only someone who checks people in for the commune may count, and on the festival’s day', async () => {
    const before = await stored()
    const learner = await as('learner')
    expect(
      (await learner.request(`/events/${festival}/headcount`, { json: { event_id: festival, visitors: 5 } }))
        .status,
    ).toBe(403)
    // A count dated a week after the festival is refused like a check-in would be.
    const late = await officer.request('/api/facts', {
      json: {
        facts: [
          {
            id: '0190f5e2-7c1a-7000-8000-00000000b002',
            kind: 'festival_headcount',
            occurred_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            data: { event_id: festival, visitors: 5 },
          },
        ],
      },
    })
    expect(JSON.stringify(await late.json())).toContain('occurred_at')
    expect(await stored()).toEqual(before)
  })
})
