import type { Context } from 'hono'
import type { FieldIssue } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { ForkChoice } from '../../web/forks.tsx'
import { CsrfField } from '../../web/layout.tsx'
import type { HelpEntry } from './help.service.ts'
import { AGE_BANDS, HELP_WHAT, HELP_WHOM, SEXES } from './outreach.schemas.ts'
import { fieldValue, label, Tiles, When } from './outreach.views.tsx'

export type Choice = { code: string; name: string }
export type PersonChoice = { id: string; name: string; phone: string | null }

type FormProps = {
  c: Context<AppEnv>
  action: string
  /** The id this form's record will get: sending the same form twice stores it once. */
  formKey: string
  /** Villages to choose from; null lets the reader type a code (province-wide roles). */
  villages: Choice[] | null
  people: PersonChoice[]
  values: Record<string, unknown>
  issues: FieldIssue[]
  submit: string
  /** Set on the everyday form: the offline outbox captures it as a `help_given` fact. */
  outbox?: boolean
}

/**
 * The help form, built to be filled in seconds on a phone: the most frequent help first as big
 * tiles, "no name" pre-selected, the ambassador's village and the current time by default.
 * Without JavaScript every part shows and the server keeps only the part chosen; with it, the
 * CSS hides the parts of the other "for whom" choices.
 */
