import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople, TEST_PASSWORD } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { decodeQrSvg } from '../../../test/qr-raster.ts'
import { type HookEvents, on } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { createAccount } from '../people/people.service.ts'
import { CODE_ALPHABET } from './events.schemas.ts'

let env: TestEnv
const attended: HookEvents['event.attended'][] = []
on('event.attended', async (_tx, p) => {
  attended.push(p)
})

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx, { steps: ['events'] })
  // A trainer whose scope is one commune only (the demo trainer is province-wide).
  await createAccount(
    env.ctx,
    { displayName: 'Giảng viên xã (test)', username: 'trainer3166', password: TEST_PASSWORD },
    [{ role: 'trainer', scopeCode: '3166' }],
  )
})
afterAll(() => env.close())

async function as(login: string) {
  const c = new Client(env.app)
  await c.login(login, login === 'trainer3166' ? TEST_PASSWORD : undefined)
  return c
}

const inDays = (d: number, hour = 8) => {
  const day = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
  return `${day}T${String(hour).padStart(2, '0')}:00`
}

/** Vietnam local time (what a form sends) `h` hours from now. */
const hoursFromNow = (h: number) => new Date(Date.now() + (h + 7) * 3_600_000).toISOString().slice(0, 16)

// Taking place now, so that people can be checked in (the door opens 3 hours before the start).
const training = (over: Record<string, unknown> = {}) => ({
  title: 'Tập huấn AI cho cán bộ xã',
  kind: 'training',
  topic: 'ai_officials',
  audience: 'Cán bộ, công chức xã',
  place_code: '3166',
  starts_at: hoursFromNow(-1),
  ends_at: hoursFromNow(3),
  capacity: 40,
  trainers: ['Giảng viên (demo)'],
  course_slug: 'ai-for-officials',
  sector: 'public_administration',
  ...over,
})

