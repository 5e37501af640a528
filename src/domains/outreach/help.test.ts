import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople, TEST_PASSWORD } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { storeRemoteFact } from '../facts/facts.service.ts'
import { createAccount } from '../people/people.service.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  // A second ambassador, in the next village of the same commune.
  await createAccount(
    env.ctx,
    { displayName: 'Đại sứ Bản mẫu 2', username: 'amb2', password: TEST_PASSWORD, placeCode: '3166-002' },
    [{ role: 'ambassador', scopeCode: '3166-002' }],
  )
})
afterAll(() => env.close())

const anonymous = { what: 'vneid_install', whom: 'anonymous', sex: 'female', age_band: '36_59' }

async function as(login: string) {
  const c = new Client(env.app)
  await c.login(login, login === 'amb2' ? TEST_PASSWORD : undefined)
  return c
}

/** The form key the help page was rendered with, as the browser would send it back. */
async function formKey(c: Client): Promise<string> {
  const html = await (await c.request('/help')).text()
  return /name="_id" value="([^"]+)"/.exec(html)![1]!
}

/** The text of the ambassador's own list on the help page. */
async function myList(c: Client): Promise<string> {
  const html = await (await c.request('/help')).text()
  const start = html.indexOf('id="help-mine"')
  return html.slice(start, html.indexOf('</ul>', start))
}

const helpRows = (where: { id?: string; village?: string } = {}) => {
  let q = env.ctx.db.selectFrom('outreach_help').selectAll()
  if (where.id) q = q.where('id', '=', where.id)
  if (where.village) q = q.where('village_code', '=', where.village)
  return q.execute()
}

const fact = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  kind: 'help_given',
  occurred_at: new Date().toISOString(),
  data,
  ...extra,
})

