import { Hono } from 'hono'
import type { AppEnv } from '../../web/env.ts'
import groupsRoutes from './groups.routes.tsx'
import helpRoutes from './help.routes.tsx'
import householdsRoutes from './households.routes.tsx'

/** The field tools: /groups, /help and /households, each page also usable as a JSON API. */
const routes = new Hono<AppEnv>()
routes.route('/', groupsRoutes)
routes.route('/', helpRoutes)
routes.route('/', householdsRoutes)

export default routes
