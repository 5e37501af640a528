import type { Ctx } from '../../core/context.ts'
import type { Db } from '../../core/db.ts'
import { uuidv7 } from '../../core/ids.ts'

/** Writes one audit record; given the transaction's context (tx), it commits with the change it describes. */
export async function writeAudit(
  ctx: Ctx,
  entry: { actorId: string | null; action: string; targetType: string; targetId: string; detail?: unknown },
): Promise<void> {
  await ctx.db
    .insertInto('audit_log')
    .values({
      id: uuidv7(),
      origin_node: ctx.nodeId,
      at: ctx.now().toISOString(),
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute()
}

/** The audit trail of one target, newest first. */
export async function auditFor(db: Db, targetType: string, targetId: string) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}
