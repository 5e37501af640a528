import type { Insertable, Selectable } from 'kysely'
import { type Db, preparedRows } from '../../core/db.ts'
import { PROVINCE_CODE } from '../people/policy.ts'
import { CRITERIA } from './outreach.schemas.ts'
import type { OutreachTables } from './outreach.tables.ts'

export type GroupRow = Selectable<OutreachTables['outreach_groups']>
export type MemberRow = Selectable<OutreachTables['outreach_group_members']>
export type HelpRow = Selectable<OutreachTables['outreach_help']>
export type HouseholdRow = Selectable<OutreachTables['outreach_households']>

/** The group of a place, if it has one. */
export function findGroup(db: Db, placeCode: string) {
  return db.selectFrom('outreach_groups').selectAll().where('place_code', '=', placeCode).executeTakeFirst()
}

/** Creates the group of a place unless it exists (safe when two officers add the first member at once). */
export async function ensureGroup(db: Db, row: Insertable<OutreachTables['outreach_groups']>) {
  await db
    .insertInto('outreach_groups')
    .values(row)
    .onConflict((oc) => oc.column('place_code').doNothing())
    .execute()
  return (await findGroup(db, row.place_code))!
}

/** Touches the group row: inside a transaction this serialises concurrent changes to its members. */
export function lockGroup(db: Db, groupId: string, hlc: string) {
  return db.updateTable('outreach_groups').set({ hlc }).where('id', '=', groupId).execute()
}

/** Current members of a group, leaders first, then by the day they joined. */
export function activeMembers(db: Db, groupId: string) {
  return db
    .selectFrom('outreach_group_members')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('removed_at', 'is', null)
    .orderBy('group_role')
    .orderBy('since')
    .execute()
}

export function insertMember(db: Db, row: Insertable<OutreachTables['outreach_group_members']>) {
  return db.insertInto('outreach_group_members').values(row).execute()
}

