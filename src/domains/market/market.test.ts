import { QRPay } from 'vietnam-qr-pay'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { decodeQrSvg } from '../../../test/qr-raster.ts'
import { emit } from '../../core/hooks.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { BANKS, bankByBin, buildStaticVietQR, inspectVietQR } from './vietqr.ts'

let env: TestEnv
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
})
afterAll(() => env.close())

const trader = {
  name: 'Lò Thị Xuân',
  place_code: '3166-001',
  market: 'Chợ Mường Chà',
  products: 'Măng khô, mật ong',
  bank_bin: '970405',
  bank_account: '8888123456789',
}

async function ambassador() {
  const c = new Client(env.app)
  await c.login('ambassador')
  return c
}

describe('VietQR', () => {
  it('builds a static VietQR that decodes to the bank and account', () => {
    const payload = buildStaticVietQR('970405', '8888123456789')
    const r = inspectVietQR(payload)
    expect(r).toMatchObject({
      ok: true,
      info: { bank: { shortName: 'Agribank' }, accountNumber: '8888123456789', amount: null, static: true },
    })
  })

  it('names the problem of a tampered, malformed or foreign code', () => {
    const payload = buildStaticVietQR('970405', '8888123456789')
    const tampered = payload.replace('8888123456789', '8888123456780')
    expect(inspectVietQR(tampered)).toMatchObject({ ok: false, problem: { field: 'field 63 (checksum)' } })
    expect(inspectVietQR('hello world')).toMatchObject({ ok: false, problem: { field: 'position 1' } })
    expect(inspectVietQR(payload.slice(0, 30))).toMatchObject({ ok: false, problem: { field: 'field 38' } })
    // A well-formed code (correct checksum) for a BIN that is not a VietQR bank.
    const foreign = buildStaticVietQR('970405', '1234').replace('970405', '999999')
    const fixed = `${foreign.slice(0, -4)}${QRPay.genCRCCode(foreign.slice(0, -4))}`
    expect(inspectVietQR(fixed)).toMatchObject({
      ok: false,
      problem: { field: 'field 38.01.00 (bank)', message: '999999 is not a bank that takes part in VietQR' },
    })
  })

  it('the public checker answers in HTML and JSON without sign-in', async () => {
    const c = new Client(env.app)
    const payload = buildStaticVietQR('970436', '0011004455667')
    const page = await c.request('/market/check', { form: { payload } })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Vietcombank')
    const bad = await c.request('/api/vietqr/check', { json: { payload: payload.replace('0011', '0012') } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).message).toMatch(/^field 63 \(checksum\): is [0-9A-F]{4} but the content gives/)
  })
})

describe('the bank list', () => {
  it('has one entry per BIN, under its current name', () => {
    const bins = BANKS.map((b) => b.bin)
    expect(new Set(bins).size).toBe(bins.length)
    expect(bankByBin('970449')?.shortName).toBe('LPBank')
    expect(bankByBin('970414')?.shortName).toBe('MBV')
    expect(BANKS.some((b) => /LienVietPostBank|Ocean Bank/.test(b.shortName))).toBe(false)
  })
})

