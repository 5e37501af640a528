import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/core/config.ts'
import { type Ctx, createContext } from '../src/core/context.ts'
import { openDatabase } from '../src/core/db.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { createLogger } from '../src/core/logger.ts'
import { migrateToLatest } from '../src/core/migrations.ts'
import { ensureNodeId } from '../src/core/node-identity.ts'
import {
  admin,
  certificatesOf,
  completeCourse,
  learner,
} from '../src/domains/certificates/certificates.fixtures.ts'
import { ensureIssuer } from '../src/domains/certificates/issuer.service.ts'
import { readKeys } from '../src/domains/certificates/issuer-keys.ts'
import { registerDomains } from '../src/domains/index.ts'
import { importContent } from '../src/domains/learning/content.import.ts'
import { copyOfGood } from '../src/domains/learning/learning.fixtures.ts'
import { createAccount, revokeRole } from '../src/domains/people/people.service.ts'
import { PROVINCE_CODE } from '../src/domains/people/policy.ts'
import { testToneWav } from '../src/domains/studio/studio.fixtures.ts'
import { importAudioFiles } from '../src/domains/studio/studio.service.ts'
import { publicKeyText } from '../src/domains/sync/sync.keys.ts'
import { person } from './factories.ts'
import { Client, type TestEnv } from './harness.ts'
import { processes } from './processes.ts'

registerDomains()

/**
 * Several `hocso serve` processes on one database (test/processes.ts): whatever one signs or
 * stores, another verifies or serves.
 */
const { root, closers, newDatabase, processOn, close } = processes('stateless')
afterAll(close)

const verdict = async (env: TestEnv, credential: unknown) =>
  (await (await new Client(env.app).request('/api/verify', { json: credential })).json()).verdict

