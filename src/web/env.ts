import type { Ctx } from '../core/context.ts'
import type { Locale } from '../core/i18n.ts'
import type { CurrentUser } from '../domains/people/people.types.ts'

/** Variables every request carries through Hono's context. */
export type AppEnv = {
  Variables: {
    ctx: Ctx
    locale: Locale
    user: CurrentUser | null
    sessionId: string | null
    /** The public content stamp read with the session (null signed out): see `publicReads`. */
    publicStamp: string | null
    csrf: string
  }
}
