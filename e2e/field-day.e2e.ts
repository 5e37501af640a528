import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, openNav, pageErrors, phoneContext, screenshot } from './support/browser.ts'
import { trainingToday } from './support/events.ts'
import { Day, inView } from './support/field.ts'
import { type Server, startServer } from './support/server.ts'

/**
 * A day in the field on a 360 × 740 phone: each role signs in and does its daily task, the taps
 * are counted (written to the console for the closing note of issue 15), and every page on the way
 * is checked for a page or control wider than the phone and a visible button that does nothing.
 */
let server: Server
let browser: Browser
const contexts: BrowserContext[] = []
const taps: Record<string, number> = {}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  const errors = contexts.flatMap((c) => pageErrors(c))
  console.log(`taps per daily task: ${JSON.stringify(taps)}`)
  await browser?.close()
  await server?.stop()
  expect(errors, 'uncaught errors in the pages').toEqual([])
})

async function phone(): Promise<{ page: Page; day: Day }> {
  const context = await phoneContext(browser, server.url)
  contexts.push(context)
  const page = await context.newPage()
  return { page, day: new Day(page) }
}

const OFFICIAL = { name: 'Lò Văn Pó', phone: '0977111222' }

describe('a day in the field at 360 × 740', () => {
  it('learner: signs in and opens the first lesson of a course', async () => {
    const { page, day } = await phone()
    expect(await day.signIn('learner')).toBe('/courses')
    await day.tapTo('main a[href^="/courses/"]', /^\/courses\/[^/]+$/)
    await day.tapTo('main a.button[href^="/courses/"]', /^\/courses\/[^/]+\/[^/]+$/)
    expect(await page.locator('main h1').textContent()).toBeTruthy()
    taps.learner = day.taps
    expect(day.problems).toEqual([])
  })

  it('ambassador: lands on the help log and logs a help, and sees it saved and waiting, on screen', async () => {
    const { page, day } = await phone()
    expect(await day.signIn('ambassador')).toBe('/help')
    // The save button is on the first screen, over the form.
    expect(await inView(page, 'form.help-form button.big')).toBe(true)
    await day.tap('form.help-form fieldset.tiles label.tile')
    // Saving without the person's sex and age band is stopped on the phone, not refused later.
    await page.click('form.help-form button.big')
    expect(
      await page
        .locator('form.help-form input[name=sex]')
        .first()
        .evaluate((e) => (e as HTMLInputElement).validity.valueMissing),
    ).toBe(true)
    await day.tap('form.help-form label.tile:has(input[name=sex])')
    await day.tap('form.help-form label.tile:has(input[name=age_band])')
    await day.tap('form.help-form button.big')
    await expect.poll(() => inView(page, '[data-outbox-flash]')).toBe(true)
    expect(await page.locator('[data-outbox-flash]').textContent()).toMatch(/\S/)
    expect(await inView(page, '#help-mine li')).toBe(true)
    await day.check()
    const outbox = () =>
      page.evaluate(() =>
        (self as never as { hocso: { outbox: { counts(): unknown } } }).hocso.outbox.counts(),
      )
    await expect
      .poll(async () => ((await outbox()) as { pending: number }).pending, { timeout: 15_000 })
      .toBe(0)
    const refused = await page.evaluate(async () =>
      (
        await (
          self as never as {
            hocso: { outbox: { list(): Promise<{ state: string; rejection?: unknown }[]> } }
          }
        ).hocso.outbox.list()
      )
        .filter((e) => e.state === 'rejected')
        .map((e) => e.rejection),
    )
    expect(refused).toEqual([])
    expect(server.query("select count(*) as n from facts where kind = 'help_given'")[0]!.n).toBeGreaterThan(0)
    await screenshot(page, 'field-ambassador-help-saved')
    taps.ambassador = day.taps
    expect(day.problems).toEqual([])
  })

  it('trader via the ambassador: registers the trader, enters the bank account, ticks a step from the phone', async () => {
    const { page, day } = await phone()
    await day.signIn('ambassador')
    await day.tapTo('nav.menu a[href="/market"]', '/market')
    await day.type('form[action="/market/traders"] input[name=name]', 'Lò Thị Xuân')
    await day.type('form[action="/market/traders"] input[name=market]', 'Chợ Mường Chà')
    await day.type('form[action="/market/traders"] input[name=products]', 'Măng khô, mật ong')
    await day.tapTo('form[action="/market/traders"] button[type=submit]', /^\/market\/traders\/[0-9a-f-]+$/)
    const traderId = new URL(page.url()).pathname.split('/').pop()!
    day.taps++
    await page.selectOption('select[name=bank_bin]', '970405')
    await day.type('input[name=bank_account]', '8888123456789')
    await day.tapTo(
      `form[action="/market/traders/${traderId}/bank"] button[type=submit]`,
      `/market/traders/${traderId}`,
    )
    // The bank account ticked the first two steps.
    expect(await page.locator('ul.plain li.card b').allTextContents()).toEqual(['✓ ', '✓ ', '○ ', '○ ', '○ '])
    // "Đánh dấu đã xong" on the third step, through the phone's outbox.
    const mark = page.locator('form[data-outbox-kind="trader_step"]').nth(2).locator('button')
    expect(await mark.textContent()).toContain('Đánh dấu đã xong')
    day.taps++
    await mark.click()
    await expect
      .poll(() => page.locator('ul.plain li.card b').allTextContents(), { timeout: 15_000 })
      .toEqual(['✓ ', '✓ ', '✓ ', '○ ', '○ '])
    await day.check()
    const counts = await page.evaluate(() =>
      (self as never as { hocso: { outbox: { counts(): unknown } } }).hocso.outbox.counts(),
    )
    expect(counts).toEqual({ pending: 0, rejected: 0 })
    const steps = server.query<{ step: string; done: number }>(
      'select step, done from trader_steps where trader_id = ? order by step',
      traderId,
    )
    expect(steps).toEqual([
      { step: 'payment_account', done: 1 },
      { step: 'received_transfer', done: 1 },
      { step: 'vietqr_at_stall', done: 1 },
    ])
    taps.trader = day.taps
    expect(day.problems).toEqual([])
  })

  it('organiser: lands on today’s training and checks in an official who then has a certificate', async () => {
    // An official who signed up with their phone, and a training today with them on its list.
    const { page: official } = await phone()
    await official.goto('/signup')
    await official.fill('input[name=display_name]', OFFICIAL.name)
    await official.fill('input[name=phone]', OFFICIAL.phone)
    await official.fill('input[name=password]', 'mat-khau-123')
    await official.check('input[name=consent]')
    await Promise.all([
      official.waitForURL((u) => !u.pathname.startsWith('/signup')),
      official.click('main form button[type=submit]'),
    ])

    const { page, day } = await phone()
    expect(await day.signIn('trainer')).toBe('/events/today')
    const {
      id,
      registrations: [reg],
    } = await trainingToday(page, server, {
      people: [{ ...OFFICIAL, organisation: 'UBND xã Mường Chà' }],
    })

    // The day starts: sign in again, straight to the door of today's training.
    await page.goto('/')
    day.taps = 0
    await page.click('form[action="/logout"] button')
    expect(await day.signIn('trainer')).toBe(`/events/${id}/checkin`)
    await day.type('#checkin-form input[name=code]', reg!.code)
    day.taps++
    await page.click('#checkin-form button[type=submit]')
    await expect
      .poll(() => page.locator('#checkin-result').textContent(), { timeout: 15_000 })
      .toBe(`✓ ${OFFICIAL.name} (${reg!.code}) đã có mặt.`)
    await day.check()
    await expect
      .poll(
        () =>
          server.query(
            'select c.id from certificates c join accounts a on a.id = c.account_id where a.phone = ? and c.subject_ref = ?',
            OFFICIAL.phone,
            id,
          ).length,
      )
      .toBe(1)
    await screenshot(page, 'field-organiser-checkin')
    taps.organiser = day.taps
    expect(day.problems).toEqual([])
  })

  it('commune officer: from the commune’s progress to the door, checks in two officials and sees the count', async () => {
    const { page, day } = await phone()
    // The officer's progress is their commune's page of the dashboard.
    expect(await day.signIn('officer')).toBe('/dashboard/communes/3166')
    expect(await page.locator('main h1').textContent()).toBeTruthy()
    // The commune's meeting with two officials on its list (made ahead, as the import page does).
    const { id, registrations: regs } = await trainingToday(page, server, {
      title: 'Họp triển khai chuyển đổi số (hôm nay)',
      capacity: 20,
      trainer: 'Cán bộ xã (demo)',
      people: [
        { name: 'Quàng Văn Một', phone: '0977222001', organisation: 'UBND xã' },
        { name: 'Lò Thị Hai', phone: '0977222002', organisation: 'UBND xã' },
      ],
    })
    // The door: "Điểm danh hôm nay" in the menu, then this meeting if the day has more than one.
    day.taps += await openNav(page, '/events/today')
    if (new URL(page.url()).pathname === '/events/today')
      await day.tapTo(`main a.button[href="/events/${id}/checkin"]`, `/events/${id}/checkin`)
    expect(new URL(page.url()).pathname).toBe(`/events/${id}/checkin`)
    await day.check()
    const count = page.locator('[data-checkin-count]')
    expect(await count.textContent()).toBe('0/2 người đã có mặt')
    for (const [i, r] of regs.entries()) {
      await day.type('#checkin-form input[name=code]', r.code)
      day.taps++
      await page.click('#checkin-form button[type=submit]')
      await expect
        .poll(() => page.locator('#checkin-result').textContent(), { timeout: 15_000 })
        .toBe(`✓ ${r.name} (${r.code}) đã có mặt.`)
      expect(await count.textContent()).toBe(`${i + 1}/2 người đã có mặt`)
      expect(await inView(page, '#checkin-result')).toBe(true)
      expect(await inView(page, '[data-checkin-count]')).toBe(true)
    }
    await day.check()
    await expect
      .poll(() => server.query('select registration_id from event_attendance where event_id = ?', id).length)
      .toBe(2)
    // Counted by the server too: the page, opened again, says the same.
    await page.reload()
    expect(await count.textContent()).toBe('2/2 người đã có mặt')
    await screenshot(page, 'field-officer-door')
    taps.officer = day.taps
    expect(day.problems).toEqual([])
  })

  it('province admin: grants a role in a commune, and the commune’s dashboard moves with the new ambassador’s work', async () => {
    const { page, day } = await phone()
    expect(await day.signIn('admin')).toBe('/dashboard')
    expect(await page.locator('main h1').textContent()).toBeTruthy()
    // Someone of Mường Chà signed up on their own phone.
    const { page: newcomer } = await phone()
    await newcomer.goto('/signup')
    await newcomer.fill('input[name=display_name]', 'Vì Văn Mới')
    await newcomer.fill('input[name=phone]', '0977555666')
    await newcomer.fill('input[name=password]', 'mat-khau-moi-456')
    await newcomer.check('input[name=consent]')
    await Promise.all([
      newcomer.waitForURL((u) => !u.pathname.startsWith('/signup')),
      newcomer.click('main form button[type=submit]'),
    ])
    const [account] = server.query<{ id: string }>("select id from accounts where phone = '0977555666'")
    const [village] = server.query<{ code: string; name: string }>(
      "select code, name from places where kind = 'village' and parent_code = '3166' order by code limit 1",
    )
    const helped = () =>
      page
        .locator('.stat', { has: page.locator('span', { hasText: /^Lượt hỗ trợ người dân$/ }) })
        .locator('b')
        .textContent()
    await page.goto('/dashboard/communes/3166')
    const before = await helped()

    // The grant: people, the person, the role, the commune, the village found by its name typed
    // without diacritics, then "continue", and the grant said in one sentence before it is written.
    await page.goto('/dashboard')
    day.taps += await openNav(page, '/admin/people')
    await day.check()
    const form = 'form.grant-form'
    day.taps++
    await page.selectOption(`${form} select[name=account_id]`, account!.id)
    day.taps++
    await page.selectOption(`${form} select[name=role]`, 'ambassador')
    day.taps++
    await page.selectOption(`${form} select[name=commune]`, '3166')
    await day.type(`${form} input[name=q]`, 'ban mau 1')
    await day.tapTo(`${form} button[formaction]`, /^\/admin\/people\?/)
    // The choices survive the search; the village list is the commune's villages named so.
    expect(await page.locator(`${form} select[name=account_id]`).inputValue()).toBe(account!.id)
    expect(await page.locator(`${form} select[name=role]`).inputValue()).toBe('ambassador')
    const villages = await page.locator(`${form} select[name=scope_code] option`).allTextContents()
    expect(villages).toContain(`${village!.name} (Xã Mường Chà)`)
    day.taps++
    await page.selectOption(`${form} select[name=scope_code]`, village!.code)
    await day.tapTo(`${form} > button[type=submit]:not([formaction])`, '/admin/roles/confirm')
    const question = page.locator('[data-grant-question]')
    expect(await question.textContent()).toBe(
      `Giao cho Vì Văn Mới vai trò Đại sứ số tại ${village!.name} (Xã Mường Chà)?`,
    )
    expect(await inView(page, '.confirm-grant button[type=submit]')).toBe(true)
    // Nothing is written before the confirmation.
    expect(
      server.query(
        'select id from role_assignments where account_id = ? and role = ?',
        account!.id,
        'ambassador',
      ),
    ).toEqual([])
    await screenshot(page, 'field-admin-grant-confirm')
    await day.tapTo('.confirm-grant button[type=submit]', /^\/admin\/people\?granted=/)
    expect(await page.locator('[data-grant-done]').textContent()).toBe(
      `Đã giao cho Vì Văn Mới vai trò Đại sứ số tại ${village!.name} (Xã Mường Chà).`,
    )
    expect(
      server.query(
        'select role, scope_code from role_assignments where account_id = ? and revoked_at is null',
        account!.id,
      ),
    ).toContainEqual({ role: 'ambassador', scope_code: village!.code })
    taps.admin = day.taps

    // The new ambassador's first help, logged from their phone.
    await newcomer.goto('/')
    await newcomer.click('form[action="/logout"] button')
    const amb = new Day(newcomer)
    expect(await amb.signIn('0977555666', 'mat-khau-moi-456')).toBe('/help')
    await amb.tap('form.help-form fieldset.tiles label.tile')
    await amb.tap('form.help-form label.tile:has(input[name=sex])')
    await amb.tap('form.help-form label.tile:has(input[name=age_band])')
    await amb.tap('form.help-form button.big')
    await expect
      .poll(
        () =>
          newcomer.evaluate(() =>
            (self as never as { hocso: { outbox: { counts(): Promise<{ pending: number }> } } }).hocso.outbox
              .counts()
              .then((c) => c.pending),
          ),
        { timeout: 15_000 },
      )
      .toBe(0)

    // The commune's figure moved by one.
    const parse = (s: string | null) => Number((s ?? '0').replace(/\D/g, '') || 0)
    await expect
      .poll(async () => {
        await page.goto('/dashboard/communes/3166')
        return parse(await helped())
      })
      .toBe(parse(before) + 1)
    await day.check()
    await screenshot(page, 'field-admin-dashboard-moved')
    expect(day.problems).toEqual([])
    expect(amb.problems).toEqual([])
  })

  it('verifier: opens a certificate’s QR link and tells valid from not authentic by sign and heading', async () => {
    const [cert] = server.query<{ id: string; credential: string }>(
      'select c.id, c.credential from certificates c join accounts a on a.id = c.account_id where a.phone = ?',
      OFFICIAL.phone,
    )
    expect(cert, 'the organiser’s test issues the certificate checked here').toBeTruthy()
    const { page, day } = await phone()
    // The phone's camera app opens the link the QR code carries: no tap in hocso.
    await page.goto(`/verify?id=${cert!.id}`)
    await day.check()
    expect(await page.locator('.verdict.valid .verdict-icon').textContent()).toBe('✓')
    expect(await page.locator('.verdict.valid h2').textContent()).toContain('Hợp lệ')
    taps.verifier = day.taps
    // A forged copy pasted in the form: another sign, another heading.
    const forged = cert!.credential.replace(OFFICIAL.name, 'Người khác')
    await page.goto('/verify')
    await day.type('textarea[name=credential]', forged)
    await day.tapTo('form[action="/verify"] button[type=submit]', '/verify')
    expect(await page.locator('.verdict.not_authentic .verdict-icon').textContent()).toBe('✗')
    expect(await page.locator('.verdict.not_authentic h2').textContent()).not.toContain('Hợp lệ')
    await screenshot(page, 'field-verifier-forged')
    expect(day.problems).toEqual([])
  })

  it('nobody sees a camera button on a phone without a camera', async () => {
    const { page, day } = await phone()
    await page.goto('/market/check')
    await page.waitForLoadState('load')
    expect(await page.locator('#scan-qr').isVisible()).toBe(false)
    await day.check()
    expect(day.problems).toEqual([])
  })
})
