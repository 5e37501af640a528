import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../../test/harness.ts'
import { parseCsv } from '../../core/csv.ts'
import { campaignFixture, type Fixture } from './campaign.fixtures.ts'

let f: Fixture
beforeAll(async () => {
  f = await campaignFixture()
}, 60_000)
afterAll(() => f.env.close())

async function as(login: string) {
  const c = new Client(f.env.app)
  await c.login(login)
  return c
}

/** What a person reads: tags removed, entities decoded, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

const count = async (table: 'campaign_targets' | 'campaign_visits' | 'audit_log') =>
  Number(
    (
      await f.env.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('targets', () => {
  it('lets a province admin set targets and shows their honest progress on the overview', async () => {
    const c = await as('admin')
    const set = (form: Record<string, string>) => c.request('/dashboard/targets', { form })
    expect(
      (
        await set({
          indicator: 'officials_trained_ai',
          scope_code: '11',
          value: '2000',
          deadline: '2026-12-31',
        })
      ).status,
    ).toBe(303)
    expect(
      (await set({ indicator: 'ai_trainings_held', scope_code: '11', value: '20', deadline: '2026-12-31' }))
        .status,
    ).toBe(303)
    expect(
      (await set({ indicator: 'traders_onboarded', scope_code: '11', value: '100', deadline: '2026-12-31' }))
        .status,
    ).toBe(303)
    const page = text(await (await c.request('/dashboard')).text())
    expect(page).toContain('Cán bộ được tập huấn AI')
    expect(page).toContain('5 / 2.000')
    expect(page).toContain('2 / 20')
    expect(page).toContain('33,3% / 100% (1/3)')
    expect(page).toContain('Hạn: 31 thg 12, 2026')
    expect(page).toMatch(/Cần [\d,.]+\/tuần để kịp hạn/)
    const csv = parseCsv(await (await c.request('/dashboard/targets?scope=11&format=csv')).text()).map(
      (r) => r.cells,
    )
    expect(csv[0]).toEqual([
      'Mã chỉ số',
      'Chỉ số',
      'Giá trị',
      'Mục tiêu',
      'Hạn',
      'Đạt',
      'Nhịp cần (mỗi tuần)',
      'Nhịp hiện tại (mỗi tuần)',
      'Dự báo',
      'Tình trạng',
    ])
    // 2 trainings held of 20; 18 to go in 32 days (4.6 weeks): 3.9 a week needed.
    expect(csv.find((r) => r[0] === 'ai_trainings_held')).toEqual([
      'ai_trainings_held',
      'Lớp tập huấn AI đã tổ chức',
      '2',
      '20',
      '2026-12-31',
      '10',
      '3.9',
      expect.any(String),
      expect.any(String),
      'Chậm tiến độ',
    ])
  })

  it('refuses targets that no figure can honestly reach or that mean nothing (issue 14)', async () => {
    const c = await as('admin')
    const before = await count('campaign_targets')
    const post = (value: unknown, over: Record<string, unknown> = {}) =>
      c.request('/dashboard/targets', {
        json: { indicator: 'learners', scope_code: '11', value, deadline: '2026-12-31', ...over },
      })
    // 1e-300 was "reached" by a figure of zero; a count is a whole number of people.
    for (const value of [1e-300, 0.5, 12.5]) {
      const res = await post(value)
      expect(res.status, String(value)).toBe(400)
      const e = (await res.json()).error
      expect(e.message).toBe('value: must be a whole number')
      expect(e.text).toBe('value: cần là một số nguyên')
    }
    for (const value of [-5, 0])
      expect((await (await post(value)).json()).error.message).toBe('value: must be greater than 0')
    for (const value of [[10], true, null, 'NaN', '1e-300', 'Infinity', { v: 1 }]) {
      const res = await post(value)
      expect(res.status, JSON.stringify(value)).toBe(400)
      expect((await res.json()).error.message).toBe('value: must be a number')
    }
    // A number sent as JSON text, even a plain one, is refused naming the field (a form's text is read).
    const quoted = await post('10')
    expect(quoted.status).toBe(400)
    const q = (await quoted.json()).error
    expect(q.message).toBe('value: must be a JSON number, not text in quotes')
    expect(q.text).toBe('value: phải là số, không phải chữ trong dấu ngoặc kép (10, không phải "10")')
    // JSON reads 1e999 as Infinity.
    const inf = await c.request('/dashboard/targets', {
      body: '{"indicator":"learners","scope_code":"11","value":1e999,"deadline":"2026-12-31"}',
      headers: { 'content-type': 'application/json' },
    })
    expect((await inf.json()).error.message).toBe('value: must be a number')
    expect((await (await post(20_000_000)).json()).error.message).toBe('value: must be at most 10,000,000')
    // A percentage lies from 1 to 100, with one decimal at most.
    const pct = await post(0.001, { indicator: 'traders_onboarded' })
    expect((await pct.json()).error.text).toBe(
      'value: cần là một tỷ lệ phần trăm từ 1 đến 100, tối đa một chữ số thập phân',
    )
    // Impossible deadlines used to roll over (30 February → 2 March); years 0000–9999 went in.
    const feb30 = await (await post(10, { deadline: '2027-02-30' })).json()
    expect(feb30.error.message).toBe('deadline: must be a real date')
    expect(feb30.error.text).toBe('deadline: 2027-02-30 không phải là một ngày có thật')
    for (const deadline of ['0000-01-01', '9999-12-31'])
      expect((await (await post(10, { deadline })).json()).error.message).toBe(
        'deadline: the year must be between 2000 and 2100',
      )
    // The form path reads text: a planned visit on 31 April is refused on the page.
    const visit = await c.request('/dashboard/visits', {
      form: { village_code: '3166-002', kind: 'hub', planned_on: '2026-04-31' },
    })
    expect(visit.status).toBe(400)
    expect(text(await visit.text())).toContain('2026-04-31 không phải là một ngày có thật')
    expect(await count('campaign_targets')).toBe(before)
  })

  it('checks an edited target by its indicator: no fraction of a count, no percentage above 100', async () => {
    const c = await as('admin')
    const made = await c.request('/dashboard/targets', {
      json: { indicator: 'learners', scope_code: '11', value: 10, deadline: '2026-12-31' },
    })
    const { id } = await made.json()
    const res = await c.request(`/dashboard/targets/${id}`, {
      json: { value: 1e-300, deadline: '2026-12-31' },
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.text).toBe('value: cần là một số nguyên')
    const row = await f.env.ctx.db
      .selectFrom('campaign_targets')
      .select('value')
      .where('id', '=', id)
      .executeTakeFirst()
    expect(Number(row?.value)).toBe(10)
  })

  it('refuses a bad target naming the field, and writes nothing', async () => {
    const c = await as('admin')
    const before = await count('campaign_targets')
    const bad = await c.request('/dashboard/targets', {
      json: { indicator: 'traders_onboarded', scope_code: '11', value: 150, deadline: '2026-12-31' },
    })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toBe('value: must be at most 100 for a percentage')
    const bad2 = await c.request('/dashboard/targets', {
      json: { indicator: 'no_such_thing', scope_code: '11', value: 0, deadline: '2026-13-01' },
    })
    expect((await bad2.json()).error.message).toBe(
      'indicator: must be an indicator of the catalogue; value: must be greater than 0; deadline: must be a real date',
    )
    const village = await c.request('/dashboard/targets', {
      json: { indicator: 'learners', scope_code: '3166-001', value: 10, deadline: '2026-12-31' },
    })
    expect((await village.json()).error.message).toBe(
      'scope_code: must be the province (11) or a commune or ward',
    )
    expect(await count('campaign_targets')).toBe(before)
  })

  it('lets a commune officer set targets for their own commune only, with an audit trail', async () => {
    const c = await as('officer')
    const before = await count('campaign_targets')
    const other = await c.request('/dashboard/targets', {
      json: { indicator: 'learners', scope_code: '3127', value: 10, deadline: '2026-12-31' },
    })
    expect(other.status).toBe(403)
    const province = await c.request('/dashboard/targets', {
      json: { indicator: 'learners', scope_code: '11', value: 10, deadline: '2026-12-31' },
    })
    expect(province.status).toBe(403)
    expect(await count('campaign_targets')).toBe(before)
    const own = await c.request('/dashboard/targets', {
      json: {
        indicator: 'learners',
        scope_code: '3166',
        value: 10,
        deadline: '2026-12-31',
        note: 'Kế hoạch xã (test)',
      },
    })
    expect(own.status).toBe(201)
    const { id } = await own.json()
    expect(
      (await c.request(`/dashboard/targets/${id}`, { form: { value: '12', deadline: '2027-03-31' } })).status,
    ).toBe(303)
    const history = text(await (await c.request(`/dashboard/targets/${id}`)).text())
    expect(history).toMatch(/Sửa mục tiêu · [^·]+ · officer \(test\)/)
    expect(history).toMatch(/Đặt mục tiêu · [^·]+ · officer \(test\)/)
    const trail = await f.env.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'detail'])
      .where('target_id', '=', id)
      .orderBy('at')
      .execute()
    expect(trail.map((a) => a.action)).toEqual(['target.create', 'target.update'])
    expect(trail.every((a) => a.actor_id === f.users.officer!.id)).toBe(true)
    expect(JSON.parse(trail[1]!.detail)).toEqual({
      before: { value: 10, deadline: '2026-12-31', note: 'Kế hoạch xã (test)' },
      after: { value: 12, deadline: '2027-03-31', note: null },
    })
    const commune = text(await (await c.request('/dashboard/communes/3166')).text())
    expect(commune).toContain('Người học')
    expect(commune).toContain('2 / 12')
    // The province admin may change it too; another commune's officer may not.
    const b = await as('officerb')
    expect((await b.request(`/dashboard/targets/${id}/withdraw`, { form: {} })).status).toBe(403)
    expect(
      (await (await as('admin')).request(`/dashboard/targets/${id}/withdraw`, { form: {} })).status,
    ).toBe(303)
  })
})

describe('scope', () => {
  it('sends a commune officer to their commune, and lets them see its villages only', async () => {
    const c = await as('officer')
    const home = await c.request('/dashboard')
    expect(home.status).toBe(303)
    expect(home.headers.get('location')).toBe('/dashboard/communes/3166')
    expect((await c.request('/dashboard/communes/3166')).status).toBe(200)
    expect(text(await (await c.request('/dashboard/villages/3166-001')).text())).toContain('Bản Một (test)')
    expect(text(await (await c.request('/dashboard/reach?scope=3166')).text())).toContain('Bản Hai (test)')
    for (const path of [
      '/dashboard/communes',
      '/dashboard/communes/3127',
      '/dashboard/villages/3127-001',
      '/dashboard/communes/3127?format=csv',
      '/dashboard/reach?scope=11',
      '/dashboard/trends?scope=11&indicator=learners',
      '/dashboard/report?scope=11&lang=fr',
      '/dashboard/report?scope=3127&lang=vi',
    ])
      expect([path, (await c.request(path)).status]).toEqual([path, 403])
  })

  it('shows nothing to learners, ambassadors and trainers, and asks visitors to sign in', async () => {
    for (const login of ['learner1', 'amb1', 'trainer']) {
      const c = await as(login)
      expect((await c.request('/dashboard')).status).toBe(403)
      expect((await c.request('/dashboard/communes/3166')).status).toBe(403)
      expect((await c.request('/dashboard/villages/3166-001')).status).toBe(403)
      expect(text(await (await c.request('/courses')).text())).not.toContain('Tiến độ')
    }
    const anon = await new Client(f.env.app).request('/dashboard/communes')
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toBe('/login?back=%2Fdashboard%2Fcommunes')
  })
})

describe('views', () => {
  it('drills from the commune table to a commune and a village, laggards marked', async () => {
    const c = await as('admin')
    const html = await (await c.request('/dashboard/communes?sort=learners&dir=desc')).text()
    const rows = [...html.matchAll(/<tr( class="laggard")?><th scope="row"[^>]*>(\d+)<\/th>/g)].map(
      (m) => m[2],
    )
    expect(rows.slice(0, 2)).toEqual(['3166', '3127']) // 2 learners, then 1, then the communes with none
    expect(rows).toHaveLength(45)
    // Phường Điện Biên Phủ lags: no help, no households, no active group, no trader onboarded.
    expect(html).toMatch(/<tr class="laggard"><th scope="row">3127<\/th>/)
    expect(html).toMatch(/<tr><th scope="row">3166<\/th>/)
    expect(html).toContain('href="/dashboard/communes/3166"')
    const commune = text(await (await c.request('/dashboard/communes/3166')).text())
    expect(commune).toContain('Bản Một (test)')
    expect(commune).toContain('Bản Hai (test)')
    const village = await (await c.request('/dashboard/villages/3166-002')).text()
    expect(text(village)).toContain('Chưa có sóng viễn thông · Chưa có điện lưới')
    expect(village).toContain('<svg viewBox="0 0 400 150" role="img"')
    expect(village).toMatch(/<title id="v-help_given-t">Biểu đồ theo tuần: Lượt hỗ trợ người dân<\/title>/)
    // The page names each figure; the indicator codes stay in the exports only.
    expect(text(village)).toContain('Lượt hỗ trợ người dân')
    expect(text(village)).not.toMatch(/\bhelp_given\b|\bpeople_helped\b/)
    const csv = await (await c.request('/dashboard/villages/3166-002?format=csv')).text()
    expect(csv).toContain('help_given')
  })

  it('lets a keyboard scroll the wide tables and says how the table is sorted', async () => {
    const c = await as('admin')
    const html = await (await c.request('/dashboard/communes?sort=learners&dir=desc')).text()
    // A table wider than a phone scrolls in its wrapper: focusable, and named for screen readers.
    expect(html).toContain('<section class="table-wrap" tabindex="0" aria-label="Các xã, phường">')
    expect(html).toMatch(
      /<th scope="col" class="num" aria-sort="descending"><a href="[^"]*sort=learners&amp;dir=asc">Người học<\/a><span aria-hidden="true"> ▼<\/span><\/th>/,
    )
    expect(html.match(/aria-sort=/g)).toHaveLength(1)
    const village = await (await c.request('/dashboard/villages/3166-002')).text()
    expect(village).toContain('<section class="table-wrap" tabindex="0" aria-label="Bản Hai (test)">')
    const report = await (await c.request('/dashboard/report?scope=11&lang=fr')).text()
    expect(report).toContain('@media screen { .table-wrap { overflow-x: auto; }')
    expect(report.match(/<section class="table-wrap" tabindex="0" aria-label="[^"]+">/g)).toEqual([
      '<section class="table-wrap" tabindex="0" aria-label="Objectifs">',
      '<section class="table-wrap" tabindex="0" aria-label="Chiffres clés">',
      '<section class="table-wrap" tabindex="0" aria-label="Communes et quartiers">',
    ])
  })

  it('draws a weekly trend with its values in a table beside it', async () => {
    const c = await as('admin')
    const html = await (await c.request('/dashboard/trends?scope=11&indicator=help_given')).text()
    expect(html).toContain('<title id="trend-t">Biểu đồ theo tuần: Lượt hỗ trợ người dân</title>')
    expect(text(html)).toContain('2026-W45 (2 thg 11, 2026) 1 2')
    const csv = parseCsv(
      await (await c.request('/dashboard/trends?scope=11&indicator=help_given&format=csv')).text(),
    )
    expect(csv[0]!.cells).toEqual(['Tuần', 'Bắt đầu từ', 'Trong tuần', 'Lũy kế'])
    expect(csv.find((r) => r.cells[0] === '2026-W45')!.cells).toEqual(['2026-W45', '2026-11-02', '1', '2'])
    expect((await c.request('/dashboard/trends?scope=11&indicator=nope')).status).toBe(400)
  })

  it('plans the reach: villages without signal, their next visit, who goes and last data', async () => {
    const c = await as('officer')
    const res = await c.request('/dashboard/visits', {
      form: {
        village_code: '3166-002',
        kind: 'hub',
        planned_on: '2026-12-10',
        assignee: 'Lò Văn Đại (test)',
        note: 'Mang máy chủ (test)',
        back: '/dashboard/reach?scope=3166',
      },
    })
    expect(res.status).toBe(303)
    // Back on the planner, which says what was saved.
    const back = res.headers.get('location')!
    expect(back).toMatch(/^\/dashboard\/reach\?scope=3166&planned=[0-9a-f-]+$/)
    expect(text(await (await c.request(back)).text())).toContain(
      'Đã lên lịch cho Bản Hai (test): 10 thg 12, 2026 Lắp điểm học ngoại tuyến (hub), người đi: Lò Văn Đại (test).',
    )
    const before = await count('campaign_visits')
    const far = await c.request('/dashboard/visits', {
      form: { village_code: '3127-001', kind: 'hub', planned_on: '2026-12-10', assignee: 'Ai đó' },
    })
    expect(far.status).toBe(403)
    expect(await count('campaign_visits')).toBe(before)
    // The default list: the villages the network does not reach, with their planning action.
    const page = text(await (await c.request('/dashboard/reach?scope=3166')).text())
    expect(page).toContain('Chưa có sóng hoặc chưa có điện lưới: 1 thôn, bản')
    expect(page).toContain('1/1 đã có lịch')
    expect(page).toMatch(
      /Bản Hai \(test\) Xã Mường Chà Chưa có sóng viễn thông · Chưa có điện lưới Im ắng trên 30 ngày · Dữ liệu về lần cuối: \d+ thg \d+, 2026 Đã có lịch 10 thg 12, 2026: Lắp điểm học ngoại tuyến \(hub\) · người đi: Lò Văn Đại \(test\) Thêm lịch/,
    )
    const list = parseCsv(await (await c.request('/dashboard/reach?scope=3166&format=csv&table=list')).text())
    expect(list.map((r) => r.cells[7])).toEqual([
      'Lịch đến tiếp theo',
      '2026-12-10 Lắp điểm học ngoại tuyến (hub), người đi: Lò Văn Đại (test)',
    ])
    // The visit shows on the village page, where the officer may cancel it (audited).
    const village = await (await c.request('/dashboard/villages/3166-002')).text()
    const visit = /action="\/dashboard\/visits\/([0-9a-f-]+)\/cancel"/.exec(village)![1]!
    expect(text(village)).toContain(
      'Lắp điểm học ngoại tuyến (hub) · người đi: Lò Văn Đại (test) (Mang máy chủ (test)) Hủy lịch',
    )
    expect(
      (await (await as('officerb')).request(`/dashboard/visits/${visit}/cancel`, { form: {} })).status,
    ).toBe(403)
    expect((await c.request(`/dashboard/visits/${visit}/cancel`, { form: {} })).status).toBe(303)
    expect(text(await (await c.request('/dashboard/villages/3166-002')).text())).toContain('Chưa có lịch.')
    const trail = await f.env.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', visit)
      .orderBy('at')
      // The test's clock stands still: both records have the same time, and ids sort as made.
      .orderBy('id')
      .execute()
    expect(trail.map((a) => a.action)).toEqual(['visit.plan', 'visit.cancel'])
    const matrix = parseCsv(
      await (await c.request('/dashboard/reach?scope=3166&format=csv&table=matrix')).text(),
    )
    expect(matrix.map((r) => r.cells)).toEqual([
      ['Kết nối', 'Có hoạt động (30 ngày)', 'Im ắng trên 30 ngày', 'Chưa có dữ liệu', 'Tổng'],
      ['Có 4G', '1', '0', '0', '1'],
      ['Có sóng 3G/2G, chưa có 4G', '0', '0', '0', '0'],
      ['Chưa có sóng viễn thông', '0', '1', '0', '1'],
      ['Chưa có điện lưới', '0', '1', '0', '1'],
    ])
  })

  it('prints the report in French with its date and scope', async () => {
    const c = await as('admin')
    const res = await c.request('/dashboard/report?scope=11&lang=fr')
    const html = await res.text()
    expect(html.startsWith('<!doctype html><html lang="fr">')).toBe(true)
    expect(html).toContain('@page { size: A4;')
    const page = text(html)
    expect(page).toContain('Rapport d’avancement de l’Éducation numérique pour tous')
    expect(page).toContain('Périmètre : Tỉnh Điện Biên')
    expect(page).toContain('Établi le 29 novembre 2026')
    expect(page).toContain('Agents formés à l’IA')
    expect((await c.request('/dashboard/report?scope=11&lang=de')).status).toBe(400)
  })
})

describe('exports', () => {
  it('exports the commune table as CSV and XLSX with the same content as the page', async () => {
    const c = await as('admin')
    const csvRes = await c.request('/dashboard/communes?format=csv')
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csvRes.headers.get('content-disposition')).toBe('attachment; filename="communes-2026-11-29.csv"')
    const csv = parseCsv(await csvRes.text()).map((r) => r.cells)
    expect(csv[0]).toEqual([
      'Mã',
      'Tên',
      'Người học',
      'Người học tích cực (30 ngày)',
      'Lượt hoàn thành khóa học',
      'Lượt hỗ trợ người dân',
      'Người dân được hỗ trợ',
      'Hộ đạt tiêu chí Gia đình số (%)',
      'Thôn, bản có tổ công nghệ số hoạt động (%)',
      'Tiểu thương hoàn thành chuyển đổi số (%)',
      'Cán bộ được tập huấn AI',
      'Chậm',
    ])
    expect(csv).toHaveLength(46)
    expect(csv.find((r) => r[0] === '3166')).toEqual([
      '3166',
      'Xã Mường Chà',
      '2',
      '1',
      '1',
      '5',
      '4',
      '13.3',
      '50',
      '50',
      '4',
      '',
    ])
    expect(csv.find((r) => r[0] === '3127')!.slice(-2)).toEqual(['1', 'Có'])

    const xlsxRes = await c.request('/dashboard/communes?format=xlsx')
    expect(xlsxRes.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await xlsxRes.arrayBuffer()) as never)
    const ws = wb.worksheets[0]!
    const sheet: string[][] = []
    ws.eachRow((row) => {
      const cells: string[] = []
      for (let i = 1; i <= ws.columnCount; i++) {
        const v = row.getCell(i).value
        cells.push(v === null || v === undefined ? '' : String(v))
      }
      sheet.push(cells)
    })
    expect(sheet).toEqual(csv)
    expect(typeof ws.getRow(2).getCell(3).value).toBe('number')
  })

  it('refuses an unknown format', async () => {
    const c = await as('admin')
    const res = await c.request('/dashboard/communes?format=pdf', { headers: { accept: 'application/json' } })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toBe('format: must be csv or xlsx')
  })
})