describe('help log', () => {
  it('logs help in one form post with the defaults, and shows it in the ambassador’s own list', async () => {
    const c = await as('ambassador')
    const page = await (await c.request('/help')).text()
    expect(page).toContain('data-outbox-kind="help_given"')
    expect(page).toContain('value="3166-001"') // the ambassador's village, pre-chosen
    expect(page).toMatch(/name="whom" value="anonymous" checked/)
    const res = await c.request('/help', {
      form: { ...anonymous, village: '3166-001', _id: await formKey(c) },
    })
    expect(res.status).toBe(303)
    const list = await myList(c)
    expect(list).toContain('Cài ứng dụng VNeID')
    expect(list).toContain('Nữ, 36–59')
  })

  it('stores help once when the same fact or the same form is sent twice', async () => {
    const c = await as('ambassador')
    const f = fact({ ...anonymous, what: 'first_cashless', village: '3166-001' })
    for (let i = 0; i < 2; i++) {
      const r = await (await c.request('/api/facts', { json: { facts: [f] } })).json()
      expect(r).toEqual({ stored: [f.id], rejected: [] })
    }
    expect(await helpRows({ id: f.id })).toHaveLength(1)
    const key = await formKey(c)
    const form = { ...anonymous, what: 'list_products', village: '3166-001', _id: key }
    expect((await c.request('/help', { form })).status).toBe(303)
    expect((await c.request('/help', { form })).status).toBe(303)
    expect(await helpRows({ id: key })).toHaveLength(1)
    const facts = await env.ctx.db.selectFrom('facts').select('id').where('id', 'in', [f.id, key]).execute()
    expect(facts).toHaveLength(2)
    const api = await (await c.request('/help', { json: { ...form } })).json()
    expect(api).toEqual({ id: key, stored: false })
  })

  it('refuses a year sent as JSON text by the outbox or the help API, naming the field; nothing stored', async () => {
    const c = await as('ambassador')
    const person = {
      what: 'payment_account',
      whom: 'new',
      display_name: 'Lò Văn Chữ',
      phone: '0912 000 222',
      birth_year: '1985',
      consent: true,
      village: '3166-001',
    }
    const f = fact(person)
    const r = await (await c.request('/api/facts', { json: { facts: [f] } })).json()
    expect(r.stored).toEqual([])
    expect(r.rejected[0]).toMatchObject({
      status: 400,
      message: 'data.birth_year: must be a JSON number, not text in quotes',
      text: 'data.birth_year: phải là số, không phải chữ trong dấu ngoặc kép (10, không phải "10")',
    })
    const api = await c.request('/help', { json: { ...person, _id: await formKey(c) } })
    expect(api.status).toBe(400)
    expect((await api.json()).error.message).toBe('birth_year: must be a JSON number, not text in quotes')
    expect(await helpRows({ id: f.id })).toHaveLength(0)
    const none = await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('phone', '=', '0912000222')
      .execute()
    expect(none).toEqual([])
    // The help page marks the year so that the outbox sends it as a number.
    expect(await (await c.request('/help')).text()).toMatch(/name="birth_year"[^>]*data-outbox-number/)
  })

  it('a fact sent by the outbox appears in the ambassador’s own list at once', async () => {
    const c = await as('ambassador')
    const f = fact({ ...anonymous, what: 'course_enrol', village: '3166-001' })
    await c.request('/api/facts', { json: { facts: [f] } })
    const mine = await (await c.request('/api/help?mine=1')).json()
    expect(mine.entries[0]).toMatchObject({ id: f.id, what: 'course_enrol', sex: 'female' })
  })

  it('a correction is a new fact pointing at the old one, and the lists show the corrected value', async () => {
    const c = await as('ambassador')
    const f = fact({ ...anonymous, what: 'public_service', village: '3166-001' })
    await c.request('/api/facts', { json: { facts: [f] } })
    const form = await (await c.request(`/help/${f.id}/correct`)).text()
    expect(form).toMatch(/name="what" value="public_service" checked/)
    const res = await c.request(`/help/${f.id}/correct`, {
      form: { ...anonymous, what: 'other', note: 'Cài Zalo', village: '3166-001', _id: uuidv7() },
    })
    expect(res.status).toBe(303)
    const fixId = new URL(res.headers.get('location')!, 'http://x').searchParams.get('saved')!
    const facts = await env.ctx.db
      .selectFrom('facts')
      .select(['id', 'corrects'])
      .where('id', 'in', [f.id, fixId])
      .execute()
    expect(facts).toHaveLength(2)
    expect(facts.find((x) => x.id === fixId)!.corrects).toBe(f.id)
    const mine = (await (await c.request('/api/help?mine=1')).json()).entries as { id: string }[]
    expect(mine.map((e) => e.id)).toContain(fixId)
    expect(mine.map((e) => e.id)).not.toContain(f.id)
    expect(await myList(c)).toContain('Việc khác</b><span> – Cài Zalo')
    // The old record was replaced: correcting it again is refused, naming the latest.
    const again = await (
      await c.request('/api/facts', {
        json: { facts: [fact({ ...anonymous, village: '3166-001' }, { corrects: f.id })] },
      })
    ).json()
    expect(again.rejected[0]).toMatchObject({ status: 409 })
    expect(again.rejected[0].message).toBe(
      `corrects: ${f.id} was already corrected by ${fixId}; correct the latest record`,
    )
  })

  it('facts from a hub apply in any order: a correction arriving before its original still wins', async () => {
    const orig = uuidv7()
    const fix = uuidv7()
    let seq = 0
    const row = (id: string, data: Record<string, unknown>, corrects: string | null) => ({
      id,
      kind: 'help_given',
      origin_node: 'hub-test',
      seq: ++seq,
      actor_id: null,
      subject_id: null,
      place_code: '3166-001',
      occurred_at: '2026-11-01T03:00:00.000Z',
      recorded_at: '2026-11-01T03:00:00.000Z',
      data: JSON.stringify(data),
      hash: `h${seq}`,
      corrects,
    })
    const remote = (r: ReturnType<typeof row>) => inTransaction(env.ctx, (tx) => storeRemoteFact(tx, r))
    await remote(row(fix, { ...anonymous, what: 'list_products', village: '3166-001' }, orig))
    await remote(row(orig, { ...anonymous, what: 'first_cashless', village: '3166-001' }, null))
    const officer = await as('officer')
    const ids = (await (await officer.request('/api/help?place=3166-001')).json()).entries.map(
      (e: { id: string }) => e.id,
    )
    expect(ids).toContain(fix)
    expect(ids).not.toContain(orig)
  })

  it('an ambassador cannot see or write another village’s help log; a commune officer sees all villages', async () => {
    const amb2 = await as('amb2')
    const f2 = fact({ ...anonymous, what: 'payment_account', village: '3166-002' })
    expect((await (await amb2.request('/api/facts', { json: { facts: [f2] } })).json()).stored).toEqual([
      f2.id,
    ])
    const amb = await as('ambassador')
    expect((await amb.request('/help/log?place=3166-002')).status).toBe(403)
    expect((await amb.request('/api/help?place=3166-002')).status).toBe(403)
    expect((await amb.request(`/help/${f2.id}/correct`)).status).toBe(403)
    const write = await (
      await amb.request('/api/facts', { json: { facts: [fact({ ...anonymous, village: '3166-002' })] } })
    ).json()
    expect(write.rejected[0]).toMatchObject({ status: 403 })
    const officer = await as('officer')
    const log = await (await officer.request('/api/help?place=3166')).json()
    const villages = new Set(log.entries.map((e: { village_code: string }) => e.village_code))
    expect(villages).toEqual(new Set(['3166-001', '3166-002']))
    const page = await officer.request('/help/log')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Mở tài khoản ngân hàng hoặc ví điện tử')
    expect(html).toContain('Người ghi: Đại sứ Bản mẫu 2')
    const one = await (await officer.request('/help/log?place=3166-002')).text()
    expect(one).toContain('<option value="3166-002" selected="">')
  })

  it('anonymous help needs sex and age band, and nothing is written without them', async () => {
    const c = await as('ambassador')
    const before = (await helpRows()).length
    const res = await c.request('/help', {
      json: { what: 'vneid_install', whom: 'anonymous', village: '3166-001' },
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toBe(
      'sex: required for anonymous help; age_band: required for anonymous help',
    )
    const viaOutbox = await (
      await c.request('/api/facts', {
        json: {
          facts: [fact({ what: 'vneid_install', whom: 'anonymous', sex: 'male', village: '3166-001' })],
        },
      })
    ).json()
    expect(viaOutbox.rejected[0].message).toBe('data.age_band: required for anonymous help')
    expect((await helpRows()).length).toBe(before)
  })

  it('registers a person on the spot with their consent, keeping name and phone out of the fact', async () => {
    const c = await as('ambassador')
    const refused = await c.request('/help', {
      form: {
        what: 'vneid_install',
        whom: 'new',
        display_name: 'Lò Thị Xuân',
        phone: '0912000111',
        village: '3166-001',
      },
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('consent: the person must agree to how their data is used')
    const none = await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('phone', '=', '0912000111')
      .execute()
    expect(none).toHaveLength(0)

    const key = await formKey(c)
    const res = await c.request('/help', {
      form: {
        what: 'payment_account',
        whom: 'new',
        display_name: 'Lò Thị Xuân',
        phone: '0912 000 111',
        birth_year: '1980',
        consent: 'on',
        village: '3166-001',
        sex: 'female', // left over from another choice: ignored
        _id: key,
      },
    })
    expect(res.status).toBe(303)
    const acc = await env.ctx.db
      .selectFrom('accounts')
      .select(['id', 'place_code', 'birth_year'])
      .where('phone', '=', '0912000111')
      .executeTakeFirstOrThrow()
    expect(acc).toMatchObject({ place_code: '3166-001', birth_year: 1980 })
    const consent = await env.ctx.db
      .selectFrom('consents')
      .selectAll()
      .where('account_id', '=', acc.id)
      .execute()
    expect(consent).toHaveLength(1)
    expect(consent[0]!.recorded_by).not.toBeNull()
    const stored = await env.ctx.db
      .selectFrom('facts')
      .selectAll()
      .where('id', '=', key)
      .executeTakeFirstOrThrow()
    expect(stored.subject_id).toBe(acc.id)
    expect(JSON.parse(stored.data)).toEqual({
      what: 'payment_account',
      whom: 'new',
      village: '3166-001',
      consent: true,
      person_id: acc.id,
    })
    expect(stored.data).not.toContain('0912000111')
    expect(stored.data).not.toContain('Xuân')
    expect(await myList(c)).toContain('Lò Thị Xuân')

    // That stored form is what another node receives, and it applies there (it used to be held
    // forever for want of the name the fact no longer carries).
    const other = await testEnv()
    try {
      await demoPeople(other.ctx)
      await inTransaction(other.ctx, (tx) => storeRemoteFact(tx, { ...stored, origin_node: 'province-test' }))
      const help = await other.ctx.db
        .selectFrom('facts')
        .select('subject_id')
        .where('id', '=', key)
        .executeTakeFirstOrThrow()
      expect(help.subject_id).toBe(acc.id)
    } finally {
      await other.close()
    }
    // A client may not name an account for a "new" person: only the server fills it in.
    const forged = fact({
      what: 'vneid_install',
      whom: 'new',
      consent: true,
      person_id: acc.id,
      village: '3166-001',
    })
    const answer = await (await c.request('/api/facts', { json: { facts: [forged] } })).json()
    expect(answer.rejected[0].message).toBe(
      'person_id: a new person has no account yet: choose "account" to name one',
    )
  })

  it('bad inputs name the field, on the page and in JSON', async () => {
    const c = await as('ambassador')
    const cases: [Record<string, unknown>, string][] = [
      [
        { ...anonymous, what: 'fly', village: '3166-001' },
        'what: must be one of vneid_install, vneid_level2',
      ],
      [{ ...anonymous, what: 'other', village: '3166-001' }, 'note: required when the help is "other"'],
      [{ ...anonymous, village: 'nowhere' }, 'village: unknown place nowhere'],
      [{ ...anonymous, village: '3166' }, 'village: 3166 is not a village'],
      [{ ...anonymous, village: '3166-001', at: '2099-01-01T10:00' }, 'at: must not be in the future'],
      // Impossible days rolled over (30 February became 2 March); years 0000 to 9999 went in.
      [{ ...anonymous, village: '3166-001', at: '2026-02-30T10:00' }, 'at: must be a real date'],
      [
        { ...anonymous, village: '3166-001', at: '0000-01-01T00:00:00Z' },
        'at: the year must be between 2000 and 2100',
      ],
      [{ ...anonymous, village: '3166-001', at: '2026-11-29T24:30' }, 'at: must be a date and time'],
      [{ ...anonymous, village: '3166-001', at: 'yesterday' }, 'at: must be a date and time'],
      [{ ...anonymous, village: '3166-001', age_band: '200' }, 'age_band: must be one of under_18'],
      [{ ...anonymous, village: '3166-001', colour: 'red' }, 'colour: unknown field'],
      [{ what: 'vneid_install', whom: 'account', village: '3166-001' }, 'person_id: required'],
      [
        { what: 'vneid_install', whom: 'account', person_id: uuidv7(), village: '3166-001' },
        'person_id: no such account',
      ],
    ]
    const before = (await helpRows()).length
    for (const [body, message] of cases) {
      const res = await c.request('/help', { json: body })
      expect(res.status, message).toBe(400)
      expect((await res.json()).error.message).toContain(message)
    }
    // In the person's language too, on the page, in JSON and through the outbox.
    const feb30 = await c.request('/help', {
      json: { ...anonymous, village: '3166-001', at: '2026-02-30T10:00' },
    })
    expect((await feb30.json()).error.text).toBe('at: 2026-02-30 không phải là một ngày có thật')
    const viaOutbox = await (
      await c.request('/api/facts', {
        json: { facts: [fact({ ...anonymous, village: '3166-001', at: '2026-02-30T10:00' })] },
      })
    ).json()
    expect(viaOutbox.rejected[0]).toMatchObject({
      status: 400,
      message: 'data.at: must be a real date',
      text: 'data.at: 2026-02-30 không phải là một ngày có thật',
    })
    const page = await c.request('/help', { form: { ...anonymous, village: '3166-001', age_band: '200' } })
    expect(page.status).toBe(400)
    const html = await page.text()
    expect(html).toContain('age_band: must be one of')
    expect(html).toMatch(/name="what" value="vneid_install" checked/) // what was chosen is kept
    expect((await helpRows()).length).toBe(before)
    const anon = new Client(env.app)
    expect((await anon.request('/help', { json: { ...anonymous, village: '3166-001' } })).status).toBe(401)
    expect((await anon.request('/help')).status).toBe(303)
  })

  it('the help pages are in the menu of the ambassador and the officer, not of a learner', async () => {
    for (const [login, shown] of [
      ['ambassador', true],
      ['officer', true],
      ['learner', false],
    ] as const) {
      const html = await (await (await as(login)).request('/')).text()
      expect(html.includes('href="/help"'), login).toBe(shown)
      expect(html.includes('href="/households"'), login).toBe(shown)
      expect(html.includes('href="/groups"'), login).toBe(shown)
    }
  })
})
