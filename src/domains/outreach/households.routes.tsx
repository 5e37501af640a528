import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { AppError, type FieldIssue, fromZod } from '../../core/errors.ts'
import { formatPercent, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField, Layout } from '../../web/layout.tsx'
import { readBody } from '../../web/request.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { can, PROVINCE_CODE, scopesFor } from '../people/policy.ts'
import { listCommunes } from '../places/places.service.ts'
import { checkHousehold, communeHouseholds, findHousehold, villageHouseholds } from './households.service.ts'
import { placeFor } from './outreach.places.ts'
import { CRITERIA, formish, householdDataSchema } from './outreach.schemas.ts'
import { Errors, Flash, fieldValue, isFormError, isJson, issuesOf, When } from './outreach.views.tsx'

const routes = new Hono<AppEnv>()

function signIn(c: Context<AppEnv>) {
  return c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
}

/** Where the reader starts: the place of their first role that may check households, else read places. */
function homeScope(user: CurrentUser): string {
  return scopesFor(user, 'households.write')[0] ?? scopesFor(user, 'places.read')[0] ?? PROVINCE_CODE
}

routes.get('/households', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const place = await placeFor(ctx, c.req.query('commune') ?? homeScope(user))
  if (place.kind === 'village') return c.redirect(`/households/${place.code}`, 303)
  if (place.kind === 'province') {
    const communes = await listCommunes(ctx.db)
    return c.html(
      <Layout c={c} title={t(l, 'hh.title')}>
        <h1>{t(l, 'hh.title')}</h1>
        <ul class="plain">
          {communes.map((u) => (
            <li>
              <a href={`/households?commune=${u.code}`}>{u.name}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    )
  }
  const { commune, villages } = await communeHouseholds(ctx, user, place.code)
  return c.html(
    <Layout c={c} title={`${t(l, 'hh.title')} – ${commune.name}`}>
      <h1>{`${t(l, 'hh.title')} – ${commune.name}`}</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t(l, 'hh.villages')}</th>
              <th class="num">{t(l, 'hh.list')}</th>
              <th class="num">{t(l, 'hh.all')}</th>
            </tr>
          </thead>
          <tbody>
            {villages.map((v) => (
              <tr>
                <td>
                  <a href={`/households/${v.code}`}>{v.name}</a>
                </td>
                <td class="num">{v.counts.total}</td>
                <td class="num">{v.counts.allCriteria}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  )
})

async function villagePage(
  c: Context<AppEnv>,
  user: CurrentUser,
  code: string,
  opts: { values?: Record<string, unknown>; issues?: FieldIssue[] } = {},
) {
  const l = c.get('locale')
  const ctx = c.get('ctx')
  const { village, counts, households } = await villageHouseholds(ctx, user, code)
  const asked = c.req.query('household')
  const prior = asked ? await findHousehold(ctx, user, village.code, asked) : null
  const values: Record<string, unknown> =
    opts.values ??
    (prior
      ? { household: prior.label, ...Object.fromEntries(CRITERIA.map((k) => [k, prior[k] === 1])) }
      : { household: asked })
  const issues = opts.issues ?? []
  const bad = new Set(issues.map((i) => i.field))
  const saved = c.req.query('saved')
  const share = (n: number) => (counts.total ? formatPercent(l, n / counts.total) : '–')
  const title = t(l, 'hh.village.title', { village: village.name })
  return c.html(
    <Layout c={c} title={title} scripts={['outreach.js']}>
      <p class="crumbs">
        <a href={`/households?commune=${village.communeCode}`}>{t(l, 'hh.title')}</a>
      </p>
      <h1>{title}</h1>
      <Flash text={saved ? t(l, 'hh.saved', { label: saved }) : null} />
      <div class="stats">
        <div class="stat">
          <b>{counts.total}</b>
          {t(l, 'hh.stat.checked')}
        </div>
        <div class="stat">
          <b>{counts.allCriteria}</b>
          {t(l, 'hh.all')}
        </div>
      </div>
      <div class="table-wrap">
        <table class="hh-counts">
          <tbody>
            {CRITERIA.map((k) => (
              <tr data-criterion={k}>
                <th scope="row">{t(l, `hh.crit.${k}`)}</th>
                <td class="num">{counts.criteria[k]}</td>
                <td class="num">{share(counts.criteria[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can(user, 'households.write', village) ? (
        <>
          <h2 id="check">{t(l, 'hh.form')}</h2>
          <Errors issues={issues} />
          <p class="flash" role="status" hidden data-outbox-flash>
            {t(l, 'help.saved.device')}
          </p>
          <form
            method="post"
            action="/households"
            class="stack"
            data-outbox-kind="household_checked"
            data-outbox-reset=""
          >
            <CsrfField c={c} />
            <input type="hidden" name="village" value={village.code} />
            <label>
              {t(l, 'hh.household')}
              <input
                name="household"
                value={fieldValue(values, 'household')}
                required
                maxlength={20}
                autocomplete="off"
                aria-invalid={bad.has('household') ? 'true' : undefined}
              />
              <span class="muted small">{t(l, 'hh.household.hint')}</span>
            </label>
            {CRITERIA.map((k) => (
              <label class="check tile">
                <input type="checkbox" name={k} checked={values[k] === true} />
                <span>{t(l, `hh.crit.${k}`)}</span>
              </label>
            ))}
            <button type="submit" class="big">
              {t(l, 'hh.submit')}
            </button>
          </form>
        </>
      ) : null}
      <h2>{t(l, 'hh.list')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t(l, 'hh.household')}</th>
              <th class="num">/6</th>
              <th>{t(l, 'hh.checked_at')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {households.map((h) => (
              <tr>
                <td>{h.label}</td>
                <td class="num">{CRITERIA.filter((k) => h[k] === 1).length}</td>
                <td>
                  <When c={c} at={h.checked_at} />
                </td>
                <td>
                  <a href={`/households/${village.code}?household=${encodeURIComponent(h.label)}#check`}>
                    {t(l, 'hh.edit')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  )
}

/** The Digital family page of a village: counts per criterion, the checklist form, the households. */
routes.get('/households/:village', async (c) => {
  const user = c.get('user')
  if (!user) return signIn(c)
  return villagePage(c, user, c.req.param('village'))
})

/** Saves one household's checklist: a plain form post (back to the village page) or JSON (`{ id }`). */
routes.post('/households', async (c) => {
  const user = c.get('user')
  const body = await readBody(c, z.record(z.string(), z.unknown()))
  try {
    const parsed = householdDataSchema.safeParse(body)
    if (!parsed.success) throw fromZod(parsed.error)
    const id = await checkHousehold(c.get('ctx'), user, parsed.data)
    if (isJson(c)) return c.json({ id }, 201)
    return c.redirect(
      `/households/${parsed.data.village}?saved=${encodeURIComponent(parsed.data.household)}`,
      303,
    )
  } catch (err) {
    if (isJson(c) || !user || !isFormError(err) || typeof body.village !== 'string') throw err
    c.status(err.status as 400)
    const values = formish(body) as Record<string, unknown>
    return villagePage(c, user, body.village, { values, issues: issuesOf(err) }).catch(() => {
      throw err
    })
  }
})

/** The Digital family counts of a village as JSON. */
routes.get('/api/households/:village', async (c) => {
  if (!c.get('user')) throw new AppError('unauthenticated', 'sign in to continue')
  return c.json(await villageHouseholds(c.get('ctx'), c.get('user'), c.req.param('village')))
})

export default routes
