import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../../test/harness.ts'
import { upsertVillages } from '../places/places.service.ts'
import { campaignFixture, type Fixture } from './campaign.fixtures.ts'

/**
 * The reach planner as an officer uses it on a phone: a list narrowed to a commune and a
 * connectivity, in pages of 50, each village with its planning action; plans stored with a date
 * and who goes, refused in the person's language when wrong, and only where the policy allows.
 */
let f: Fixture
beforeAll(async () => {
  f = await campaignFixture()
  // 120 more villages in Phường Điện Biên Phủ (3127): every fourth without telecom, every third
  // off the grid, every fifth on 3G/2G only.
  await upsertVillages(
    f.env.ctx,
    Array.from({ length: 120 }, (_, i) => {
      const hasTelecom = i % 4 !== 0
      return {
        code: `3127-${String(i + 2).padStart(3, '0')}`,
        name: `Tổ ${i + 2} (test)`,
        communeCode: '3127',
        has4g: hasTelecom && i % 5 !== 1,
        hasTelecom,
        onGrid: i % 3 !== 0,
        population: 50,
        households: 10,
      }
    }),
  )
}, 60_000)
afterAll(() => f.env.close())

async function as(login: string) {
  const c = new Client(f.env.app)
  await c.login(login)
  return c
}

