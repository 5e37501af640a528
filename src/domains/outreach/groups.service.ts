import type { Ctx } from '../../core/context.ts'
import { stamp } from '../../core/context.ts'
import { AppError, validationError } from '../../core/errors.ts'
import { uuidv7 } from '../../core/ids.ts'
import { inTransaction } from '../../core/transaction.ts'
import { assertReaches, assignRole, currentUserById } from '../people/people.service.ts'
import type { CurrentUser } from '../people/people.types.ts'
import { assertCan, can } from '../people/policy.ts'
import { listVillages } from '../places/places.service.ts'
import { type OutreachPlace, placeFor } from './outreach.places.ts'
import type { AddMemberInput } from './outreach.schemas.ts'
import * as store from './outreach.store.ts'

/** A member as the group page shows them. */
export type GroupMember = {
  id: string
  accountId: string
  name: string
  phone: string | null
  groupRole: string
  since: string
}

const GROUP_KINDS = new Set(['village', 'commune', 'ward'])

/** The most members a group may have: per village, or per commune or ward (configurable). */
export function groupLimit(ctx: Ctx, place: { kind: string }): number {
  return place.kind === 'village' ? ctx.config.villageGroupMax : ctx.config.communeGroupMax
}

async function groupPlace(ctx: Ctx, code: string): Promise<OutreachPlace> {
  const place = await placeFor(ctx, code)
  if (!GROUP_KINDS.has(place.kind))
    throw validationError('place', `${code} is not a village, commune or ward: groups belong to those`)
  return place
}

async function membersOf(ctx: Ctx, groupId: string): Promise<GroupMember[]> {
  const rows = await store.activeMembers(ctx.db, groupId)
  const out: GroupMember[] = []
  for (const r of rows) {
    const u = await currentUserById(ctx, r.account_id).catch(() => null)
    out.push({
      id: r.id,
      accountId: r.account_id,
      name: u?.displayName ?? '—',
      phone: u?.phone ?? null,
      groupRole: r.group_role,
      since: r.since,
    })
  }
  return out
}

/** A place's group with its members (names and phones), its size limit and whether the reader may manage it. */
export async function getGroup(ctx: Ctx, user: CurrentUser | null, placeCode: string) {
  const place = await groupPlace(ctx, placeCode)
  assertCan(user, 'people.read', place)
  const group = await store.findGroup(ctx.db, place.code)
  return {
    place,
    group: group ?? null,
    members: group ? await membersOf(ctx, group.id) : [],
    limit: groupLimit(ctx, place),
    canManage: can(user, 'groups.manage', place),
  }
}

/** The groups of a commune: the commune's own group, then one per village, with member counts. */
export async function communeGroups(ctx: Ctx, user: CurrentUser | null, communeCode: string) {
  const commune = await groupPlace(ctx, communeCode)
  if (commune.kind === 'village') throw validationError('commune', `${communeCode} is a village`)
  assertCan(user, 'people.read', commune)
  const villages = await listVillages(ctx.db, commune.code)
  const counts = await store.memberCounts(ctx.db, [commune.code, ...villages.map((v) => v.code)])
  const row = (code: string, name: string, kind: string) => ({
    code,
    name,
    kind,
    members: counts.get(code) ?? 0,
    limit: groupLimit(ctx, { kind }),
  })
  return {
    commune,
    groups: [
      row(commune.code, commune.name, commune.kind),
      ...villages.map((v) => row(v.code, v.name, 'village')),
    ],
  }
}

/**
 * Adds a person to the group of a village or commune (creating the group with its first member).
 * Members are ambassadors of that place: the role is granted, with its audit record, when missing.
 * Refused with a message naming the limit when the group is full.
 */
export async function addMember(
  ctx: Ctx,
  user: CurrentUser | null,
  placeCode: string,
  input: AddMemberInput,
): Promise<string> {
  const place = await groupPlace(ctx, placeCode)
  assertCan(user, 'groups.manage', place)
  const person = await currentUserById(ctx, input.account_id).catch(() => {
    throw validationError('account_id', 'no such account')
  })
  await assertReaches(ctx, user, { id: person.id, place_code: person.placeCode })
  const limit = groupLimit(ctx, place)
  const full = () =>
    new AppError(
      'conflict',
      `account_id: the group of ${place.name} already has ${limit} members, the most allowed for a ${place.kind === 'village' ? 'village' : 'commune'}; remove a member first`,
      {
        issues: [
          { field: 'account_id', message: `the group already has ${limit} members, the most allowed` },
        ],
      },
    )
  const group = await store.ensureGroup(ctx.db, {
    id: uuidv7(),
    ...stamp(ctx),
    created_at: ctx.now().toISOString(),
    place_code: place.code,
    created_by: user.id,
  })
  const check = async (db: Ctx['db']) => {
    const members = await store.activeMembers(db, group.id)
    if (members.some((m) => m.account_id === person.id))
      throw new AppError('conflict', `account_id: ${person.displayName} is already a member of this group`, {
        issues: [{ field: 'account_id', message: 'already a member of this group' }],
      })
    if (members.length >= limit) throw full()
  }
  await check(ctx.db)
  if (!person.roles.some((r) => r.role === 'ambassador' && r.scopeCode === place.code)) {
    await assignRole(ctx, user, { account_id: person.id, role: 'ambassador', scope_code: place.code })
  }
  const id = uuidv7()
  await inTransaction(ctx, async (tx) => {
    // Touching the group row first makes concurrent additions wait, so the count below is exact.
    await store.lockGroup(tx.db, group.id, tx.clock.now())
    await check(tx.db)
    await store.insertMember(tx.db, {
      id,
      ...stamp(tx),
      created_at: tx.now().toISOString(),
      group_id: group.id,
      account_id: person.id,
      group_role: input.group_role,
      since: input.since ?? tx.now().toISOString().slice(0, 10),
      added_by: user.id,
      removed_at: null,
      removed_by: null,
    })
  })
  return id
}

/** Takes a person out of a group (kept as history); their ambassador role stays until revoked. */
export async function removeMember(
  ctx: Ctx,
  user: CurrentUser | null,
  placeCode: string,
  memberId: string,
): Promise<void> {
  const place = await groupPlace(ctx, placeCode)
  assertCan(user, 'groups.manage', place)
  const group = await store.findGroup(ctx.db, place.code)
  const member = await store.findMember(ctx.db, memberId)
  if (!group || !member || member.group_id !== group.id || member.removed_at)
    throw new AppError('not_found', `member ${memberId}: not found in this group`)
  await store.removeMember(ctx.db, member.id, {
    removed_at: ctx.now().toISOString(),
    removed_by: user.id,
    hlc: ctx.clock.now(),
  })
}