describe('two processes on one database', { timeout: 120_000 }, () => {
  it('verify and revoke what the other issued, with the same issuing key', async () => {
    const db = newDatabase()
    const a = await processOn(db)
    const b = await processOn(db)
    await ensureIssuer(a.ctx)
    await ensureIssuer(b.ctx)
    const p = await learner(a)
    await completeCourse(a, p.id, 'vneid')
    const credential = JSON.parse((await certificatesOf(a, p.id))[0]!.credential)
    expect(await verdict(b, credential)).toBe('valid')
    expect(await readKeys(b.ctx)).toEqual(await readKeys(a.ctx))

    // Revoked on b: the status list b signs is the one a's credential points to, with a's key.
    const officer = await admin(b)
    const id = String(credential.id).replace('urn:uuid:', '')
    const r = await officer.request(`/admin/certificates/${id}/revoke`, {
      json: { reason: 'Cấp nhầm người' },
    })
    expect(r.status).toBe(201)
    expect(await verdict(a, credential)).toBe('revoked')
    expect(await verdict(b, credential)).toBe('revoked')
  })

  it('sign sync requests with one node key, whichever process signs', async () => {
    const db = newDatabase()
    const a = await processOn(db)
    const b = await processOn(db)
    expect(a.ctx.nodeId).toBe(b.ctx.nodeId)
    expect(publicKeyText(a.ctx.nodeKey)).toBe(publicKeyText(b.ctx.nodeKey))
  })

  it('a process started with another key secret stops with an explanation, and signs nothing', async () => {
    const db = newDatabase()
    const a = await processOn(db)
    await ensureIssuer(a.ctx)
    await expect(processOn(db, { HOCSO_KEY_SECRET: randomBytes(32).toString('base64') })).rejects.toThrow(
      /sealed with another key secret .*give every process the same HOCSO_KEY_SECRET/,
    )
  })

  it('a sign-out or a revoked role on one process takes effect on the other at its next request', async () => {
    // Sessions and roles are read from the database on every request (one query), never cached by
    // a process: the other process must not keep serving a session that was ended or a role taken back.
    const db = newDatabase()
    const a = await processOn(db)
    const b = await processOn(db)
    const boss = await person(a.ctx, { role: 'province_admin', place: PROVINCE_CODE })
    const officer = await person(a.ctx, { role: 'commune_officer', place: PROVINCE_CODE })
    const onA = new Client(a.app)
    await onA.login(officer.login, officer.password)
    // The same browser's next request reaches the other process (a balancer in front).
    const onB = new Client(b.app)
    onB.cookies = new Map(onA.cookies)
    onB.csrf = 'not needed for pages'
    const home = async (c: Client) => (await c.request('/')).text()
    expect(await home(onB)).toContain('href="/admin/people"')
    expect(await home(onB)).toContain('Đăng xuất')

    const grant = (await officer.user()).roles[0]!
    await revokeRole(a.ctx, await boss.user(), grant.id)
    expect(await home(onB)).not.toContain('href="/admin/people"')
    expect(await home(onB)).toContain('Đăng xuất')

    expect((await onA.request('/logout', { form: {} })).status).toBe(303)
    expect(await home(onB)).not.toContain('Đăng xuất')
    expect((await onB.request('/admin/people')).status).toBe(303)
  })

  it('a lesson imported through one is what a signed-in reader of the other sees at their next view', async () => {
    // The catalogue part of a signed-in page is kept by each process under the public content
    // stamp (decision 0202): a new version imported anywhere replaces the stamp, so no process
    // shows the old text after it.
    const db = newDatabase()
    const a = await processOn(db)
    const b = await processOn(db)
    const dir = copyOfGood()
    await importContent(a.ctx, dir)
    const reader = await person(a.ctx, { role: 'learner', place: PROVINCE_CODE })
    const onB = new Client(b.app)
    await onB.login(reader.login, reader.password)
    const lesson = '/courses/market-sales/01-show-qr'
    const seen = async () => (await onB.request(lesson)).text()
    expect(await seen()).toContain('name="lesson_id"')
    expect(await seen()).not.toContain('Câu mới của bài')
    writeFileSync(
      join(dir, '02-market-sales', '01-show-qr.vi.md'),
      `${readFileSync(join(dir, '02-market-sales', '01-show-qr.vi.md'), 'utf8')}\nCâu mới của bài, phiên bản 2.\n`,
    )
    const course = join(dir, '02-market-sales', 'course.yaml')
    writeFileSync(
      course,
      readFileSync(course, 'utf8').replace('vi: Bán hàng ở chợ với mã QR', 'vi: Bán hàng ở chợ bằng mã QR'),
    )
    await importContent(a.ctx, dir)
    const after = await seen()
    expect(after).toContain('Câu mới của bài, phiên bản 2.')
    expect(await (await onB.request('/courses/market-sales')).text()).toContain('Bán hàng ở chợ bằng mã QR')
  })

  it('serve a recording uploaded through the other, ranges included', async () => {
    const db = newDatabase()
    const a = await processOn(db)
    const b = await processOn(db)
    const content = copyOfGood()
    closers.push(async () => rmSync(content, { recursive: true, force: true }))
    await importContent(a.ctx, content)
    await createAccount(
      a.ctx,
      { displayName: 'Người dịch', username: 'nguoidich', password: 'mat-khau-123' },
      [{ role: 'translator', scopeCode: '11', languages: ['hnj'] }],
      { consent: true },
    )
    const translator = new Client(a.app)
    await translator.login('nguoidich', 'mat-khau-123')
    const res = await translator.request('/studio/vneid-basics/01-install/hnj/audio', {
      multipart: { audio: new File([testToneWav(2.5)], 'tone.wav', { type: 'audio/wav' }) },
      headers: { accept: 'application/json' },
    })
    const body = await res.json()
    expect(res.status, JSON.stringify(body)).toBe(201)
    const { url } = body
    // The same person on the other process (sessions are in the database): a draft is theirs to hear.
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
    // Nothing was written to a's data directory: b could never have read it from there.
    expect(existsSync(join(a.dataDir, 'studio-audio'))).toBe(false)
  })
})