const text = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
const cards = (html: string) => [...html.matchAll(/data-village="([^"]+)"/g)].map((m) => m[1]!)
const visits = async () =>
  Number(
    (
      await f.env.ctx.db
        .selectFrom('campaign_visits')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

// Of the 120: no telecom i%4==0 (30); off grid i%3==0 (40); both i%12==0 (10) → 60 unreached,
// plus Tổ Một (4G, on the grid). 3G/2G only: telecom and i%5==1 → 24 minus those with i%4==0 (6) = 18.
describe('the reach planner', () => {
  it('narrows to a commune and a connectivity and pages by 50, each village with its plan action', async () => {
    const c = await as('admin')
    const all = await (await c.request('/dashboard/reach?scope=3127&show=all')).text()
    expect(text(all)).toContain('Tất cả thôn, bản: 121 thôn, bản')
    expect(text(all)).toContain('Trang 1/3')
    expect(cards(all)).toHaveLength(50)
    expect(all).toContain('href="/dashboard/reach?scope=3127&amp;show=all&amp;page=2#list"')
    expect(all).toContain('href="/dashboard/visits/new?village=3127-001&amp;back=')
    const last = await (await c.request('/dashboard/reach?scope=3127&show=all&page=3')).text()
    expect(cards(last)).toHaveLength(21)
    expect(new Set([...cards(all), ...cards(last)]).size).toBe(71)
    // Past the end: the last page, not an empty one.
    expect(cards(await (await c.request('/dashboard/reach?scope=3127&show=all&page=9')).text())).toHaveLength(
      21,
    )

    const unreached = await (await c.request('/dashboard/reach?scope=3127')).text()
    expect(text(unreached)).toContain('Chưa có sóng hoặc chưa có điện lưới: 60 thôn, bản')
    expect(cards(unreached)).toHaveLength(50)
    const off = await (await c.request('/dashboard/reach?scope=3127&show=off_grid')).text()
    expect(text(off)).toContain('Chưa có điện lưới: 40 thôn, bản')
    const g3 = await (await c.request('/dashboard/reach?scope=3127&show=3g_2g')).text()
    expect(text(g3)).toContain('Có sóng 3G/2G, chưa có 4G: 18 thôn, bản')
    for (const v of cards(g3))
      expect(['3127-003', '3127-008'].includes(v) || Number(v.slice(5)) > 8).toBe(true)
    // The whole province, and a commune chosen in the filter.
    const province = text(await (await c.request('/dashboard/reach?scope=11&show=no_telecom')).text())
    expect(province).toContain('Chưa có sóng viễn thông: 31 thôn, bản')
    const mc = await (await c.request('/dashboard/reach?scope=3166&show=all')).text()
    expect(cards(mc)).toEqual(['3166-001', '3166-002'])
    expect(mc).toContain('<option value="3166" selected="">Xã Mường Chà</option>')
  })

  it('refuses a bad filter in the person’s language, naming it', async () => {
    const c = await as('admin')
    const bad = await c.request('/dashboard/reach?scope=3127&show=5g')
    expect(bad.status).toBe(400)
    const page = text(await bad.text())
    expect(page).toContain('Mục “Hiện” chỉ nhận một trong các lựa chọn của danh sách.')
    expect(page).toContain('show: must be one of')
    const page0 = await c.request('/dashboard/reach?scope=3127&page=0')
    expect(page0.status).toBe(400)
    expect(text(await page0.text())).toContain('Số trang cần là một số nguyên, từ 1.')
    const fr = await c.request('/dashboard/reach?scope=3127&page=deux', { headers: { cookie: 'lang=fr' } })
    expect(fr.status).toBe(400)
    const json = await c.request('/dashboard/reach?scope=3127&show=x', {
      headers: { accept: 'application/json' },
    })
    expect(((await json.json()) as { error: { text: string } }).error.text).toBe(
      'Mục “Hiện” chỉ nhận một trong các lựa chọn của danh sách.',
    )
    const table = await c.request('/dashboard/reach?scope=3127&format=csv&table=nope')
    expect(text(await table.text())).toContain('Bảng xuất chỉ có thể là')
  })

  it('plans a visit from the village’s card: a date and who goes, stored, back on the list', async () => {
    const c = await as('officerb')
    const list = await (await c.request('/dashboard/reach?scope=3127&page=2')).text()
    const href = /href="(\/dashboard\/visits\/new\?village=3127-[^"]+)"/
      .exec(list)![1]!
      .replace(/&amp;/g, '&')
    const village = new URL(href, 'http://x').searchParams.get('village')!
    expect(new URL(href, 'http://x').searchParams.get('back')).toBe('/dashboard/reach?scope=3127&page=2')
    const form = await c.request(href)
    expect(form.status).toBe(200)
    const html = await form.text()
    expect(text(html)).toContain('Người đi (đại sứ số, cán bộ)')
    expect(html).toContain('name="planned_on" required="" min="2026-11-29"')
    const res = await c.request('/dashboard/visits', {
      form: {
        village_code: village,
        kind: 'ambassador_visit',
        planned_on: '2026-12-03',
        assignee: 'Quàng Thị Hoa',
        back: '/dashboard/reach?scope=3127&page=2',
      },
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/dashboard\/reach\?scope=3127&page=2&planned=/)
    const row = await f.env.ctx.db
      .selectFrom('campaign_visits')
      .selectAll()
      .where('village_code', '=', village)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      kind: 'ambassador_visit',
      planned_on: '2026-12-03',
      assignee: 'Quàng Thị Hoa',
    })
    // A planned village goes after the ones still waiting for a plan.
    const again = await (await c.request('/dashboard/reach?scope=3127&show=unreached&page=2')).text()
    expect(cards(again).at(-1)).toBe(village)
    expect(text(again)).toContain('1/60 đã có lịch')
  })

  it('shows a wrong plan again on its form, in Vietnamese, the field named, nothing stored', async () => {
    const c = await as('officerb')
    const before = await visits()
    const res = await c.request('/dashboard/visits', {
      form: {
        village_code: '3127-010',
        kind: 'ambassador_visit',
        planned_on: '2026-11-01',
        assignee: 'Quàng Thị Hoa',
        back: '/dashboard/reach?scope=3127',
      },
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(text(html)).toContain('Ngày dự kiến: cần là hôm nay hoặc một ngày sau')
    // What was typed stays in the form.
    expect(html).toContain('value="Quàng Thị Hoa"')
    const none = await c.request('/dashboard/visits', {
      form: {
        village_code: '3127-010',
        kind: 'boat',
        planned_on: '2026-12-01',
        back: 'https://evil.example/',
      },
    })
    expect(none.status).toBe(400)
    const p2 = await none.text()
    expect(text(p2)).toMatch(/Việc: .*(không hợp lệ|Lựa chọn)/i)
    expect(text(p2)).toContain('Người đi (đại sứ số, cán bộ): ')
    // The way back stays on the dashboard.
    expect(p2).toContain('name="back" value="/dashboard/reach"')
    expect(await visits()).toBe(before)
    const json = await c.request('/dashboard/visits', {
      json: { village_code: '3127-010', kind: 'hub', planned_on: '2026-12-01' },
    })
    expect(json.status).toBe(400)
    expect(((await json.json()) as { error: { message: string } }).error.message).toContain(
      'assignee: required',
    )
    expect(await visits()).toBe(before)
    const unknown = await c.request('/dashboard/visits/new?village=9999-999')
    expect(unknown.status).toBe(400)
    expect(text(await unknown.text())).toContain('Không có thôn, bản nào mã 9999-999.')
  })

  it('lets only the policy plan: not another commune’s officer, not an ambassador', async () => {
    const before = await visits()
    const other = await as('officer')
    expect((await other.request('/dashboard/visits/new?village=3127-010')).status).toBe(403)
    const amb = await as('ambb')
    expect((await amb.request('/dashboard/visits/new?village=3127-010')).status).toBe(403)
    const posted = await amb.request('/dashboard/visits', {
      form: { village_code: '3127-010', kind: 'hub', planned_on: '2026-12-01', assignee: 'X' },
    })
    expect(posted.status).toBe(403)
    expect(await visits()).toBe(before)
    // Their own commune's villages carry the action; another commune's list is closed to them.
    const list = await (await other.request('/dashboard/reach?scope=3166')).text()
    expect(list).toContain('/dashboard/visits/new?village=3166-002')
    expect((await other.request('/dashboard/reach?scope=3127')).status).toBe(403)
  })
})
