import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestEnv } from '../../../test/harness.ts'
import { expectRebuildEqual as rebuildEqual } from '../../../test/rollups.ts'
import { carry, demoProvinceAndHub } from '../sync/sync.fixtures.ts'
import { checkInAll, registerAll, signedIn, trainingToday } from './events.fixtures.ts'

// What an event is (its kind, topic and sector) once people checked in (decision 0210): the
// figures follow the event as it is now, live as a rebuild counts them, whether the change was
// made here or arrived from a node that had not seen the check-ins. Where people came stays
// where they checked in (events-place.test.ts).

const as = signedIn
const training = (over: Record<string, unknown> = {}) => trainingToday('Tập huấn AI: đổi lĩnh vực', over)

/** An indicator, all time, province-wide, as the dashboard holds it. */
async function figure(e: TestEnv, indicator: string): Promise<number> {
  const r = await e.ctx.db
    .selectFrom('campaign_rollups')
    .select('value')
    .where('indicator', '=', indicator)
    .where('place_code', '=', '11')
    .where('period', '=', 'all')
    .executeTakeFirst()
  return Number(r?.value ?? 0)
}

/** People trained and trainings held, in total and in each sector that has any. */
async function bySector(e: TestEnv) {
  const out: Record<string, number> = {}
  for (const s of ['', '.sector.education', '.sector.public_administration', '.sector.tourism']) {
    for (const i of ['officials_trained_ai', 'ai_trainings_held']) {
      const n = await figure(e, `${i}${s}`)
      if (n) out[`${i}${s}`] = n
    }
  }
  return out
}

const expectRebuildEqual = (e: TestEnv) => rebuildEqual(e.ctx)