describe('upgrading from keys and recordings kept in the data directory', { timeout: 120_000 }, () => {
  it('copies them into the database on first start, keeps the files, and changes no key', async () => {
    const database = newDatabase()
    const dataDir = mkdtempSync(join(root, 'legacy-'))
    // What an older version left: the node id in the database, its key and an issuing key as files,
    // the issuing key's public half registered, and a recording in studio-audio/.
    const handle = await openDatabase(database)
    await migrateToLatest(handle.db, handle.schema)
    const nodeId = await ensureNodeId(handle.db)
    const pair = await Ed25519Multikey.generate()
    const key = {
      id: uuidv7(Date.parse('2026-01-05T00:00:00Z')),
      createdAt: '2026-01-05T00:00:00.000Z',
      publicKeyMultibase: pair.publicKeyMultibase,
      secretKeyMultibase: pair.secretKeyMultibase!,
      retiredAt: null,
    }
    mkdirSync(join(dataDir, 'keys'), { mode: 0o700 })
    const keyPath = join(dataDir, 'keys', `issuer-${key.id}.json`)
    writeFileSync(keyPath, JSON.stringify(key), { mode: 0o600 })
    const { generateKeyPairSync } = await import('node:crypto')
    const nodePrivate = generateKeyPairSync('ed25519').privateKey
    writeFileSync(
      join(dataDir, 'keys', `node-${nodeId}.pem`),
      nodePrivate.export({ format: 'pem', type: 'pkcs8' }) as string,
      { mode: 0o600 },
    )
    await handle.db
      .insertInto('certificate_keys')
      .values({
        id: key.id,
        origin_node: nodeId,
        created_at: key.createdAt,
        public_key_multibase: key.publicKeyMultibase,
        retired_at: null,
      })
      .execute()
    // A key file of another database sharing the folder: not this database's, left alone.
    const stranger = {
      ...key,
      id: uuidv7(),
      publicKeyMultibase: (await Ed25519Multikey.generate()).publicKeyMultibase,
    }
    writeFileSync(join(dataDir, 'keys', `issuer-${stranger.id}.json`), JSON.stringify(stranger), {
      mode: 0o600,
    })
    const wav = testToneWav(1)
    mkdirSync(join(dataDir, 'studio-audio', 'vneid-basics'), { recursive: true })
    writeFileSync(join(dataDir, 'studio-audio', 'vneid-basics', '01-install.hnj.old.wav'), wav)
    await handle.db
      .insertInto('studio_audio')
      .values({
        id: uuidv7(),
        origin_node: nodeId,
        course_slug: 'vneid-basics',
        lesson_key: '01-install',
        lang: 'hnj',
        file: 'vneid-basics/01-install.hnj.old.wav',
        mime: 'audio/wav',
        bytes: wav.length,
        duration_ms: 1000,
        uploaded_by: uuidv7(),
        created_at: '2026-01-06T00:00:00.000Z',
      })
      .execute()
    await handle.close()

    const config = loadConfig({ HOCSO_LOG_LEVEL: 'silent', HOCSO_DATA_DIR: dataDir })
    const start = async (): Promise<Ctx> => {
      const h = await openDatabase(database)
      closers.push(() => h.close())
      const ctx = await createContext(h, config, createLogger('silent'))
      await ensureIssuer(ctx)
      await importAudioFiles(ctx)
      return ctx
    }
    const ctx = await start()
    expect(publicKeyText(ctx.nodeKey)).toBe(publicKeyText(nodePrivate))
    expect((await readKeys(ctx)).map((k) => k.id)).toEqual([key.id])
    expect((await ctx.blobs.read('studio/vneid-basics/01-install.hnj.old.wav'))!).toEqual(wav)
    // Nothing lost: the files are still there, unchanged; a second start copies nothing twice.
    expect(JSON.parse(readFileSync(keyPath, 'utf8'))).toEqual(key)
    expect(await importAudioFiles(await start())).toEqual({ copied: 0, missing: [] })
    expect((await readKeys(ctx)).map((k) => k.id)).toEqual([key.id])
  })
})
