import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv } from '../../../test/harness.ts'
import { expectRebuildEqual as rebuildEqual } from '../../../test/rollups.ts'
import { carry, demoProvinceAndHub } from './sync.fixtures.ts'

/**
 * A record corrected on a commune hub and at the province while the two were apart (decision
 * 0204): when they meet, both hold both corrections, the later one counts on both, the other is
 * shown beside it as set aside, and keeping either one is a new correction that reaches the other
 * node and settles the fork there too. The rollups equal a rebuild on both nodes at every step.
 */
let province: TestEnv
let hub: TestEnv
let festival: string

const today = (hour: number) => {
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}

async function as(env: TestEnv, login: string, lang?: string) {
  const c = new Client(env.app)
  if (lang) await c.request(`/lang/${lang}`)
  await c.login(login)
  return c
}

/** A province-wide figure of a node's dashboard (all time). */
const figure = async (env: TestEnv, indicator: string) =>
  Number(
    (
      await env.ctx.db
        .selectFrom('campaign_rollups')
        .select('value')
        .where('indicator', '=', indicator)
        .where('place_code', '=', '11')
        .where('period', '=', 'all')
        .executeTakeFirst()
    )?.value ?? 0,
  )

const expectRebuildEqual = (env: TestEnv) => rebuildEqual(env.ctx)

/** Both ways, as a hub's sync does. */
async function meet() {
  expect((await carry(hub, province)).result.refused).toEqual([])
  expect((await carry(province, hub)).result.refused).toEqual([])
}

type ForkForm = { action: string; fields: Record<string, string>; label: string }

/** The "keep this one" forms of the fork notices on a page, with the text beside each. */
function forkForms(html: string): ForkForm[] {
  const out: ForkForm[] = []
  for (const block of html.split('data-fork').slice(1)) {
    const notice = block.slice(0, block.indexOf('</div>'))
    for (const li of notice.split('<li>').slice(1)) {
      const action = /<form method="post" action="([^"]+)"/.exec(li)![1]!
      const fields: Record<string, string> = {}
      for (const m of li.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
        if (m[1] !== '_csrf') fields[m[1]!] = m[2]!.replaceAll('&amp;', '&')
      out.push({ action, fields, label: li.slice(0, li.indexOf('<form')).replace(/<[^>]+>/g, '') })
    }
  }
  return out
}

beforeAll(async () => {
  ;({ province, hub } = await demoProvinceAndHub())
  const res = await (await as(province, 'officer')).request('/events', {
    form: {
      title: 'Ngày hội chuyển đổi số xã Mường Chà',
      kind: 'festival',
      topic: 'digital_skills',
      audience: 'Mọi người dân',
      place_code: '3166',
      starts_at: today(0),
      ends_at: today(23),
      capacity: '500',
      trainers: 'Ban tổ chức',
    },
  })
  expect(res.status).toBe(303)
  festival = res.headers.get('location')!.split('/').pop()!
  expect((await carry(province, hub)).result.refused).toEqual([])
}, 60_000)
afterAll(async () => {
  await province?.close()
  await hub?.close()
})

