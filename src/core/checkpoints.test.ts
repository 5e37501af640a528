import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AUTOCHECKPOINT_PAGES, checkpointApart } from './checkpoints.ts'
import { type DbHandle, openDatabase } from './db.ts'

const dirs: string[] = []
const handles: DbHandle[] = []
afterEach(async () => {
  for (const h of handles.splice(0)) await h.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function fileDatabase(): Promise<DbHandle & { sqlite: NonNullable<DbHandle['sqlite']> }> {
  const dir = mkdtempSync(join(tmpdir(), 'hocso-checkpoints-'))
  dirs.push(dir)
  const h = await openDatabase({ sqliteFile: join(dir, 'hocso.sqlite') })
  handles.push(h)
  h.sqlite!.exec('create table notes (id integer primary key, body text not null)')
  return h as DbHandle & { sqlite: NonNullable<DbHandle['sqlite']> }
}

/** Writes about `pages` pages of 4 KiB, one commit each, as a server's requests would. */
function write(h: { sqlite: NonNullable<DbHandle['sqlite']> }, pages: number): void {
  const insert = h.sqlite.prepare('insert into notes (body) values (?)')
  for (let i = 0; i < pages; i++) insert.run('x'.repeat(3500))
}

const walPages = (h: { sqlite: NonNullable<DbHandle['sqlite']> }) =>
  (h.sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log

const until = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('WAL checkpoints in a thread of their own (decision 0207)', () => {
  it('takes checkpoints off the serving connection and copies the WAL into the database', async () => {
    const h = await fileDatabase()
    const cp = checkpointApart(h, { everyMs: 50 })!
    try {
      expect(h.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
      write(h, 1500)
      // Past SQLite's threshold, no commit checkpointed by itself; the thread does, soon after: a
      // checkpoint begun while the last commits were written copies the rest at its next turn.
      await until(() => {
        const last = cp.last()
        return !!last && last.checkpointed >= 1500 && last.checkpointed === last.log
      })
      expect(h.sqlite.prepare('select count(*) as n from notes').get()).toEqual({ n: 1500 })
    } finally {
      await cp.stop()
    }
    // Stopped: the connection checkpoints by itself again.
    expect(h.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTOCHECKPOINT_PAGES)
  })

  it('hands checkpoints back to the connection when the thread cannot work', async () => {
    const h = await fileDatabase()
    const errors: string[] = []
    // The thread cannot open a file in a folder that does not exist: it fails at once.
    const cp = checkpointApart(
      { ...h, file: join(tmpdir(), 'hocso-no-such-folder', 'x', 'hocso.sqlite') },
      { everyMs: 50, onError: (e) => errors.push(e) },
    )!
    await until(() => h.sqlite.pragma('wal_autocheckpoint', { simple: true }) === AUTOCHECKPOINT_PAGES)
    expect(errors.join(' ')).toMatch(/unable to open|directory does not exist/i)
    write(h, 1200)
    // The commit past 1,000 pages checkpointed: what is left in the WAL is what came after it.
    expect(walPages(h)).toBeLessThan(1200)
    await cp.stop()
  })

  it('does nothing for an in-memory database', async () => {
    const h = await openDatabase({ sqliteFile: ':memory:' })
    handles.push(h)
    expect(checkpointApart(h)).toBeUndefined()
  })
})
