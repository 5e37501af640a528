import type { Context } from 'hono'
import { Hono } from 'hono'
import { AppError, notFound } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { wantsJson } from '../../web/errors.tsx'
import { AdminCertificatesPage } from './admin.views.tsx'
import { certificatesConfig } from './certificates.config.ts'
import * as service from './certificates.service.ts'
import * as store from './certificates.store.ts'
import { CertificatePage, MyCertificatesPage, VerifyPage } from './certificates.views.tsx'
import { didWebDocument } from './did-web.ts'
import { issuerProfile } from './issuer.service.ts'
import { IssuerPage } from './issuer.views.tsx'
import { qrSvg } from './qr.ts'
import { signedStatusList } from './status-list.ts'
import {
  CredentialInputError,
  MAX_CREDENTIAL_BYTES,
  parseCredentialText,
  tooLarge,
  type VerifyOutcome,
  verifyById,
  verifyCredential,
} from './verify.service.ts'

const routes = new Hono<AppEnv>()

const toLogin = (c: Context<AppEnv>) => c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)

/** The address printed in the QR code: short, so the code stays easy to scan. */
export function verifyUrlOf(baseUrl: string, certificateId: string): string {
  return `${baseUrl}/verify?id=${certificateId}`
}

routes.get('/my/certificates', async (c) => {
  if (!c.get('user')) return toLogin(c)
  const rows = await service.myCertificates(c.get('ctx'), c.get('user'))
  return c.html(<MyCertificatesPage c={c} rows={rows} />)
})

routes.get('/certificates/:id/credential.json', async (c) => {
  if (!c.get('user')) return toLogin(c)
  const cert = await service.certificateFor(c.get('ctx'), c.get('user'), c.req.param('id'))
  c.header('Content-Type', 'application/json; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="hocso-certificate-${cert.id}.json"`)
  return c.body(`${JSON.stringify(cert.credentialJson, null, 2)}\n`)
})

routes.get('/certificates/:id', async (c) => {
  if (!c.get('user')) return toLogin(c)
  const cert = await service.certificateFor(c.get('ctx'), c.get('user'), c.req.param('id'))
  const verifyUrl = verifyUrlOf(certificatesConfig(c.get('ctx')).baseUrl, cert.id)
  return c.html(<CertificatePage c={c} cert={cert} qr={await qrSvg(verifyUrl)} verifyUrl={verifyUrl} />)
})

/** Localised words for an outcome, for JSON clients that show them as they are. */
function outcomeMessage(c: Context<AppEnv>, o: VerifyOutcome): string {
  const l = c.get('locale')
  if (o.verdict === 'not_authentic')
    return t(l, `certificates.verify.reason.${o.reason ?? 'invalid'}`, {
      issuer: t(l, 'certificates.issuer.name'),
    })
  if (o.verdict === 'revoked') return t(l, 'certificates.verify.revoked_lead_nodate')
  if (o.verdict === 'expired') return t(l, 'certificates.verify.expired_lead', { date: o.expiredAt ?? '' })
  return t(l, 'certificates.verify.valid_lead', { issuer: o.claims.issuerName ?? '' })
}

function tooBig(c: Context<AppEnv>): boolean {
  // The form may hold both the pasted text and a file, hence twice the limit plus the envelope.
  return Number(c.req.header('content-length') ?? 0) > 2 * MAX_CREDENTIAL_BYTES + 8192
}

routes.get('/verify', async (c) => {
  const id = c.req.query('id')
  const base = certificatesConfig(c.get('ctx')).baseUrl
  if (!id) return c.html(<VerifyPage c={c} shareUrl={`${base}/verify`} />)
  const outcome = await verifyById(c.get('ctx'), id)
  if (!outcome) {
    c.status(404)
    const error = t(c.get('locale'), 'certificates.verify.not_found', { id: id.slice(0, 80) })
    return c.html(<VerifyPage c={c} error={error} />)
  }
  // A certificate's check is passed on (to an employer, an office) only while it says "valid".
  const shareUrl = outcome.verdict === 'valid' ? verifyUrlOf(base, id) : undefined
  return c.html(<VerifyPage c={c} outcome={outcome} shareUrl={shareUrl} />)
})

routes.post('/verify', async (c) => {
  let text = ''
  try {
    if (tooBig(c)) throw tooLarge()
    const form = await c.req.parseBody()
    const file = form.file
    text = typeof form.credential === 'string' ? form.credential : ''
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_CREDENTIAL_BYTES) throw tooLarge()
      text = await file.text()
    }
    const outcome = await verifyCredential(c.get('ctx'), parseCredentialText(text))
    return c.html(<VerifyPage c={c} outcome={outcome} />)
  } catch (err) {
    if (!(err instanceof CredentialInputError)) throw err
    c.status(err.status as 400)
    const error = t(c.get('locale'), err.key, err.params)
    return c.html(<VerifyPage c={c} error={error} text={text.length <= MAX_CREDENTIAL_BYTES ? text : ''} />)
  }
})

