import type { Ctx } from '../../core/context.ts'
import { listPeople, login, logout } from '../people/people.service.ts'
import { addMember } from './groups.service.ts'
import { checkHousehold } from './households.service.ts'

/**
 * Demo: the technology group of the demo village with the demo ambassador as its leader, and a
 * few households checked, done the way people would: the demo officer signs in, adds the
 * ambassador, signs out; the ambassador checks three households.
 */
export async function seedOutreachDemo(
  ctx: Ctx,
  opts: { village: string; officer: string; ambassador: string; password: string },
): Promise<void> {
  const meta = { address: 'demo-seed' }
  const officer = await login(ctx, { login: opts.officer, password: opts.password }, meta)
  try {
    const people = await listPeople(ctx, officer.user, opts.village)
    const amb = people.find((p) => p.username === opts.ambassador)
    if (!amb) throw new Error(`demo account ${opts.ambassador} not found in ${opts.village}`)
    await addMember(ctx, officer.user, opts.village, { account_id: amb.id, group_role: 'leader' })
  } finally {
    await logout(ctx, officer.token)
  }
  const ambassador = await login(ctx, { login: opts.ambassador, password: opts.password }, meta)
  try {
    const all = { smartphone: true, internet: true, vneid_all_adults: true, payment_account: true }
    const none = { smartphone: false, internet: false, vneid_all_adults: false, payment_account: false }
    const checks = [
      { household: '1', ...all, online_public_services: true, course_completed: true },
      { household: '2', ...all, online_public_services: false, course_completed: true },
      { household: '3', ...none, smartphone: true, online_public_services: false, course_completed: false },
    ]
    for (const h of checks) await checkHousehold(ctx, ambassador.user, { village: opts.village, ...h })
  } finally {
    await logout(ctx, ambassador.token)
  }
}
