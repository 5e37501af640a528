import type { Context } from 'hono'
import { formatDate, type Locale, type MessageKey, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { Share } from '../../web/share.tsx'
import type { CertificateView } from './certificates.service.ts'
import type { Claims } from './credential.ts'
import type { VerifyOutcome } from './verify.service.ts'

const date = (l: Locale, iso: string | null | undefined) => {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : formatDate(l, d, { dateStyle: 'long' })
}

/** The printable certificate: A4 landscape on paper (print CSS), one column on a phone. */
export function CertificatePage({
  c,
  cert,
  qr,
  verifyUrl,
}: {
  c: Context<AppEnv>
  cert: CertificateView
  qr: string
  verifyUrl: string
}) {
  const l = c.get('locale')
  const cred = cert.credentialJson as {
    credentialSubject: { name: string; achievement: { name: string } }
    awardedDate?: string
    validFrom?: string
  }
  const learner = cred.credentialSubject.name
  const title = cred.credentialSubject.achievement.name
  return (
    <Layout c={c} title={`${title} · ${learner}`} scripts={['share.js']}>
      <p class="no-print">
        <a href="/my/certificates">← {t(l, 'certificates.print.back')}</a>
      </p>
      {cert.revocation ? (
        <div class="error" role="alert">
          {t(l, 'certificates.print.revoked', {
            date: date(l, cert.revocation.revoked_at),
            reason: cert.revocation.reason,
          })}
        </div>
      ) : null}
      <article class="cert" aria-label={t(l, 'certificates.print.heading')}>
        <p class="cert-issuer">{t(l, 'certificates.issuer.name')}</p>
        <h1 class="cert-h">{t(l, 'certificates.print.heading')}</h1>
        <p>{t(l, 'certificates.print.certifies')}</p>
        <p class="cert-name">{learner}</p>
        <p>{t(l, cert.kind === 'event' ? 'certificates.print.attended' : 'certificates.print.completed')}</p>
        <p class="cert-title" lang={cert.lang}>
          {title}
        </p>
        <p>{t(l, 'certificates.print.date', { date: date(l, cred.awardedDate ?? cert.issued_at) })}</p>
        <div class="cert-foot">
          <div
            class="cert-qr"
            role="img"
            aria-label={t(l, 'certificates.qr_label')}
            // The SVG comes from the qrcode library, drawn from our own URL: no user input in it.
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <p class="small">
            {t(l, 'certificates.print.scan')}
            <br />
            <span class="cert-url">{verifyUrl}</span>
            <br />
            {t(l, 'certificates.print.id')}: {cert.id}
          </p>
        </div>
      </article>
      <div class="no-print">
        <h2>{t(l, 'certificates.share')}</h2>
        <Share l={l} url={verifyUrl} title={`${title} · ${learner}`} text={t(l, 'certificates.share.text')} />
        <p class="muted small">{t(l, 'certificates.print.hint')}</p>
        <p>
          <a class="button secondary" href={`/certificates/${cert.id}/credential.json`} download>
            {t(l, 'certificates.my.download')}
          </a>
        </p>
        <p class="muted small">{t(l, 'certificates.my.wallet_hint')}</p>
      </div>
    </Layout>
  )
}

type ListRow = {
  id: string
  issued_at: string
  kind: string
  title: string
  lang: string
  revoked_at: string | null
}

/** "My certificates": each with its status, print page and JSON download. */
export function MyCertificatesPage({ c, rows }: { c: Context<AppEnv>; rows: ListRow[] }) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'certificates.my.title')}>
      <h1>{t(l, 'certificates.my.title')}</h1>
      {rows.length === 0 ? <p>{t(l, 'certificates.my.empty')}</p> : null}
      <ul class="plain">
        {rows.map((r) => (
          <li class="card">
            <p class="muted small">
              {t(l, `certificates.kind.${r.kind}`)} ·{' '}
              {t(l, 'certificates.my.issued_on', { date: date(l, r.issued_at) })}{' '}
              {r.revoked_at ? <span class="badge bad">{t(l, 'certificates.revoked_badge')}</span> : null}
            </p>
            <h2 lang={r.lang}>{r.title}</h2>
            <div class="actions">
              <a class="button" href={`/certificates/${r.id}`}>
                {t(l, 'certificates.my.view')}
              </a>
              <a class="button secondary" href={`/certificates/${r.id}/credential.json`} download>
                {t(l, 'certificates.my.download')}
              </a>
            </div>
          </li>
        ))}
      </ul>
      {rows.length ? <p class="muted small">{t(l, 'certificates.my.wallet_hint')}</p> : null}
    </Layout>
  )
}

/** "tiếng Việt" for `vi`; a code hocso has no name for is shown as it is. */
function languageName(l: Locale, code: string): string {
  const key = `learning.lang.${code}` as const
  const name = t(l, key)
  return name === key ? code : name
}

