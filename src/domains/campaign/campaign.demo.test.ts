import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { seedDemo } from '../demo/demo.seed.ts'
import { importContent } from '../learning/content.import.ts'
import { rebuildRollups } from './rollup.service.ts'

const CONTENT = new URL('../../../content/', import.meta.url).pathname

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await importContent(env.ctx, CONTENT)
  await seedDemo(env.ctx, { activity: true })
}, 240_000)
afterAll(() => env.close())

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the demo', () => {
  it('shows the four targets of the province plan with progress computed from the simulated activity', async () => {
    const c = new Client(env.app)
    await c.login('admin')
    const page = text(await (await c.request('/dashboard')).text())
    expect(page).toContain('Dữ liệu demo')
    expect(page).toContain('Lớp tập huấn AI đã tổ chức')
    expect(page).toContain('9 / 20') // the simulated trainings held; the demo commune's next one has not happened yet
    expect(page).toMatch(/Cán bộ được tập huấn AI .*?([1-9]\d\d) \/ 2\.000/)
    expect(page).toMatch(/Xã, phường vận hành mô hình cộng đồng .*?% \/ 100% \(3\d\/45\)/)
    expect(page).toMatch(/Tiểu thương hoàn thành chuyển đổi số .*?% \/ 100% \(\d+\/\d+\)/)
    const rows = await env.ctx.db
      .selectFrom('facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    // A few thousand facts of simulated activity (how long seeding takes is for benchmarks).
    expect(Number(rows.n)).toBeGreaterThan(1500)
  })

  it('shows the simulated festivals and the AI trainings by sector against the plan', async () => {
    const c = new Client(env.app)
    await c.login('admin')
    const page = text(await (await c.request('/dashboard')).text())
    expect(page).toMatch(/ 3 Ngày hội đã tổ chức /)
    expect(page).toMatch(/ 1 Ngày hội AI đã tổ chức /)
    expect(page).toMatch(/ [1-9]\d Lượt người dự Ngày hội AI /)
    // The plan came from its file: its note and source are the file's.
    expect(page).toContain('Kế hoạch tỉnh: ít nhất 20 lớp tập huấn AI đến năm 2026')
    const csv = await (await c.request('/dashboard?format=csv&table=sectors')).text()
    const rows = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    // Nine trainings held, the four sectors in turn (3, 2, 2, 2), against 20 trainings and 2,000 people.
    expect(rows.slice(1, 5).map((r) => r.split(',').slice(0, 2).join(','))).toEqual([
      'Giáo dục,3',
      'Nông nghiệp thông minh,2',
      'Du lịch,2',
      'Hành chính công,2',
    ])
    expect(rows[5]).toMatch(/^Tổng,9,[1-9]\d\d$/)
    expect(rows[6]).toBe('Mục tiêu,20,2000')
  })

  it('drills into a commune and a village and exports the commune table', async () => {
    const c = new Client(env.app)
    await c.login('admin')
    const communes = await (await c.request('/dashboard/communes')).text()
    const code = /<a href="\/dashboard\/communes\/(\d+)">/.exec(communes)![1]!
    const commune = await (await c.request(`/dashboard/communes/${code}`)).text()
    const village = /<a href="\/dashboard\/villages\/([\d-]+)">/.exec(commune)![1]!
    expect((await c.request(`/dashboard/villages/${village}`)).status).toBe(200)
    const xlsx = await c.request('/dashboard/communes?format=xlsx')
    expect(xlsx.status).toBe(200)
    expect((await c.request('/dashboard/report?scope=11&lang=fr')).status).toBe(200)
  })

  it('rebuilds the demo rollups to what the demo built incrementally', async () => {
    const snap = async () =>
      (
        await env.ctx.db
          .selectFrom('campaign_rollups')
          .selectAll()
          .where('value', '!=', 0)
          .orderBy('indicator')
          .orderBy('place_code')
          .orderBy('period')
          .execute()
      ).map((r) => `${r.indicator}|${r.place_code}|${r.period}|${Number(r.value)}`)
    const before = await snap()
    await rebuildRollups(env.ctx)
    expect(await snap()).toEqual(before)
  })
})
