import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/core/config.ts'
import { sweepOrphans } from '../src/core/object-store.ts'
import { S3Client } from '../src/core/s3.ts'
import { inTransaction } from '../src/core/transaction.ts'
import { registerDomains } from '../src/domains/index.ts'
import { importContent } from '../src/domains/learning/content.import.ts'
import { copyOfGood } from '../src/domains/learning/learning.fixtures.ts'
import { createAccount } from '../src/domains/people/people.service.ts'
import { erasePerson } from '../src/domains/people/privacy.service.ts'
import { testToneWav } from '../src/domains/studio/studio.fixtures.ts'
import { cliEnv, runCli } from './cli.ts'
import { Client, TEST_PG_URL, TEST_SCRYPT, type TestEnv } from './harness.ts'
import { S3RVER_KEY, startObjectStore } from './object-store.ts'
import { processes } from './processes.ts'

registerDomains()

/**
 * Uploaded media in an S3-compatible object store (decision 0199), against a real one: s3rver,
 * which checks every request's signature. Each "process" is a context of its own (own connection,
 * data directory and app) on the same SQLite file or PostgreSQL schema (test/processes.ts).
 */
const { closers, newDatabase, processOn, close } = processes('media')
let store: Awaited<ReturnType<typeof startObjectStore>>
let s3: S3Client

beforeAll(async () => {
  store = await startObjectStore()
  s3 = new S3Client({
    endpoint: store.endpoint,
    region: 'us-east-1',
    bucket: 'media',
    accessKey: S3RVER_KEY,
    secretKey: S3RVER_KEY,
  })
})

afterAll(async () => {
  await close()
  await store.close()
})

/** Keys in the bucket under a prefix. */
async function objects(prefix = ''): Promise<string[]> {
  const keys: string[] = []
  for await (const o of s3.list(prefix)) keys.push(o.key)
  return keys
}

/** A translator of Hmong on process `a` who uploads a recording; returns the person and the recording's address. */
async function uploadRecording(a: TestEnv, username: string) {
  const content = copyOfGood()
  closers.push(async () => rmSync(content, { recursive: true, force: true }))
  await importContent(a.ctx, content)
  const person = await createAccount(
    a.ctx,
    { displayName: 'Người dịch', username, password: 'mat-khau-123' },
    [{ role: 'translator', scopeCode: '11', languages: ['hnj'] }],
    { consent: true },
  )
  const translator = new Client(a.app)
  await translator.login(username, 'mat-khau-123')
  const res = await translator.request('/studio/vneid-basics/01-install/hnj/audio', {
    multipart: { audio: new File([testToneWav(2.5)], 'tone.wav', { type: 'audio/wav' }) },
    headers: { accept: 'application/json' },
  })
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(201)
  return { person, translator, url: body.url as string }
}