async function newEvent(c: Client, over: Record<string, unknown> = {}): Promise<string> {
  const res = await c.request('/events', { json: training(over) })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

async function countRegs(eventId: string): Promise<number> {
  const r = await env.ctx.db
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

async function regsOf(eventId: string) {
  return env.ctx.db
    .selectFrom('event_registrations')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('seq')
    .execute()
}

const officials = (n: number, from = 0) =>
  [
    'name,phone,organisation,position',
    ...Array.from(
      { length: n },
      (_, i) =>
        `Cán bộ ${i + from + 1},09${String(10000000 + i + from).slice(-8)},UBND xã Mường Chà,Công chức`,
    ),
  ].join('\n')

describe('events', () => {
  it('creates an event from the form and shows it in the menu of trainers', async () => {
    const c = await as('trainer')
    const home = await (await c.request('/')).text()
    expect(home).toContain('href="/events"')
    const res = await c.request('/events', {
      form: {
        title: 'Ngày hội Bình dân học vụ số',
        kind: 'festival',
        topic: 'digital_skills',
        audience: 'Mọi người dân',
        place_code: '3166',
        starts_at: inDays(20),
        ends_at: inDays(20, 17),
        capacity: '300',
        trainers: 'Nguyễn Văn A\nLò Thị B',
      },
    })
    expect(res.status).toBe(303)
    const page = await (await c.request(res.headers.get('location')!)).text()
    expect(page).toContain('Ngày hội Bình dân học vụ số')
    expect(page).toContain('Nguyễn Văn A, Lò Thị B')
    expect(page).toContain('0/300 chỗ')
    const learner = await as('learner')
    // Anyone signed in finds trainings to register for; only organisers get today's check-in.
    expect(home).toContain('href="/events/today"')
    expect(await (await learner.request('/')).text()).not.toContain('href="/events/today"')
  })

  it('refuses bad input naming each field, and writes nothing', async () => {
    const c = await as('officer')
    const before = await env.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const res = await c.request('/events', {
      json: training({ title: '', kind: 'party', capacity: 0, starts_at: 'tomorrow', trainers: '' }),
    })
    expect(res.status).toBe(400)
    const msg = (await res.json()).error.message
    expect(msg).toContain('title: required')
    expect(msg).toContain('kind: must be one of training, festival, session')
    expect(msg).toContain('capacity: must be at least 1')
    expect(msg).toContain('starts_at: must be a date and time such as 2026-12-01T08:00')
    expect(msg).toContain('trainers: required: at least one trainer')
    const order = await c.request('/events', { json: training({ ends_at: hoursFromNow(-2) }) })
    expect((await order.json()).error.message).toBe('ends_at: must be after the start')
    const village = await c.request('/events', { json: training({ place_code: '3166-001' }) })
    expect((await village.json()).error.message).toBe('place_code: must be a commune or ward')
    const form = await c.request('/events', {
      form: { ...training({ capacity: 'many' }), trainers: 'X Y' } as never,
    })
    expect(form.status).toBe(400)
    expect(await form.text()).toContain('capacity: must be a whole number')
    const after = await env.ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('keeps a trainer to the communes of their scope (events.manage)', async () => {
    const admin = await as('admin')
    const elsewhere = await newEvent(admin, { place_code: '3169', title: 'Tập huấn ở xã khác' })
    const local = await as('trainer3166')
    const denied = await local.request('/events', { json: training({ place_code: '3169' }) })
    expect(denied.status).toBe(403)
    for (const path of ['registrations', 'attendance', 'attendance.csv', 'import', 'checkin', 'edit'])
      expect((await local.request(`/events/${elsewhere}/${path}`)).status).toBe(403)
    expect((await local.request(`/events/${elsewhere}/import`, { json: { csv: officials(1) } })).status).toBe(
      403,
    )
    expect(
      (await local.request(`/events/${elsewhere}/registrations`, { json: { name: 'Lò Văn C' } })).status,
    ).toBe(403)
    expect(await countRegs(elsewhere)).toBe(0)
    // In their own commune the same trainer manages freely; the province trainer reaches everywhere.
    expect(await newEvent(local)).toMatch(/^[0-9a-f-]{36}$/)
    expect((await (await as('trainer')).request(`/events/${elsewhere}/registrations`)).status).toBe(200)
    // An ambassador of one village does not reach a commune's event, not even through /api/facts.
    const amb = await as('ambassador')
    const local2 = await newEvent(admin)
    const fact = {
      id: uuidv7(),
      kind: 'checkin',
      occurred_at: new Date().toISOString(),
      data: { event_id: local2, name: 'Lò Văn D' },
    }
    const r = await (await amb.request('/api/facts', { json: { facts: [fact] } })).json()
    expect(r.rejected[0]).toMatchObject({ status: 403 })
  })
})

describe('registration from CSV', () => {
  it('refuses a file with bad rows, naming line and field, and writes nothing', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const csv = [
      'Họ và tên,Số điện thoại,Đơn vị,Chức vụ',
      'Lò Văn Minh,0912000001,UBND xã,Công chức',
      'Quàng Thị Hoa,12345,UBND xã,Chủ tịch',
      ',0912000003,UBND xã,',
      'Tòng Văn Lả,0912000001,Trường tiểu học,Giáo viên',
      'Lường Văn Pâng,+84 912 000 005,,',
    ].join('\r\n')
    const res = await c.request(`/events/${id}/import`, { json: { csv } })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.issues).toEqual([
      { field: 'line 3: phone', message: 'must be 10 digits starting with 0, or +84 and 9 digits' },
      { field: 'line 4: name', message: 'required' },
      { field: 'line 5: phone', message: '0912000001 is also on line 2' },
    ])
    expect(body.error.message).toContain('line 3: phone: must be 10 digits')
    expect(await countRegs(id)).toBe(0)

    // The upload form (multipart, as a browser sends it) lists the same lines on the page.
    const boundary = '----hocso-test'
    const part = (name: string, value: string, file?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`
    const multipart = `${part('_csrf', c.csrf!)}${part('file', csv, 'list.csv')}--${boundary}--\r\n`
    const page = await c.request(`/events/${id}/import`, {
      body: multipart,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(page.status).toBe(400)
    // In Vietnamese, the page's language, each line names the column; the exact error stays beside.
    const text = (await page.text()).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain(
      'Dòng 3: Số điện thoại: cần 10 chữ số, bắt đầu bằng số 0 (hoặc +84 và 9 chữ số) (line 3: phone: must be 10 digits starting with 0, or +84 and 9 digits)',
    )
    expect(text).toContain('Dòng 4: Họ và tên: cần điền (line 4: name: required)')
    expect(text).toContain(
      'Dòng 5: Số điện thoại: số 0912000001 đã có ở dòng 2 (line 5: phone: 0912000001 is also on line 2)',
    )
    expect(await countRegs(id)).toBe(0)

    // Fixed, the same file goes in whole; the phone given as +84 is stored as 0…
    const fixed = csv
      .replace(',12345,', ',0912000002,')
      .replace(',0912000003,', 'Vì Văn Sơn,0912000003,')
      .replace('Tòng Văn Lả,0912000001', 'Tòng Văn Lả,0912000004')
    const ok = await c.request(`/events/${id}/import`, {
      body: `${part('_csrf', c.csrf!)}${part('file', fixed, 'list.csv')}--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(ok.status).toBe(201)
    expect(await ok.text()).toContain('5 người đã được đăng ký, 0 người vào danh sách chờ.')
    expect((await regsOf(id)).map((r) => r.phone)).toContain('0912000005')
    // Importing again: every phone is already registered, refused line by line.
    const again = await (await c.request(`/events/${id}/import`, { json: { csv: fixed } })).json()
    expect(again.error.issues[0]).toEqual({
      field: 'line 2: phone',
      message: '0912000001 is already registered for this event',
    })
    expect(await countRegs(id)).toBe(5)
  })

  it('refuses a file without a header naming the columns', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const res = await c.request(`/events/${id}/import`, { json: { csv: 'Lò Văn Minh,0912000001\n' } })
    expect((await res.json()).error.message).toMatch(/^line 1: header: the first line must name the columns/)
    const empty = await c.request(`/events/${id}/import`, { json: {} })
    expect((await empty.json()).error.message).toBe('file: required: choose a CSV file')
  })
})

describe('check-in at the door', () => {
  it('an organiser imports 30 officials and checks in 25: the attendance page shows 25', async () => {
    const c = await as('trainer')
    const id = await newEvent(c)
    const imp = await c.request(`/events/${id}/import`, { json: { csv: officials(30) } })
    expect(await imp.json()).toEqual({ registered: 30, waiting: 0 })
    const regs = await regsOf(id)
    expect(regs).toHaveLength(30)
    expect(new Set(regs.map((r) => r.code)).size).toBe(30)
    for (const r of regs) expect([...r.code].every((ch) => CODE_ALPHABET.includes(ch))).toBe(true)
    // Five at the door without JavaScript (plain form posts, typed in lower case with a space)…
    for (const r of regs.slice(0, 5)) {
      const res = await c.request(`/events/${id}/checkin`, {
        form: { event_id: id, code: `${r.code.slice(0, 3).toLowerCase()} ${r.code.slice(3)}` },
      })
      expect(res.status).toBe(303)
      const page = await (await c.request(res.headers.get('location')!)).text()
      expect(page).toContain(`✓ ${r.name} (${r.code}) đã có mặt.`)
    }
    // …twenty from the phone's outbox, in one batch to the facts endpoint.
    const facts = regs.slice(5, 25).map((r) => ({
      id: uuidv7(),
      kind: 'checkin',
      occurred_at: new Date().toISOString(),
      data: { event_id: id, code: r.code },
    }))
    const sent = await (await c.request('/api/facts', { json: { facts } })).json()
    expect(sent).toEqual({ stored: facts.map((f) => f.id), rejected: [] })
    const page = await (await c.request(`/events/${id}/attendance`)).text()
    expect(page).toContain('<b data-attendance-count="true">25 người đã có mặt</b>')
    expect(page).toContain('Cán bộ 25')
    expect(page).not.toContain('Cán bộ 26<')
    const door = await (await c.request(`/events/${id}/checkin`)).text()
    expect(door).toContain('25/30 người đã có mặt')
    expect(door).toContain('data-outbox-kind="checkin"')
    expect(attended.filter((a) => a.eventId === id)).toHaveLength(25)
    expect(attended.find((a) => a.eventId === id)).toMatchObject({
      accountId: null,
      eventTitle: 'Tập huấn AI cho cán bộ xã',
      eventKind: 'training',
      eventTopic: 'ai_officials',
      placeCode: '3166',
    })
  })

  it('checking in twice counts once; the second fact is kept; event.attended fires once', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const reg = await (
      await c.request(`/events/${id}/registrations`, { json: { name: 'Lò Văn Hùng', phone: '0988000111' } })
    ).json()
    const first = await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg.code } })
    expect(first.status).toBe(201)
    expect(await first.json()).toMatchObject({ first: true, name: 'Lò Văn Hùng' })
    const second = await c.request(`/events/${id}/checkin`, { form: { event_id: id, code: reg.code } })
    const page = await (await c.request(second.headers.get('location')!)).text()
    expect(page).toMatch(/Lò Văn Hùng \(\w{6}\) đã điểm danh lúc [\d:]+: chỉ tính một lần\./)
    const fact = {
      id: uuidv7(),
      kind: 'checkin',
      occurred_at: new Date().toISOString(),
      data: { event_id: id, code: reg.code },
    }
    for (let i = 0; i < 2; i++)
      expect((await (await c.request('/api/facts', { json: { facts: [fact] } })).json()).stored).toEqual([
        fact.id,
      ])
    const facts = await env.ctx.db
      .selectFrom('facts')
      .select('id')
      .where('kind', '=', 'checkin')
      .where('data', 'like', `%${reg.code}%`)
      .execute()
    expect(facts).toHaveLength(3)
    const att = await (
      await c.request(`/events/${id}/attendance`, { headers: { accept: 'application/json' } })
    ).json()
    expect(att.count).toBe(1)
    expect(att.present[0].scans).toBe(3)
    expect(attended.filter((a) => a.registrationId === reg.id)).toHaveLength(1)
  })

  it('refuses an unknown or malformed code by field, on the page and through the outbox', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const page = await c.request(`/events/${id}/checkin`, { form: { event_id: id, code: 'ACDEFG' } })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('code: ACDEFG is not a registration code of this event')
    const bad = await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: 'O0I1' } })
    expect((await bad.json()).error.message).toBe('code: must be the 6-character code shown under the QR')
    const none = await c.request(`/events/${id}/checkin`, { json: { event_id: id } })
    expect((await none.json()).error.message).toBe('code: required (or a name for a walk-in)')
    const r = await (
      await c.request('/api/facts', {
        json: {
          facts: [
            {
              id: uuidv7(),
              kind: 'checkin',
              occurred_at: new Date().toISOString(),
              data: { event_id: id, code: 'ACDEFG' },
            },
          ],
        },
      })
    ).json()
    expect(r.rejected[0]).toMatchObject({
      status: 400,
      message: 'code: ACDEFG is not a registration code of this event',
    })
  })

  it('adds a walk-in at the door (registration and check-in in one step), online or from the outbox', async () => {
    const c = await as('officer')
    const id = await newEvent(c, { capacity: 1 })
    await c.request(`/events/${id}/registrations`, { json: { name: 'Người thứ nhất' } })
    const res = await c.request(`/events/${id}/checkin`, {
      form: { event_id: id, name: 'Mùa A Páo', phone: '0977000222', organisation: 'Bản Mẫu 1' },
    })
    expect(res.status).toBe(303)
    const factId = uuidv7()
    const sent = await (
      await c.request('/api/facts', {
        json: {
          facts: [
            {
              id: factId,
              kind: 'checkin',
              occurred_at: new Date().toISOString(),
              data: { event_id: id, name: 'Giàng Thị Mỷ' },
            },
          ],
        },
      })
    ).json()
    expect(sent.stored).toEqual([factId])
    const regs = await regsOf(id)
    expect(regs.map((r) => [r.name, r.status, r.source])).toEqual([
      ['Người thứ nhất', 'registered', 'organiser'],
      ['Mùa A Páo', 'registered', 'walk_in'],
      ['Giàng Thị Mỷ', 'registered', 'walk_in'],
    ])
    // The outbox's fact id is the registration's id: the same fact replayed anywhere makes the same record.
    expect(regs[2]!.id).toBe(factId)
    const att = await (
      await c.request(`/events/${id}/attendance`, { headers: { accept: 'application/json' } })
    ).json()
    expect(att.count).toBe(2)
    // A walk-in whose phone is already registered checks that registration in rather than a twin.
    await c.request(`/events/${id}/checkin`, {
      json: { event_id: id, name: 'Mùa A Páo', phone: '0977000222' },
    })
    expect(await countRegs(id)).toBe(3)
  })

  it('the registration QR, on the phone page and on the printed list, decodes to the short code', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const reg = await (await c.request(`/events/${id}/registrations`, { json: { name: 'Vừ A Dính' } })).json()
    const page = await (await c.request(`/events/${id}/registrations/${reg.id}`)).text()
    expect(page).toContain(`<p class="ticket-code">${reg.code}</p>`)
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page)![0]
    expect(decodeQrSvg(svg)).toBe(reg.code)
    const print = await (await c.request(`/events/${id}/print`)).text()
    const printed = /<td class="print-qr"><svg[\s\S]*?<\/svg>/
      .exec(print)![0]
      .replace('<td class="print-qr">', '')
    expect(decodeQrSvg(printed)).toBe(reg.code)
  })
})

