import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { AppError, type FieldIssue, forbidden, fromZod, validationError } from '../../core/errors.ts'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { placeCodeSchema } from '../places/places.schemas.ts'
import { placeChoices } from '../places/places.service.ts'
import { assignRoleSchema } from './people.schemas.ts'
import * as people from './people.service.ts'
import { PROVINCE_CODE, rolesAssignable, scopesFor } from './policy.ts'
import { ConfirmGrant, GrantForm, type GrantValues, placeLabel } from './roles.views.tsx'

/**
 * The people an admin manages and the role-grant form: choose the person, the role and the place
 * (commune, then village by name), confirm, and only then the grant is written.
 */
const routes = new Hono<AppEnv>()

const GRANT_FIELDS = ['account_id', 'role', 'commune', 'q', 'scope_code'] as const

/** The grant form's values from the address (a search or a way back), each a short string or absent. */
function grantValues(c: Context<AppEnv>): GrantValues {
  const out: GrantValues = {}
  for (const k of GRANT_FIELDS) {
    const v = c.req.query(k)
    if (typeof v === 'string' && v !== '') out[k] = v.slice(0, 80)
  }
  if (out.commune && !placeCodeSchema.safeParse(out.commune).success) delete out.commune
  return out
}

const query = (v: GrantValues) => new URLSearchParams(Object.entries(v).filter(([, x]) => x)).toString()

async function PeoplePage({
  c,
  values = {},
  issues = [],
  flash,
}: {
  c: Context<AppEnv>
  values?: GrantValues
  issues?: FieldIssue[]
  flash?: string
}) {
  const l = c.get('locale')
  const user = c.get('user')!
  const asked = c.req.query('scope')
  const checked = asked === undefined ? undefined : placeCodeSchema.safeParse(asked)
  if (checked && !checked.success) throw validationError('scope', checked.error.issues[0]!.message)
  const scope = checked?.data ?? scopesFor(user, 'people.read')[0] ?? PROVINCE_CODE
  const rows = await people.listPeople(c.get('ctx'), user, scope)
  const picker = await placeChoices(c.get('ctx'), scopesFor(user, 'roles.assign'), values)
  return (
    <Layout c={c} title={t(l, 'nav.people')}>
      <h1>{t(l, 'nav.people')}</h1>
      {flash ? (
        <p class="flash" role="status" data-grant-done>
          {flash}
        </p>
      ) : null}
      <div class="table-wrap">
        {/* The compact cells of the places tables, so that four columns fit a 360 px phone. */}
        <table class="places">
          <thead>
            <tr>
              <th>{t(l, 'people.name')}</th>
              <th>{t(l, 'people.phone')}</th>
              <th>{t(l, 'people.place')}</th>
              <th>{t(l, 'privacy.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.display_name}</td>
                <td>{r.phone ?? r.username}</td>
                <td>{r.place_name ?? ''}</td>
                <td>
                  {/* Two actions, one per line: side by side in a narrow cell they read as one link. */}
                  <ul class="plain">
                    <li>
                      <a href={`/admin/people/${r.id}/export`} download>
                        {t(l, 'privacy.export.short')}
                      </a>
                    </li>
                    <li>
                      <a href={`/admin/people/${r.id}/erase`}>{t(l, 'privacy.erase.short')}</a>
                    </li>
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rolesAssignable(user).length ? (
        <GrantForm
          l={l}
          people={rows}
          roles={rolesAssignable(user)}
          communes={picker.communes}
          places={picker.places}
          more={picker.more}
          values={values}
          issues={issues}
        />
      ) : null}
    </Layout>
  )
}

const signIn = (c: Context<AppEnv>) => c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)

routes.get('/admin/people', async (c) => {
  if (!c.get('user')) return signIn(c)
  const done = c.req.query('granted')
  const grant = done ? await people.describeGrant(c.get('ctx'), c.get('user'), done) : null
  const l = c.get('locale')
  const flash = grant
    ? t(l, 'people.grant.done', {
        name: grant.target.displayName,
        role: t(l, `role.${grant.role}`),
        place: placeLabel(l, grant.place),
      })
    : undefined
  return c.html(<PeoplePage c={c} values={grantValues(c)} flash={flash} />)
})

/** A refused grant on the form: the page again, the choices kept, each problem naming its field. */
async function refused(c: Context<AppEnv>, err: unknown, values: GrantValues) {
  if (!(err instanceof AppError) || !['validation', 'forbidden'].includes(err.code)) throw err
  c.status(err.status as 400)
  const issues = err.issues.length ? err.issues : [{ field: 'form', message: err.message }]
  return c.html(<PeoplePage c={c} values={values} issues={issues} />)
}

/** The grant said in one sentence, with the button that writes it; nothing is written here. */
async function confirmation(c: Context<AppEnv>, raw: Record<string, unknown>, values: GrantValues) {
  const l = c.get('locale')
  // Someone who may grant no role is refused as such, whatever the form holds.
  if (!c.get('user') || !rolesAssignable(c.get('user')).length) throw forbidden()
  try {
    const parsed = assignRoleSchema.safeParse(raw)
    if (!parsed.success) throw fromZod(parsed.error)
    const grant = await people.checkGrant(c.get('ctx'), c.get('user'), parsed.data)
    return c.html(
      <Layout c={c} title={t(l, 'people.grant.confirm.title')}>
        <h1>{t(l, 'people.grant.confirm.title')}</h1>
        <ConfirmGrant c={c} grant={grant} back={`/admin/people?${query(values)}#grant`} />
      </Layout>,
    )
  } catch (err) {
    return refused(c, err, values)
  }
}

routes.get('/admin/roles/confirm', async (c) => {
  if (!c.get('user')) return signIn(c)
  const values = grantValues(c)
  const { account_id, role, scope_code } = values
  const raw = Object.fromEntries(Object.entries({ account_id, role, scope_code }).filter(([, v]) => v))
  return confirmation(c, raw, values)
})

const formGrantSchema = assignRoleSchema.extend({ confirmed: z.literal('1').optional() })

/**
 * JSON grants at once (the API). A form grants only once confirmed (`confirmed=1`, the
 * confirmation page's button); a form without it gets the confirmation page.
 */
routes.post('/admin/roles', async (c) => {
  if ((c.req.header('content-type') ?? '').startsWith('application/json')) {
    const input = await readBody(c, assignRoleSchema)
    const id = await people.assignRole(c.get('ctx'), c.get('user'), input)
    return c.json({ id }, 201)
  }
  const form = await c.req.parseBody()
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined)
  const values: GrantValues = {
    account_id: str('account_id'),
    role: str('role'),
    scope_code: str('scope_code'),
  }
  if (str('confirmed') !== '1') {
    const { _csrf, confirmed, ...raw } = form
    void _csrf
    void confirmed
    return confirmation(c, raw, values)
  }
  try {
    const { confirmed, ...input } = await readBody(c, formGrantSchema)
    void confirmed
    const id = await people.assignRole(c.get('ctx'), c.get('user'), input)
    return c.redirect(`/admin/people?granted=${id}`, 303)
  } catch (err) {
    return refused(c, err, values)
  }
})

routes.delete('/api/roles/:id', async (c) => {
  await people.revokeRole(c.get('ctx'), c.get('user'), c.req.param('id'))
  return c.body(null, 204)
})

export default routes
