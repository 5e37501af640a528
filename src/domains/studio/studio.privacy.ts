import { join } from 'node:path'
import type { Db } from '../../core/db.ts'
import type { TxCtx } from '../../core/transaction.ts'
import { audioBlobKey, audioDir } from './studio.service.ts'

/** The recordings a person made in the studio, and whether each is published lesson audio. */
export async function recordingsOf(db: Db, accountId: string) {
  const published = await publishedAudio(db)
  const rows = await db
    .selectFrom('studio_audio')
    .select(['id', 'course_slug', 'lesson_key', 'lang', 'mime', 'bytes', 'duration_ms', 'created_at'])
    .where('uploaded_by', '=', accountId)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => ({ ...r, published: published.has(r.id) }))
}

async function publishedAudio(db: Db): Promise<Set<string>> {
  const rows = await db
    .selectFrom('studio_translations')
    .select('approved_audio_id')
    .where('approved_audio_id', 'is not', null)
    .execute()
  return new Set(rows.map((r) => r.approved_audio_id!))
}

/**
 * Deletes the takes a person recorded that were never approved, in the caller's transaction: a
 * voice is personal data, and a draft take is nobody's lesson yet. Approved recordings are the
 * lesson audio learners hear; they stay, linked only by the account id, which names nobody once
 * the account is erased. Returns the files to remove once the transaction has committed.
 */
export async function eraseDraftRecordingsOf(tx: TxCtx, accountId: string): Promise<string[]> {
  const published = await publishedAudio(tx.db)
  const drafts = (
    await tx.db
      .selectFrom('studio_audio')
      .select(['id', 'file'])
      .where('uploaded_by', '=', accountId)
      .execute()
  ).filter((r) => !published.has(r.id))
  if (!drafts.length) return []
  const ids = drafts.map((d) => d.id)
  // A lesson whose draft take goes back to its approved take (or to none).
  await tx.db
    .updateTable('studio_translations')
    .set((eb) => ({ audio_id: eb.ref('approved_audio_id') }))
    .where('audio_id', 'in', ids)
    .execute()
  await tx.db.deleteFrom('studio_audio').where('id', 'in', ids).execute()
  // In an object store, the objects go once the erasure has committed (decision 0199).
  await tx.blobs.delete(drafts.map((d) => audioBlobKey(d.file)))
  // Copies left in the data directory by versions that kept recordings as files.
  return drafts.map((d) => join(audioDir(tx), d.file))
}