describe('waiting list', () => {
  it('puts people on the waiting list when full and promotes them in order when someone cancels', async () => {
    const c = await as('officer')
    const id = await newEvent(c, { capacity: 2 })
    const made = []
    for (const name of ['Lò Văn Một', 'Lò Văn Hai', 'Lò Văn Ba', 'Lò Văn Bốn'])
      made.push(await (await c.request(`/events/${id}/registrations`, { json: { name } })).json())
    expect(made.map((r) => r.status)).toEqual(['registered', 'registered', 'waiting', 'waiting'])
    // The learner registers themself: still waiting, behind the others.
    const learner = await as('learner')
    const own = await (await learner.request(`/events/${id}/register`, { json: {} })).json()
    expect(own.status).toBe('waiting')
    const shown = await (await learner.request(`/events/${id}`)).text()
    expect(shown).toContain('bạn đang trong danh sách chờ')
    const cancel = await c.request(`/events/${id}/registrations/${made[0].id}/cancel`, { json: {} })
    expect(await cancel.json()).toEqual({ ok: true, promoted: [made[2].id] })
    expect((await regsOf(id)).map((r) => r.status)).toEqual([
      'cancelled',
      'registered',
      'registered',
      'waiting',
      'waiting',
    ])
    // The learner cancels their own place on the list; then a seat frees and "Bốn" gets it, not the learner.
    expect((await learner.request(`/events/${id}/registrations/${own.id}/cancel`, { json: {} })).status).toBe(
      200,
    )
    await c.request(`/events/${id}/registrations/${made[1].id}/cancel`, { json: {} })
    expect((await regsOf(id)).map((r) => `${r.name}:${r.status}`)).toEqual([
      'Lò Văn Một:cancelled',
      'Lò Văn Hai:cancelled',
      'Lò Văn Ba:registered',
      'Lò Văn Bốn:registered',
      'Người học (demo):cancelled',
    ])
    // A larger capacity promotes at once; a checked-in registration cannot be cancelled.
    const ba = made[2]
    await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: ba.code } })
    const refused = await c.request(`/events/${id}/registrations/${ba.id}/cancel`, { json: {} })
    expect(refused.status).toBe(409)
    // Someone else may not cancel the learner's registration, nor see it.
    const other = await as('ambassador')
    expect(
      (await other.request(`/events/${id}/registrations/${made[3].id}/cancel`, { json: {} })).status,
    ).toBe(403)
  })

  it('links a registration made by an organiser to the account with that phone, for the certificate', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const person = new Client(env.app)
    const signup = await person.request('/signup', {
      form: { display_name: 'Lò Thị Mai', phone: '0966000333', password: 'mat-khau-123', consent: 'on' },
    })
    expect(signup.status).toBe(303)
    const reg = await (
      await c.request(`/events/${id}/registrations`, { json: { name: 'Lò Thị Mai', phone: '0966000333' } })
    ).json()
    const mine = await (
      await person.request('/events/mine', { headers: { accept: 'application/json' } })
    ).json()
    expect(mine.registrations.map((r: { id: string }) => r.id)).toEqual([reg.id])
    const ticket = await (await person.request(`/events/${id}/registrations/${reg.id}`)).text()
    expect(ticket).toContain(reg.code)
    await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg.code } })
    const hook = attended.find((a) => a.registrationId === reg.id)!
    const account = await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('phone', '=', '0966000333')
      .executeTakeFirstOrThrow()
    expect(hook.accountId).toBe(account.id)
    // The certificates domain reacts to event.attended: the person's page links their attendance certificate.
    const json = await (
      await person.request(`/events/${id}/registrations/${reg.id}`, {
        headers: { accept: 'application/json' },
      })
    ).json()
    expect(json.certificateId).toMatch(/^[0-9a-f-]{36}$/)
    expect(await (await person.request(`/events/${id}/registrations/${reg.id}`)).text()).toContain(
      `<a class="button" href="/certificates/${json.certificateId}">Giấy chứng nhận tham dự</a>`,
    )
    // Registering themself again gives back the same registration, not a twin.
    const again = await (await person.request(`/events/${id}/register`, { json: {} })).json()
    expect(again.id).toBe(reg.id)
  })
})