const eventRow = (e: TestEnv, id: string) =>
  e.ctx.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('an event changed on one node while people checked in on another', () => {
  let province: TestEnv
  let hub: TestEnv
  beforeAll(async () => {
    ;({ province, hub } = await demoProvinceAndHub())
  }, 60_000)
  afterAll(async () => {
    await province?.close()
    await hub?.close()
  })

  /** A training made on the province with two people registered, carried to the hub, where they check in. */
  async function checkedInOnHub(title: string, phones: string[]): Promise<string> {
    const admin = await as(province, 'admin')
    const made = await admin.request('/events', { json: training({ title }) })
    expect(made.status).toBe(201)
    const id = ((await made.json()) as { id: string }).id
    const codes = await registerAll(
      admin,
      id,
      phones.map((phone, i) => ({ name: `Người học ${i + 1}`, phone })),
    )
    expect((await carry(province, hub)).result.refused).toEqual([])
    await checkInAll(await as(hub, 'officer'), id, codes)
    return id
  }

  /** Both ways, twice: each node ends holding everything, in both orders of arrival. */
  async function exchange() {
    expect((await carry(hub, province)).result.refused).toEqual([])
    expect((await carry(province, hub)).result.refused).toEqual([])
  }

  it('a sector changed on the province: both nodes count the check-ins under the new sector, live as rebuilt', async () => {
    const id = await checkedInOnHub('Tập huấn AI: đổi lĩnh vực qua đồng bộ', ['0977000901', '0977000902'])
    expect(await bySector(hub)).toEqual({
      officials_trained_ai: 2,
      'officials_trained_ai.sector.public_administration': 2,
      ai_trainings_held: 1,
      'ai_trainings_held.sector.public_administration': 1,
    })
    // The province has not seen the check-ins: the edit goes through there.
    const admin = await as(province, 'admin')
    expect(
      (await admin.request(`/events/${id}/edit`, { json: training({ sector: 'education' }) })).status,
    ).toBe(200)

    // The hub receives the new sector after its check-ins; the province the check-ins after it.
    await exchange()
    for (const e of [province, hub]) {
      expect((await eventRow(e, id)).sector).toBe('education')
      // Moved, nothing lost, nothing counted twice.
      expect(await bySector(e)).toEqual({
        officials_trained_ai: 2,
        'officials_trained_ai.sector.education': 2,
        ai_trainings_held: 1,
        'ai_trainings_held.sector.education': 1,
      })
      await expectRebuildEqual(e)
    }
  })

  it('a topic changed on the province: the check-ins leave the AI figures on both nodes, live as rebuilt', async () => {
    const before = await bySector(hub)
    const id = await checkedInOnHub('Tập huấn kỹ năng số: đổi chủ đề', ['0977000911', '0977000912'])
    expect(await figure(hub, 'ai_trainings_held')).toBe(before.ai_trainings_held! + 1)
    const admin = await as(province, 'admin')
    const changed = await admin.request(`/events/${id}/edit`, {
      json: training({
        title: 'Tập huấn kỹ năng số: đổi chủ đề',
        topic: 'digital_skills',
        sector: undefined,
      }),
    })
    expect(changed.status).toBe(200)

    await exchange()
    for (const e of [province, hub]) {
      expect((await eventRow(e, id)).topic).toBe('digital_skills')
      expect(await bySector(e)).toEqual(before)
      await expectRebuildEqual(e)
    }
  })

  it('a sector changed on the hub after its check-ins: the same, and the person trained twice stays counted in both sectors', async () => {
    const before = await bySector(hub)
    // One person at two trainings of the same sector, both checked in on the hub.
    const first = await checkedInOnHub('Tập huấn AI: lớp 1', ['0977000921'])
    const second = await checkedInOnHub('Tập huấn AI: lớp 2', ['0977000921'])
    await exchange()
    const add = (o: Record<string, number>, k: string, n: number) => ({ ...o, [k]: (o[k] ?? 0) + n })
    let expected = add(before, 'officials_trained_ai', 1)
    expected = add(expected, 'officials_trained_ai.sector.public_administration', 1)
    expected = add(expected, 'ai_trainings_held', 2)
    expected = add(expected, 'ai_trainings_held.sector.public_administration', 2)
    expect(await bySector(hub)).toEqual(expected)

    // The hub's officer reads what a change will do, and makes it.
    const officer = await as(hub, 'officer')
    expect(await (await officer.request(`/events/${first}/edit`)).text()).toContain(
      'Đã có 1 người điểm danh: nếu đổi loại, chủ đề hoặc lĩnh vực, số liệu sẽ tính họ theo lựa chọn mới (vẫn ở xã này).',
    )
    expect(
      await (await as(hub, 'officer', 'en')).request(`/events/${first}/edit`).then((r) => r.text()),
    ).toContain(
      '1 person has checked in: change the kind, topic or sector and the figures count them under the new choice (still in this commune).',
    )
    expect(
      await (await as(hub, 'officer', 'fr')).request(`/events/${first}/edit`).then((r) => r.text()),
    ).toContain(
      '1 personne a été pointée : si vous changez le type, le sujet ou le secteur, les chiffres la comptent sous le nouveau choix (toujours dans cette commune).',
    )
    const edited = await officer.request(`/events/${first}/edit`, {
      json: training({ title: 'Tập huấn AI: lớp 1 (giáo dục)', sector: 'education' }),
    })
    expect(edited.status).toBe(200)
    const row = await eventRow(hub, first)
    expect([row.title, row.sector]).toEqual(['Tập huấn AI: lớp 1 (giáo dục)', 'education'])
    // Trained in both sectors now, once in all; each training held once, under its sector.
    expected = add(expected, 'officials_trained_ai.sector.education', 1)
    expected = add(expected, 'ai_trainings_held.sector.education', 1)
    expected = add(expected, 'ai_trainings_held.sector.public_administration', -1)
    expect(await bySector(hub)).toEqual(expected)
    await expectRebuildEqual(hub)

    await exchange()
    for (const e of [province, hub]) {
      expect((await eventRow(e, first)).sector).toBe('education')
      expect((await eventRow(e, second)).sector).toBe('public_administration')
      expect(await bySector(e)).toEqual(expected)
      await expectRebuildEqual(e)
    }
  })

  it('a festival made an AI festival on the province after check-ins and a headcount on the hub: counted as one on both nodes', async () => {
    const admin = await as(province, 'admin')
    const fest = (over: Record<string, unknown> = {}) =>
      training({
        title: 'Ngày hội số xã Mường Chà',
        kind: 'festival',
        topic: 'digital_skills',
        sector: undefined,
        capacity: 500,
        ...over,
      })
    const made = await admin.request('/events', { json: fest() })
    expect(made.status).toBe(201)
    const id = ((await made.json()) as { id: string }).id
    expect((await carry(province, hub)).result.refused).toEqual([])
    const door = await as(hub, 'officer')
    for (const [name, phone] of [
      ['Lò Thị Hoa', '0977000931'],
      ['Quàng Văn Minh', '0977000932'],
    ])
      expect(
        (await door.request(`/events/${id}/checkin`, { json: { event_id: id, name, phone } })).status,
      ).toBeLessThan(300)
    const counted = await door.request(`/events/${id}/headcount`, {
      json: { event_id: id, visitors: 120, booth: 'Gian cài VNeID' },
    })
    expect(counted.status).toBe(201)
    const festivals = async (e: TestEnv) => ({
      held: await figure(e, 'festivals_held'),
      attendance: await figure(e, 'festival_attendance'),
      aiHeld: await figure(e, 'ai_festivals_held'),
      aiAttendance: await figure(e, 'ai_festival_attendance'),
    })
    const was = await festivals(hub)
    expect((await admin.request(`/events/${id}/edit`, { json: fest({ topic: 'ai_everyone' }) })).status).toBe(
      200,
    )
    await exchange()
    for (const e of [province, hub]) {
      expect((await eventRow(e, id)).topic).toBe('ai_everyone')
      expect(await festivals(e)).toEqual({
        ...was,
        aiHeld: was.aiHeld + 1,
        aiAttendance: was.aiAttendance + 122,
      })
      await expectRebuildEqual(e)
    }
    // And back, on the hub that holds the check-ins: the AI figures lose them again, nothing else moves.
    const back = await (await as(hub, 'officer')).request(`/events/${id}/edit`, { json: fest() })
    expect(back.status).toBe(200)
    await exchange()
    for (const e of [province, hub]) {
      expect(await festivals(e)).toEqual(was)
      await expectRebuildEqual(e)
    }
  })
})
