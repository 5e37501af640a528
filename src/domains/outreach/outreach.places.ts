import type { Ctx } from '../../core/context.ts'
import { validationError } from '../../core/errors.ts'
import { placeRef } from '../places/places.service.ts'

export type OutreachPlace = Awaited<ReturnType<typeof placeRef>>

/** A place the outreach tools work in (province, commune, ward or village); 400 naming `field` when unknown. */
export async function placeFor(ctx: Ctx, code: string, field = 'place'): Promise<OutreachPlace> {
  return placeRef(ctx, code).catch(() => {
    throw validationError(field, `unknown place ${code}`)
  })
}

/** A village by code; 400 naming `field` when the code is unknown or is not a village. */
export async function villageFor(ctx: Ctx, code: string, field = 'village'): Promise<OutreachPlace> {
  const p = await placeFor(ctx, code, field)
  if (p.kind !== 'village') throw validationError(field, `${code} is not a village`)
  return p
}
