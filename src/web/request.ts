import type { Context } from 'hono'
import type { z } from 'zod'
import { AppError, fromZod } from '../core/errors.ts'
import type { AppEnv } from './env.ts'

/**
 * Reads a request body as JSON or as a form, validated by a zod schema. Malformed JSON, unknown
 * fields and wrong types become a 400 that names the field. Form checkboxes arrive as "on".
 */
export async function readBody<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? ''
  let raw: unknown
  if (type.startsWith('application/json')) {
    const text = await c.req.text()
    try {
      raw = JSON.parse(text)
    } catch {
      throw new AppError('malformed_json', 'body: is not valid JSON')
    }
  } else {
    const form = await c.req.parseBody()
    const { _csrf, ...rest } = form as Record<string, unknown>
    void _csrf
    raw = Object.fromEntries(
      Object.entries(rest)
        .filter(([, v]) => v !== '')
        .map(([k, v]) => [k, v === 'on' ? true : v]),
    )
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw fromZod(parsed.error)
  return parsed.data
}

/** The client's address, for sign-in throttling. */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'local'
}