describe('traders and the stall poster', () => {
  it('registers a trader and prints a poster whose QR pays the right bank and account', async () => {
    const c = await ambassador()
    const res = await c.request('/market/traders', { json: trader })
    expect(res.status).toBe(201)
    const { id } = await res.json()
    const poster = await c.request(`/market/traders/${id}/poster`)
    const html = await poster.text()
    // A doctype: in quirks mode the browser would lay the A5 page out differently.
    expect(html.startsWith('<!doctype html><html lang="vi">')).toBe(true)
    expect(html).toContain('Quét mã để thanh toán')
    expect(html).toContain('Lò Thị Xuân')
    expect(html).toContain('@page{size:A5')
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)![0]
    const decoded = decodeQrSvg(svg)
    expect(decoded).toBe(buildStaticVietQR('970405', '8888123456789'))
    expect(inspectVietQR(decoded!)).toMatchObject({
      ok: true,
      info: { bank: { bin: '970405', shortName: 'Agribank' }, accountNumber: '8888123456789' },
    })
  })

  it('gives the poster as one picture to share (SVG, A5) and a page with print and save buttons', async () => {
    const c = await ambassador()
    const { id } = await (
      await c.request('/market/traders', { json: { ...trader, name: 'Lò Thị Đào' } })
    ).json()
    const page = await (await c.request(`/market/traders/${id}/poster`)).text()
    // The buttons a script brings to life are hidden until it does; the SVG link works without it.
    expect(page).toMatch(/<button type="button" data-poster-print="true" hidden="">In áp phích<\/button>/)
    expect(page).toContain('data-file="vietqr-lo-thi-dao.png" hidden="">Lưu ảnh (PNG) để gửi Zalo</button>')
    expect(page).toContain(
      `href="/market/traders/${id}/poster.svg" download="vietqr-lo-thi-dao.svg">Tải tệp SVG</a>`,
    )
    expect(page).toContain('@media print{body>:not(.poster){display:none!important}')
    const res = await c.request(`/market/traders/${id}/poster.svg`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="vietqr-lo-thi-dao.svg"')
    const svg = await res.text()
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1480" height="2100" viewBox="0 0 1480 2100"/,
    )
    for (const words of ['Lò Thị Đào', 'Quét mã để thanh toán', 'Agribank', 'Số tài khoản', '8888123456789'])
      expect(svg).toContain(words)
    const code = /<svg x=[\s\S]*?<\/svg>/.exec(svg)![0]
    expect(decodeQrSvg(code)).toBe(buildStaticVietQR('970405', '8888123456789'))
    // Without a bank account there is no poster, said in Vietnamese.
    const { id: bare } = await (
      await c.request('/market/traders', {
        json: { ...trader, name: 'Chưa Có TK', bank_bin: undefined, bank_account: undefined },
      })
    ).json()
    const none = await c.request(`/market/traders/${bare}/poster.svg`)
    expect(none.status).toBe(400)
    expect(await none.text()).toContain('Tiểu thương chưa có tài khoản ngân hàng')
  })

  it('refuses bad input naming the field, and writes nothing', async () => {
    const c = await ambassador()
    const before = await env.ctx.db
      .selectFrom('traders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const res = await c.request('/market/traders', {
      json: { ...trader, bank_bin: '123456', bank_account: '12 34', products: 'Chè\u0000 Tủa' },
    })
    expect(res.status).toBe(400)
    const msg = (await res.json()).error.message
    expect(msg).toContain('bank_bin: must be a bank that takes part in VietQR')
    expect(msg).toContain('bank_account: must be 4 to 19 letters or digits, without spaces')
    expect(msg).toContain('products: must not contain control characters (such as NUL)')
    const after = await env.ctx.db
      .selectFrom('traders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('keeps an ambassador to their own village', async () => {
    const c = await ambassador()
    const res = await c.request('/market/traders', { json: { ...trader, place_code: '3166-002' } })
    expect(res.status).toBe(403)
  })

  it('ticks checklist steps as facts, once, and the course step when the trader completes the course', async () => {
    const c = await ambassador()
    const { id } = await (
      await c.request('/market/traders', {
        json: { ...trader, name: 'Quàng Văn Tòng', bank_bin: undefined, bank_account: undefined },
      })
    ).json()
    const fact = {
      id: uuidv7(),
      kind: 'trader_step',
      occurred_at: new Date().toISOString(),
      data: { trader_id: id, step: 'payment_account', done: true },
    }
    for (let i = 0; i < 2; i++)
      expect((await (await c.request('/api/facts', { json: { facts: [fact] } })).json()).stored).toEqual([
        fact.id,
      ])
    const form = await c.request(`/market/traders/${id}/steps`, {
      form: { trader_id: id, step: 'listed_online', done: 'true' },
    })
    expect(form.status).toBe(303)
    const learner = await env.ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'learner')
      .executeTakeFirstOrThrow()
    await env.ctx.db.updateTable('traders').set({ account_id: learner.id }).where('id', '=', id).execute()
    await inTransaction(env.ctx, (tx) =>
      emit(tx, 'course.completed', {
        accountId: learner.id,
        courseSlug: 'selling-online',
        lang: 'vi',
        completedAt: new Date().toISOString(),
        factId: uuidv7(),
      }),
    )
    const json = await (
      await c.request(`/market/traders/${id}`, { headers: { accept: 'application/json' } })
    ).json()
    expect(json.steps).toEqual({
      payment_account: true,
      vietqr_at_stall: false,
      received_transfer: false,
      listed_online: true,
      course_completed: true,
    })
    const facts = await env.ctx.db
      .selectFrom('facts')
      .select('id')
      .where('kind', '=', 'trader_step')
      .where('data', 'like', `%${id}%`)
      .execute()
    expect(facts).toHaveLength(3)
    // The dashboards count the course step at once, not at the next rollup rebuild.
    const stall = await env.ctx.db
      .selectFrom('traders')
      .select('place_code')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const step = async (indicator: string) =>
      Number(
        (
          await env.ctx.db
            .selectFrom('campaign_rollups')
            .select('value')
            .where('indicator', '=', indicator)
            .where('place_code', '=', stall.place_code)
            .where('period', '=', 'all')
            .executeTakeFirst()
        )?.value ?? 0,
      )
    expect(await step('trader_step.course_completed')).toBe(1)
    expect(await step('trader_step.listed_online')).toBe(1)
  })

  it('takes a tick the phone queued as text ("true"), and a bank account ticks the first two steps', async () => {
    const c = await ambassador()
    const { id } = await (
      await c.request('/market/traders', {
        json: { ...trader, name: 'Lường Thị Ơn', bank_bin: undefined, bank_account: undefined },
      })
    ).json()
    const steps = async () =>
      (await (await c.request(`/market/traders/${id}`, { headers: { accept: 'application/json' } })).json())
        .steps
    expect(await steps()).toMatchObject({ payment_account: false, vietqr_at_stall: false })
    // What "Đánh dấu đã xong" queued on a phone before this fix: every form field is text.
    const queued = {
      id: uuidv7(),
      kind: 'trader_step',
      occurred_at: new Date().toISOString(),
      data: { trader_id: id, step: 'received_transfer', done: 'true' },
    }
    const sent = await (await c.request('/api/facts', { json: { facts: [queued] } })).json()
    expect(sent).toMatchObject({ stored: [queued.id], rejected: [] })
    const bad = await (
      await c.request('/api/facts', {
        json: { facts: [{ ...queued, id: uuidv7(), data: { ...queued.data, done: 'yes' } }] },
      })
    ).json()
    expect(bad.rejected[0].message).toContain('data.done')
    const res = await c.request(`/market/traders/${id}/bank`, {
      form: { bank_bin: '970449', bank_account: '0123456789' },
    })
    expect(res.status).toBe(303)
    expect(await steps()).toEqual({
      payment_account: true,
      vietqr_at_stall: true,
      received_transfer: true,
      listed_online: false,
      course_completed: false,
    })
    // Stored as a boolean, so the dashboards count it.
    const row = await env.ctx.db
      .selectFrom('facts')
      .select('data')
      .where('id', '=', queued.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(row.data).done).toBe(true)
    // A trader registered with an account has the two steps at once; the page shows them ticked.
    const { id: withBank } = await (
      await c.request('/market/traders', { json: { ...trader, name: 'Cà Văn Dũng' } })
    ).json()
    const page = await (await c.request(`/market/traders/${withBank}`)).text()
    expect(page.match(/<b>✓ <\/b>/g)).toHaveLength(2)
  })
})

