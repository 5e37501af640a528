import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../core/db.ts'
import type { CampaignTables } from './campaign.tables.ts'

export type TargetRow = Selectable<CampaignTables['campaign_targets']>

/** Live targets of some scopes, by deadline. */
export function targetsOf(db: Db, scopes: string[]): Promise<TargetRow[]> {
  if (!scopes.length) return Promise.resolve([])
  return db
    .selectFrom('campaign_targets')
    .selectAll()
    .where('scope_code', 'in', scopes)
    .where('deleted_at', 'is', null)
    .orderBy('deadline')
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

/** One target (withdrawn ones too), or undefined. */
export function findTarget(db: Db, id: string): Promise<TargetRow | undefined> {
  return db.selectFrom('campaign_targets').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertTarget(
  db: Db,
  row: Insertable<CampaignTables['campaign_targets']>,
): Promise<void> {
  await db.insertInto('campaign_targets').values(row).execute()
}

export async function updateTarget(
  db: Db,
  id: string,
  set: Partial<Omit<TargetRow, 'id' | 'created_at' | 'created_by'>>,
): Promise<void> {
  await db.updateTable('campaign_targets').set(set).where('id', '=', id).execute()
}

/** Every live target, in the order they were set (a plan's targets in its file's order). */
export function liveTargets(db: Db): Promise<TargetRow[]> {
  return db
    .selectFrom('campaign_targets')
    .selectAll()
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export type PlanRecord = Selectable<CampaignTables['campaign_plans']>

/** The plans imported, by id. */
export function plans(db: Db): Promise<PlanRecord[]> {
  return db.selectFrom('campaign_plans').selectAll().orderBy('id').execute()
}

/** Records a plan's title and source (a new import of the same plan replaces them). */
export async function putPlan(db: Db, row: PlanRecord): Promise<void> {
  await db
    .insertInto('campaign_plans')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ title: row.title, source: row.source, imported_at: row.imported_at }),
    )
    .execute()
}
