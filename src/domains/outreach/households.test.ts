import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
})
afterAll(() => env.close())

async function as(login: string) {
  const c = new Client(env.app)
  await c.login(login)
  return c
}

/** The village page's count for one criterion, as a person reads it: "n" and its share. */
function countOf(html: string, criterion: string): string {
  const row = new RegExp(`<tr data-criterion="${criterion}">.*?</tr>`, 's').exec(html)![0]
  return [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]).join(' | ')
}

const households = (village: string) =>
  env.ctx.db.selectFrom('outreach_households').selectAll().where('village_code', '=', village).execute()

describe('Digital family (Gia đình số)', () => {
  it('the village page counts how many households meet each criterion; the latest check wins', async () => {
    const officer = await as('officer')
    const v = '3166-002'
    const post = (form: Record<string, string>) =>
      officer.request('/households', { form: { village: v, ...form } })
    expect((await post({ household: '1', smartphone: 'on', internet: 'on' })).status).toBe(303)
    expect((await post({ household: '2', smartphone: 'on', payment_account: 'on' })).status).toBe(303)
    const json = await officer.request('/households', {
      json: {
        village: v,
        household: 'Tổ 2-07',
        smartphone: true,
        internet: true,
        vneid_all_adults: true,
        payment_account: true,
        online_public_services: true,
        course_completed: true,
      },
    })
    expect(json.status).toBe(201)
    // Household 1 checked again: it now has a payment account but lost its internet.
    const again = await post({ household: ' 1 ', smartphone: 'on', payment_account: 'on' })
    expect(again.headers.get('location')).toBe(`/households/${v}?saved=1`)
    const html = await (await officer.request(`/households/${v}`)).text()
    expect(html).toMatch(/<b>3<\/b>Hộ đã rà soát/)
    expect(countOf(html, 'smartphone')).toBe('3 | 100%')
    expect(countOf(html, 'internet')).toBe('1 | 33,3%')
    expect(countOf(html, 'payment_account')).toBe('3 | 100%')
    expect(countOf(html, 'vneid_all_adults')).toBe('1 | 33,3%')
    expect(countOf(html, 'course_completed')).toBe('1 | 33,3%')
    expect(html).toMatch(/<b>1<\/b>Đạt đủ 6 tiêu chí/)
    expect(html).toContain('data-outbox-kind="household_checked"')
    expect(await households(v)).toHaveLength(3)
    const api = await (await officer.request(`/api/households/${v}`)).json()
    expect(api.counts).toEqual({
      total: 3,
      allCriteria: 1,
      criteria: {
        smartphone: 3,
        internet: 1,
        vneid_all_adults: 1,
        payment_account: 3,
        online_public_services: 1,
        course_completed: 1,
      },
    })
    // The form is pre-filled with a household's latest checklist.
    const edit = await (await officer.request(`/households/${v}?household=1`)).text()
    expect(edit).toMatch(/name="payment_account" checked/)
    expect(edit).not.toMatch(/name="internet" checked/)
  })

  it('a check made earlier but arriving later (offline) does not overwrite a later one', async () => {
    const amb = await as('ambassador')
    const v = '3166-001'
    const check = (at: string, internet: boolean) => ({
      id: uuidv7(),
      kind: 'household_checked',
      occurred_at: at,
      data: { village: v, household: '42', smartphone: true, internet },
    })
    const later = check('2026-11-20T08:00:00.000Z', true)
    const earlier = check('2026-11-10T08:00:00.000Z', false)
    for (const f of [later, earlier, earlier]) {
      const r = await (await amb.request('/api/facts', { json: { facts: [f] } })).json()
      expect(r.stored).toEqual([f.id])
    }
    const row = (await households(v)).find((h) => h.label === '42')!
    expect(row).toMatchObject({ internet: 1, fact_id: later.id, checked_at: later.occurred_at })
  })

  it('households are known by a number, never a name; bad inputs name the field and write nothing', async () => {
    const amb = await as('ambassador')
    const before = (await households('3166-001')).length
    const cases: [Record<string, unknown>, string][] = [
      [{ village: '3166-001', household: 'Lò Văn Pọm' }, 'household: must contain a number'],
      [{ village: '3166-001' }, 'household: required'],
      [
        { village: '3166-001', household: '12345678901234567890X' },
        'household: must be at most 20 characters',
      ],
      [{ village: '3166-001', household: '<b>1</b>' }, 'household: may hold only letters, digits'],
      [{ village: '3166-001', household: '7', internet: 'maybe' }, 'internet: must be true or false'],
      [{ household: '7' }, 'village: required'],
      [{ village: '3166-001', household: '7', name: 'x' }, 'name: unknown field'],
    ]
    for (const [body, message] of cases) {
      const res = await amb.request('/households', { json: body })
      expect(res.status, message).toBe(400)
      expect((await res.json()).error.message).toContain(message)
    }
    const page = await amb.request('/households', { form: { village: '3166-001', household: 'Lò Văn Pọm' } })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('household: must contain a number')
    expect((await households('3166-001')).length).toBe(before)
  })

  it('an ambassador checks households of their own village only; the menu leads them there', async () => {
    const amb = await as('ambassador')
    expect((await amb.request('/households')).headers.get('location')).toBe('/households/3166-001')
    const demo = await (await amb.request('/households/3166-001')).text()
    expect(demo).toContain('Gia đình số – ')
    const res = await amb.request('/households', {
      json: { village: '3166-002', household: '9', smartphone: true },
    })
    expect(res.status).toBe(403)
    const officer = await as('officer')
    const overview = await (await officer.request('/households')).text()
    expect(overview).toContain('href="/households/3166-001"')
    const learner = await as('learner')
    expect((await learner.request('/households/3166-001')).status).toBe(403)
  })
})
