import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { t } from '../../core/i18n.ts'
import { generateDemoVillages } from './demo-villages.ts'
import { countPlaces, villageTotals } from './places.service.ts'
import { loadUnits } from './units.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  // The spine's part of the demo (villages and demo accounts), without the other domains' activity.
  await seedPlacesAndPeople(env.ctx)
})
afterAll(() => env.close())

const as = async (login: string | null) => {
  const c = new Client(env.app)
  if (login) await c.login(login)
  return c
}
const village = (code: string) =>
  env.ctx.db.selectFrom('places').selectAll().where('code', '=', code).executeTakeFirstOrThrow()
/** What a person reads on a page: the text without tags. */
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' ')

describe('the demo seed', () => {
  it('reproduces the province: 45 units, 1,446 villages, 1,362 with 4G, 84 without telecom, 105 off-grid', async () => {
    expect(await countPlaces(env.ctx)).toEqual({ province: 1, commune: 42, ward: 3, village: 1446 })
    expect(await villageTotals(env.ctx.db)).toEqual({
      total: 1446,
      with4g: 1362,
      noTelecom: 84,
      offGrid: 105,
    })
    const demo = await env.ctx.db
      .selectFrom('places')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', 'village')
      .where('demo', '=', 1)
      .where('name', 'like', '%(demo)')
      .executeTakeFirstOrThrow()
    expect(Number(demo.n)).toBe(1446)
  })

  it('gives every unit villages, never 4G without telecom, and is the same on every machine', async () => {
    const units = loadUnits().units
    const a = generateDemoVillages(units)
    const b = generateDemoVillages(units)
    expect(b).toEqual(a)
    for (const u of units) expect(a.filter((v) => v.communeCode === u.code).length).toBeGreaterThanOrEqual(8)
    expect(a.filter((v) => v.has4g && !v.hasTelecom)).toEqual([])
    const rows = await env.ctx.db.selectFrom('places').select(['id', 'origin_node', 'hlc']).execute()
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/)
      expect(r.origin_node).toBe(env.ctx.nodeId)
      expect(r.hlc).toMatch(/^\d{16}-\d{5}$/)
    }
  })
})

describe('GET /api/places/communes', () => {
  it('gives a province role all 45 units with their village counts', async () => {
    const c = await as('admin')
    const res = await c.request('/api/places/communes')
    expect(res.status).toBe(200)
    const list = (await res.json()) as { code: string; name: string; kind: string; villageCount: number }[]
    expect(list).toHaveLength(45)
    expect(list.find((u) => u.code === '3166')).toMatchObject({
      code: '3166',
      name: 'Xã Mường Chà',
      kind: 'commune',
    })
    expect(list.filter((u) => u.kind === 'ward')).toHaveLength(3)
    expect(list.reduce((n, u) => n + u.villageCount, 0)).toBe(1446)
    for (const u of list)
      expect(Object.keys(u)).toEqual(expect.arrayContaining(['code', 'name', 'kind', 'villageCount']))
  })

  it('gives a commune officer their commune only, an ambassador none, and refuses learners and strangers', async () => {
    const officer = await (await (await as('officer')).request('/api/places/communes')).json()
    expect(officer.map((u: { code: string }) => u.code)).toEqual(['3166'])
    const ambassador = await (await as('ambassador')).request('/api/places/communes')
    expect(ambassador.status).toBe(200)
    expect(await ambassador.json()).toEqual([])
    expect((await (await as('learner')).request('/api/places/communes')).status).toBe(403)
    const anonymous = await (await as(null)).request('/api/places/communes')
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error.code).toBe('unauthenticated')
  })
})

