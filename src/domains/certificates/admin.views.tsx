import type { Context } from 'hono'
import { formatDate, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'

type Row = {
  id: string
  issued_at: string
  kind: string
  title: string
  lang: string
  holder: string
  revoked_at: string | null
  revoked_reason: string | null
}

/** The province's certificates, newest first, each with a revocation form (reason required). */
export function AdminCertificatesPage({
  c,
  rows,
  revoked,
}: {
  c: Context<AppEnv>
  rows: Row[]
  revoked?: string | undefined
}) {
  const l = c.get('locale')
  const d = (iso: string) => formatDate(l, iso, { dateStyle: 'medium' })
  return (
    <Layout c={c} title={t(l, 'certificates.admin.title')}>
      <h1>{t(l, 'certificates.admin.title')}</h1>
      {revoked ? (
        <p class="notice info" role="status">
          {t(l, 'certificates.admin.revoked_ok')}
        </p>
      ) : null}
      {rows.length === 0 ? <p>{t(l, 'certificates.admin.empty')}</p> : null}
      <ul class="plain">
        {rows.map((r) => (
          <li class="card">
            <p class="muted small">
              {t(l, `certificates.kind.${r.kind}`)} · {d(r.issued_at)} ·{' '}
              <a href={`/verify?id=${r.id}`}>{r.id}</a>
            </p>
            <h2 class="small-h">
              {r.holder} — <span lang={r.lang}>{r.title}</span>
            </h2>
            {r.revoked_at ? (
              <p>
                <span class="badge bad">{t(l, 'certificates.revoked_badge')}</span> {d(r.revoked_at)}:{' '}
                {r.revoked_reason}
              </p>
            ) : (
              <details>
                <summary>{t(l, 'certificates.admin.revoke')}</summary>
                <form method="post" action={`/admin/certificates/${r.id}/revoke`} class="stack">
                  <CsrfField c={c} />
                  <label>
                    {t(l, 'certificates.admin.reason')}
                    <input name="reason" required minlength={3} maxlength={500} />
                  </label>
                  <p class="muted small">{t(l, 'certificates.admin.revoke_hint')}</p>
                  <button type="submit" class="danger">
                    {t(l, 'certificates.admin.revoke')}
                  </button>
                </form>
              </details>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  )
}
