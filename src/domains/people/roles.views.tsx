import type { Context } from 'hono'
import type { FieldIssue } from '../../core/errors.ts'
import { type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { type FieldLabels, Issues } from '../../web/issues.tsx'
import { CsrfField } from '../../web/layout.tsx'
import type { PlaceChoice } from '../places/places.service.ts'
import type { GrantCheck } from './people.service.ts'
import type { Role } from './people.types.ts'

/** The grant form's fields by their labels, so an error names what the person sees. */
export const GRANT_LABELS: FieldLabels = {
  account_id: 'people.account_id',
  role: 'people.role',
  scope_code: 'people.scope',
  commune: 'people.grant.commune',
  q: 'people.grant.search',
}

/** What the form was given, kept across the search and the confirmation. */
export type GrantValues = {
  account_id?: string
  role?: string
  commune?: string
  q?: string
  scope_code?: string
}

/** A place as a person reads it: "Bản mẫu 1 (Xã Mường Chà)", "Cả Xã Mường Chà", "Toàn tỉnh". */
export function placeLabel(
  l: Locale,
  p: { kind: string; name: string; communeName?: string | null },
): string {
  if (p.kind === 'province') return t(l, 'people.grant.place.province')
  if (p.kind === 'village' && p.communeName)
    return t(l, 'people.grant.place.village', { village: p.name, commune: p.communeName })
  return p.kind === 'village' ? p.name : t(l, 'people.grant.place.commune', { name: p.name })
}

/**
 * The grant form: the person, the role (only those this admin may give), then the place: a
 * commune, then a village found by its name with or without diacritics. Plain GET forms and
 * native selects, so it works without JavaScript on any phone; "Continue" leads to the
 * confirmation, which alone writes.
 */
export function GrantForm({
  l,
  people,
  roles,
  communes,
  places,
  more,
  values,
  issues,
}: {
  l: Locale
  people: { id: string; display_name: string; phone: string | null; username: string | null }[]
  roles: Role[]
  communes: PlaceChoice[]
  places: PlaceChoice[]
  more: boolean
  values: GrantValues
  issues: FieldIssue[]
}) {
  const bad = new Set(issues.map((i) => i.field))
  const invalid = (f: string) => (bad.has(f) ? 'true' : undefined)
  return (
    <section id="grant" aria-labelledby="grant-title">
      <h2 id="grant-title">{t(l, 'people.grant.title')}</h2>
      <Issues l={l} issues={issues} labels={GRANT_LABELS} />
      <form method="get" action="/admin/roles/confirm" class="stack grant-form">
        <label>
          {t(l, 'people.account_id')}
          <select name="account_id" required aria-invalid={invalid('account_id')}>
            {people.map((r) => (
              <option value={r.id} selected={r.id === values.account_id}>
                {`${r.display_name} (${r.phone ?? r.username})`}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(l, 'people.role')}
          <select name="role" required aria-invalid={invalid('role')}>
            {roles.map((r) => (
              <option value={r} selected={r === values.role}>
                {t(l, `role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="stack">
          <legend>{t(l, 'people.scope')}</legend>
          <label>
            {t(l, 'people.grant.commune')}
            <select name="commune">
              <option value="">{t(l, 'people.grant.commune.any')}</option>
              {communes.map((c) => (
                <option value={c.code} selected={c.code === values.commune}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(l, 'people.grant.search')}
            <input type="search" name="q" value={values.q ?? ''} maxlength={80} autocomplete="off" />
            <span class="muted small">{t(l, 'people.grant.search.hint')}</span>
          </label>
          {/* First in the form, so Enter in the search box searches rather than continues. */}
          <button type="submit" class="secondary" formaction="/admin/people#grant">
            {t(l, 'people.grant.find')}
          </button>
          <label>
            {t(l, 'people.grant.place')}
            <select name="scope_code" required aria-invalid={invalid('scope_code')}>
              {places.map((p) => (
                <option value={p.code} selected={p.code === values.scope_code}>
                  {placeLabel(l, p)}
                </option>
              ))}
            </select>
          </label>
          {places.length === 0 ? <p class="notice">{t(l, 'people.grant.place.none')}</p> : null}
          {more ? <p class="muted small">{t(l, 'people.grant.place.more')}</p> : null}
        </fieldset>
        <button type="submit">{t(l, 'people.grant.next')}</button>
      </form>
    </section>
  )
}

/** The confirmation: the grant said in one sentence, and the one button that writes it. */
export function ConfirmGrant({ c, grant, back }: { c: Context<AppEnv>; grant: GrantCheck; back: string }) {
  const l = c.get('locale')
  return (
    <section class="card confirm-grant">
      <p>
        <b data-grant-question>
          {t(l, 'people.grant.confirm', {
            name: grant.target.displayName,
            role: t(l, `role.${grant.role}`),
            place: placeLabel(l, grant.place),
          })}
        </b>
      </p>
      <form method="post" action="/admin/roles" class="stack">
        <CsrfField c={c} />
        <input type="hidden" name="account_id" value={grant.target.id} />
        <input type="hidden" name="role" value={grant.role} />
        <input type="hidden" name="scope_code" value={grant.place.code} />
        <input type="hidden" name="confirmed" value="1" />
        <button type="submit" class="big">
          {t(l, 'people.grant.confirm.yes')}
        </button>
      </form>
      <p>
        <a href={back}>{t(l, 'people.grant.confirm.back')}</a>
      </p>
    </section>
  )
}
