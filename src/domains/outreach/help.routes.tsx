import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Ctx } from '../../core/context.ts'
import { AppError, type FieldIssue } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { checkBody, readBody } from '../../web/request.ts'
import { listPeople } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { can, PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { listVillages } from '../places/places.service.ts'
import { getHelp, helpLog, myHelp, recordHelp } from './help.service.ts'
import { type Choice, HelpForm, HelpItem, type PersonChoice } from './help.views.tsx'
import { placeFor } from './outreach.places.ts'
import { formish, helpDataSchema } from './outreach.schemas.ts'
import { Errors, Flash, isFormError, isJson, issuesOf } from './outreach.views.tsx'

const routes = new Hono<AppEnv>()
const FACT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const anyBody = z.record(z.string(), z.unknown())

/** The villages a person may log help in; null when their scope is the whole province. */
async function villageChoices(ctx: Ctx, user: CurrentUser): Promise<Choice[] | null> {
  const out = new Map<string, string>()
  for (const scope of scopesFor(user, 'help.write')) {
    const p = await placeFor(ctx, scope)
    if (p.kind === 'province') return null
    if (p.kind === 'village') out.set(p.code, p.name)
    else for (const v of await listVillages(ctx.db, p.code)) out.set(v.code, v.name)
  }
  return [...out].map(([code, name]) => ({ code, name }))
}

/** People the reader may pick as "someone with an account": those of their own village or commune. */
async function peopleChoices(ctx: Ctx, user: CurrentUser): Promise<PersonChoice[]> {
  const scope = scopesFor(user, 'people.read').find((s) => s !== PROVINCE_CODE)
  if (!scope) return []
  const rows = await listPeople(ctx, user, scope)
  return rows.map((r) => ({ id: r.id, name: r.display_name, phone: r.phone }))
}

function signIn(c: Context<AppEnv>) {
  return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
}

/** Reads the form key and the help data from a form post or JSON body; 400 naming each bad field. */
async function readHelp(c: Context<AppEnv>) {
  const body = await readBody(c, anyBody)
  const key = typeof body._id === 'string' && FACT_ID.test(body._id) ? body._id : undefined
  return { key, data: checkBody(c, helpDataSchema, body), body }
}

async function helpPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  opts: { values?: Record<string, unknown>; issues?: FieldIssue[]; formKey?: string } = {},
) {
  const ctx = c.get('ctx')
  const l = c.get('locale')
  const villages = await villageChoices(ctx, user)
  const places = new Map((villages ?? []).map((v) => [v.code, v.name]))
  const mine = await myHelp(ctx, user)
  const saved = c.req.query('saved')
  const defaultVillage = villages?.find((v) => v.code === user.placeCode)?.code ?? villages?.[0]?.code
  return c.html(
    <Layout c={c} title={t(l, 'help.title')} scripts={['outreach.js']}>
      <h1>{t(l, 'help.title')}</h1>
      <Flash text={saved ? t(l, 'help.saved') : null} />
      <p class="flash" role="status" hidden data-outbox-flash>
        {t(l, 'help.saved.device')}
      </p>
      <Errors issues={opts.issues ?? []} />
      <HelpForm
        c={c}
        action="/help"
        formKey={opts.formKey ?? uuidv7()}
        villages={villages}
        people={await peopleChoices(ctx, user)}
        values={{ village: defaultVillage, ...opts.values }}
        issues={opts.issues ?? []}
        submit={t(l, 'help.submit')}
        outbox
      />
      <h2>{t(l, 'help.mine')}</h2>
      <ul
        class="plain help-list"
        id="help-mine"
        data-outbox-list="help_given"
        data-pending-text={t(l, 'help.pending')}
        data-rejected-text={t(l, 'help.rejected')}
      >
        {mine.map((e) => (
          <HelpItem c={c} e={e} places={places} />
        ))}
      </ul>
      {mine.length ? null : (
        <p class="muted" id="help-none">
          {t(l, 'help.none')}
        </p>
      )}
      <p>
        <a href="/help/log">{t(l, 'help.log')}</a>
      </p>
    </Layout>,
  )
}

routes.get('/help', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  if (!scopesFor(user, 'help.write').length) throw new AppError('forbidden', 'you may not log help')
  return helpPage(c, user)
})

/** Logs help: a plain form post (redirects to the list) or JSON (`{ id, stored }`). */
routes.post('/help', async (c) => {
  const user = c.get('user')
  try {
    const { key, data } = await readHelp(c)
    const r = await recordHelp(c.get('ctx'), user, data, { key })
    if (isJson(c)) return c.json(r, r.stored ? 201 : 200)
    return c.redirect(`/help?saved=${r.id}#h-${r.id}`, 303)
  } catch (err) {
    if (isJson(c) || !user || !isFormError(err)) throw err
    const form = await c.req.parseBody()
    c.status(err.status as 400)
    const values = formish(form) as Record<string, unknown>
    const key = typeof form._id === 'string' ? form._id : undefined
    return helpPage(c, user, { values, issues: issuesOf(err), formKey: key })
  }
})