describe('officials registered from a list', () => {
  const certificatesOf = (phone: string) =>
    env.ctx.db
      .selectFrom('certificates as c')
      .innerJoin('accounts as a', 'a.id', 'c.account_id')
      .select(['c.kind', 'c.subject_ref as ref'])
      .where('a.phone', '=', phone)
      .execute()

  it('get their attendance certificate when they sign up after the check-in, and see it under "my trainings"', async () => {
    const c = await as('trainer')
    const id = await newEvent(c, { title: 'Tập huấn AI: soạn văn bản' })
    const csv = 'name,phone,organisation,position\nLò Văn Pó,0977000101,UBND xã Mường Chà,Công chức'
    expect(await (await c.request(`/events/${id}/import`, { json: { csv } })).json()).toEqual({
      registered: 1,
      waiting: 0,
    })
    const [reg] = await regsOf(id)
    await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg!.code } })
    expect(await certificatesOf('0977000101')).toEqual([])
    const person = new Client(env.app)
    const signup = await person.request('/signup', {
      form: { display_name: 'Lò Văn Pó', phone: '0977000101', password: 'mat-khau-123', consent: 'on' },
    })
    expect(signup.status).toBe(303)
    // Issued at sign-up, before the person opens any page.
    expect(await certificatesOf('0977000101')).toEqual([{ kind: 'event', ref: id }])
    const mine = await (await person.request('/events/mine')).text()
    expect(mine).toContain('Tập huấn AI: soạn văn bản')
    expect(await (await person.request('/my/certificates')).text()).toContain('Tập huấn AI: soạn văn bản')
    // "My trainings" is in the menu of a person with no role but learner.
    expect(await (await person.request('/courses')).text()).toContain('href="/events/mine"')
  })

  it('get it at the check-in when they had an account before the list was imported', async () => {
    const person = new Client(env.app)
    await person.request('/signup', {
      form: { display_name: 'Quàng Thị Hoa', phone: '0977000102', password: 'mat-khau-123', consent: 'on' },
    })
    const c = await as('trainer')
    const id = await newEvent(c, { title: 'Tập huấn AI: dịch vụ công' })
    const csv = 'name,phone,organisation,position\nQuàng Thị Hoa,0977000102,UBND xã Mường Chà,Công chức'
    await c.request(`/events/${id}/import`, { json: { csv } })
    const [reg] = await regsOf(id)
    expect(reg!.account_id).not.toBeNull()
    await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg!.code } })
    expect(await certificatesOf('0977000102')).toEqual([{ kind: 'event', ref: id }])
  })

  it('get it at the check-in when the registration was made before the link existed', async () => {
    const c = await as('trainer')
    const id = await newEvent(c, { title: 'Tập huấn AI: nông nghiệp' })
    const csv = 'name,phone,organisation,position\nCà Văn Sơn,0977000103,UBND xã Mường Chà,Công chức'
    await c.request(`/events/${id}/import`, { json: { csv } })
    const [reg] = await regsOf(id)
    // An account made on another node arrives by sync, without the sign-up's reaction here.
    const person = new Client(env.app)
    await person.request('/signup', {
      form: { display_name: 'Cà Văn Sơn', phone: '0977000103', password: 'mat-khau-123', consent: 'on' },
    })
    await env.ctx.db
      .updateTable('event_registrations')
      .set({ account_id: null })
      .where('id', '=', reg!.id)
      .execute()
    await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg!.code } })
    expect(await certificatesOf('0977000103')).toEqual([{ kind: 'event', ref: id }])
  })
})

