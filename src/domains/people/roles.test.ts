import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, demoPeople, person } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { placeRef } from '../places/places.service.ts'

/**
 * The role-grant form: a place picked by commune and by a village's name (with or without
 * diacritics), a confirmation that says the grant in one sentence, and only then the grant;
 * a refusal names the field in the interface language and writes nothing.
 */
let env: TestEnv
let newcomer: string
let stranger: string

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx, { communes: ['3166', '3127'] })
  newcomer = (await person(env.ctx, { role: 'learner', place: '3166-004', name: 'Vì Văn Mới' })).id
  stranger = (await person(env.ctx, { role: 'learner', place: '3127', name: 'Lường Văn Xa' })).id
})
afterAll(() => env.close())

async function as(login: string, lang?: string) {
  const c = new Client(env.app)
  if (lang) c.cookies.set('hocso_lang', lang)
  await c.login(login)
  return c
}

const grants = () => countRows(env.ctx, 'role_assignments')
const options = (html: string, name: string) => {
  const select = new RegExp(`<select name="${name}"[^>]*>(.*?)</select>`, 's').exec(html)?.[1] ?? ''
  return [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]])
}

describe('the place picker of the grant form', () => {
  it('offers communes, no typed code; a commune then lists its villages', async () => {
    const admin = await as('admin')
    const page = await (await admin.request('/admin/people')).text()
    expect(page).not.toMatch(/<input[^>]*name="scope_code"/)
    const communes = options(page, 'commune')
    expect(communes).toHaveLength(46) // "all", then the province's 45 communes and wards
    expect(communes).toContainEqual(['3166', 'Xã Mường Chà'])
    const places = options(page, 'scope_code')
    expect(places[0]).toEqual(['11', 'Toàn tỉnh'])
    expect(places).toContainEqual(['3166', 'Cả Xã Mường Chà'])
    const commune = await (await admin.request('/admin/people?commune=3166')).text()
    const villages = options(commune, 'scope_code')
    expect(villages[0]).toEqual(['3166', 'Cả Xã Mường Chà'])
    expect(villages).toContainEqual(['3166-001', 'Bản mẫu 1 – Mường Chà (demo) (Xã Mường Chà)'])
    expect(villages.every(([code]) => code === '3166' || code!.startsWith('3166-'))).toBe(true)
  })

  it('finds a village by its name with and without diacritics, in a commune or across the province', async () => {
    const admin = await as('admin')
    for (const q of ['Bản mẫu 12', 'ban mau 12', 'BAN MAU 12']) {
      const html = await (await admin.request(`/admin/people?commune=3166&q=${encodeURIComponent(q)}`)).text()
      expect(options(html, 'scope_code').map(([code]) => code)).toEqual(['3166', '3166-012'])
    }
    // Across the province: every word starts a word of the name ("3" finds 3 and 30, not 13).
    const across = await (
      await admin.request(`/admin/people?q=${encodeURIComponent('muong cha mau 3')}`)
    ).text()
    const found = options(across, 'scope_code').map(([code]) => code!)
    expect(found).toContain('3166-003')
    expect(found.every((code) => /^3166-0(03|3\d)$/.test(code))).toBe(true)
    expect(options(across, 'scope_code')[0]![1]).toBe('Bản mẫu 3 – Mường Chà (demo) (Xã Mường Chà)')
    const none = await (
      await admin.request(`/admin/people?q=${encodeURIComponent('không có bản này')}`)
    ).text()
    expect(options(none, 'scope_code')).toEqual([])
    expect(none).toContain('Không có nơi nào khớp')
  })

  it('shows a commune officer only their commune and the roles they may give', async () => {
    const officer = await as('officer')
    const page = await (await officer.request('/admin/people')).text()
    expect(options(page, 'commune').map(([code]) => code)).toEqual(['', '3166'])
    expect(options(page, 'scope_code').map(([code]) => code)).toEqual(['3166'])
    const roles = options(page, 'role').map(([code]) => code)
    expect(roles).toContain('ambassador')
    expect(roles).not.toContain('province_admin')
    expect(roles).not.toContain('content_editor')
  })
})

