import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { expectRebuildEqual } from '../../../test/rollups.ts'
import { SECTORS as CAMPAIGN_SECTORS } from '../campaign/indicators.ts'
import { seedDemo } from '../demo/demo.seed.ts'
import { SECTORS } from './events.schemas.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await seedDemo(env.ctx)
})
afterAll(() => env.close())

async function as(login: string) {
  const c = new Client(env.app)
  await c.login(login)
  return c
}

const inDays = (d: number, hour = 8) => {
  const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}

const training = (over: Record<string, string | number> = {}) => ({
  title: 'Tập huấn AI cho cán bộ ngành giáo dục',
  kind: 'training',
  topic: 'ai_officials',
  sector: 'education',
  audience: 'Cán bộ, giáo viên',
  place_code: '3166',
  starts_at: inDays(12),
  ends_at: inDays(12, 11),
  capacity: 40,
  trainers: 'Giảng viên (demo)',
  ...over,
})

const countEvents = async () =>
  Number(
    (
      await env.ctx.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('AI trainings carry a sector', () => {
  it('the events form and the campaign count the same four sectors of the plan', () => {
    expect([...SECTORS]).toEqual([...CAMPAIGN_SECTORS])
    expect(SECTORS).toEqual(['education', 'smart_agriculture', 'tourism', 'public_administration'])
  })

  it('an organiser chooses the sector when creating the training; the page shows it', async () => {
    const c = await as('officer')
    const form = await (await c.request('/events/new')).text()
    expect(form).toContain('name="sector"')
    expect(form).toContain('Nông nghiệp thông minh')
    const res = await c.request('/events', { form: training({ sector: 'smart_agriculture' }) as never })
    expect(res.status).toBe(303)
    const id = res.headers.get('location')!.split('/').pop()!
    const page = await (await c.request(`/events/${id}`)).text()
    expect(page).toContain('Nông nghiệp thông minh')
    const row = await env.ctx.db.selectFrom('events').select('sector').where('id', '=', id).executeTakeFirst()
    expect(row?.sector).toBe('smart_agriculture')
    const edit = await (await c.request(`/events/${id}/edit`)).text()
    expect(edit).toMatch(/<option value="smart_agriculture" selected/)
  })

  it('refuses an AI training without a sector or with an unknown one, in the person’s language, writing nothing', async () => {
    const c = await as('officer')
    const before = await countEvents()
    const missing = await c.request('/events', { json: { ...training(), sector: undefined } })
    expect(missing.status).toBe(400)
    expect((await missing.json()).error.message).toBe(
      'sector: required for an AI training of officials: one of education, smart_agriculture, tourism, public_administration',
    )
    const { sector: _, ...noSector } = training()
    const page = await c.request('/events', { form: noSector as never })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain(
      'bắt buộc với tập huấn AI cho cán bộ: chọn giáo dục, nông nghiệp thông minh, du lịch hoặc hành chính công',
    )
    const unknown = await c.request('/events', { json: training({ sector: 'health' }) })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).error.message).toBe(
      'sector: must be one of education, smart_agriculture, tourism, public_administration',
    )
    expect(await countEvents()).toBe(before)
  })

  it('keeps no sector on other events, and moves the figures with the sector once people came', async () => {
    const c = await as('officer')
    const fest = await c.request('/events', {
      json: training({ kind: 'festival', topic: 'ai_everyone', title: 'Ngày hội AI xã Mường Chà' }),
    })
    expect(fest.status).toBe(201)
    const festId = (await fest.json()).id
    const row = await env.ctx.db
      .selectFrom('events')
      .select('sector')
      .where('id', '=', festId)
      .executeTakeFirst()
    expect(row?.sector).toBeNull()

    // Held now: a check-in before a training starts is refused.
    const today = { starts_at: inDays(-1, 0), ends_at: inDays(1, 23) }
    const made = await c.request('/events', { json: training(today) })
    const id = (await made.json()).id
    // Before anyone came the organiser may still correct the sector.
    expect(
      (await c.request(`/events/${id}/edit`, { json: training({ ...today, sector: 'tourism' }) })).status,
    ).toBe(200)
    const walkIn = await c.request(`/events/${id}/checkin`, { json: { event_id: id, name: 'Lò Văn Khánh' } })
    expect(walkIn.status).toBeLessThan(300)
    // After, the form says the figures follow a new sector (decision 0210), and offers every sector.
    const form = await (await c.request(`/events/${id}/edit`)).text()
    expect(form).toContain(
      'Đã có 1 người điểm danh: nếu đổi loại, chủ đề hoặc lĩnh vực, số liệu sẽ tính họ theo lựa chọn mới (vẫn ở xã này).',
    )
    const select = /<select name="sector">([\s\S]*?)<\/select>/.exec(form)![1]!
    expect(select.match(/<option value="[a-z_]+"/g)).toHaveLength(SECTORS.length)
    const sectorOf = async () =>
      (await env.ctx.db.selectFrom('events').select('sector').where('id', '=', id).executeTakeFirstOrThrow())
        .sector
    const trained = async (sector: string) =>
      Number(
        (
          await env.ctx.db
            .selectFrom('campaign_rollups')
            .select('value')
            .where('indicator', '=', `officials_trained_ai.sector.${sector}`)
            .where('place_code', '=', '11')
            .where('period', '=', 'all')
            .executeTakeFirst()
        )?.value ?? 0,
      )
    const moved = await c.request(`/events/${id}/edit`, { json: training({ ...today, sector: 'education' }) })
    expect(moved.status).toBe(200)
    expect(await sectorOf()).toBe('education')
    expect([await trained('education'), await trained('tourism')]).toEqual([1, 0])
    // And back, with another change: the person is counted once, under tourism again.
    const renamed = await c.request(`/events/${id}/edit`, {
      json: training({ ...today, sector: 'tourism', title: 'Tập huấn AI cho cán bộ ngành du lịch' }),
    })
    expect(renamed.status).toBe(200)
    expect(await sectorOf()).toBe('tourism')
    expect([await trained('education'), await trained('tourism')]).toEqual([0, 1])
    await expectRebuildEqual(env.ctx)
  })
})