describe('attendance export', () => {
  it('exports the attendance list as CSV, safe against spreadsheet formulas', async () => {
    const c = await as('officer')
    const id = await newEvent(c)
    const a = await (
      await c.request(`/events/${id}/registrations`, {
        json: {
          name: 'Lò Văn "Tâm"',
          phone: '0911222333',
          organisation: '=HYPERLINK("http://x")',
          position: 'Phó chủ tịch, UBND',
        },
      })
    ).json()
    await c.request(`/events/${id}/registrations`, { json: { name: 'Không đến' } })
    await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: a.code } })
    const res = await c.request(`/events/${id}/attendance.csv`)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="attendance-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.csv"$/,
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    // A BOM first, so that spreadsheet programs read the Vietnamese letters as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0]).toBe('name,phone,organisation,position,code,registered_via,checked_in_at')
    expect(lines[1]).toMatch(
      new RegExp(
        `^"Lò Văn ""Tâm""",0911222333,"'=HYPERLINK\\(""http://x""\\)","Phó chủ tịch, UBND",${a.code},organiser,\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00$`,
      ),
    )
    expect(lines.slice(2)).toEqual([''])
    expect((await (await as('learner')).request(`/events/${id}/attendance.csv`)).status).toBe(403)
  })

  it('the demo seed has an AI training for the officials of the demo commune, run by the demo trainer', async () => {
    const c = await as('trainer')
    const list = await (await c.request('/events', { headers: { accept: 'application/json' } })).json()
    const demo = list.managed.find((e: { title: string }) => e.title.includes('(demo)'))
    expect(demo).toMatchObject({
      kind: 'training',
      topic: 'ai_officials',
      place_code: '3166',
      course_slug: 'ai-for-officials',
    })
    const page = await (await c.request(`/events/${demo.id}`)).text()
    expect(page).toContain('Giảng viên (demo)')
    expect(page).toContain('5/40 chỗ')
  })
})

