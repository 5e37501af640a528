import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { createAccount, currentUserById } from '../people/people.service.ts'

let env: TestEnv
// The commune limit comes from the configuration (3 here); the village limit keeps its default of 5.
beforeAll(async () => {
  env = await testEnv({ config: { HOCSO_COMMUNE_GROUP_MAX: '3' } })
  await demoPeople(env.ctx, { steps: ['outreach'] })
})
afterAll(() => env.close())

let n = 0
/** A person living in a place, with a phone number of their own. */
async function person(place: string): Promise<string> {
  n++
  return createAccount(
    env.ctx,
    { displayName: `Thành viên ${n}`, phone: `09880000${String(n).padStart(2, '0')}`, placeCode: place },
    [{ role: 'learner', scopeCode: place }],
  )
}

async function as(login: string) {
  const c = new Client(env.app)
  await c.login(login)
  return c
}

const activeCount = async (place: string) => {
  const r = await env.ctx.db
    .selectFrom('outreach_group_members as m')
    .innerJoin('outreach_groups as g', 'g.id', 'm.group_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('g.place_code', '=', place)
    .where('m.removed_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

describe('technology groups', () => {
  it('the demo seed made the demo village’s group with the demo ambassador as leader', async () => {
    const officer = await as('officer')
    const g = await (await officer.request('/api/groups/3166-001')).json()
    expect(g.limit).toBe(5)
    expect(g.members).toEqual([
      expect.objectContaining({ name: 'Đại sứ số Bản mẫu 1 (demo)', groupRole: 'leader' }),
    ])
  })

  it('a village group takes at most 5 members and says so clearly; nothing is written beyond', async () => {
    const officer = await as('officer')
    const ids = [await person('3166-003'), await person('3166-003'), await person('3166-003')]
    ids.push(await person('3166-003'), await person('3166-003'), await person('3166-003'))
    for (const id of ids.slice(0, 5)) {
      const res = await officer.request('/groups/3166-003/members', { json: { account_id: id } })
      expect(res.status).toBe(201)
    }
    const refused = await officer.request('/groups/3166-003/members', { json: { account_id: ids[5] } })
    expect(refused.status).toBe(409)
    const { error } = await refused.json()
    expect(error.message).toMatch(
      /^account_id: the group of .+ already has 5 members, the most allowed for a village; remove a member first$/,
    )
    expect(await activeCount('3166-003')).toBe(5)
    // The same refusal on the page, with the form kept.
    const page = await officer.request('/groups/3166-003/members', { form: { account_id: ids[5]! } })
    expect(page.status).toBe(409)
    const html = await page.text()
    expect(html).toContain('the group already has 5 members, the most allowed')
    expect(html).toContain('Tổ đã đủ 5 thành viên, mức tối đa.')
    // Someone leaving frees a place.
    const members = (await (await officer.request('/api/groups/3166-003')).json()).members
    const out = await officer.request(`/groups/3166-003/members/${members[0].id}/remove`, { form: {} })
    expect(out.status).toBe(303)
    expect((await officer.request('/groups/3166-003/members', { json: { account_id: ids[5] } })).status).toBe(
      201,
    )
    expect(await activeCount('3166-003')).toBe(5)
  })

  it('a commune group’s limit comes from the configuration', async () => {
    const officer = await as('officer')
    for (let i = 0; i < 3; i++) {
      const id = await person('3166')
      expect((await officer.request('/groups/3166/members', { json: { account_id: id } })).status).toBe(201)
    }
    const res = await officer.request('/groups/3166/members', { json: { account_id: await person('3166') } })
    expect(res.status).toBe(409)
    expect((await res.json()).error.message).toContain(
      'already has 3 members, the most allowed for a commune',
    )
  })

  it('members are ambassadors of the place; the list shows phone, role in the group and since when', async () => {
    const officer = await as('officer')
    const id = await person('3166-004')
    const res = await officer.request('/groups/3166-004/members', {
      form: { account_id: id, group_role: 'leader', since: '2026-03-08' },
    })
    expect(res.status).toBe(303)
    const user = await currentUserById(env.ctx, id)
    expect(user.roles.map((r) => `${r.role}@${r.scopeCode}`)).toContain('ambassador@3166-004')
    const audit = await env.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .where('action', '=', 'role.grant')
      .execute()
    expect(audit).toHaveLength(1)
    const html = await (await officer.request('/groups/3166-004')).text()
    expect(html).toContain(user.displayName)
    expect(html).toContain(`href="tel:${user.phone}"`)
    expect(html).toContain('Tổ trưởng')
    expect(html).toContain('8 thg 3, 2026')
    const again = await officer.request('/groups/3166-004/members', { json: { account_id: id } })
    expect(again.status).toBe(409)
    expect((await again.json()).error.message).toBe(
      `account_id: ${user.displayName} is already a member of this group`,
    )
  })

  it('only a commune officer manages groups; an ambassador sees only their own village’s group', async () => {
    const amb = await as('ambassador')
    expect((await amb.request('/groups/3166-001')).status).toBe(200)
    expect(await (await amb.request('/groups/3166-001')).text()).not.toContain('name="account_id"')
    expect((await amb.request('/groups/3166-002')).status).toBe(403)
    const id = await person('3166-001')
    expect((await amb.request('/groups/3166-001/members', { json: { account_id: id } })).status).toBe(403)
    expect((await amb.request('/groups')).headers.get('location')).toBe('/groups/3166-001')
    const officer = await as('officer')
    const overview = await (await officer.request('/groups')).text()
    expect(overview).toContain('href="/groups/3166-001"')
    expect(overview).toContain('1/5 thành viên')
    expect((await officer.request('/groups/3127')).status).toBe(403)
    expect((await officer.request('/groups?commune=3127')).status).toBe(403)
  })

  it('bad inputs name the field and change nothing', async () => {
    const officer = await as('officer')
    const before = await activeCount('3166-005')
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'account_id: required: choose a person'],
      [{ account_id: 'x' }, 'account_id: must be an account id'],
      [{ account_id: '0193a5b0-0000-7000-8000-000000000000' }, 'account_id: no such account'],
      [
        { account_id: await person('3166-005'), group_role: 'boss' },
        'group_role: must be one of leader, member',
      ],
      [{ account_id: await person('3166-005'), since: '2026-13-45' }, 'since: must be a real date'],
      // 31 April rolled over to 1 May; years 0000 to 9999 went in (issue 14).
      [{ account_id: await person('3166-005'), since: '2026-04-31' }, 'since: must be a real date'],
      [
        { account_id: await person('3166-005'), since: '0001-01-01' },
        'since: the year must be between 2000 and 2100',
      ],
    ]
    for (const [body, message] of cases) {
      const res = await officer.request('/groups/3166-005/members', { json: body })
      expect(res.status, message).toBe(400)
      expect((await res.json()).error.message).toBe(message)
    }
    const notAPlace = await officer.request('/groups/nowhere/members', {
      json: { account_id: await person('3166-005') },
    })
    expect((await notAPlace.json()).error.message).toBe('place: unknown place nowhere')
    expect(await activeCount('3166-005')).toBe(before)
  })

  it('an erased leader leaves the group, and the officer is told it needs a new leader', async () => {
    const officer = await as('officer')
    const id = await person('3166-009')
    const added = await officer.request('/groups/3166-009/members', {
      json: { account_id: id, group_role: 'leader' },
    })
    expect(added.status).toBe(201)
    expect(await (await officer.request('/groups/3166-009')).text()).not.toContain('Tổ chưa có tổ trưởng')
    const before = await activeCount('3166-009')
    const erased = await officer.request(`/admin/people/${id}/erase`, {
      form: { reason: 'Yêu cầu xoá dữ liệu theo đơn ngày 1/12' },
    })
    expect(erased.status).toBe(200)
    const page = await erased.text()
    expect(page).toContain('tổ cần một tổ trưởng mới')
    expect(page).toContain('href="/groups/3166-009"')
    expect(await activeCount('3166-009')).toBe(before - 1)
    const group = await (await officer.request('/groups/3166-009')).text()
    expect(group).toContain('Tổ chưa có tổ trưởng: hãy thêm hoặc chọn một tổ trưởng mới.')
    expect(group).not.toContain('đã xoá')
  })
})
