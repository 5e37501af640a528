import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { t } from '../core/i18n.ts'
import { uuidv7 } from '../core/ids.ts'
import type { AppEnv } from './env.ts'
import { CsrfField } from './layout.tsx'

/** One side of a record corrected twice apart: what it says, and the form fields that say it again. */
export type ForkSide = { text: Child; fields: Record<string, string> }

/**
 * A record corrected on two servers apart (decision 0204), shown where the record is listed: the
 * correction that counts now, and each one set aside, with "keep this one" under each. Keeping a
 * side is a new correction of the record that counts, with that side's values (`action`, the
 * record's own correction form; `idField` carries a fresh id so a form sent twice is stored once):
 * it wins everywhere as it travels, and settles the fork, as 0185's choice settles an edit.
 */
export function ForkChoice({
  c,
  action,
  idField,
  counted,
  apart,
}: {
  c: Context<AppEnv>
  action: string
  idField: string
  counted: ForkSide
  apart: ForkSide[]
}) {
  const l = c.get('locale')
  const side = (s: ForkSide, label: string, current: boolean) => (
    <li>
      <span class={current ? 'badge' : 'badge warn'}>{label}</span> {s.text}
      <form method="post" action={action} class="inline">
        <CsrfField c={c} />
        <input type="hidden" name={idField} value={uuidv7()} />
        {Object.entries(s.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}{' '}
        <button type="submit" class={current ? 'secondary' : undefined}>
          {t(l, 'facts.fork.keep')}
        </button>
      </form>
    </li>
  )
  return (
    <div class="notice fork" role="note" data-fork>
      <b>{t(l, 'facts.fork.title')}</b>
      <p class="small">{t(l, 'facts.fork.lead')}</p>
      <ul class="plain">
        {side(counted, t(l, 'facts.fork.counted'), true)}
        {apart.map((s) => side(s, t(l, 'facts.fork.apart'), false))}
      </ul>
    </div>
  )
}
