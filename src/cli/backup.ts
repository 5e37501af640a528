import { existsSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type SQLite from 'better-sqlite3'
import cliProgress from 'cli-progress'
import { makePrivate, writePrivateFile } from '../core/private-files.ts'

/**
 * Copies a live SQLite database with SQLite's online backup API; returns the size of the copy.
 *
 * The copy is made in one backup step, that is inside one read transaction. In WAL mode a reader
 * never blocks the server's writers, and one step cannot be restarted: SQLite restarts a
 * step-by-step backup whenever another connection writes between two steps, so on a busy server
 * a backup copied in small steps might never finish. The progress bar therefore moves from the
 * first step (which only measures the database) to the end.
 */
export async function backupSqlite(db: SQLite.Database, file: string, progress = false): Promise<number> {
  const bar = progress
    ? new cliProgress.SingleBar(
        { format: '  backup [{bar}] {percentage}% of {total} pages', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null
  let started = false
  // The copy holds everything the database holds: private from its first byte (0600).
  if (!existsSync(file) && existsSync(dirname(file))) writePrivateFile(file, '')
  makePrivate(file)
  try {
    await db.backup(file, {
      progress: ({ totalPages, remainingPages }) => {
        if (!started) bar?.start(totalPages, 0)
        started = true
        bar?.update(totalPages - remainingPages)
        return 0x7fffffff
      },
    })
    if (!started) bar?.start(1, 0)
    bar?.update(bar.getTotal())
  } finally {
    bar?.stop()
  }
  makePrivate(file)
  return statSync(file).size
}