describe('data written wrongly (issue 14)', () => {
  const eventCount = async () =>
    Number(
      (
        await env.ctx.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('refuses impossible dates and years out of range, in the person’s language, and writes nothing', async () => {
    const c = await as('trainer')
    const before = await eventCount()
    // 30 February used to be stored as 2 March; year 0000 and 9999 were accepted.
    const feb30 = await c.request('/events', {
      json: training({ starts_at: '2027-02-30T08:00', ends_at: '2027-02-30T11:00' }),
    })
    expect(feb30.status).toBe(400)
    const body = (await feb30.json()).error
    expect(body.message).toBe('starts_at: must be a real date; ends_at: must be a real date')
    expect(body.text).toBe(
      'starts_at: 2027-02-30 không phải là một ngày có thật; ends_at: 2027-02-30 không phải là một ngày có thật',
    )
    for (const year of ['0000', '9999', '1999']) {
      const res = await c.request('/events', {
        json: training({ starts_at: `${year}-01-01T08:00:00Z`, ends_at: `${year}-01-01T11:00:00Z` }),
      })
      expect(res.status).toBe(400)
      expect((await res.json()).error.text).toContain('starts_at: năm phải nằm trong khoảng từ 2000 đến 2100')
    }
    // 25:00 is no time of day (it rolled over to the next day too).
    const hour = await c.request('/events', { json: training({ starts_at: '2027-03-01T25:00' }) })
    expect((await hour.json()).error.message).toBe(
      'starts_at: must be a date and time such as 2026-12-01T08:00',
    )
    // The form says it on the page, with the exact text beside.
    const form = await c.request('/events', {
      form: { ...training({ starts_at: '2027-02-29T08:00', capacity: '40' }), trainers: 'X Y' } as never,
    })
    expect(form.status).toBe(400)
    expect(await form.text()).toContain(
      'starts_at: 2027-02-29 không phải là một ngày có thật <small class="muted" lang="en">(starts_at: must be a real date)</small>',
    )
    // 29 February of a leap year is a real day.
    expect(
      (
        await c.request('/events', {
          json: training({ starts_at: '2028-02-29T08:00', ends_at: '2028-02-29T11:00' }),
        })
      ).status,
    ).toBe(201)
    expect(await eventCount()).toBe(before + 1)
  })

  it('refuses an array, a boolean or null where a number is expected (no coercion of JSON)', async () => {
    const c = await as('trainer')
    const before = await eventCount()
    for (const capacity of [[10], true, null, '1e3', { n: 10 }, 12.5]) {
      const res = await c.request('/events', { json: training({ capacity }) })
      expect(res.status, JSON.stringify(capacity)).toBe(400)
      const e = (await res.json()).error
      expect(e.message).toBe('capacity: must be a whole number')
      expect(e.text).toBe('capacity: cần là một số nguyên')
    }
    // JSON says a number as a number: "10" is text, refused naming the field, in the person's language.
    const text = await c.request('/events', { json: training({ capacity: '10' }) })
    expect(text.status).toBe(400)
    const e = (await text.json()).error
    expect(e.message).toBe('capacity: must be a JSON number, not text in quotes')
    expect(e.text).toBe('capacity: phải là số, không phải chữ trong dấu ngoặc kép (10, không phải "10")')
    const id = await newEvent(c)
    c.cookies.set('hocso_lang', 'en')
    const edit = await c.request(`/events/${id}/edit`, { json: training({ capacity: '30' }) })
    c.cookies.delete('hocso_lang')
    expect(edit.status).toBe(400)
    expect((await edit.json()).error.text).toBe(
      'capacity: must be a number, not text in quotes (10, not "10")',
    )
    expect(await eventCount()).toBe(before + 1)
    // A form sends text: "40" is still read as 40.
    const form = await c.request('/events', {
      form: { ...training({ capacity: '40' }), trainers: 'X Y' } as never,
    })
    expect(form.status).toBe(303)
    expect(await eventCount()).toBe(before + 2)
  })

  it('answers 409 to an id that already exists, by JSON and by form, and changes nothing', async () => {
    const c = await as('trainer')
    const id = await newEvent(c, { title: 'Tập huấn gốc' })
    const before = await eventCount()
    const again = await c.request('/events', { json: training({ id, title: 'Tập huấn đè lên' }) })
    expect(again.status).toBe(409)
    const e = (await again.json()).error
    expect(e).toMatchObject({ code: 'conflict', message: `id: ${id} already exists; nothing was changed` })
    expect(e.text).toBe(`id: ${id} đã tồn tại; không có gì bị thay đổi.`)
    const form = await c.request('/events', {
      form: { ...training({ id, title: 'Tập huấn đè lên', capacity: '40' }), trainers: 'X Y' } as never,
    })
    expect(form.status).toBe(409)
    expect(await form.text()).toContain(`id: ${id} đã tồn tại; không có gì bị thay đổi.`)
    expect(await eventCount()).toBe(before)
    const row = await env.ctx.db.selectFrom('events').select('title').where('id', '=', id).executeTakeFirst()
    expect(row?.title).toBe('Tập huấn gốc')
  })

  it('refuses a check-in dated outside the training’s window, which would count it as held', async () => {
    const c = await as('trainer')
    // Starts in 10 days: a check-in now (the door page, or the phone's outbox) is days early.
    const id = await newEvent(c, { starts_at: inDays(10), ends_at: inDays(10, 11) })
    const reg = await (
      await c.request(`/events/${id}/registrations`, { json: { name: 'Lò Văn Sớm' } })
    ).json()
    const facts = async () =>
      (await env.ctx.db.selectFrom('facts').select('id').where('kind', '=', 'checkin').execute()).length
    const before = await facts()
    const door = await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg.code } })
    expect(door.status).toBe(400)
    const e = (await door.json()).error
    expect(e.message).toMatch(/^occurred_at: check-in opens at .+, 3 hours before the event starts$/)
    expect(e.text).toMatch(/^Chưa đến giờ điểm danh: điểm danh mở lúc \d{4}-\d\d-\d\d 05:00, 3 giờ trước/)
    const page = await c.request(`/events/${id}/checkin`, { form: { event_id: id, code: reg.code } })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('Chưa đến giờ điểm danh')
    const outbox = await (
      await c.request('/api/facts', {
        json: {
          facts: [
            {
              id: uuidv7(),
              kind: 'checkin',
              occurred_at: new Date().toISOString(),
              data: { event_id: id, code: reg.code },
            },
          ],
        },
      })
    ).json()
    expect(outbox.stored).toEqual([])
    expect(outbox.rejected[0]).toMatchObject({ status: 400, code: 'validation' })
    expect(outbox.rejected[0].text).toMatch(/^Chưa đến giờ điểm danh/)
    // A training that ended two days ago is closed too (an old date typed into a phone).
    const past = await newEvent(c)
    const late = await c.request('/api/facts', {
      json: {
        facts: [
          {
            id: uuidv7(),
            kind: 'checkin',
            occurred_at: new Date(Date.now() - 2 * 86_400_000).toISOString(),
            data: { event_id: past, name: 'Lò Văn Muộn' },
          },
        ],
      },
    })
    expect((await late.json()).rejected[0].message).toMatch(/^occurred_at: check-in opens at/)
    expect(await facts()).toBe(before)
    const att = await env.ctx.db
      .selectFrom('event_attendance')
      .select('event_id')
      .where('event_id', 'in', [id, past])
      .execute()
    expect(att).toEqual([])
    expect(attended.filter((a) => a.eventId === id || a.eventId === past)).toEqual([])
  })

  it('refuses new dates that would leave check-ins already made outside them, saying how many', async () => {
    const c = await as('trainer')
    const id = await newEvent(c)
    for (const name of ['Lò Văn Đến', 'Quàng Thị Đến']) {
      const reg = await (await c.request(`/events/${id}/registrations`, { json: { name } })).json()
      const door = await c.request(`/events/${id}/checkin`, { json: { event_id: id, code: reg.code } })
      expect(door.status).toBe(201)
    }
    const row = () =>
      env.ctx.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const before = await row()
    // Moved to a day next week: both check-ins (made now) would be before the door opens.
    const later = await c.request(`/events/${id}/edit`, {
      json: training({ starts_at: inDays(7), ends_at: inDays(7, 11) }),
    })
    expect(later.status).toBe(400)
    const e1 = (await later.json()).error
    expect(e1.issues.map((i: { field: string }) => i.field)).toEqual(['starts_at'])
    expect(e1.message).toMatch(/^starts_at: 2 check-in\(s\) made before .+ would fall outside the new dates/)
    expect(e1.text).toMatch(/^starts_at: có 2 lượt điểm danh trước \d{4}-\d\d-\d\d 05:00, giờ mở điểm danh/)
    // Moved to last week: both would be after the door closed, said on the end.
    const earlier = await c.request(`/events/${id}/edit`, {
      json: training({ starts_at: inDays(-7), ends_at: inDays(-7, 11) }),
    })
    expect(earlier.status).toBe(400)
    const e2 = (await earlier.json()).error
    expect(e2.issues.map((i: { field: string }) => i.field)).toEqual(['ends_at'])
    expect(e2.text).toMatch(/^ends_at: có 2 lượt điểm danh sau \d{4}-\d\d-\d\d 23:59, giờ đóng điểm danh/)
    // The form says it in the person's language, on the page; nothing was changed.
    const page = await c.request(`/events/${id}/edit`, {
      form: {
        ...training({ starts_at: inDays(7), ends_at: inDays(7, 11) }),
        capacity: '40',
        trainers: 'Giảng viên (demo)',
      } as Record<string, string>,
    })
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('có 2 lượt điểm danh trước')
    expect(await row()).toEqual(before)
    // Dates that still hold every check-in are accepted (the session runs two hours longer).
    const longer = await c.request(`/events/${id}/edit`, { json: training({ ends_at: hoursFromNow(5) }) })
    expect(longer.status).toBe(200)
    expect((await row()).ends_at).not.toBe(before.ends_at)
  })
})