/** The same check as JSON: the body is the credential (or `{"credential": …}`). */
routes.post('/api/verify', async (c) => {
  if (tooBig(c)) throw tooLarge()
  let credential = parseCredentialText(await c.req.text())
  const keys = Object.keys(credential)
  if (keys.length === 1 && (keys[0] === 'credential' || keys[0] === 'verifiableCredential'))
    credential = parseCredentialText(JSON.stringify(credential[keys[0]]))
  const outcome = await verifyCredential(c.get('ctx'), credential)
  return c.json({ ...outcome, message: outcomeMessage(c, outcome) })
})

routes.get('/api/verify', async (c) => {
  const id = c.req.query('id') ?? ''
  const outcome = await verifyById(c.get('ctx'), id)
  if (!outcome) throw notFound(`certificate ${id.slice(0, 80)}`)
  return c.json({ ...outcome, message: outcomeMessage(c, outcome) })
})

routes.get('/issuer', async (c) => {
  const profile = await issuerProfile(c.get('ctx'))
  if (
    wantsJson(c) ||
    c.req.query('format') === 'json' ||
    (c.req.header('accept') ?? '').includes('ld+json')
  ) {
    c.header('Content-Type', 'application/ld+json; charset=utf-8')
    return c.body(JSON.stringify(profile.jsonLd, null, 2))
  }
  return c.html(<IssuerPage c={c} profile={profile} />)
})

routes.get('/.well-known/did.json', async (c) => {
  const doc = await didWebDocument(c.get('ctx'))
  if (!doc) throw new AppError('not_found', '/.well-known/did.json: this server is identified by did:key')
  c.header('Content-Type', 'application/did+json')
  return c.body(JSON.stringify(doc, null, 2))
})

routes.get('/credentials/status/:n{[0-9]{1,9}}', async (c) => {
  const list = await store.listByNumber(c.get('ctx').db, Number(c.req.param('n')))
  if (!list) throw notFound(`status list ${c.req.param('n')}`)
  c.header('Content-Type', 'application/json; charset=utf-8')
  return c.body(JSON.stringify(await signedStatusList(c.get('ctx'), list)))
})

routes.get('/admin/certificates', async (c) => {
  if (!c.get('user')) return toLogin(c)
  const rows = await service.recentCertificates(c.get('ctx'), c.get('user'))
  return c.html(<AdminCertificatesPage c={c} rows={rows} revoked={c.req.query('revoked')} />)
})

routes.post('/admin/certificates/:id/revoke', async (c) => {
  const json = (c.req.header('content-type') ?? '').startsWith('application/json')
  const body = json ? await c.req.json().catch(() => null) : await c.req.parseBody()
  if (json && body === null) throw new AppError('malformed_json', 'body: is not valid JSON')
  const { _csrf, ...input } = (body ?? {}) as Record<string, unknown>
  void _csrf
  const r = await service.revokeCertificate(c.get('ctx'), c.get('user'), c.req.param('id'), input)
  if (json) return c.json(r, 201)
  return c.redirect(`/admin/certificates?revoked=${encodeURIComponent(c.req.param('id'))}`, 303)
})

export default routes
