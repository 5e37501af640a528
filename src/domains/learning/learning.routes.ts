import { Hono } from 'hono'
import type { AppEnv } from '../../web/env.ts'
import catalogueRoutes from './catalogue.routes.tsx'
import lessonRoutes from './lesson.routes.tsx'
import mediaRoutes from './media.routes.ts'
import myRoutes from './my.routes.tsx'
import quizRoutes from './quiz.routes.tsx'
import searchRoutes from './search.routes.tsx'
import translationsRoutes from './translations.routes.tsx'
import xapiRoutes from './xapi.routes.ts'

/** Every page and API of the learning domain (its fact kinds are registered by learning.module.ts). */
const routes = new Hono<AppEnv>()
routes.route('/', mediaRoutes)
routes.route('/', catalogueRoutes)
routes.route('/', quizRoutes)
routes.route('/', lessonRoutes)
routes.route('/', myRoutes)
routes.route('/', searchRoutes)
routes.route('/', translationsRoutes)
routes.route('/', xapiRoutes)

export default routes