export function findMember(db: Db, id: string) {
  return db.selectFrom('outreach_group_members').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Marks a member as having left (the row stays as history). */
export function removeMember(
  db: Db,
  id: string,
  set: { removed_at: string; removed_by: string; hlc: string },
) {
  return db
    .updateTable('outreach_group_members')
    .set(set)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .execute()
}

/** Number of current members per group place, for the places given. */
export async function memberCounts(db: Db, placeCodes: string[]): Promise<Map<string, number>> {
  if (!placeCodes.length) return new Map()
  const rows = await db
    .selectFrom('outreach_groups as g')
    .innerJoin('outreach_group_members as m', 'm.group_id', 'g.id')
    .select((eb) => ['g.place_code', eb.fn.countAll<number>().as('n')])
    .where('g.place_code', 'in', placeCodes)
    .where('m.removed_at', 'is', null)
    .groupBy('g.place_code')
    .execute()
  return new Map(rows.map((r) => [r.place_code, Number(r.n)]))
}

export function insertHelp(db: Db, row: Insertable<OutreachTables['outreach_help']>) {
  return db.insertInto('outreach_help').values(row).execute()
}

export function findHelp(db: Db, id: string) {
  return db.selectFrom('outreach_help').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Marks a help row as replaced by its correction; false when it was already replaced. */
export async function replaceHelp(db: Db, id: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable('outreach_help')
    .set({ replaced_by: by })
    .where('id', '=', id)
    .where('replaced_by', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Sets which record replaced each of these (null: it stands), as its correction tree settles. */
export async function setReplaced(db: Db, rows: [string, string | null][]): Promise<void> {
  for (const [id, by] of rows)
    await db.updateTable('outreach_help').set({ replaced_by: by }).where('id', '=', id).execute()
}

/** Current help rows (corrections applied), newest first: by author, or within a village or commune. */
export function listHelp(db: Db, by: { actorId?: string; placeCode?: string }, limit = 50) {
  let q = db.selectFrom('outreach_help').selectAll().where('replaced_by', 'is', null)
  if (by.actorId) q = q.where('actor_id', '=', by.actorId)
  const place = by.placeCode
  if (place && place !== PROVINCE_CODE)
    q = q.where((eb) => eb.or([eb('village_code', '=', place), eb('commune_code', '=', place)]))
  return q.orderBy('helped_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/**
 * Stores a household's checklist unless a later check is already there: checks made offline may
 * arrive out of order, and the latest by time (then by id) wins on every node alike.
 */
export async function upsertHousehold(db: Db, row: HouseholdRow): Promise<void> {
  const { id: _id, village_code: _v, label: _l, ...rest } = row
  await db
    .insertInto('outreach_households')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['village_code', 'label'])
        .doUpdateSet(rest)
        .where((eb) =>
          eb.or([
            eb('outreach_households.checked_at', '<', row.checked_at),
            eb.and([
              eb('outreach_households.checked_at', '=', row.checked_at),
              eb('outreach_households.fact_id', '<', row.fact_id),
            ]),
          ]),
        ),
    )
    .execute()
}

/** Writes a household's row from this check, later or not (its correction tree settled on it). */
export async function putHousehold(db: Db, row: HouseholdRow): Promise<void> {
  const { id: _id, village_code: _v, label: _l, ...rest } = row
  await db
    .insertInto('outreach_households')
    .values(row)
    .onConflict((oc) => oc.columns(['village_code', 'label']).doUpdateSet(rest))
    .execute()
}

/** Removes a household whose every check was corrected away. */
export async function deleteHousehold(db: Db, villageCode: string, label: string): Promise<void> {
  await db
    .deleteFrom('outreach_households')
    .where('village_code', '=', villageCode)
    .where('label', '=', label)
    .execute()
}

/** Is this check later than that one: by time, then by fact id (the order upsertHousehold keeps)? */
export function isLater(a: HouseholdRow, b: HouseholdRow): boolean {
  return a.checked_at > b.checked_at || (a.checked_at === b.checked_at && a.fact_id > b.fact_id)
}

/**
 * upsertHousehold for many households at once, one statement per 300 rows; at most one row per
 * household (PostgreSQL refuses to update a row twice in one statement).
 */
export const upsertHouseholds = preparedRows<HouseholdRow>(
  [
    'id',
    'origin_node',
    'village_code',
    'commune_code',
    'label',
    'smartphone',
    'internet',
    'vneid_all_adults',
    'payment_account',
    'online_public_services',
    'course_completed',
    'checked_at',
    'checked_by',
    'fact_id',
  ],
  300,
  (db, rows) =>
    db
      .insertInto('outreach_households')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['village_code', 'label'])
          .doUpdateSet((eb) => ({
            origin_node: eb.ref('excluded.origin_node'),
            commune_code: eb.ref('excluded.commune_code'),
            smartphone: eb.ref('excluded.smartphone'),
            internet: eb.ref('excluded.internet'),
            vneid_all_adults: eb.ref('excluded.vneid_all_adults'),
            payment_account: eb.ref('excluded.payment_account'),
            online_public_services: eb.ref('excluded.online_public_services'),
            course_completed: eb.ref('excluded.course_completed'),
            checked_at: eb.ref('excluded.checked_at'),
            checked_by: eb.ref('excluded.checked_by'),
            fact_id: eb.ref('excluded.fact_id'),
          }))
          .where((eb) =>
            eb.or([
              eb('outreach_households.checked_at', '<', eb.ref('excluded.checked_at')),
              eb.and([
                eb('outreach_households.checked_at', '=', eb.ref('excluded.checked_at')),
                eb('outreach_households.fact_id', '<', eb.ref('excluded.fact_id')),
              ]),
            ]),
          ),
      ),
)

/** Every household of a village, by label. */
export function listHouseholds(db: Db, villageCode: string) {
  return db
    .selectFrom('outreach_households')
    .selectAll()
    .where('village_code', '=', villageCode)
    .orderBy('label')
    .execute()
}

export function findHousehold(db: Db, villageCode: string, label: string) {
  return db
    .selectFrom('outreach_households')
    .selectAll()
    .where('village_code', '=', villageCode)
    .where('label', '=', label)
    .executeTakeFirst()
}

/** Households checked and how many meet each criterion, per village, for the villages given. */
export async function householdCounts(db: Db, villageCodes: string[]) {
  if (!villageCodes.length) return []
  const rows = await db
    .selectFrom('outreach_households')
    .select((eb) => [
      'village_code',
      eb.fn.countAll<number>().as('total'),
      ...CRITERIA.map((c) => eb.fn.sum<number>(c).as(c)),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and(CRITERIA.map((c) => eb(c, '=', 1))))
            .then(1)
            .else(0)
            .end(),
        )
        .as('all_criteria'),
    ])
    .where('village_code', 'in', villageCodes)
    .groupBy('village_code')
    .execute()
  return rows.map((r) => {
    const rec = r as unknown as Record<string, unknown>
    return {
      villageCode: r.village_code,
      total: Number(r.total),
      allCriteria: Number(r.all_criteria ?? 0),
      criteria: Object.fromEntries(CRITERIA.map((c) => [c, Number(rec[c] ?? 0)])) as Record<
        (typeof CRITERIA)[number],
        number
      >,
    }
  })
}