describe('festivals', () => {
  it('an organiser creates the AI Festival; its check-ins count on the dashboard as festival and AI Festival', async () => {
    const officer = await as('officer')
    const res = await officer.request('/events', {
      form: {
        title: 'Ngày hội AI tỉnh Điện Biên',
        kind: 'festival',
        topic: 'ai_everyone',
        audience: 'Mọi người dân',
        place_code: '3166',
        starts_at: inDays(0, 0),
        ends_at: inDays(1, 23),
        capacity: '500',
        trainers: 'Ban tổ chức',
      },
    })
    expect(res.status).toBe(303)
    const id = res.headers.get('location')!.split('/').pop()!
    const page = await (await officer.request(`/events/${id}`)).text()
    expect(page).toContain('Ngày hội')
    expect(page).toContain('AI cho mọi người (Ngày hội AI)')
    for (const [name, phone] of [
      ['Lò Thị Hoa', '0912345601'],
      ['Quàng Văn Minh', '0912345602'],
      ['Lò Thị Hoa', '0912345601'],
    ])
      expect(
        (await officer.request(`/events/${id}/checkin`, { json: { event_id: id, name, phone } })).status,
      ).toBeLessThan(300)
    const dash = await (await as('admin')).request('/dashboard')
    const html = await dash.text()
    const tile = (label: string) =>
      new RegExp(`<b>(\\d+)</b><span class="small">${label}</span>`).exec(html)?.[1]
    expect(tile('Ngày hội đã tổ chức')).toBe('1') // the festival of the test above had nobody: not held
    expect(tile('Lượt người dự ngày hội')).toBe('2')
    expect(tile('Ngày hội AI đã tổ chức')).toBe('1')
    expect(tile('Lượt người dự Ngày hội AI')).toBe('2')
  })

  it('the province overview shows AI trainings and people trained per sector, exportable', async () => {
    const admin = await as('admin')
    const html = await (await admin.request('/dashboard')).text()
    expect(html).toContain('Tập huấn AI cho cán bộ theo lĩnh vực')
    const csv = await (await admin.request('/dashboard?format=csv&table=sectors')).text()
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    expect(lines).toEqual([
      'Lĩnh vực,Lớp đã tổ chức,Người được tập huấn',
      'Giáo dục,0,0',
      'Nông nghiệp thông minh,0,0',
      'Du lịch,1,1', // the training whose sector was corrected to tourism before Lò Văn Khánh came
      'Hành chính công,0,0',
      'Tổng,1,1',
      'Mục tiêu,,',
    ])
  })
})