describe('a festival headcount corrected on the hub and at the province apart', () => {
  let typo: string
  let onHub: string
  let atProvince: string
  const page = (c: Client) =>
    c
      .request(`/events/${festival}/headcount`, { headers: { accept: 'application/json' } })
      .then((r) => r.json()) as Promise<{
      counted: number
      headcounts: { id: string; visitors: number; apart?: { id: string; visitors: number }[] }[]
    }>

  it('counts the later correction once on both nodes, the other shown beside it as set aside', async () => {
    const hubOfficer = await as(hub, 'officer')
    const entered = await hubOfficer.request(`/events/${festival}/headcount`, {
      json: { event_id: festival, visitors: 1500, booth: 'Gian cài VNeID' },
    })
    expect(entered.status).toBe(201)
    typo = ((await entered.json()) as { fact_id: string }).fact_id
    await meet()
    expect(await figure(province, 'festival_attendance')).toBe(1500)

    // Apart: the hub corrects it to 150, then the province, not knowing, to 160.
    const fix = (c: Client, visitors: number) =>
      c.request(`/events/${festival}/headcount/${typo}/correct`, {
        json: { event_id: festival, visitors, booth: 'Gian cài VNeID' },
      })
    const a = await fix(hubOfficer, 150)
    expect(a.status).toBe(201)
    onHub = ((await a.json()) as { fact_id: string }).fact_id
    await new Promise((ok) => setTimeout(ok, 5))
    const b = await fix(await as(province, 'officer'), 160)
    expect(b.status).toBe(201)
    atProvince = ((await b.json()) as { fact_id: string }).fact_id
    expect(await figure(hub, 'festival_attendance')).toBe(150)
    expect(await figure(province, 'festival_attendance')).toBe(160)

    await meet()
    for (const env of [province, hub]) {
      expect(await figure(env, 'festival_attendance')).toBe(160)
      const json = await page(await as(env, 'officer'))
      expect(json.counted).toBe(160)
      expect(json.headcounts.map((h) => [h.id, h.visitors, h.apart?.map((x) => [x.id, x.visitors])])).toEqual(
        [[atProvince, 160, [[onHub, 150]]]],
      )
      await expectRebuildEqual(env)
    }
    // A third correction of the count corrected twice is still refused on one node: correct the latest.
    const again = await (await as(hub, 'officer')).request(`/events/${festival}/headcount/${onHub}/correct`, {
      json: { event_id: festival, visitors: 155 },
    })
    expect(again.status).toBe(409)
  })

  it('shows both on the page, and keeping the one set aside on the hub settles it on both nodes', async () => {
    const officer = await as(hub, 'officer', 'en')
    const html = await (await officer.request(`/events/${festival}/headcount`)).text()
    expect(html).toContain('Corrected twice, apart')
    const forms = forkForms(html)
    expect(forms.map((f) => [f.fields.visitors, f.label.trim().split(' ·')[0]])).toEqual([
      ['160', 'counted now 160 visitors'],
      ['150', 'set aside 150 visitors'],
    ])
    const keep = forms[1]!
    expect(keep.action).toBe(`/events/${festival}/headcount/${atProvince}/correct`)
    const res = await officer.request(keep.action, { form: keep.fields })
    expect(res.status).toBe(303)
    // Sent twice (a double tap): stored once.
    expect((await officer.request(keep.action, { form: keep.fields })).status).toBe(303)
    expect(await figure(hub, 'festival_attendance')).toBe(150)
    const after = await (await officer.request(`/events/${festival}/headcount`)).text()
    expect(after).not.toContain('Corrected twice, apart')

    await meet()
    for (const env of [province, hub]) {
      expect(await figure(env, 'festival_attendance')).toBe(150)
      const json = await page(await as(env, 'officer'))
      expect(json.headcounts.map((h) => [h.visitors, h.apart ?? []])).toEqual([[150, []]])
      await expectRebuildEqual(env)
    }
  })
})

describe('a help record corrected on the hub and at the province apart', () => {
  it('logs it once on both nodes, the correction set aside beside it, until one is kept', async () => {
    const ambassador = await as(hub, 'ambassador')
    const anonymous = { whom: 'anonymous', sex: 'female', age_band: '36_59', village: '3166-001' }
    const logged = await ambassador.request('/help', { json: { what: 'vneid_install', ...anonymous } })
    expect(logged.status).toBe(201)
    const original = ((await logged.json()) as { id: string }).id
    await meet()
    const before = await figure(province, 'help_given')

    const onHub = await ambassador.request(`/help/${original}/correct`, {
      json: { what: 'payment_account', ...anonymous },
    })
    expect(onHub.status).toBe(201)
    await new Promise((ok) => setTimeout(ok, 5))
    const atProvince = await (await as(province, 'officer')).request(`/help/${original}/correct`, {
      json: { what: 'public_service', ...anonymous },
    })
    expect(atProvince.status).toBe(201)
    const winner = ((await atProvince.json()) as { id: string }).id
    const loser = ((await onHub.json()) as { id: string }).id

    await meet()
    for (const env of [province, hub]) {
      expect(await figure(env, 'help_given')).toBe(before)
      expect(await figure(env, 'help_given.what.public_service')).toBe(1)
      expect(await figure(env, 'help_given.what.payment_account')).toBe(0)
      const log = (await (
        await as(env, 'officer')
      )
        .request('/api/help?place=3166-001')
        .then((r) => r.json())) as {
        entries: { id: string; apart?: { id: string }[] }[]
      }
      const listed = log.entries.filter((e) => [original, loser, winner].includes(e.id))
      expect(listed.map((e) => [e.id, e.apart?.map((x) => x.id)])).toEqual([[winner, [loser]]])
      await expectRebuildEqual(env)
    }

    // The province's officer, reading in French, keeps the hub's correction.
    const officer = await as(province, 'officer', 'fr')
    const html = await (await officer.request('/help/log?place=3166-001')).text()
    expect(html).toContain('Corrigé deux fois, séparément')
    const keep = forkForms(html).find((f) => f.fields.what === 'payment_account')!
    expect(keep.action).toBe(`/help/${winner}/correct`)
    expect((await officer.request(keep.action, { form: keep.fields })).status).toBe(303)
    await meet()
    for (const env of [province, hub]) {
      expect(await figure(env, 'help_given')).toBe(before)
      expect(await figure(env, 'help_given.what.public_service')).toBe(0)
      expect(await figure(env, 'help_given.what.payment_account')).toBe(1)
      const text = await (await as(env, 'officer', 'fr'))
        .request('/help/log?place=3166-001')
        .then((r) => r.text())
      expect(text).not.toContain('Corrigé deux fois, séparément')
      await expectRebuildEqual(env)
    }
  })
})
