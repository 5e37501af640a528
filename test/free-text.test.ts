import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeText, nodeIdSchema } from '../src/core/text.ts'
import { countRows, seedPlacesAndPeople } from './factories.ts'
import { Client, type TestEnv, testEnv } from './harness.ts'

/**
 * The one free-text rule (decision 0177, superseding 0009): ordinary Vietnamese is accepted as
 * typed and encoded on output; what deceives a reader or is not text at all is refused, naming the
 * field, in the person's language.
 */
const LEGITIMATE = [
  'Nhà văn hoá bản <Mường Chà>',
  'a < b',
  '1=1',
  'Tổ 2; bản Na Sang',
  'Bản Huổi Lèng -- khu 2',
  "Lò Văn N'Guyen",
  "Robert'); DROP TABLE accounts; --",
]
const NFD = 'Mường Chà'.normalize('NFD')

const HOSTILE: [string, string][] = [
  ['Lò\u0000Văn', 'must not contain control characters (such as NUL)'],
  ['Lò\u0007Văn', 'must not contain control characters (such as NUL)'],
  ['Lò\u009bVăn', 'must not contain control characters (such as NUL)'],
  ['Lò \u202eVăn', 'must not contain right-to-left override characters, which change how text is shown'],
  [
    '\u2067Lò Văn\u2069',
    'must not contain right-to-left override characters, which change how text is shown',
  ],
  ['\u200b\u200b\u200b', 'must contain visible characters, not only invisible ones'],
  ['\u3164\u3164', 'must contain visible characters, not only invisible ones'],
  ['Lò\nVăn', 'must be one line'],
  ['Lò \ud800Văn', 'is not valid text (broken Unicode)'],
  ['   ', 'required'],
]

describe('the rule', () => {
  const name = freeText(2, 80)

  it.each(LEGITIMATE)('accepts %j as typed', (s) => {
    expect(name.parse(s)).toBe(s)
  })

  it('stores decomposed (NFD) Vietnamese composed (NFC)', () => {
    expect(NFD).not.toBe('Mường Chà')
    expect(name.parse(NFD)).toBe('Mường Chà')
  })

  it.each(HOSTILE)('refuses %j: %s', (s, message) => {
    const r = name.safeParse(s)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.message).toBe(message)
  })

  it('counts characters as a person does, and keeps line breaks only where text may have them', () => {
    expect(freeText(1, 4).safeParse('Mường'.normalize('NFD')).success).toBe(false)
    expect(freeText(1, 5).parse('Mường'.normalize('NFD'))).toBe('Mường')
    expect(freeText(1, 100, { multiline: true }).parse('Dòng 1\r\nDòng 2')).toBe('Dòng 1\nDòng 2')
  })

  it('gives identifiers a strict pattern: a hub node id is a UUID, never a path', () => {
    expect(nodeIdSchema.safeParse('../../etc/passwd').success).toBe(false)
    expect(nodeIdSchema.parse('0190F7A0-0000-7000-8000-000000000000')).toBe(
      '0190f7a0-0000-7000-8000-000000000000',
    )
  })
})

describe('every free-text field follows it', () => {
  let env: TestEnv
  beforeAll(async () => {
    env = await testEnv()
    await seedPlacesAndPeople(env.ctx)
  })
  afterAll(() => env.close())

  const as = async (login: string) => {
    const c = new Client(env.app)
    await c.login(login)
    return c
  }

  it('keeps legitimate names as typed (NFC) and shows them escaped', async () => {
    const ambassador = await as('ambassador')
    const res = await ambassador.request('/api/people', {
      json: { display_name: `Nhà văn hoá bản <${NFD}>`, place_code: '3166-001', consent: true },
    })
    expect(res.status).toBe(201)
    const { id } = await res.json()
    const row = await env.ctx.db
      .selectFrom('accounts')
      .select('display_name')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.display_name).toBe('Nhà văn hoá bản <Mường Chà>')
    const admin = await as('admin')
    const edit = await admin.request('/places/3166/3166-012', { json: { name: 'Tổ 2; bản Na Sang -- 1=1' } })
    expect(edit.status).toBe(200)
    const page = await (await admin.request('/admin/people?scope=3166-001')).text()
    expect(page).toContain('Nhà văn hoá bản &lt;Mường Chà&gt;')
  })

  it('refuses NUL, bidi overrides and invisible-only text in every kind of field, naming it, writing nothing', async () => {
    const officer = await as('officer')
    const admin = await as('admin')
    const before = await Promise.all([countRows(env.ctx, 'accounts'), countRows(env.ctx, 'places')])
    const cases: [Client, string, Record<string, unknown>, string][] = [
      [
        officer,
        '/api/people',
        { display_name: 'Lò\u0000', place_code: '3166-001', consent: true },
        'display_name',
      ],
      [admin, '/places/3166/3166-012', { name: '\u202eBản' }, 'name'],
      [
        officer,
        '/events',
        {
          kind: 'training',
          topic: 'other',
          title: '\u200b\u200b',
          audience: 'Cán bộ',
          place_code: '3166',
          starts_at: '2027-03-01T08:00',
          ends_at: '2027-03-01T11:00',
          capacity: 20,
          trainers: ['Lò Văn A'],
        },
        'title',
      ],
      [
        officer,
        '/market/traders',
        { name: 'Lò Thị B', place_code: '3166-001', market: 'Chợ\u0007', products: 'Chè' },
        'market',
      ],
    ]
    for (const [c, path, json, field] of cases) {
      const res = await c.request(path, { json })
      expect(res.status, path).toBe(400)
      const { error } = await res.json()
      expect(
        error.issues.map((i: { field: string }) => i.field),
        path,
      ).toContain(field)
    }
    expect(await Promise.all([countRows(env.ctx, 'accounts'), countRows(env.ctx, 'places')])).toEqual(before)
  })

  it('says the refusal in the person’s language', async () => {
    const form = {
      display_name: '\u200b\u200b',
      phone: '0912000555',
      password: 'suoi-nam-rom-mua-xuan',
      consent: 'on',
    }
    const vi = new Client(env.app)
    const page = await (await vi.request('/signup', { form })).text()
    expect(page).toContain('cần có chữ nhìn thấy được, không chỉ toàn ký tự vô hình')
    const fr = new Client(env.app)
    fr.cookies.set('hocso_lang', 'fr')
    const frPage = await (
      await fr.request('/signup', { form: { ...form, display_name: 'Lò \u202eVăn' } })
    ).text()
    expect(frPage).toContain('caractères d’inversion droite-à-gauche')
    const json = await vi.request('/signup', { json: { ...form, consent: true } })
    expect((await json.json()).error.issues[0]).toMatchObject({ field: 'display_name' })
  })
})
