import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { Client } from '../../../test/harness.ts'
import { stamp } from '../../core/context.ts'
import { uuidv7 } from '../../core/ids.ts'
import { type CertEnv, certEnv, completeCourse } from '../certificates/certificates.fixtures.ts'
import { importContent } from '../learning/content.import.ts'
import { GOOD, lessonIds } from '../learning/learning.fixtures.ts'
import { tradersPerPlace } from '../market/market.reads.ts'

let env: CertEnv
beforeAll(async () => {
  env = await certEnv()
  await seedPlacesAndPeople(env.ctx)
  await importContent(env.ctx, GOOD)
}, 60_000)
afterAll(() => env.close())

let seq = 0
/**
 * A learner of bản 3166-001 with everything hocso can hold about a person: an account signed up
 * through the form, lesson facts, a certificate, a trader record and an event registration.
 */
async function person(name: string) {
  const phone = `097${String(process.pid % 1000).padStart(3, '0')}${String(++seq).padStart(4, '0')}`
  const c = new Client(env.app)
  const res = await c.request('/signup', {
    form: { display_name: name, phone, password: 'mat-khau-123', consent: 'on', place_code: '3166-001' },
  })
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`)
  const { id } = await env.ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('phone', '=', phone)
    .executeTakeFirstOrThrow()
  const lessons = await lessonIds(env, 'vneid-basics')
  const facts = Object.values(lessons).map((lessonId) => ({
    id: uuidv7(),
    kind: 'lesson_opened',
    occurred_at: new Date().toISOString(),
    data: { lesson_id: lessonId, lang: 'vi' },
  }))
  const sent = await c.request('/api/facts', { json: { facts } })
  expect((await sent.json()).rejected).toEqual([])
  await completeCourse(env, id, 'vneid-basics')
  const now = new Date().toISOString()
  await env.ctx.db
    .insertInto('traders')
    .values({
      id: uuidv7(),
      ...stamp(env.ctx),
      created_at: now,
      created_by: null,
      name: `${name} (sạp rau)`,
      place_code: '3166-001',
      market: 'Chợ Mường Chà',
      products: 'rau',
      phone,
      account_id: id,
      bank_bin: '970405',
      bank_account: '1234567890',
      erased_at: null,
    })
    .execute()
  const eventId = uuidv7()
  await env.ctx.db
    .insertInto('events')
    .values({
      id: eventId,
      ...stamp(env.ctx),
      created_at: now,
      created_by: null,
      title: 'Tập huấn chợ số',
      kind: 'training',
      topic: 'digital_market',
      audience: 'tiểu thương',
      summary: null,
      place_code: '3166',
      venue: null,
      starts_at: now,
      ends_at: now,
      capacity: 30,
      course_slug: null,
    })
    .execute()
  await env.ctx.db
    .insertInto('event_registrations')
    .values({
      id: uuidv7(),
      ...stamp(env.ctx),
      created_at: now,
      created_by: null,
      event_id: eventId,
      account_id: id,
      name,
      phone,
      organisation: 'HTX Mường Chà',
      position: 'xã viên',
      code: `C${seq}`,
      status: 'registered',
      source: 'self',
      seq: 1,
      lang: 'vi',
      promoted_at: null,
      cancelled_at: null,
    })
    .execute()
  const cert = await env.ctx.db
    .selectFrom('certificates')
    .select('id')
    .where('account_id', '=', id)
    .executeTakeFirstOrThrow()
  return { id, phone, c, certificateId: cert.id }
}

const officer = async (login = 'officer') => {
  const c = new Client(env.app)
  await c.login(login)
  return c
}

const rollups = () =>
  env.ctx.db
    .selectFrom('campaign_rollups')
    .selectAll()
    .orderBy('indicator')
    .orderBy('place_code')
    .orderBy('period')
    .execute()

const auditCount = async () =>
  Number(
    (
      await env.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('export on request', () => {
  it('lets a learner download everything held about them from their own page, without the password hash', async () => {
    const p = await person('Lò Thị Xuân')
    const my = await (await p.c.request('/my')).text()
    expect(my).toContain('href="/my/data"')
    const page = await (await p.c.request('/my/data')).text()
    expect(page).toContain('href="/my/data/export"')
    const res = await p.c.request('/my/data/export')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="hocso-[0-9a-f-]{36}\.json"$/,
    )
    const text = await res.text()
    expect(text).not.toContain('scrypt$')
    expect(text).not.toContain('password')
    const data = JSON.parse(text)
    expect(data.account).toMatchObject({ id: p.id, display_name: 'Lò Thị Xuân', phone: p.phone })
    expect(data.roles.map((r: { role: string }) => r.role)).toEqual(['learner'])
    expect(data.consents).toHaveLength(1)
    expect(data.facts.filter((f: { kind: string }) => f.kind === 'lesson_opened').length).toBeGreaterThan(0)
    expect(data.learning.lessons.length).toBeGreaterThan(0)
    expect(data.certificates).toHaveLength(1)
    expect(data.certificates[0].credential.credentialSubject.name).toBe('Lò Thị Xuân')
    expect(data.traders).toMatchObject([{ name: 'Lò Thị Xuân (sạp rau)', bank_account: '1234567890' }])
    expect(data.event_registrations).toMatchObject([{ name: 'Lò Thị Xuân', organisation: 'HTX Mường Chà' }])
  })

  it("lets the commune officer download it from the person's row, with an audit record, and nobody outside the commune", async () => {
    const p = await person('Mùa A Dũng')
    const o = await officer()
    const list = await (await o.request('/admin/people?scope=3166')).text()
    expect(list).toContain(`href="/admin/people/${p.id}/export"`)
    // Export and erase are two items, not two links run together in a narrow cell.
    expect(list).toContain(`<li><a href="/admin/people/${p.id}/erase">Xoá dữ liệu</a></li>`)
    const res = await o.request(`/admin/people/${p.id}/export`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('attachment')
    expect((await res.json()).account.display_name).toBe('Mùa A Dũng')
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.export')
      .where('target_id', '=', p.id)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.detail).not.toContain('Mùa A Dũng')
    const ambassador = await officer('ambassador')
    expect((await ambassador.request(`/admin/people/${p.id}/export`)).status).toBe(403)
    const other = await (await officer('learner')).request(`/admin/people/${p.id}/export`)
    expect(other.status).toBe(403)
  })
})

describe('erasure on request', () => {
  it('blanks the person everywhere in one go, keeps every count, and tells a verifier only that the certificate is revoked', async () => {
    const p = await person('Quàng Văn Khiêm')
    const before = await rollups()
    expect(before.length).toBeGreaterThan(0)
    // The traders percentage keeps its denominator: the erased trader still counts as registered.
    const tradersBefore = await tradersPerPlace(env.ctx.db)
    expect([...tradersBefore.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    const o = await officer()
    const confirm = await o.request(`/admin/people/${p.id}/erase`)
    expect(confirm.status).toBe(200)
    const html = await confirm.text()
    expect(html).toContain('Quàng Văn Khiêm')
    expect(html).toContain('Sẽ bị xoá')
    expect(html).toContain('Vẫn được giữ, không gắn với tên ai')
    expect(html).toContain('Các bảng số liệu của xã và tỉnh không thay đổi')

    // Spaces pass the browser's check of the field; the server names the field and erases nothing.
    const blank = await o.request(`/admin/people/${p.id}/erase`, { form: { reason: '   ' } })
    expect(blank.status).toBe(400)
    const blankPage = await blank.text()
    expect(blankPage).toContain('reason: required: say why the data is erased')
    expect(blankPage).toMatch(/<input name="reason"[^>]*aria-invalid="true"/)
    expect(html).not.toContain('aria-invalid')

    const res = await o.request(`/admin/people/${p.id}/erase`, { form: { reason: 'Đơn yêu cầu số 12/2026' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Đã xoá dữ liệu cá nhân')

    expect(await rollups()).toEqual(before)
    expect(await tradersPerPlace(env.ctx.db)).toEqual(tradersBefore)
    // The person is signed out and can no longer sign in.
    expect((await p.c.request('/my')).status).toBe(303)
    const again = await new Client(env.app).request('/login', {
      json: { login: p.phone, password: 'mat-khau-123' },
    })
    expect(again.status).toBe(401)
    // The list of people no longer shows them; their export holds no personal data.
    expect(await (await o.request('/admin/people?scope=3166')).text()).not.toContain('Quàng Văn Khiêm')
    const exported = await (await o.request(`/admin/people/${p.id}/export`)).text()
    for (const gone of ['Quàng Văn Khiêm', p.phone, '1234567890', 'HTX Mường Chà'])
      expect(exported).not.toContain(gone)
    const data = JSON.parse(exported)
    expect(data.account).toMatchObject({ display_name: '(đã xoá)', phone: null, birth_year: null })
    expect(data.account.erased_at).not.toBeNull()
    expect(data.roles).toEqual([])
    expect(data.traders[0]).toMatchObject({ name: '(đã xoá)', phone: null, bank_account: null })
    expect(data.event_registrations[0]).toMatchObject({ name: '(đã xoá)', phone: null, organisation: null })
    expect(data.facts.length).toBeGreaterThan(0)
    // The certificate shows as revoked, without the name.
    const verify = await (await new Client(env.app).request(`/verify?id=${p.certificateId}`)).text()
    expect(verify).toContain('Đã bị thu hồi')
    expect(verify).not.toContain('Quàng Văn Khiêm')
    const status = await new Client(env.app).request(`/api/verify?id=${p.certificateId}`)
    expect((await status.json()).verdict).toBe('revoked')
    // One audit record says who erased whom, and nothing about the person.
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.erase')
      .where('target_id', '=', p.id)
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.actor_id).not.toBeNull()
    expect(audit[0]!.detail).not.toContain('Quàng')
    expect(audit[0]!.detail).not.toContain(p.phone)
    expect(JSON.parse(audit[0]!.detail).removed).toMatchObject({ roles: 1, traders: 1, certificates: 1 })
  })

  it('lets a learner erase themself after typing their password', async () => {
    const p = await person('Lường Thị Hiền')
    const page = await (await p.c.request('/my/data/erase')).text()
    expect(page).toContain('name="password"')
    const wrong = await p.c.request('/my/data/erase', { form: { password: 'not-my-password' } })
    expect(wrong.status).toBe(400)
    const wrongPage = await wrong.text()
    expect(wrongPage).toContain('password: wrong password; nothing was erased')
    expect(wrongPage).toMatch(/<input name="password"[^>]*aria-invalid="true"/)
    const res = await p.c.request('/my/data/erase', { form: { password: 'mat-khau-123' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Đã xoá dữ liệu cá nhân')
    expect((await p.c.request('/my')).status).toBe(303)
    const again = await new Client(env.app).request('/login', {
      json: { login: p.phone, password: 'mat-khau-123' },
    })
    expect(again.status).toBe(401)
  })
})

describe('bad input changes nothing', () => {
  it('names the field for an unknown person, a missing reason, a reason naming the person, an outsider, a wrong password and a second erasure', async () => {
    const p = await person('Giàng Thị Pà')
    const snapshot = async () => ({
      account: await env.ctx.db.selectFrom('accounts').selectAll().where('id', '=', p.id).executeTakeFirst(),
      audit: await auditCount(),
      roles: await env.ctx.db
        .selectFrom('role_assignments')
        .selectAll()
        .where('account_id', '=', p.id)
        .execute(),
      traders: await env.ctx.db.selectFrom('traders').selectAll().where('account_id', '=', p.id).execute(),
      revocations: await env.ctx.db.selectFrom('certificate_revocations').selectAll().execute(),
    })
    const before = await snapshot()
    const o = await officer()

    const unknown = await o.request(`/admin/people/${uuidv7()}/erase`, { json: { reason: 'Đơn số 1' } })
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error.issues[0].field).toBe('person')

    const missing = await o.request(`/admin/people/${p.id}/erase`, { json: {} })
    expect(missing.status).toBe(400)
    expect((await missing.json()).error.message).toMatch(/^reason: required/)

    const naming = await o.request(`/admin/people/${p.id}/erase`, {
      json: { reason: 'Giàng Thị Pà xin xoá' },
    })
    expect(naming.status).toBe(400)
    expect((await naming.json()).error.message).toContain("reason: must not contain the person's name")

    const form = await o.request(`/admin/people/${p.id}/erase`, { form: { reason: '' } })
    expect(form.status).toBe(400)
    expect(await form.text()).toContain('reason: required')

    const outsider = await (await officer('ambassador')).request(`/admin/people/${p.id}/erase`, {
      json: { reason: 'Đơn số 2' },
    })
    expect(outsider.status).toBe(403)

    const self = await p.c.request('/my/data/erase', { json: { password: 'wrong-password' } })
    expect(self.status).toBe(400)
    expect((await self.json()).error.issues[0].field).toBe('password')

    expect(await snapshot()).toEqual(before)

    expect((await o.request(`/admin/people/${p.id}/erase`, { json: { reason: 'Đơn số 3' } })).status).toBe(
      200,
    )
    const twice = await o.request(`/admin/people/${p.id}/erase`, { json: { reason: 'Đơn số 3' } })
    expect(twice.status).toBe(409)
    expect((await twice.json()).error.message).toMatch(/^person: .* was already erased on /)
  })
})
