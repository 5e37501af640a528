import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { type FieldIssue, fromZod } from '../../core/errors.ts'
import { formatDate, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import { listPeople } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { listCommunes } from '../places/places.service.ts'
import { addMember, communeGroups, getGroup, removeMember } from './groups.service.ts'
import { placeFor } from './outreach.places.ts'
import { addMemberSchema, formish, GROUP_ROLES } from './outreach.schemas.ts'
import { Errors, Flash, fieldValue, isFormError, isJson, issuesOf, label } from './outreach.views.tsx'

const routes = new Hono<AppEnv>()

function signIn(c: Context<AppEnv>) {
  return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
}

routes.get('/groups', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const home = scopesFor(user, 'groups.manage')[0] ?? scopesFor(user, 'people.read')[0] ?? PROVINCE_CODE
  const place = await placeFor(ctx, c.req.query('commune') ?? home, 'commune')
  if (place.kind === 'village') return c.redirect(`/groups/${place.code}`, 303)
  if (place.kind === 'province') {
    const communes = await listCommunes(ctx.db)
    return c.html(
      <Layout c={c} title={t(l, 'grp.title')}>
        <h1>{t(l, 'grp.title')}</h1>
        <h2>{t(l, 'grp.communes')}</h2>
        <ul class="plain">
          {communes.map((u) => (
            <li>
              <a href={`/groups?commune=${u.code}`}>{u.name}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    )
  }
  const { commune, groups } = await communeGroups(ctx, user, place.code)
  return c.html(
    <Layout c={c} title={`${t(l, 'grp.title')} – ${commune.name}`}>
      <h1>{`${t(l, 'grp.title')} – ${commune.name}`}</h1>
      <ul class="plain">
        {groups.map((g) => (
          <li class="card">
            <a href={`/groups/${g.code}`}>{g.name}</a>{' '}
            <span class={`badge${g.members >= g.limit ? ' good' : ''}`}>
              {t(l, 'grp.count', { count: g.members, limit: g.limit })}
            </span>
          </li>
        ))}
      </ul>
    </Layout>,
  )
})

async function groupPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  code: string,
  opts: { values?: Record<string, unknown>; issues?: FieldIssue[] } = {},
) {
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const g = await getGroup(ctx, user, code)
  const title = t(l, 'grp.place.title', { place: g.place.name })
  const issues = opts.issues ?? []
  const values = opts.values ?? {}
  const memberIds = new Set(g.members.map((m) => m.accountId))
  const candidates = g.canManage
    ? (await listPeople(ctx, user, g.place.code)).filter((p) => !memberIds.has(p.id))
    : []
  const flash = c.req.query('saved') ? t(l, 'grp.saved') : c.req.query('removed') ? t(l, 'grp.removed') : null
  return c.html(
    <Layout c={c} title={title}>
      {g.canManage && g.place.communeCode && g.place.kind === 'village' ? (
        <p class="crumbs">
          <a href={`/groups?commune=${g.place.communeCode}`}>{t(l, 'grp.title')}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <Flash text={flash} />
      <p>
        <span class="badge">{t(l, 'grp.count', { count: g.members.length, limit: g.limit })}</span>
      </p>
      {g.group && !g.members.some((m) => m.groupRole === 'leader') ? (
        <p class="notice" role="status">
          {t(l, 'grp.no_leader')}
        </p>
      ) : null}
      {g.members.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(l, 'people.name')}</th>
                <th>{t(l, 'people.phone')}</th>
                <th>{t(l, 'grp.group_role')}</th>
                <th>{t(l, 'grp.since')}</th>
                {g.canManage ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {g.members.map((m) => (
                <tr>
                  <td>{m.name}</td>
                  <td>{m.phone ? <a href={`tel:${m.phone}`}>{m.phone}</a> : '—'}</td>
                  <td>{label(c, 'grp.role', m.groupRole)}</td>
                  <td>{formatDate(l, `${m.since}T00:00:00+07:00`)}</td>
                  {g.canManage ? (
                    <td>
                      <form
                        method="post"
                        action={`/groups/${g.place.code}/members/${m.id}/remove`}
                        class="inline"
                      >
                        <CsrfField c={c} />
                        <button type="submit" class="secondary small">
                          {t(l, 'grp.remove')}
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">{t(l, 'grp.empty')}</p>
      )}
      {g.canManage ? (
        <>
          <h2>{t(l, 'grp.add')}</h2>
          <Errors issues={issues} />
          {g.members.length >= g.limit ? <p class="notice">{t(l, 'grp.full', { limit: g.limit })}</p> : null}
          <form method="post" action={`/groups/${g.place.code}/members`} class="stack">
            <CsrfField c={c} />
            <label>
              {t(l, 'grp.person')}
              <select name="account_id" required>
                <option value="">{t(l, 'help.person.choose')}</option>
                {candidates.map((p) => (
                  <option value={p.id} selected={fieldValue(values, 'account_id') === p.id}>
                    {`${p.display_name} · ${p.phone ?? p.username ?? ''}`}
                  </option>
                ))}
              </select>
            </label>
            <fieldset class="tiles cols2">
              <legend>{t(l, 'grp.group_role')}</legend>
              {GROUP_ROLES.map((r) => (
                <label class="tile">
                  <input
                    type="radio"
                    name="group_role"
                    value={r}
                    checked={(fieldValue(values, 'group_role') || 'member') === r}
                  />
                  <span>{t(l, `grp.role.${r}`)}</span>
                </label>
              ))}
            </fieldset>
            <label>
              {t(l, 'grp.since')}
              <input
                type="date"
                name="since"
                value={fieldValue(values, 'since') || ctx.now().toISOString().slice(0, 10)}
              />
            </label>
            <p class="muted small">{t(l, 'grp.add.hint')}</p>
            <button type="submit">{t(l, 'grp.add.submit')}</button>
          </form>
        </>
      ) : null}
    </Layout>,
  )
}

/** A group's page: members with phone, role in the group and since when; the officer's add form. */
routes.get('/groups/:place', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  return groupPage(c, user, c.req.param('place'))
})

/** A group as JSON. */
routes.get('/api/groups/:place', async (c) => {
  const g = await getGroup(c.get('ctx'), c.get('user'), c.req.param('place'))
  return c.json({
    place: { code: g.place.code, name: g.place.name, kind: g.place.kind },
    limit: g.limit,
    members: g.members,
  })
})

/** Adds a member: a form post (back to the group page) or JSON (`{ id }`). */
routes.post('/groups/:place/members', async (c) => {
  const user = c.get('user')
  const place = c.req.param('place')
  const body = await readBody(c, z.record(z.string(), z.unknown()))
  try {
    const parsed = addMemberSchema.safeParse(body)
    if (!parsed.success) throw fromZod(parsed.error)
    const id = await addMember(c.get('ctx'), user, place, parsed.data)
    if (isJson(c)) return c.json({ id }, 201)
    return c.redirect(`/groups/${place}?saved=1`, 303)
  } catch (err) {
    if (isJson(c) || !user || !isFormError(err)) throw err
    c.status(err.status as 400)
    return groupPage(c, user, place, {
      values: formish(body) as Record<string, unknown>,
      issues: issuesOf(err, 'account_id'),
    })
  }
})

/** Takes a member out of the group (kept as history). */
routes.post('/groups/:place/members/:id/remove', async (c) => {
  const place = c.req.param('place')
  await removeMember(c.get('ctx'), c.get('user'), place, c.req.param('id'))
  if (isJson(c)) return c.json({ removed: true })
  return c.redirect(`/groups/${place}?removed=1`, 303)
})

export default routes