describe('data written wrongly (issue 14)', () => {
  it('answers 409 to a trader id that already exists, by JSON and by form, and changes nothing', async () => {
    const c = await ambassador()
    const id = uuidv7()
    const made = await c.request('/market/traders', { json: { ...trader, id, name: 'Lò Thị Gốc' } })
    expect(made.status).toBe(201)
    const count = async () =>
      Number(
        (
          await env.ctx.db
            .selectFrom('traders')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const again = await c.request('/market/traders', { json: { ...trader, id, name: 'Lò Thị Đè' } })
    expect(again.status).toBe(409)
    const e = (await again.json()).error
    expect(e.message).toBe(`id: ${id} already exists; nothing was changed`)
    expect(e.text).toBe(`id: ${id} đã tồn tại; không có gì bị thay đổi.`)
    const form = await c.request('/market/traders', { form: { ...trader, id, name: 'Lò Thị Đè' } })
    expect(form.status).toBe(409)
    expect(await form.text()).toContain(`id: ${id} đã tồn tại; không có gì bị thay đổi.`)
    expect(await count()).toBe(before)
    const row = await env.ctx.db.selectFrom('traders').select('name').where('id', '=', id).executeTakeFirst()
    expect(row?.name).toBe('Lò Thị Gốc')
  })
})