describe('GET /api/places/communes/:code/villages', () => {
  it('lists every village of the officer’s commune with its attributes', async () => {
    const c = await as('officer')
    const res = await c.request('/api/places/communes/3166/villages')
    expect(res.status).toBe(200)
    const list = await res.json()
    const n = await env.ctx.db
      .selectFrom('places')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_code', '=', '3166')
      .executeTakeFirstOrThrow()
    expect(list).toHaveLength(Number(n.n))
    expect(list[0]).toEqual({
      code: '3166-001',
      name: expect.stringContaining('(demo)'),
      communeCode: '3166',
      has4g: expect.any(Boolean),
      hasTelecom: expect.any(Boolean),
      onGrid: expect.any(Boolean),
      population: expect.any(Number),
      households: expect.any(Number),
      demo: true,
    })
  })

  it('refuses another commune (403), an unknown one (404) and a malformed code (400)', async () => {
    const c = await as('officer')
    const other = await c.request('/api/places/communes/3127/villages')
    expect(other.status).toBe(403)
    expect((await other.json()).error.code).toBe('forbidden')
    expect((await c.request('/api/places/communes/9999/villages')).status).toBe(404)
    const bad = await c.request(`/api/places/communes/${encodeURIComponent("3166' OR '1'='1")}/villages`)
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toBe('code: must be the code of a commune or ward (digits)')
    expect((await (await as('ambassador')).request('/api/places/communes/3166/villages')).status).toBe(403)
  })
})

describe('place pages', () => {
  it('shows a province admin the province in Vietnamese with vi-VN numbers', async () => {
    const c = await as('admin')
    const res = await c.request('/places')
    expect(res.status).toBe(200)
    const page = text(await res.text())
    expect(page).toContain('45 xã, phường')
    expect(page).toContain('1.446 thôn, bản')
    expect(page).toContain('1.362 có sóng 4G (94,2%)')
    expect(page).toContain('84 chưa có sóng điện thoại')
    expect(page).toContain('105 chưa có điện lưới quốc gia')
    expect(page).toContain('Xã Mường Chà')
    expect(page).toContain('Nhập danh sách thôn, bản')
  })

  it('switches to French, keeps the choice, and formats numbers the French way', async () => {
    const c = await as('trainer')
    const sw = await c.request('/lang/fr?back=/places')
    expect(sw.status).toBe(303)
    expect(sw.headers.get('location')).toBe('/places')
    const html = await (await c.request('/places')).text()
    expect(html).toContain('<html lang="fr">')
    const page = text(html)
    expect(page).toContain('45 communes et quartiers')
    expect(page).toContain('1\u202f446 villages')
    expect(page).toContain('1\u202f362 couverts par la 4G (94,2\u00a0%)')
    // The import is for province administrators, not trainers.
    expect(page).not.toContain('Importer les villages')
    const commune = text(await (await c.request('/places/3166')).text())
    expect(commune).toContain('Xã Mường Chà')
    expect(commune).toContain('Commune · Code 3166')
    const v = text(await (await c.request('/places/3166/3166-001')).text())
    expect(v).toContain('Réseau mobile')
    expect(v).toContain('Raccordé au réseau électrique national')
  })

  it('takes a commune officer straight to their commune, with all its villages, and refuses others', async () => {
    const c = await as('officer')
    const home = await c.request('/places')
    expect(home.status).toBe(303)
    expect(home.headers.get('location')).toBe('/places/3166')
    const html = await (await c.request('/places/3166')).text()
    const links = html.match(/href="\/places\/3166\/3166-\d{3}"/g) ?? []
    const { n } = await env.ctx.db
      .selectFrom('places')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('parent_code', '=', '3166')
      .executeTakeFirstOrThrow()
    expect(links).toHaveLength(Number(n))
    expect((await c.request('/places/3127')).status).toBe(403)
    expect((await c.request('/places/3127/3127-001')).status).toBe(403)
    expect((await c.request('/places/import')).status).toBe(403)
    // The province is not theirs: its crumb is plain text, not a link.
    expect(html).toContain('<nav class="crumbs" aria-label="Địa bàn"><span>Điện Biên</span>')
  })

  it('shows a village ambassador that village only', async () => {
    const c = await as('ambassador')
    const home = await c.request('/places')
    expect(home.status).toBe(303)
    expect(home.headers.get('location')).toBe('/places/3166/3166-001')
    const res = await c.request('/places/3166/3166-001')
    expect(res.status).toBe(200)
    const page = text(await res.text())
    const v = await village('3166-001')
    expect(page).toContain(v.name)
    expect(page).toContain(`Số hộ ${v.households}`)
    expect((await c.request('/places/3166')).status).toBe(403)
    expect((await c.request('/places/3166/3166-002')).status).toBe(403)
    expect((await c.request('/places/v/3166-002')).status).toBe(403)
  })

  it('redirects /places/v/:code to the village page, and 404s a village under the wrong commune', async () => {
    const c = await as('admin')
    const r = await c.request('/places/v/3166-002')
    expect(r.status).toBe(302)
    expect(r.headers.get('location')).toBe('/places/3166/3166-002')
    expect((await c.request('/places/3127/3166-002')).status).toBe(404)
    expect((await c.request('/places/v/nope-404')).status).toBe(404)
  })

  it('sends a signed-out visitor to sign in and back, and refuses a learner', async () => {
    const anon = await (await as(null)).request('/places/3166')
    expect(anon.status).toBe(303)
    expect(anon.headers.get('location')).toBe('/login?back=%2Fplaces%2F3166')
    expect((await (await as('learner')).request('/places')).status).toBe(403)
  })
})

