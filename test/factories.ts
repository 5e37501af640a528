import type { Ctx } from '../src/core/context.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/domains/demo/demo.seed.ts'
import { createAccount } from '../src/domains/people/people.service.ts'
import { PROVINCE_CODE } from '../src/domains/people/policy.ts'
import { seedDemoVillages } from '../src/domains/places/places.service.ts'

/**
 * The spine's part of the demo: the 1,446 villages and the demo accounts (password demo1234),
 * without the other domains' demo activity, for tests that need places and people only.
 */
export async function seedPlacesAndPeople(ctx: Ctx): Promise<void> {
  await seedDemoVillages(ctx)
  for (const a of DEMO_ACCOUNTS) {
    await createAccount(
      ctx,
      {
        displayName: a.name,
        username: a.login,
        password: DEMO_PASSWORD,
        placeCode: a.scope === PROVINCE_CODE ? null : a.scope,
        demo: true,
      },
      [{ role: a.role, scopeCode: a.scope, languages: a.languages }],
    )
  }
}

/** Number of rows in a table, to show that a refused request wrote nothing. */
export async function countRows(
  ctx: Ctx,
  table: 'accounts' | 'role_assignments' | 'consents' | 'audit_log' | 'places' | 'sessions' | 'facts',
): Promise<number> {
  const r = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** A password for accounts tests make themselves: real accounts must have one hard to guess. */
export const TEST_PASSWORD = 'Ruộng-bậc-thang-2026'