describe('media in an S3-compatible object store', { timeout: 120_000 }, () => {
  it('a recording uploaded through one process is played, with ranges, by another', async () => {
    const db = newDatabase()
    const a = await processOn(db, store.env('media', { HOCSO_MEDIA_STORE: 's3://media/one' }))
    const b = await processOn(db, store.env('media', { HOCSO_MEDIA_STORE: 's3://media/one' }))
    const { translator, url } = await uploadRecording(a, 'nguoidich1')
    // The bytes are an object under the deployment's prefix; the database keeps only its record.
    const [key] = await objects('one/')
    expect(key).toMatch(/^one\/studio\/vneid-basics\/01-install\.hnj\.[0-9a-f-]{36}\.wav$/)
    expect(await a.ctx.db.selectFrom('media_blobs').select('key').execute()).toEqual([])
    const record = await b.ctx.db.selectFrom('media_objects').selectAll().execute()
    expect(record).toMatchObject([{ key: key!.slice('one/'.length), mime: 'audio/wav', size: 20044 }])
    expect(record[0]!.sha256).toMatch(/^[0-9a-f]{64}$/)

    const onB = new Client(b.app)
    onB.cookies = new Map(translator.cookies)
    const whole = await onB.request(url)
    expect(whole.status).toBe(200)
    expect(whole.headers.get('content-type')).toBe('audio/wav')
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(testToneWav(2.5))
    const part = await onB.request(url, { headers: { range: 'bytes=8-11' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 8-11/20044')
    expect(new TextDecoder().decode(await part.arrayBuffer())).toBe('WAVE')
    const end = await onB.request(url, { headers: { range: 'bytes=-4' } })
    expect(end.status).toBe(206)
    expect(new Uint8Array(await end.arrayBuffer())).toEqual(testToneWav(2.5).subarray(20040))
  })

  it('erasing the person who recorded a draft deletes its object from the store', async () => {
    const db = newDatabase()
    const a = await processOn(db, store.env('media', { HOCSO_MEDIA_STORE: 's3://media/two' }))
    const { person, translator, url } = await uploadRecording(a, 'nguoidich2')
    expect(await objects('two/')).toHaveLength(1)
    await erasePerson(a.ctx, { operator: true }, person, { reason: 'Theo yêu cầu xoá dữ liệu cá nhân' })
    expect(await objects('two/')).toEqual([])
    expect(await a.ctx.db.selectFrom('media_objects').select('key').execute()).toEqual([])
    expect((await translator.request(url)).status).toBe(404)
  })

  it('an erasure while the store is away says which objects remain, and the next start deletes them', async () => {
    const away = await startObjectStore(['media'])
    let back: Awaited<ReturnType<typeof startObjectStore>> | undefined
    try {
      const db = newDatabase()
      const a = await processOn(db, away.env())
      const { person, url, translator } = await uploadRecording(a, 'nguoidich6')
      const [record] = await a.ctx.db.selectFrom('media_objects').select('key').execute()
      await away.stop()
      await expect(
        erasePerson(a.ctx, { operator: true }, person, { reason: 'Theo yêu cầu xoá dữ liệu cá nhân' }),
      ).rejects.toThrow(
        `media store s3://media at ${away.endpoint}: 1 object(s) not deleted (${record!.key}); ` +
          'their records are gone from every page, and the objects are deleted at the next start',
      )
      // The erasure itself committed: the recording is no longer served, its record is marked.
      expect((await translator.request(url)).status).toBe(404)
      expect(
        await a.ctx.db.selectFrom('media_objects').select(['key', 'deleted_at']).execute(),
      ).toMatchObject([{ key: record!.key, deleted_at: expect.any(String) }])
      // The store is back (same folder, same address); the next process to start finishes the job.
      back = await away.restart()
      const anyObject = new S3Client({ ...s3.config, endpoint: back.endpoint })
      expect(await anyObject.head(record!.key)).toMatchObject({ size: 20044 })
      await processOn(db, back.env())
      expect(await anyObject.head(record!.key)).toBeUndefined()
      expect(await a.ctx.db.selectFrom('media_objects').select('key').execute()).toEqual([])
    } finally {
      await (back ?? away).close()
    }
  })

  it('a transaction that fails takes back the object it wrote; its record never existed', async () => {
    const db = newDatabase()
    const a = await processOn(db, store.env('media', { HOCSO_MEDIA_STORE: 's3://media/three' }))
    await expect(
      inTransaction(a.ctx, async (tx) => {
        await tx.blobs.put(
          'voice/0196c0de-0000-7000-8000-000000000001',
          new Uint8Array([1, 2, 3]),
          'audio/webm',
          '2026-01-01T00:00:00Z',
        )
        expect(await objects('three/')).toEqual(['three/voice/0196c0de-0000-7000-8000-000000000001'])
        expect(await tx.blobs.info('voice/0196c0de-0000-7000-8000-000000000001')).toMatchObject({ size: 3 })
        throw new Error('a later step of the upload failed')
      }),
    ).rejects.toThrow('a later step of the upload failed')
    expect(await objects('three/')).toEqual([])
    expect(await a.ctx.blobs.info('voice/0196c0de-0000-7000-8000-000000000001')).toBeUndefined()
    // A savepoint that fails takes back its own object; the transaction around it keeps its own.
    await inTransaction(a.ctx, async (tx) => {
      await tx.blobs.put('voice/kept', new Uint8Array([1]), 'audio/webm', '2026-01-01T00:00:00Z')
      await expect(
        inTransaction(
          tx,
          async (inner) => {
            await inner.blobs.put('voice/dropped', new Uint8Array([2]), 'audio/webm', '2026-01-01T00:00:00Z')
            throw new Error('nested refusal')
          },
          { savepoint: true },
        ),
      ).rejects.toThrow('nested refusal')
    })
    expect(await objects('three/')).toEqual(['three/voice/kept'])
    expect(await a.ctx.blobs.read('voice/kept')).toEqual(new Uint8Array([1]))
  })

  it('an object missing from the store is an error naming the store and the key', async () => {
    const db = newDatabase()
    const a = await processOn(db, store.env('media', { HOCSO_MEDIA_STORE: 's3://media/four' }))
    await a.ctx.blobs.put('voice/v1', new Uint8Array([1, 2, 3]), 'audio/webm', '2026-01-01T00:00:00Z')
    await s3.delete('four/voice/v1')
    await expect(a.ctx.blobs.read('voice/v1')).rejects.toThrow(
      /^media store s3:\/\/media at http:\/\/127\.0\.0\.1:\d+: object four\/voice\/v1 is missing, though the database records it$/,
    )
    await expect(a.ctx.blobs.stream('voice/v1', 0, 1)).rejects.toThrow(/object four\/voice\/v1 is missing/)
  })

  it('finds objects no record names (an upload cut off between object and record), once they are an hour old', async () => {
    const db = newDatabase()
    const a = await processOn(db, store.env('media', { HOCSO_MEDIA_STORE: 's3://media/five' }))
    await a.ctx.blobs.put('voice/kept', new Uint8Array([1]), 'audio/webm', '2026-01-01T00:00:00Z')
    await s3.put('five/voice/orphan', new Uint8Array([2]), 'audio/webm')
    expect(await sweepOrphans(a.ctx.db, s3, 'five/')).toEqual([])
    const later = new Date(Date.now() + 2 * 3600_000)
    expect(await sweepOrphans(a.ctx.db, s3, 'five/', { now: later, dryRun: true })).toEqual([
      'five/voice/orphan',
    ])
    expect(await sweepOrphans(a.ctx.db, s3, 'five/', { now: later })).toEqual(['five/voice/orphan'])
    expect(await objects('five/')).toEqual(['five/voice/kept'])
  })

  it('a process with a wrong secret stops at start, naming the store and the variables to check; one whose store is away starts', async () => {
    const db = newDatabase()
    await expect(
      processOn(db, store.env('media', { HOCSO_MEDIA_S3_SECRET_KEY: 'not-the-secret' })),
    ).rejects.toThrow(
      /^media store s3:\/\/media at http:\/\/127\.0\.0\.1:\d+: GET \.hocso-probe failed with 403 SignatureDoesNotMatch .*check HOCSO_MEDIA_S3_ACCESS_KEY and HOCSO_MEDIA_S3_SECRET_KEY$/,
    )
    await expect(processOn(db, store.env('no-such-bucket'))).rejects.toThrow(
      /404 NoSuchBucket .*there is no such bucket; create it, or check HOCSO_MEDIA_STORE/,
    )
    // A store that is away may come back: the process starts, and a recording asked for says why it fails.
    const away = await startObjectStore(['media'])
    await away.stop()
    const b = await processOn(db, away.env())
    await away.close()
    await expect(
      b.ctx.blobs.put('voice/v1', new Uint8Array([1]), 'audio/webm', '2026-01-01T00:00:00Z'),
    ).rejects.toThrow(
      `media store s3://media at ${away.endpoint}: cannot be reached for PUT voice/v1 (ECONNREFUSED)`,
    )
  })
})

describe('the command line with media in an object store', { timeout: 180_000 }, () => {
  it('hocso backup says the objects are not in the copy; hocso media orphans lists none after a clean upload', async () => {
    const e = cliEnv()
    closers.push(() => e.close())
    const env = { ...e.env, ...store.env('media', { HOCSO_MEDIA_STORE: 's3://media/cli' }) }
    const note = `note: uploaded media are objects in s3://media/cli/ at ${store.endpoint}, not in this copy`
    const backup = await runCli(['backup', join(e.dataDir, 'copy.sqlite')], env)
    if (TEST_PG_URL) {
      expect(backup.code).toBe(1)
      expect(backup.stderr).toContain(`use pg_dump\n${note}`)
    } else {
      expect(backup.code, backup.stderr).toBe(0)
      expect(backup.stdout).toContain(note)
    }
    const orphans = await runCli(['media', 'orphans'], env)
    expect(orphans.stdout).toBe(`0 orphan object(s) in s3://media at ${store.endpoint}\n`)
    expect(orphans.code).toBe(0)
    const onDatabase = await runCli(['media', 'orphans'], e.env)
    expect(onDatabase.code).toBe(1)
    expect(onDatabase.stderr).toContain('the media are in the database (HOCSO_MEDIA_STORE=database)')
    expect((await runCli(['media', 'sweep'], env)).code).toBe(64)
  })
})

describe('HOCSO_MEDIA_STORE', () => {
  const error = (env: Record<string, string>) => {
    try {
      loadConfig({ ...TEST_SCRYPT, ...env })
    } catch (e) {
      if (e instanceof ConfigError) return e.message
      throw e
    }
    return ''
  }

  it('is the database unless an s3:// bucket is named', () => {
    expect(loadConfig({ ...TEST_SCRYPT }).mediaStore).toEqual({ kind: 'database' })
    expect(
      loadConfig({
        ...TEST_SCRYPT,
        HOCSO_MEDIA_STORE: 's3://hocso-media/dien-bien',
        HOCSO_MEDIA_S3_ENDPOINT: 'https://s3.example.vn/',
        HOCSO_MEDIA_S3_ACCESS_KEY: 'AK',
        HOCSO_MEDIA_S3_SECRET_KEY: 'SK',
      }).mediaStore,
    ).toEqual({
      kind: 's3',
      bucket: 'hocso-media',
      prefix: 'dien-bien/',
      endpoint: 'https://s3.example.vn',
      region: 'us-east-1',
      accessKey: 'AK',
      secretKey: 'SK',
    })
  })

  it('names each missing or bad variable, and never echoes the secret', () => {
    expect(error({ HOCSO_MEDIA_STORE: 's3://media' })).toBe(
      'invalid configuration:\n' +
        "  HOCSO_MEDIA_S3_ENDPOINT: must be set (the store's address, such as https://s3.example.vn) when HOCSO_MEDIA_STORE is an s3:// bucket\n" +
        '  HOCSO_MEDIA_S3_ACCESS_KEY: must be set (the access key id the store gave) when HOCSO_MEDIA_STORE is an s3:// bucket\n' +
        '  HOCSO_MEDIA_S3_SECRET_KEY: must be set (the secret key that goes with it) when HOCSO_MEDIA_STORE is an s3:// bucket',
    )
    expect(error({ HOCSO_MEDIA_STORE: 'minio' })).toMatch(
      /^invalid configuration:\n {2}HOCSO_MEDIA_STORE: must be database, or s3:\/\/bucket .* \(got "minio"\)$/,
    )
    const bad = error({
      HOCSO_MEDIA_STORE: 's3://media',
      HOCSO_MEDIA_S3_ENDPOINT: 's3.example.vn',
      HOCSO_MEDIA_S3_ACCESS_KEY: 'AK',
      HOCSO_MEDIA_S3_SECRET_KEY: '',
    })
    expect(bad).toContain(
      'HOCSO_MEDIA_S3_ENDPOINT: must be the store\'s address, such as https://s3.example.vn (no path) (got "s3.example.vn")',
    )
    expect(bad).toMatch(/HOCSO_MEDIA_S3_SECRET_KEY: must not be empty$/m)
    expect(bad).not.toMatch(/SECRET_KEY.*got/)
  })
})