describe('correcting a village', () => {
  it('lets a province admin correct a village, stamps it and leaves an audit record', async () => {
    const before = await village('3166-003')
    const c = await as('admin')
    const res = await c.request('/places/3166/3166-003', {
      form: { name: 'Bản Huổi Lèng (demo)', has_telecom: 'on', population: '512', households: '101' },
    })
    expect(res.status).toBe(200)
    expect(text(await res.text())).toContain('Đã lưu.')
    const after = await village('3166-003')
    // JSON says numbers as numbers: "600" is refused naming the field, in French here; nothing changes.
    c.cookies.set('hocso_lang', 'fr')
    const quoted = await c.request('/places/3166/3166-003', {
      json: { name: 'Bản Huổi Lèng', population: '600' },
    })
    c.cookies.delete('hocso_lang')
    expect(quoted.status).toBe(400)
    expect((await quoted.json()).error).toMatchObject({
      message: 'population: must be a JSON number, not text in quotes',
      text: 'population : doit être un nombre, pas du texte entre guillemets (10, pas "10")',
    })
    expect(await village('3166-003')).toEqual(after)
    expect(after).toMatchObject({
      name: 'Bản Huổi Lèng (demo)',
      has_4g: 0,
      has_telecom: 1,
      on_grid: 0,
      population: 512,
      households: 101,
      id: before.id,
    })
    expect(after.hlc > before.hlc).toBe(true)
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'place.edit')
      .where('target_id', '=', '3166-003')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0]!.detail).before.name).toBe(before.name)
  })

  it('refuses a commune officer (403) and bad values (400 naming the field), and writes nothing', async () => {
    const before = await village('3166-004')
    const officer = await as('officer')
    const denied = await officer.request('/places/3166/3166-004', { form: { name: 'Bản khác' } })
    expect(denied.status).toBe(403)
    const admin = await as('admin')
    const bad = await admin.request('/places/3166/3166-004', {
      form: { name: '<script>alert(1)</script>\u202e', population: 'many', has_4g: 'on' },
    })
    expect(bad.status).toBe(400)
    const html = await bad.text()
    expect(html).toContain('population: must be a whole number')
    expect(html).toContain('name: must not contain right-to-left override characters')
    expect(html).not.toContain('<script>alert(1)</script>')
    const contradiction = await admin.request('/places/3166/3166-004', {
      form: { name: 'Bản mới', has_4g: 'on' },
    })
    expect(contradiction.status).toBe(400)
    expect(await contradiction.text()).toContain('has_4g: cannot be true when has_telecom is false')
    const json = await admin.request('/places/3166/3166-004', {
      json: { name: 'Bản mới', has_4g: 'yes', households: -3, elevation: 1200 },
    })
    expect(json.status).toBe(400)
    const msg = (await json.json()).error.message
    expect(msg).toContain('elevation: unknown field')
    expect(await village('3166-004')).toEqual(before)
  })
})

