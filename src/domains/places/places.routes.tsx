import type { Context } from 'hono'
import { Hono } from 'hono'
import type { z } from 'zod'
import { AppError, keyedError, validationError } from '../../core/errors.ts'
import type { AppEnv } from '../../web/env.ts'
import { readBody } from '../../web/request.ts'
import { can, PROVINCE } from '../people/policy.ts'
import { communeCodeSchema, placeCodeSchema, type VillageEdit, villageEditSchema } from './places.schemas.ts'
import * as places from './places.service.ts'
import { CommunePage, ImportPage, ProvincePage, ReachablePage, VillagePage } from './places.views.tsx'

/**
 * Province → commune or ward → village, as pages and as JSON. Every read goes through the policy
 * ('places.read' on the place); see docs/decisions/0008-places-need-places-read.md.
 */
const routes = new Hono<AppEnv>()

/** Validates a path parameter; a bad one is a 400 that names it. */
function param<S extends z.ZodType<string>>(c: Context<AppEnv>, name: string, schema: S): string {
  const r = schema.safeParse(c.req.param(name))
  if (!r.success) throw validationError(name, r.error.issues[0]!.message)
  return r.data
}

/** Pages send a signed-out visitor to the sign-in form and back; JSON gets a 401. */
function signInFirst(c: Context<AppEnv>) {
  return c.get('user') ? null : c.redirect(`/login?back=${encodeURIComponent(c.req.path)}`, 303)
}

const wantsJson = (c: Context<AppEnv>) => (c.req.header('content-type') ?? '').startsWith('application/json')

routes.get('/places', async (c) => {
  const redirect = signInFirst(c)
  if (redirect) return redirect
  const user = c.get('user')
  if (can(user, 'places.read', PROVINCE)) {
    const o = await places.provinceOverview(c.get('ctx'), user)
    return c.html(<ProvincePage c={c} {...o} canImport={can(user, 'places.write', PROVINCE)} />)
  }
  const { places: mine } = await places.reachablePlaces(c.get('ctx'), user)
  if (!mine.length) throw new AppError('forbidden', 'you may not places.read')
  const links = mine.map((p) => ({
    ...p,
    href: p.kind === 'village' ? `/places/${p.communeCode}/${p.code}` : `/places/${p.code}`,
  }))
  // One commune or one village (the usual officer or ambassador): go straight there.
  if (links.length === 1) return c.redirect(links[0]!.href, 303)
  return c.html(<ReachablePage c={c} places={links} />)
})

routes.get('/places/import', (c) => {
  const redirect = signInFirst(c)
  if (redirect) return redirect
  if (!can(c.get('user'), 'places.write', PROVINCE))
    throw new AppError('forbidden', 'you may not places.write')
  return c.html(<ImportPage c={c} />)
})

routes.post('/places/import', async (c) => {
  if (!can(c.get('user'), 'places.write', PROVINCE)) {
    throw new AppError(c.get('user') ? 'forbidden' : 'unauthenticated', 'you may not places.write')
  }
  const form = await c.req.parseBody()
  const file = form.file
  if (!(file instanceof File) || file.size === 0)
    throw keyedError('file', 'choose a CSV file', 'places.csv.choose_file')
  // Moving a village to another commune only when the operator ticked the box for it.
  const allowMoves = form.allow_moves === 'on' || form.allow_moves === 'true'
  const r = await places.importVillagesAs(c.get('ctx'), c.get('user'), await file.text(), { allowMoves })
  if (!r.ok) {
    c.status(400)
    return c.html(<ImportPage c={c} issues={r.issues} moves={r.moves} />)
  }
  return c.html(<ImportPage c={c} done={r} moves={r.moves} />)
})

routes.get('/places/v/:code', async (c) => {
  const redirect = signInFirst(c)
  if (redirect) return redirect
  const code = param(c, 'code', placeCodeSchema)
  const commune = await places.communeOfVillage(c.get('ctx'), code)
  // Check access before revealing where the village lies.
  await places.villageIn(c.get('ctx'), c.get('user'), commune, code)
  return c.redirect(`/places/${commune}/${code}`, 302)
})

routes.get('/places/:commune', async (c) => {
  const redirect = signInFirst(c)
  if (redirect) return redirect
  const code = param(c, 'commune', communeCodeSchema)
  const { unit, villages } = await places.communeWithVillages(c.get('ctx'), c.get('user'), code)
  return c.html(
    <CommunePage
      c={c}
      unit={unit}
      villages={villages}
      provinceLink={can(c.get('user'), 'places.read', PROVINCE)}
    />,
  )
})

async function villagePage(
  c: Context<AppEnv>,
  extra: { saved?: boolean; issues?: { field: string; message: string }[] } = {},
) {
  const commune = param(c, 'commune', communeCodeSchema)
  const code = param(c, 'village', placeCodeSchema)
  const { village, unit } = await places.villageIn(c.get('ctx'), c.get('user'), commune, code)
  const user = c.get('user')
  const links = {
    province: can(user, 'places.read', PROVINCE),
    unit: can(user, 'places.read', { code: unit.code, communeCode: unit.code }),
  }
  const canEdit = can(user, 'places.write', { code: village.code, communeCode: village.communeCode })
  return c.html(
    <VillagePage c={c} unit={unit} village={village} links={links} canEdit={canEdit} {...extra} />,
  )
}

routes.get('/places/:commune/:village', async (c) => signInFirst(c) ?? villagePage(c))

routes.post('/places/:commune/:village', async (c) => {
  const commune = param(c, 'commune', communeCodeSchema)
  const code = param(c, 'village', placeCodeSchema)
  // The village must lie in the commune named by the URL (404 otherwise), and be readable.
  await places.villageIn(c.get('ctx'), c.get('user'), commune, code)
  let input: VillageEdit
  try {
    input = await readBody(c, villageEditSchema)
  } catch (err) {
    if (wantsJson(c) || !(err instanceof AppError) || err.code !== 'validation') throw err
    c.status(400)
    return villagePage(c, { issues: err.issues })
  }
  const village = await places.editVillage(c.get('ctx'), c.get('user'), code, input)
  if (wantsJson(c)) return c.json(village)
  return villagePage(c, { saved: true })
})

routes.get('/api/places/province', async (c) => {
  const o = await places.provinceOverview(c.get('ctx'), c.get('user'))
  return c.json({ ...o.province, units: o.communes.length, villages: o.totals })
})

routes.get('/api/places/villages/:code', async (c) => {
  const code = param(c, 'code', placeCodeSchema)
  const commune = await places.communeOfVillage(c.get('ctx'), code)
  const { village } = await places.villageIn(c.get('ctx'), c.get('user'), commune, code)
  return c.json(village)
})

routes.get('/api/places/communes', async (c) => {
  const list = await places.readableCommunes(c.get('ctx'), c.get('user'))
  return c.json(list)
})

routes.get('/api/places/communes/:code/villages', async (c) => {
  const code = param(c, 'code', communeCodeSchema)
  const { villages } = await places.communeWithVillages(c.get('ctx'), c.get('user'), code)
  return c.json(villages)
})

export default routes
