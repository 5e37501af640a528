import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { type Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { expectRebuildEqual as rebuildEqual } from '../../../test/rollups.ts'
import { carry, demoProvinceAndHub } from '../sync/sync.fixtures.ts'
import { checkInAll, registerAll, signedIn, trainingToday } from './events.fixtures.ts'

// An event's commune once people checked in (decision 0204, amended): refused on an edit (its
// sector, kind and topic may change, and the figures follow them: events-sector-change.test.ts);
// and the dashboard counts a check-in in the commune where it was made, so a move that still
// arrives from another node (made there before it saw the check-ins) changes no figure.

const as = signedIn
const training = (over: Record<string, unknown> = {}) => trainingToday('Tập huấn AI: đổi xã', over)

async function anotherCommune(e: TestEnv): Promise<string> {
  const r = await e.ctx.db
    .selectFrom('places')
    .select('code')
    .where('kind', '=', 'commune')
    .where('code', '!=', '3166')
    .orderBy('code')
    .executeTakeFirstOrThrow()
  return r.code
}

/** People trained, all time, as the dashboard holds them for one commune. */
async function trainedIn(e: TestEnv, place: string): Promise<number> {
  const r = await e.ctx.db
    .selectFrom('campaign_rollups')
    .select('value')
    .where('indicator', '=', 'officials_trained_ai')
    .where('place_code', '=', place)
    .where('period', '=', 'all')
    .executeTakeFirst()
  return Number(r?.value ?? 0)
}

const expectRebuildEqual = (e: TestEnv) => rebuildEqual(e.ctx)

const eventRow = (e: TestEnv, id: string) =>
  e.ctx.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const trainersOf = (e: TestEnv, id: string) =>
  e.ctx.db.selectFrom('event_trainers').selectAll().where('event_id', '=', id).orderBy('position').execute()

async function walkIn(c: Client, id: string, name: string, phone: string) {
  const res = await c.request(`/events/${id}/checkin`, { json: { event_id: id, name, phone } })
  expect(res.status).toBeLessThan(300)
}

describe('the commune of an event once people checked in', () => {
  let env: TestEnv
  beforeAll(async () => {
    env = await testEnv()
    await demoPeople(env.ctx)
  }, 60_000)
  afterAll(() => env?.close())

  it('may change before anyone came, and is refused after, naming the field, writing nothing', async () => {
    const admin = await as(env, 'admin')
    const other = await anotherCommune(env)
    const made = await admin.request('/events', { json: training() })
    expect(made.status).toBe(201)
    const id = ((await made.json()) as { id: string }).id
    // Before anyone came the organiser may still correct the commune, and back.
    expect(
      (await admin.request(`/events/${id}/edit`, { json: training({ place_code: other }) })).status,
    ).toBe(200)
    expect((await eventRow(env, id)).place_code).toBe(other)
    expect((await admin.request(`/events/${id}/edit`, { json: training() })).status).toBe(200)

    await walkIn(await as(env, 'officer'), id, 'Lò Văn Khánh', '0977000701')
    await walkIn(await as(env, 'officer'), id, 'Quàng Thị Mai', '0977000702')
    expect(await trainedIn(env, '3166')).toBe(2)
    const before = await eventRow(env, id)
    const trainers = await trainersOf(env, id)

    const refused = await admin.request(`/events/${id}/edit`, {
      json: training({ place_code: other, title: 'Tập huấn AI: đã đổi xã', capacity: 60 }),
    })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
      'place_code: cannot change once people have been checked in',
    )
    const page = await admin.request(`/events/${id}/edit`, {
      form: training({ place_code: other, trainers: 'Người khác' }) as never,
    })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain(
      'không đổi được khi đã có người điểm danh (bảng số liệu đã tính họ ở xã này)',
    )
    const fr = await as(env, 'admin', 'fr')
    const frPage = await fr.request(`/events/${id}/edit`, { form: training({ place_code: other }) as never })
    expect(await frPage.text()).toContain(
      'ne peut plus changer une fois des personnes pointées (le tableau de bord les compte déjà dans cette commune)',
    )
    // Nothing of the refused edit was written: not the title, the seats, the trainers, nor a stamp.
    expect(await eventRow(env, id)).toEqual(before)
    expect(await trainersOf(env, id)).toEqual(trainers)
    expect(await trainedIn(env, '3166')).toBe(2)
    expect(await trainedIn(env, other)).toBe(0)

    // The form says why the commune cannot be chosen, and offers only the event's own.
    const form = await (await admin.request(`/events/${id}/edit`)).text()
    expect(form).toContain('Đã có 2 người điểm danh: số liệu tính họ ở xã này, nên không đổi được xã.')
    const select = /<select name="place_code">([\s\S]*?)<\/select>/.exec(form)![1]!
    expect(select.match(/<option/g)).toHaveLength(1)
    expect(select).toContain('value="3166"')
    const enForm = await (await as(env, 'admin', 'en')).request(`/events/${id}/edit`)
    expect(await enForm.text()).toContain(
      '2 people have checked in: the figures count them in this commune, so it cannot change.',
    )

    // Every other change still goes through, in the same commune.
    const renamed = await admin.request(`/events/${id}/edit`, {
      json: training({ title: 'Tập huấn AI: cùng xã', capacity: 60 }),
    })
    expect(renamed.status).toBe(200)
    expect((await eventRow(env, id)).title).toBe('Tập huấn AI: cùng xã')
    await expectRebuildEqual(env)
  })
})

describe('an event moved on one node while people checked in on another', () => {
  let province: TestEnv
  let hub: TestEnv
  beforeAll(async () => {
    ;({ province, hub } = await demoProvinceAndHub())
  }, 60_000)
  afterAll(async () => {
    await province?.close()
    await hub?.close()
  })

  it('counts the check-ins where they were made on both nodes, live as rebuilt, and then refuses a move', async () => {
    const admin = await as(province, 'admin')
    const made = await admin.request('/events', { json: training({ title: 'Tập huấn AI: hai nơi' }) })
    const id = ((await made.json()) as { id: string }).id
    const codes = await registerAll(admin, id, [
      { name: 'Lò Văn Khánh', phone: '0977000801' },
      { name: 'Quàng Thị Mai', phone: '0977000802' },
    ])
    expect((await carry(province, hub)).result.refused).toEqual([])

    // At the door on the hub, in Mường Chà; the province has not seen them yet and moves the event.
    await checkInAll(await as(hub, 'officer'), id, codes)
    const other = await anotherCommune(province)
    expect(
      (await admin.request(`/events/${id}/edit`, { json: training({ place_code: other }) })).status,
    ).toBe(200)

    expect((await carry(hub, province)).result.refused).toEqual([])
    expect((await carry(province, hub)).result.refused).toEqual([])
    for (const e of [province, hub]) {
      // The event's row converged on the later version; the figures stay where people came.
      expect((await eventRow(e, id)).place_code).toBe(other)
      expect(await trainedIn(e, '3166')).toBe(2)
      expect(await trainedIn(e, other)).toBe(0)
      await expectRebuildEqual(e)
    }
    // Now that the province holds the check-ins, the commune is locked there as on the hub.
    const back = await admin.request(`/events/${id}/edit`, { json: training({ place_code: '3166' }) })
    expect(back.status).toBe(400)
    expect(((await back.json()) as { error: { message: string } }).error.message).toBe(
      'place_code: cannot change once people have been checked in',
    )
  })
})
