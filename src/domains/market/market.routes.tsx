import type { Context } from 'hono'
import { Hono } from 'hono'
import { raw } from 'hono/html'
import { z } from 'zod'
import { AppError } from '../../core/errors.ts'
import { formatNumber, t } from '../../core/i18n.ts'
import { qrSvg } from '../../core/qr.ts'
import { assetUrl } from '../../web/assets.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, DOCTYPE, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { recordFact } from '../facts/facts.service.ts'
import { listVillages } from '../places/places.service.ts'
import { checkSchema, STEPS, traderSchema } from './market.schemas.ts'
import * as market from './market.service.ts'
import { posterFileName, posterSvg } from './poster.ts'
import { BANKS, bankByBin, inspectVietQR } from './vietqr.ts'

const routes = new Hono<AppEnv>()
const isJson = (c: Context<AppEnv>) => (c.req.header('content-type') ?? '').startsWith('application/json')

function requireUser(c: Context<AppEnv>) {
  if (!c.get('user')) throw new AppError('unauthenticated', 'sign in to continue')
  return c.get('user')
}

routes.get('/market', async (c) => {
  const l = c.get('locale')
  if (!c.get('user')) return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
  const { scope, traders } = await market.listTraders(c.get('ctx'), c.get('user'), c.req.query('scope'))
  const villages =
    scope.kind === 'village'
      ? [{ code: scope.code, name: scope.name }]
      : scope.kind === 'province'
        ? []
        : await listVillages(c.get('ctx').db, scope.code)
  const done = traders.filter((x) => x.onboarded).length
  return c.html(
    <Layout c={c} title={t(l, 'market.title')}>
      <h1>{t(l, 'market.title')}</h1>
      <p class="muted">
        {scope.name} · {t(l, 'market.onboarded', { done, total: traders.length })} ·{' '}
        <a href="/market/check">{t(l, 'market.check.title')}</a>
      </p>
      {traders.length ? (
        <ul class="plain">
          {traders.map((x) => (
            <li class="card">
              <a href={`/market/traders/${x.id}`}>
                <b>{x.name}</b>
              </a>{' '}
              <span class={`badge ${x.onboarded ? 'good' : 'warn'}`}>
                {STEPS.filter((s) => x.steps[s]).length}/{STEPS.length}
              </span>
              <div class="muted small">
                {x.market} · {x.products} · {x.place_name}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(l, 'market.none')}</p>
      )}
      {scope.kind !== 'province' ? (
        <>
          <h2>{t(l, 'market.add')}</h2>
          <form method="post" action="/market/traders" class="stack">
            <CsrfField c={c} />
            <label>
              {t(l, 'market.name')}
              <input name="name" required maxlength={80} autocomplete="off" />
            </label>
            <label>
              {t(l, 'market.place')}
              <select name="place_code">
                {scope.kind === 'village' ? null : <option value={scope.code}>{scope.name}</option>}
                {villages.map((v) => (
                  <option value={v.code}>{v.name}</option>
                ))}
              </select>
            </label>
            <label>
              {t(l, 'market.market')}
              <input name="market" required maxlength={80} />
            </label>
            <label>
              {t(l, 'market.products')}
              <input name="products" required maxlength={200} />
            </label>
            <label>
              {t(l, 'market.phone')}
              <input name="phone" type="tel" inputmode="tel" />
            </label>
            <BankFields l={l} />
            <button type="submit">{t(l, 'market.save')}</button>
          </form>
        </>
      ) : null}
    </Layout>,
  )
})

function BankFields({
  l,
  bin,
  account,
}: {
  l: AppEnv['Variables']['locale']
  bin?: string | null
  account?: string | null
}) {
  return (
    <>
      <label>
        {t(l, 'market.bank')}
        <select name="bank_bin">
          <option value="">{t(l, 'market.bank.none')}</option>
          {BANKS.map((b) => (
            <option value={b.bin} selected={b.bin === bin}>{`${b.shortName} (${b.bin})`}</option>
          ))}
        </select>
      </label>
      <label>
        {t(l, 'market.account')}
        <input
          name="bank_account"
          value={account ?? ''}
          inputmode="numeric"
          autocomplete="off"
          maxlength={19}
        />
      </label>
    </>
  )
}

routes.post('/market/traders', async (c) => {
  const input = await readBody(c, traderSchema)
  const id = await market.createTrader(c.get('ctx'), requireUser(c), input)
  if (isJson(c)) return c.json({ id }, 201)
  return c.redirect(`/market/traders/${id}`, 303)
})

routes.get('/market/traders/:id', async (c) => {
  const l = c.get('locale')
  const tr = await market.getTrader(c.get('ctx'), requireUser(c), c.req.param('id'))
  const bank = tr.bank_bin ? bankByBin(tr.bank_bin) : undefined
  const svg = tr.payload
    ? await qrSvg(tr.payload, { title: `VietQR ${bank?.shortName ?? ''} ${tr.bank_account}` })
    : null
  if (c.req.header('accept')?.includes('application/json')) return c.json(tr)
  return c.html(
    <Layout c={c} title={tr.name}>
      <p class="crumbs">
        <a href="/market">{t(l, 'nav.market')}</a> › {tr.placeName}
      </p>
      <h1>{tr.name}</h1>
      <p class="muted">
        {tr.market} · {tr.products}
        {tr.phone ? ` · ${tr.phone}` : ''}
      </p>
      <h2>{t(l, 'market.steps')}</h2>
      <ul class="plain">
        {STEPS.map((s) => (
          <li class="card">
            <form
              method="post"
              action={`/market/traders/${tr.id}/steps`}
              data-outbox-kind="trader_step"
              data-outbox-next={`/market/traders/${tr.id}`}
            >
              <CsrfField c={c} />
              <input type="hidden" name="trader_id" value={tr.id} />
              <input type="hidden" name="step" value={s} />
              <input type="hidden" name="done" value={tr.steps[s] ? 'false' : 'true'} data-outbox-json />
              <b>{tr.steps[s] ? '✓ ' : '○ '}</b>
              {t(l, `market.step.${s}`)}{' '}
              {tr.steps[s] ? <span class="badge good">{t(l, 'market.step.done')}</span> : null}
              <div class="actions" style="margin:.5rem 0 0">
                <button type="submit" class={tr.steps[s] ? 'secondary' : undefined}>
                  {t(l, tr.steps[s] ? 'market.step.unmark' : 'market.step.mark')}
                </button>
              </div>
              {s === 'course_completed' && tr.account_id ? (
                <p class="muted small">{t(l, 'market.step.auto')}</p>
              ) : null}
            </form>
          </li>
        ))}
      </ul>
      <h2>{t(l, 'market.qr')}</h2>
      {svg ? (
        <div class="card">
          <div style="max-width:16rem">{raw(svg)}</div>
          <p>
            {bank?.shortName} · {tr.bank_account}
          </p>
          <p>
            <a class="button" href={`/market/traders/${tr.id}/poster`}>
              {t(l, 'market.poster')}
            </a>
          </p>
        </div>
      ) : (
        <p class="notice">{t(l, 'market.qr.missing')}</p>
      )}
      <form method="post" action={`/market/traders/${tr.id}/bank`} class="stack">
        <CsrfField c={c} />
        <BankFields l={l} bin={tr.bank_bin} account={tr.bank_account} />
        <button type="submit" class="secondary">
          {t(l, 'market.save')}
        </button>
      </form>
    </Layout>,
  )
})

const stepFormSchema = z
  .object({
    trader_id: z.string().uuid(),
    step: z.enum(STEPS),
    done: z.enum(['true', 'false']).or(z.boolean()),
  })
  .strict()

routes.post('/market/traders/:id/steps', async (c) => {
  const input = await readBody(c, stepFormSchema)
  if (input.trader_id !== c.req.param('id'))
    throw new AppError('validation', 'trader_id: does not match the page')
  await recordFact(c.get('ctx'), requireUser(c), 'trader_step', {
    trader_id: input.trader_id,
    step: input.step,
    done: input.done === true || input.done === 'true',
  })
  if (isJson(c)) return c.json({ ok: true }, 201)
  return c.redirect(`/market/traders/${input.trader_id}`, 303)
})

const bankSchema = z.object({ bank_bin: z.string().trim(), bank_account: z.string().trim() }).strict()

routes.post('/market/traders/:id/bank', async (c) => {
  const input = await readBody(c, bankSchema.partial())
  await market.setBankAccount(
    c.get('ctx'),
    requireUser(c),
    c.req.param('id'),
    input.bank_bin ?? '',
    input.bank_account ?? '',
  )
  if (isJson(c)) return c.json({ ok: true })
  return c.redirect(`/market/traders/${c.req.param('id')}`, 303)
})

const noBank = () =>
  new AppError('validation', 'bank_account: the trader has no bank account yet', {
    issues: [{ field: 'bank_account', message: 'the trader has no bank account yet' }],
    key: 'market.poster.no_bank',
  })

/** The A5 stall poster: name, bank, account, the QR and "Quét mã để thanh toán" in large type. */
routes.get('/market/traders/:id/poster', async (c) => {
  const l = c.get('locale')
  const tr = await market.getTrader(c.get('ctx'), requireUser(c), c.req.param('id'))
  if (!tr.payload) throw noBank()
  const bank = bankByBin(tr.bank_bin!)!
  const svg = await qrSvg(tr.payload, { title: `VietQR ${bank.shortName} ${tr.bank_account}` })
  const file = posterFileName(tr.name)
  return c.html(
    <>
      {DOCTYPE}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`VietQR · ${tr.name}`}</title>
          <style>
            {raw(
              // One A5 sheet: 128 × 190 mm inside the margins; the poster is kept whole on it.
              '@page{size:A5 portrait;margin:10mm}body{font-family:system-ui,"Noto Sans",Arial,sans-serif;margin:0;color:#000;text-align:center}' +
                '.poster{max-width:128mm;margin:0 auto;padding:6mm 0;break-inside:avoid;page-break-inside:avoid}h1{font-size:26pt;margin:0 0 2mm;overflow-wrap:anywhere}.scan{font-size:22pt;font-weight:700;margin:4mm 0}' +
                '.qr{width:92mm;max-width:100%;margin:0 auto}.qr svg{width:100%;height:auto;display:block}.bank{font-size:15pt;margin:2mm 0}.acct{font-size:20pt;font-weight:700;letter-spacing:.06em;overflow-wrap:anywhere}' +
                '.print{margin:4mm 0;display:flex;flex-wrap:wrap;gap:8px;justify-content:center;padding:0 8px}' +
                '.print button,.print a.btn{font:inherit;font-size:16px;font-weight:600;min-height:48px;padding:8px 16px;border-radius:8px;border:2px solid #0b6e4f;background:#0b6e4f;color:#fff;text-decoration:none;display:inline-flex;align-items:center;cursor:pointer}' +
                '.print a.btn.secondary{background:#fff;color:#0b6e4f}.print p{flex-basis:100%;margin:0}' +
                // A button the browser cannot run stays hidden: [hidden] wins over the button style.
                '.print [hidden]{display:none!important}' +
                // On paper: the poster alone, in a box of the sheet's height, so it never runs onto a second sheet.
                '@media print{body>:not(.poster){display:none!important}.poster{padding:0;max-width:none;height:188mm;overflow:hidden;display:flex;flex-direction:column;justify-content:center}}',
            )}
          </style>
        </head>
        <body>
          <div class="poster">
            <h1>{tr.name}</h1>
            <div class="scan">Quét mã để thanh toán</div>
            <div class="qr">{raw(svg)}</div>
            <div class="bank">
              {bank.shortName} · {bank.name}
            </div>
            <div class="bank">{t(l, 'market.poster.account')}</div>
            <div class="acct">{tr.bank_account}</div>
          </div>
          <div class="print" lang={l}>
            <button
              type="button"
              data-poster-share={`/market/traders/${tr.id}/poster.svg`}
              data-file={`${file}.png`}
              data-title={`VietQR · ${tr.name}`}
              hidden
            >
              {t(l, 'market.poster.share')}
            </button>
            <button type="button" data-poster-print hidden>
              {t(l, 'market.poster.print')}
            </button>
            <button
              type="button"
              data-poster-png={`/market/traders/${tr.id}/poster.svg`}
              data-file={`${file}.png`}
              hidden
            >
              {t(l, 'market.poster.png')}
            </button>
            <a class="btn secondary" href={`/market/traders/${tr.id}/poster.svg`} download={`${file}.svg`}>
              {t(l, 'market.poster.svg')}
            </a>
            <p class="small" data-poster-error hidden>
              {t(l, 'market.poster.png_failed')}
            </p>
            <p>
              <a href={`/market/traders/${tr.id}`}>← {tr.name}</a>
            </p>
          </div>
          <script src={assetUrl('poster.js')} defer />
        </body>
      </html>
    </>,
  )
})

/** The poster as one picture (SVG), to keep or share; the poster page turns it into a PNG for Zalo. */
routes.get('/market/traders/:id/poster.svg', async (c) => {
  const tr = await market.getTrader(c.get('ctx'), requireUser(c), c.req.param('id'))
  if (!tr.payload) throw noBank()
  const svg = await posterSvg({
    name: tr.name,
    payload: tr.payload,
    bank: bankByBin(tr.bank_bin!)!,
    account: tr.bank_account!,
  })
  c.header('Content-Type', 'image/svg+xml; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${posterFileName(tr.name)}.svg"`)
  c.header('Cache-Control', 'private, no-store')
  return c.body(svg)
})

function CheckPage({
  c,
  payload,
  result,
}: {
  c: Context<AppEnv>
  payload?: string
  result?: ReturnType<typeof inspectVietQR>
}) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'market.check.title')} scripts={['qr-camera.js', 'vietqr-scan.js']}>
      <h1>{t(l, 'market.check.title')}</h1>
      <p>{t(l, 'market.check.lead')}</p>
      {result?.ok ? (
        <section class="card" role="status">
          <p>
            <b>{t(l, 'market.check.ok')}</b>
          </p>
          <p>
            {result.info.bank.shortName} ({result.info.bank.name}) · {result.info.accountNumber}
          </p>
          <p>
            {t(l, 'market.check.amount')}:{' '}
            {result.info.amount
              ? `${formatNumber(l, Number(result.info.amount))} ₫`
              : t(l, 'market.check.amount.none')}
          </p>
          {result.info.purpose ? (
            <p>
              {t(l, 'market.check.purpose')}: {result.info.purpose}
            </p>
          ) : null}
          <p class="muted small">{t(l, 'market.check.hint')}</p>
        </section>
      ) : result ? (
        <section class="error" role="alert">
          <p>
            <b>{t(l, 'market.check.bad')}</b>: {result.problem.field}: {result.problem.message}
          </p>
        </section>
      ) : null}
      <form method="post" action="/market/check" class="stack">
        <CsrfField c={c} />
        <label>
          {t(l, 'market.check.payload')}
          <textarea name="payload" rows={4} required>
            {payload ?? ''}
          </textarea>
        </label>
        <div class="actions">
          <button type="submit">{t(l, 'market.check.submit')}</button>
          <button
            type="button"
            class="secondary"
            id="scan-qr"
            hidden
            data-qr-scan
            data-qr-video="scan-video"
            data-decoder={assetUrl('vendor/jsqr.js')}
          >
            {t(l, 'market.check.scan')}
          </button>
        </div>
        <video id="scan-video" hidden playsinline muted style="max-width:100%" />
      </form>
    </Layout>
  )
}

routes.get('/market/check', (c) => c.html(<CheckPage c={c} />))

routes.post('/market/check', async (c) => {
  const { payload } = await readBody(c, checkSchema)
  const result = inspectVietQR(payload)
  if (!result.ok) c.status(400)
  return c.html(<CheckPage c={c} payload={payload} result={result} />)
})

/** The checker as JSON: `{ valid, bank, accountNumber, amount, purpose }` or `{ valid: false, field, message }`. */
routes.post('/api/vietqr/check', async (c) => {
  const { payload } = await readBody(c, checkSchema)
  const r = inspectVietQR(payload)
  if (!r.ok)
    return c.json(
      { valid: false, field: r.problem.field, message: `${r.problem.field}: ${r.problem.message}` },
      400,
    )
  return c.json({
    valid: true,
    bank: r.info.bank,
    accountNumber: r.info.accountNumber,
    amount: r.info.amount,
    purpose: r.info.purpose,
    static: r.info.static,
  })
})

export default routes
