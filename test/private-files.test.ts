import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupSqlite } from '../src/cli/backup.ts'
import { openDatabase } from '../src/core/db.ts'
import { importContent } from '../src/domains/learning/content.import.ts'
import { copyOfGood } from '../src/domains/learning/learning.fixtures.ts'
import { testToneWav } from '../src/domains/studio/studio.fixtures.ts'
import { seedPlacesAndPeople } from './factories.ts'
import { Client, type TestEnv, testEnv } from './harness.ts'

// Issue 14, hole 6: personal data on disk is 0600 in 0700 folders, whatever the umask. The test
// process runs with the usual umask 022 (tests run in forked processes, where umask can be set).
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8)
let old: number
let work: string
beforeAll(() => {
  old = process.umask(0o022)
  work = mkdtempSync(join(tmpdir(), 'hocso-modes-'))
})
afterAll(() => {
  process.umask(old)
  rmSync(work, { recursive: true, force: true })
})

describe('file modes of private data (umask 022)', () => {
  it('the SQLite database, its WAL and SHM, and a backup are 0600 in a 0700 folder', async () => {
    const dataDir = join(work, 'var')
    const h = await openDatabase({ dataDir })
    await h.db.schema.createTable('t').addColumn('x', 'text').execute()
    await h.db
      .insertInto('t' as never)
      .values({ x: 'private' } as never)
      .execute()
    const file = join(dataDir, 'hocso.sqlite')
    expect(readdirSync(dataDir).sort()).toEqual(['hocso.sqlite', 'hocso.sqlite-shm', 'hocso.sqlite-wal'])
    expect({
      dir: mode(dataDir),
      db: mode(file),
      wal: mode(`${file}-wal`),
      shm: mode(`${file}-shm`),
    }).toEqual({ dir: '700', db: '600', wal: '600', shm: '600' })
    const copy = join(work, 'backup.sqlite')
    await backupSqlite(h.sqlite!, copy)
    expect(mode(copy)).toBe('600')
    await h.close()
  })

  it('a studio recording is never a file anyone can read: it is kept in the database', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(work, 'studio')
    let env: TestEnv | undefined
    const content = copyOfGood()
    try {
      env = await testEnv({
        config: { HOCSO_DATA_DIR: dataDir, HOCSO_MAX_BODY_BYTES: String(4 * 1024 * 1024) },
      })
      await seedPlacesAndPeople(env.ctx)
      await importContent(env.ctx, content)
      const c = new Client(env.app)
      await c.login('translator')
      const res = await c.request('/studio/vneid-basics/01-install/hnj/audio', {
        multipart: { audio: new File([testToneWav(1)], 'tone.wav', { type: 'audio/wav' }) },
        headers: { accept: 'application/json' },
      })
      expect(res.status).toBeLessThan(400)
      // Recordings live in the database (decision 0166), so no copy lands in the data directory,
      // and the only private key file there, keys/secret.key, is 0600 in a 0700 folder.
      expect(existsSync(join(dataDir, 'studio-audio'))).toBe(false)
      const stored = await env.ctx.db.selectFrom('media_blobs').select('size').execute()
      expect(stored.map((r) => r.size)).toEqual([testToneWav(1).length])
      expect({
        keys: mode(join(dataDir, 'keys')),
        secret: mode(join(dataDir, 'keys', 'secret.key')),
      }).toEqual({
        keys: '700',
        secret: '600',
      })
    } finally {
      await env?.close()
      rmSync(content, { recursive: true, force: true })
    }
  })
})