export function HelpForm(p: FormProps) {
  const l = p.c.get('locale')
  const bad = new Set(p.issues.map((i) => i.field))
  const inv = (f: string) => (bad.has(f) ? 'true' : undefined)
  const v = (k: string) => fieldValue(p.values, k)
  const village = v('village')
  return (
    <form
      method="post"
      action={p.action}
      class="stack help-form"
      data-outbox-kind={p.outbox ? 'help_given' : undefined}
      data-outbox-reset={p.outbox ? '' : undefined}
    >
      <CsrfField c={p.c} />
      <input type="hidden" name="_id" value={p.formKey} />
      <Tiles
        name="what"
        legend={t(l, 'help.what')}
        value={p.values.what}
        invalid={bad.has('what')}
        required
        choices={HELP_WHAT.map((w) => ({ value: w, label: t(l, `help.what.${w}`) }))}
      />
      <label>
        {t(l, 'help.note')}
        <input name="note" value={v('note')} maxlength={200} aria-invalid={inv('note')} />
        <span class="muted small">{t(l, 'help.note.hint')}</span>
      </label>
      <Tiles
        name="whom"
        legend={t(l, 'help.whom')}
        value={p.values.whom ?? 'anonymous'}
        invalid={bad.has('whom')}
        cols={3}
        choices={HELP_WHOM.map((w) => ({ value: w, label: t(l, `help.whom.${w}`) }))}
      />
      <div class="whom-anonymous stack">
        <Tiles
          name="sex"
          legend={t(l, 'help.sex')}
          value={p.values.sex}
          invalid={bad.has('sex')}
          choices={SEXES.map((s) => ({ value: s, label: t(l, `help.sex.${s}`) }))}
        />
        <Tiles
          name="age_band"
          legend={t(l, 'help.age_band')}
          value={p.values.age_band}
          invalid={bad.has('age_band')}
          cols={4}
          choices={AGE_BANDS.map((a) => ({ value: a, label: t(l, `help.age.${a}`) }))}
        />
      </div>
      <label class="whom-account">
        {t(l, 'help.person')}
        <select name="person_id" aria-invalid={inv('person_id')}>
          <option value="">{t(l, 'help.person.choose')}</option>
          {p.people.map((x) => (
            <option value={x.id} selected={v('person_id') === x.id}>
              {x.phone ? `${x.name} · ${x.phone}` : x.name}
            </option>
          ))}
        </select>
      </label>
      <div class="whom-new stack">
        <label>
          {t(l, 'people.name')}
          <input
            name="display_name"
            value={v('display_name')}
            autocomplete="off"
            aria-invalid={inv('display_name')}
          />
        </label>
        <label>
          {t(l, 'people.phone')}
          <input name="phone" value={v('phone')} type="tel" inputmode="tel" aria-invalid={inv('phone')} />
        </label>
        <label>
          {t(l, 'people.birth_year')}
          <input
            name="birth_year"
            value={v('birth_year')}
            inputmode="numeric"
            data-outbox-number
            aria-invalid={inv('birth_year')}
          />
        </label>
        <label class="check">
          <input type="checkbox" name="consent" checked={p.values.consent === true} />
          <span>{t(l, 'help.consent')}</span>
        </label>
      </div>
      {p.villages === null ? (
        <label>
          {t(l, 'help.village')}
          <input name="village" value={village} required aria-invalid={inv('village')} />
        </label>
      ) : p.villages.length === 1 ? (
        <p class="muted">
          {t(l, 'help.village')}: <b data-village-name>{p.villages[0]!.name}</b>
          <input type="hidden" name="village" value={p.villages[0]!.code} />
        </p>
      ) : (
        <label>
          {t(l, 'help.village')}
          <select name="village" aria-invalid={inv('village')}>
            {p.villages.map((x) => (
              <option value={x.code} selected={village === x.code}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <details open={bad.has('at') || !!p.values.at}>
        <summary>{t(l, 'help.at')}</summary>
        <input type="datetime-local" name="at" value={v('at')} aria-invalid={inv('at')} />
      </details>
      <button type="submit" class="big">
        {p.submit}
      </button>
    </form>
  )
}

/** How the person helped appears in a list: their name, or sex and age band when anonymous. */
export function whomText(c: Context<AppEnv>, e: HelpEntry): string {
  if (e.whom === 'anonymous')
    return [label(c, 'help.sex', e.sex), label(c, 'help.age', e.age_band)].filter(Boolean).join(', ')
  return e.personName ?? t(c.get('locale'), `help.whom.${e.whom}`)
}

/** What a help record says, in one line: what, for whom, where, when (and who logged it). */
function HelpSummary({
  c,
  e,
  places,
  showBy,
}: {
  c: Context<AppEnv>
  e: HelpEntry
  places: Map<string, string>
  showBy?: boolean | undefined
}) {
  const l = c.get('locale')
  return (
    <>
      <b>{label(c, 'help.what', e.what)}</b>
      {e.note ? <span> – {e.note}</span> : null}
      {e.corrects ? <span class="badge warn">{t(l, 'help.corrected')}</span> : null}
      <br />
      <span class="muted small">
        {whomText(c, e)} · {places.get(e.village_code) ?? e.village_code} · <When c={c} at={e.helped_at} />
        {showBy && e.actorName ? ` · ${t(l, 'help.by')}: ${e.actorName}` : null}
      </span>
    </>
  )
}

/** The fields of the correction form that say a help record again (someone registered on the spot now has an account). */
function helpFields(e: HelpEntry): Record<string, string> {
  const f: Record<string, string> = {
    what: e.what,
    whom: e.whom === 'new' ? 'account' : e.whom,
    village: e.village_code,
    at: e.helped_at,
  }
  if (e.note) f.note = e.note
  if (e.person_id) f.person_id = e.person_id
  if (e.sex) f.sex = e.sex
  if (e.age_band) f.age_band = e.age_band
  return f
}

/**
 * One help record in a list, with its correction link; a record corrected twice apart shows the
 * correction set aside beside it, and which to keep (decision 0204).
 */
export function HelpItem({
  c,
  e,
  places,
  showBy,
}: {
  c: Context<AppEnv>
  e: HelpEntry
  places: Map<string, string>
  /** Also say who logged it (the commune's log). */
  showBy?: boolean
}) {
  const l = c.get('locale')
  return (
    <li class="card help-item" id={`h-${e.id}`}>
      <HelpSummary c={c} e={e} places={places} showBy={showBy} />{' '}
      <a href={`/help/${e.id}/correct`} class="small">
        {t(l, 'help.correct')}
      </a>
      {e.apart?.length ? (
        <ForkChoice
          c={c}
          action={`/help/${e.id}/correct`}
          idField="_id"
          counted={{ text: <HelpSummary c={c} e={e} places={places} showBy />, fields: helpFields(e) }}
          apart={e.apart.map((x) => ({
            text: <HelpSummary c={c} e={x} places={places} showBy />,
            fields: helpFields(x),
          }))}
        />
      ) : null}
    </li>
  )
}
