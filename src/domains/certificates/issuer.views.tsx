import type { Context } from 'hono'
import { formatDate, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import type { IssuerProfile } from './issuer.service.ts'

/** The issuer's public profile page: who signs hocso certificates, with which keys. */
export function IssuerPage({ c, profile }: { c: Context<AppEnv>; profile: IssuerProfile }) {
  const l = c.get('locale')
  const d = (iso: string) => formatDate(l, iso, { dateStyle: 'long' })
  return (
    <Layout c={c} title={t(l, 'certificates.issuer.title')}>
      <h1>{t(l, 'certificates.issuer.name')}</h1>
      <p>{t(l, 'certificates.issuer.lead')}</p>
      <h2>{t(l, 'certificates.issuer.did')}</h2>
      <p>
        <code class="cert-url">{profile.did}</code>
      </p>
      <h2>{t(l, 'certificates.issuer.keys')}</h2>
      <ul class="plain">
        {profile.keys.map((k) => (
          <li>
            <code class="cert-url">{k.public_key_multibase}</code>
            <br />
            <span class="muted small">
              {k.retired_at
                ? t(l, 'certificates.issuer.key_retired', { date: d(k.retired_at) })
                : t(l, 'certificates.issuer.key_active', { date: d(k.created_at) })}
            </span>
          </li>
        ))}
      </ul>
      <h2>{t(l, 'certificates.issuer.status_lists')}</h2>
      <ul>
        {profile.lists.map((s) => (
          <li>
            <a href={s.path}>{s.url}</a>
          </li>
        ))}
      </ul>
      <div class="actions">
        <a class="button" href="/verify">
          {t(l, 'nav.verify')}
        </a>
        <a class="button secondary" href="/issuer?format=json">
          {t(l, 'certificates.issuer.json')}
        </a>
      </div>
    </Layout>
  )
}