describe('the import page', () => {
  const csv = (rows: string[]) =>
    new File(
      [['code,name,commune_code,has_4g,has_telecom,on_grid,population,households', ...rows].join('\n')],
      'villages.csv',
      {
        type: 'text/csv',
      },
    )

  it('imports a good file for a province admin and reports the counts', async () => {
    const c = await as('admin')
    expect((await c.request('/places/import')).status).toBe(200)
    const res = await c.request('/places/import', {
      multipart: {
        file: csv([
          '3166-901,Bản Nậm Mươn,3166,1,1,1,430,86',
          '3166-005,Bản mẫu 5 – Mường Chà (demo),3166,0,1,0,,',
        ]),
      },
    })
    expect(res.status).toBe(200)
    expect(text(await res.text())).toContain('Đã nhập: thêm 1, cập nhật 1.')
    expect(await village('3166-901')).toMatchObject({
      name: 'Bản Nậm Mươn',
      has_4g: 1,
      population: 430,
      demo: 0,
    })
    expect(await village('3166-005')).toMatchObject({ has_4g: 0, on_grid: 0, population: null })
  })

  it('writes nothing when one row is bad, and lists the line and field, escaped', async () => {
    const c = await as('admin')
    const before = await villageTotals(env.ctx.db)
    const res = await c.request('/places/import', {
      multipart: {
        file: csv([
          '3166-902,Bản Tà Lèng,3166,1,1,1,300,60',
          '3166-903,<img src=x onerror=alert(1)>\u0000,3166,maybe,1,1,,',
        ]),
      },
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    // Every problem in the operator's language, by line and field.
    expect(text(html)).toContain(`Dòng 3: name: ${t('vi', 'text.control')}`)
    expect(text(html)).toContain('Dòng 3: has_4g: phải là 1/0, true/false hoặc yes/no')
    expect(text(html)).toContain('Có 2 lỗi; chưa nhập dòng nào.')
    expect(html).not.toContain('<img src=x')
    expect(await villageTotals(env.ctx.db)).toEqual(before)
    expect(
      await env.ctx.db.selectFrom('places').select('code').where('code', '=', '3166-902').executeTakeFirst(),
    ).toBeUndefined()
  })

  it('refuses a row that would move a village to another commune, unless the move is chosen (issue 14)', async () => {
    const c = await as('admin')
    const before = await villageTotals(env.ctx.db)
    // 3166-006 is a demo village of Mường Chà (3166); the file puts it in 3127.
    const file = () => csv(['3166-905,Bản Huổi Mí,3166,1,1,1,,', '3166-006,Bản Sáu (chuyển),3127,1,1,1,,'])
    const res = await c.request('/places/import', { multipart: { file: file() } })
    expect(res.status).toBe(400)
    const page = text(await res.text())
    expect(page).toContain(
      'Dòng 3: commune_code: thôn, bản 3166-006 thuộc xã 3166; tệp đưa nó sang xã 3127. Muốn chuyển, hãy đánh dấu “Chuyển thôn, bản sang xã ghi trong tệp” rồi nhập lại.',
    )
    expect(page).toContain(
      'Tệp này chuyển 1 thôn, bản sang xã khác: Dòng 3: 3166-006 Bản Sáu (chuyển): xã 3166 → xã 3127',
    )
    expect(await villageTotals(env.ctx.db)).toEqual(before)
    expect(await village('3166-006')).toMatchObject({ commune_code: '3166' })
    expect(
      await env.ctx.db.selectFrom('places').select('code').where('code', '=', '3166-905').executeTakeFirst(),
    ).toBeUndefined()
    // Ticked: the move is made, and listed again on the result.
    const moved = await c.request('/places/import', { multipart: { file: file(), allow_moves: 'on' } })
    expect(moved.status).toBe(200)
    const done = text(await moved.text())
    expect(done).toContain('Đã nhập: thêm 1, cập nhật 1.')
    expect(done).toContain('Dòng 3: 3166-006 Bản Sáu (chuyển): xã 3166 → xã 3127')
    expect(await village('3166-006')).toMatchObject({ commune_code: '3127', parent_code: '3127' })
  })

  it('refuses an officer, a missing file and a form without the CSRF token', async () => {
    const officer = await as('officer')
    expect((await officer.request('/places/import', { multipart: { file: csv([]) } })).status).toBe(403)
    const admin = await as('admin')
    const none = await admin.request('/places/import', { multipart: { note: 'x' } })
    expect(none.status).toBe(400)
    expect(text(await none.text())).toContain('hãy chọn một tệp CSV')
    const fd = new FormData()
    fd.append('file', csv(['3166-904,Bản Pa Cá,3166,1,1,1,,']))
    const forged = await env.app.request('/places/import', {
      method: 'POST',
      body: fd,
      headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    expect(forged.status).toBe(403)
    expect(
      await env.ctx.db.selectFrom('places').select('code').where('code', '=', '3166-904').executeTakeFirst(),
    ).toBeUndefined()
  })
})
