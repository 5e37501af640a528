import { statSync } from 'node:fs'
import type SQLite from 'better-sqlite3'
import cliProgress from 'cli-progress'

/** Copies a live SQLite database page by page (SQLite's online backup API); returns the file size. */
export async function backupSqlite(db: SQLite.Database, file: string, progress = false): Promise<number> {
  const bar = progress
    ? new cliProgress.SingleBar(
        { format: '  backup [{bar}] {percentage}%' },
        cliProgress.Presets.shades_classic,
      )
    : null
  bar?.start(100, 0)
  await db.backup(file, {
    progress: ({ totalPages, remainingPages }) => {
      bar?.update(Math.round(((totalPages - remainingPages) / Math.max(1, totalPages)) * 100))
      return 200
    },
  })
  bar?.update(100)
  bar?.stop()
  return statSync(file).size
}