/** The help log of a village or a commune (all its villages); the reader's own scope by default. */
routes.get('/help/log', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const place = c.req.query('place') ?? scopesFor(user, 'help.read')[0] ?? PROVINCE_CODE
  const { place: p, entries } = await helpLog(ctx, user, place)
  const communeCode = p.kind === 'village' ? p.communeCode : p.kind === 'province' ? null : p.code
  const villages = communeCode ? await listVillages(ctx.db, communeCode) : []
  const names = new Map(villages.map((v) => [v.code, v.name]))
  const commune = communeCode ? await placeFor(ctx, communeCode) : null
  const title = t(l, 'help.log.title', { place: p.name })
  return c.html(
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {commune && can(user, 'help.read', commune) ? (
        <form method="get" action="/help/log" class="actions">
          <select name="place" aria-label={t(l, 'help.village')}>
            <option value={commune.code}>{commune.name}</option>
            {villages.map((v) => (
              <option value={v.code} selected={v.code === p.code}>
                {v.name}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            {t(l, 'help.log.show')}
          </button>
        </form>
      ) : null}
      <p class="muted">{t(l, 'help.log.count', { count: entries.length })}</p>
      <ul class="plain help-list">
        {entries.map((e) => (
          <HelpItem c={c} e={e} places={names} showBy />
        ))}
      </ul>
    </Layout>,
  )
})

/** The help log as JSON: `?place=` a village or commune, or `?mine=1` for one's own records. */
routes.get('/api/help', async (c) => {
  const user = c.get('user')
  if (c.req.query('mine')) return c.json({ entries: await myHelp(c.get('ctx'), user) })
  const place = c.req.query('place') ?? scopesFor(user, 'help.read')[0] ?? PROVINCE_CODE
  const { place: p, entries } = await helpLog(c.get('ctx'), user, place)
  return c.json({ place: { code: p.code, name: p.name, kind: p.kind }, entries })
})

async function correctPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  id: string,
  opts: { values?: Record<string, unknown>; issues?: FieldIssue[]; formKey?: string } = {},
) {
  const ctx = c.get('ctx')
  const l = c.get('locale')
  const e = await getHelp(ctx, user, id)
  const people = await peopleChoices(ctx, user)
  if (e.person_id && !people.some((x) => x.id === e.person_id))
    people.unshift({ id: e.person_id, name: e.personName ?? e.person_id, phone: null })
  const villages = await villageChoices(ctx, user)
  // A person registered on the spot is, from now on, someone with an account.
  const current = {
    what: e.what,
    note: e.note ?? undefined,
    whom: e.whom === 'new' ? 'account' : e.whom,
    person_id: e.person_id ?? undefined,
    sex: e.sex ?? undefined,
    age_band: e.age_band ?? undefined,
    village: e.village_code,
  }
  return c.html(
    <Layout c={c} title={t(l, 'help.correct.title')}>
      <h1>{t(l, 'help.correct.title')}</h1>
      <p class="muted">{t(l, 'help.correct.hint')}</p>
      <Errors issues={opts.issues ?? []} />
      <HelpForm
        c={c}
        action={`/help/${e.id}/correct`}
        formKey={opts.formKey ?? uuidv7()}
        villages={villages}
        people={people}
        values={opts.values ?? current}
        issues={opts.issues ?? []}
        submit={t(l, 'help.correct.submit')}
      />
    </Layout>,
  )
}

routes.get('/help/:id/correct', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  return correctPage(c, user, c.req.param('id'))
})

/** A correction: a new `help_given` fact pointing at the old one, which stays in the facts. */
routes.post('/help/:id/correct', async (c) => {
  const user = c.get('user')
  const id = c.req.param('id')
  try {
    const { key, data } = await readHelp(c)
    const r = await recordHelp(c.get('ctx'), user, data, { key, corrects: id })
    if (isJson(c)) return c.json(r, r.stored ? 201 : 200)
    return c.redirect(`/help?saved=${r.id}#h-${r.id}`, 303)
  } catch (err) {
    if (isJson(c) || !user || !isFormError(err)) throw err
    const form = await c.req.parseBody()
    c.status(err.status as 400)
    const values = formish(form) as Record<string, unknown>
    const key = typeof form._id === 'string' ? form._id : undefined
    return correctPage(c, user, id, { values, issues: issuesOf(err), formKey: key })
  }
})

export default routes