describe('granting a role takes a confirmation', () => {
  it('says the grant in one sentence, writes nothing, then writes it once confirmed', async () => {
    const admin = await as('admin')
    const before = await grants()
    const confirm = await admin.request(
      `/admin/roles/confirm?account_id=${newcomer}&role=ambassador&commune=3166&q=mau&scope_code=3166-004`,
    )
    expect(confirm.status).toBe(200)
    const html = await confirm.text()
    expect(html).toContain(
      'Giao cho Vì Văn Mới vai trò Đại sứ số tại Bản mẫu 4 – Mường Chà (demo) (Xã Mường Chà)?',
    )
    // The way back keeps every choice.
    expect(html).toContain(
      `href="/admin/people?account_id=${newcomer}&amp;role=ambassador&amp;commune=3166&amp;q=mau&amp;scope_code=3166-004#grant"`,
    )
    expect(await grants()).toBe(before)
    // A form posted without the confirmation (an old page) is asked to confirm too.
    const unconfirmed = await admin.request('/admin/roles', {
      form: { account_id: newcomer, role: 'ambassador', scope_code: '3166-004' },
    })
    expect(unconfirmed.status).toBe(200)
    expect(await unconfirmed.text()).toContain('Giao cho Vì Văn Mới vai trò Đại sứ số')
    expect(await grants()).toBe(before)
    const done = await admin.request('/admin/roles', {
      form: { account_id: newcomer, role: 'ambassador', scope_code: '3166-004', confirmed: '1' },
    })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toMatch(/^\/admin\/people\?granted=[0-9a-f-]{36}$/)
    expect(await grants()).toBe(before + 1)
    const after = await (await admin.request(done.headers.get('location')!)).text()
    expect(after).toContain(
      'Đã giao cho Vì Văn Mới vai trò Đại sứ số tại Bản mẫu 4 – Mường Chà (demo) (Xã Mường Chà).',
    )
    const row = await env.ctx.db
      .selectFrom('role_assignments')
      .select(['role', 'scope_code'])
      .where('account_id', '=', newcomer)
      .where('role', '=', 'ambassador')
      .executeTakeFirst()
    expect(row).toEqual({ role: 'ambassador', scope_code: '3166-004' })
  })

  it('refuses an unknown place, a place outside the admin’s scope and a role they may not give, naming the field', async () => {
    const officer = await as('officer')
    const before = await grants()
    const unknown = await officer.request(
      `/admin/roles/confirm?account_id=${newcomer}&role=ambassador&scope_code=3166-999`,
    )
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain('Nơi nhận vai trò: không có nơi nào mã 3166-999')
    const outside = await officer.request(
      `/admin/roles/confirm?account_id=${newcomer}&role=ambassador&scope_code=3127`,
    )
    expect(outside.status).toBe(403)
    const far = (await placeRef(env.ctx, '3127')).name
    expect(await outside.text()).toContain(`Nơi nhận vai trò: ${far} nằm ngoài địa bàn bạn quản lý`)
    const higher = await officer.request('/admin/roles', {
      form: { account_id: newcomer, role: 'province_admin', scope_code: '3166', confirmed: '1' },
    })
    expect(higher.status).toBe(403)
    const page = await higher.text()
    expect(page).toContain('Vai trò: bạn không được giao vai trò này')
    // The form is there again with the choices kept.
    expect(page).toMatch(new RegExp(`<option value="${newcomer}" selected`))
    const who = await officer.request(
      `/admin/roles/confirm?account_id=${stranger}&role=ambassador&scope_code=3166-002`,
    )
    expect(who.status).toBe(403)
    expect(await who.text()).toContain('Người dùng: người này ở')
    const junk = await officer.request('/admin/roles/confirm?account_id=x&role=king&scope_code=%3Cb%3E')
    expect(junk.status).toBe(400)
    const text = await junk.text()
    expect(text).toContain('Người dùng:')
    expect(text).toContain('Vai trò:')
    expect(text).toContain('Nơi nhận vai trò:')
    expect(await grants()).toBe(before)
  })

  it('refuses someone who may grant no role as such (403), whatever the form holds, and writes nothing', async () => {
    const ambassador = await as('ambassador')
    const before = await grants()
    for (const path of [
      '/admin/roles/confirm?account_id=x&role=king',
      `/admin/roles/confirm?account_id=${newcomer}&role=learner&scope_code=3166-004`,
    ]) {
      const r = await ambassador.request(path)
      expect(r.status).toBe(403)
      expect(await r.text()).not.toContain('Giao cho')
    }
    const form = await ambassador.request('/admin/roles', {
      form: { account_id: newcomer, role: 'learner', scope_code: '3166-004' },
    })
    expect(form.status).toBe(403)
    expect(await grants()).toBe(before)
  })

  it('says the same refusals in French and English', async () => {
    const fr = await as('officer', 'fr')
    const res = await fr.request(
      `/admin/roles/confirm?account_id=${newcomer}&role=ambassador&scope_code=3127`,
    )
    expect(await res.text()).toContain('Lieu du rôle : ')
    const en = await as('officer', 'en')
    const role = await en.request(
      `/admin/roles/confirm?account_id=${newcomer}&role=province_admin&scope_code=3166`,
    )
    expect(await role.text()).toContain('Role: you may not grant this role')
    const ok = await en.request(`/admin/roles/confirm?account_id=${newcomer}&role=trainer&scope_code=3166`)
    expect(await ok.text()).toContain('Give Vì Văn Mới the role Trainer in All of Xã Mường Chà?')
  })
})