function ClaimsList({ l, claims }: { l: Locale; claims: Claims }) {
  const rows: [MessageKey, string | undefined][] = [
    ['certificates.verify.learner', claims.learner],
    ['certificates.verify.achievement', claims.achievement],
    ['certificates.verify.issuer', claims.issuerName ?? claims.issuerId],
    ['certificates.verify.awarded', claims.awardedAt ? date(l, claims.awardedAt) : undefined],
    ['certificates.verify.issued', claims.issuedAt ? date(l, claims.issuedAt) : undefined],
    ['certificates.verify.language', claims.lang ? languageName(l, claims.lang) : undefined],
  ]
  return (
    <dl class="claims">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <>
            <dt>{t(l, k)}</dt>
            <dd>{v}</dd>
          </>
        ))}
    </dl>
  )
}

/** The sign beside each verdict, so that valid and not valid differ by more than a border colour. */
const VERDICT_ICON: Record<VerifyOutcome['verdict'], string> = {
  valid: '✓',
  revoked: '⊘',
  expired: '⌛',
  not_authentic: '✗',
}

/** The verdict of a check, in plain words, and what the credential claims. */
export function VerdictBox({ l, outcome }: { l: Locale; outcome: VerifyOutcome }) {
  const issuer = outcome.claims.issuerName ?? t(l, 'certificates.issuer.name')
  const v = outcome.verdict
  return (
    <section class={`verdict ${v}`} role="status" aria-live="polite">
      <h2 class="verdict-head">
        <span class="verdict-icon" aria-hidden="true">
          {VERDICT_ICON[v]}
        </span>{' '}
        {t(l, `certificates.verify.${v}`)}
      </h2>
      {v === 'valid' ? <p>{t(l, 'certificates.verify.valid_lead', { issuer })}</p> : null}
      {v === 'revoked' ? (
        <>
          <p>
            {outcome.revocation?.at
              ? t(l, 'certificates.verify.revoked_lead', { date: date(l, outcome.revocation.at) })
              : t(l, 'certificates.verify.revoked_lead_nodate')}
          </p>
          {outcome.revocation?.reason ? (
            <p>{t(l, 'certificates.verify.revoked_reason', { reason: outcome.revocation.reason })}</p>
          ) : null}
        </>
      ) : null}
      {v === 'expired' ? (
        <p>{t(l, 'certificates.verify.expired_lead', { date: date(l, outcome.expiredAt) })}</p>
      ) : null}
      {v === 'not_authentic' ? (
        <p>
          {t(l, `certificates.verify.reason.${outcome.reason ?? 'invalid'}`, {
            issuer: t(l, 'certificates.issuer.name'),
          })}
        </p>
      ) : null}
      <h3>{t(l, 'certificates.verify.claims')}</h3>
      {v === 'not_authentic' ? <p class="muted small">{t(l, 'certificates.verify.claims_warning')}</p> : null}
      <ClaimsList l={l} claims={outcome.claims} />
      {outcome.detail ? (
        <details>
          <summary>{t(l, 'certificates.verify.detail')}</summary>
          <p class="small" lang="en">
            {outcome.detail}
          </p>
        </details>
      ) : null}
    </section>
  )
}

/** The public verification page: the result (when any), then the paste/upload form. */
export function VerifyPage({
  c,
  outcome,
  error,
  text = '',
  shareUrl,
}: {
  c: Context<AppEnv>
  outcome?: VerifyOutcome | undefined
  error?: string | undefined
  text?: string
  /** The address to pass on: this certificate's check, or the verification page itself. */
  shareUrl?: string | undefined
}) {
  const l = c.get('locale')
  return (
    <Layout c={c} title={t(l, 'certificates.verify.title')} scripts={shareUrl ? ['share.js'] : []}>
      <h1>{t(l, 'certificates.verify.title')}</h1>
      {outcome ? <VerdictBox l={l} outcome={outcome} /> : <p>{t(l, 'certificates.verify.lead')}</p>}
      {shareUrl ? <Share l={l} url={shareUrl} title={t(l, 'certificates.verify.title')} /> : null}
      {error ? (
        <div class="error" role="alert">
          <p>{error}</p>
        </div>
      ) : null}
      {outcome ? <h2>{t(l, 'certificates.verify.again')}</h2> : null}
      <form method="post" action="/verify" enctype="multipart/form-data" class="stack">
        <CsrfField c={c} />
        <label>
          {t(l, 'certificates.verify.paste')}
          <textarea name="credential" rows={6} spellcheck={false} autocomplete="off">
            {text}
          </textarea>
        </label>
        <label>
          {t(l, 'certificates.verify.file')}
          <input type="file" name="file" accept=".json,.jsonld,application/json,application/ld+json" />
        </label>
        <button type="submit">{t(l, 'certificates.verify.submit')}</button>
      </form>
    </Layout>
  )
}
