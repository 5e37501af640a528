import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataIntegrityProof } from '@digitalcredentials/data-integrity'
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite'
import { securityLoader } from '@digitalcredentials/security-document-loader'
import type { DocumentLoader } from '@digitalcredentials/vc'
import * as vc from '@digitalcredentials/vc'
import { checkStatus } from '@digitalcredentials/vc-bitstring-status-list'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, TEST_PG_URL } from '../../../test/harness.ts'
import { createApp } from '../../app.tsx'
import { ConfigError, loadConfig } from '../../core/config.ts'
import { type Ctx, createContext } from '../../core/context.ts'
import { openDatabase, ownTables } from '../../core/db.ts'
import { createLogger } from '../../core/logger.ts'
import { main } from '../../main.ts'
import { registerDomains } from '../index.ts'
import { configureCertificates, readCertificatesEnv } from './certificates.config.ts'
import { admin, certEnv, certificatesOf, completeCourse, learner } from './certificates.fixtures.ts'
import { ensureIssuer, rotateIssuerKey } from './issuer.service.ts'
import { readKeys } from './issuer-keys.ts'
import { credentialLibsLoaded } from './libs.ts'

const started = Date.now()
const dataDir = mkdtempSync(join(tmpdir(), 'hocso-cert-keys-'))
const pgSchema = TEST_PG_URL ? `t_${randomBytes(6).toString('hex')}` : undefined

/** A server context on this test's data directory and database, as `hocso start` builds it. */
async function start(): Promise<{ ctx: Ctx; app: ReturnType<typeof createApp>; close: () => Promise<void> }> {
  const config = loadConfig({
    HOCSO_LOG_LEVEL: 'silent',
    HOCSO_DATA_DIR: dataDir,
    HOCSO_PUBLIC_URL: 'https://hocso.example.vn',
  })
  const handle = await openDatabase(TEST_PG_URL ? { databaseUrl: TEST_PG_URL, pgSchema } : { dataDir })
  registerDomains()
  const ctx = await createContext(handle, config, createLogger('silent'))
  await ensureIssuer(ctx)
  return { ctx, app: createApp(ctx), close: () => handle.close() }
}

/** Deletes this test's data directory and database schema (before other databases are opened). */
async function cleanUp(): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true })
  if (pgSchema) {
    const c = new pg.Client({ connectionString: TEST_PG_URL })
    await c.connect()
    await c.query(`drop schema if exists ${pgSchema} cascade`)
    await c.end()
  }
}

/** Every file under a folder modified since the test began (skipping dependencies and git). */
function recentFiles(dir: string, skip: (p: string) => boolean, out: string[] = []): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const n of names) {
    const p = join(dir, n)
    if (skip(p)) continue
    let st: ReturnType<typeof statSync>
    try {
      st = statSync(p)
    } catch {
      continue
    }
    if (st.isDirectory()) recentFiles(p, skip, out)
    else if (st.isFile() && st.mtimeMs >= started - 1000 && st.size < 5_000_000) out.push(p)
  }
  return out
}

describe('the issuing key', () => {
  let credential: Record<string, unknown>
  afterAll(cleanUp)

  it('is created on first start in the database, sealed with a secret only the server can read', async () => {
    const s = await start()
    try {
      // Made with node:crypto: a first start does not load the credential libraries (decision 0201).
      expect(credentialLibsLoaded()).toBe(false)
      const rows = await s.ctx.db.selectFrom('sealed_secrets').select('name').execute()
      expect(rows.filter((r) => r.name.startsWith('issuer-key:'))).toHaveLength(1)
      expect(readdirSync(join(dataDir, 'keys'))).toEqual(['secret.key'])
      expect(statSync(join(dataDir, 'keys', 'secret.key')).mode & 0o777).toBe(0o600)
      expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700)
      const p = await learner({ ctx: s.ctx, app: s.app, close: s.close })
      await completeCourse({ ctx: s.ctx, app: s.app, close: s.close }, p.id, 'vneid', {
        courseTitle: 'Dùng VNeID',
      })
      credential = JSON.parse(
        (await certificatesOf({ ctx: s.ctx, app: s.app, close: s.close }, p.id))[0]!.credential,
      )
      const [key] = await readKeys(s.ctx)
      expect((credential.proof as { verificationMethod: string }).verificationMethod).toBe(
        `did:key:${key!.publicKeyMultibase}#${key!.publicKeyMultibase}`,
      )
    } finally {
      await s.close()
    }
  })

  it('survives a restart: the same key, and what it signed still verifies', async () => {
    const s = await start()
    const before = await readKeys(s.ctx)
    await s.close()
    const again = await start()
    try {
      expect(await readKeys(again.ctx)).toEqual(before)
      const res = await new Client(again.app).request('/api/verify', { json: credential })
      expect((await res.json()).verdict).toBe('valid')
    } finally {
      await again.close()
    }
  })

  it('is never written in clear: not in any table of the database, not in any file', async () => {
    const s = await start()
    const secret = (await readKeys(s.ctx))[0]!.secretKeyMultibase
    try {
      // This database's own tables: on PostgreSQL, other schemas hold other test runs' tables.
      const tables = await ownTables(s.ctx.db)
      expect(tables.size).toBeGreaterThan(10)
      for (const name of tables.keys()) {
        const rows = await s.ctx.db
          .selectFrom(name as 'meta')
          .selectAll()
          .execute()
        expect(JSON.stringify(rows), `table ${name}`).not.toContain(secret)
      }
    } finally {
      await s.close()
    }
    const skip = (p: string) => /\/(node_modules|\.git)$/.test(p)
    const candidates = [...recentFiles(process.cwd(), skip), ...recentFiles(tmpdir(), skip)]
    const leaks = candidates.filter((f) => {
      try {
        return readFileSync(f, 'latin1').includes(secret)
      } catch {
        return false
      }
    })
    expect(leaks).toEqual([])
  })

  it('rotates: new certificates use the new key, old ones stay verifiable and revocable', async () => {
    const s = await start()
    const env = { ctx: s.ctx, app: s.app, close: s.close }
    try {
      const old = (await readKeys(s.ctx))[0]!
      const { active, retired } = await rotateIssuerKey(s.ctx)
      expect(retired.map((k) => k.id)).toEqual([old.id])
      expect(active.publicKeyMultibase).not.toBe(old.publicKeyMultibase)
      expect((await readKeys(s.ctx)).find((k) => k.id === old.id)!.retiredAt).not.toBeNull()

      const p = await learner(env, 'Lò Văn Mới')
      await completeCourse(env, p.id, 'vneid')
      const fresh = JSON.parse((await certificatesOf(env, p.id))[0]!.credential)
      expect(fresh.proof.verificationMethod).toBe(
        `did:key:${active.publicKeyMultibase}#${active.publicKeyMultibase}`,
      )
      expect(fresh.credentialStatus.statusListCredential).toBe(
        'https://hocso.example.vn/credentials/status/2',
      )

      const stranger = new Client(s.app)
      const verify = async (c: unknown) =>
        (await (await stranger.request('/api/verify', { json: c })).json()).verdict
      expect(await verify(credential)).toBe('valid')
      expect(await verify(fresh)).toBe('valid')

      const a = await admin(env)
      const oldId = String(credential.id).replace('urn:uuid:', '')
      const r = await a.request(`/admin/certificates/${oldId}/revoke`, {
        json: { reason: 'Kiểm tra thu hồi' },
      })
      expect(r.status).toBe(201)
      expect(await verify(credential)).toBe('revoked')
      expect(await verify(fresh)).toBe('valid')

      const issuer = await (await stranger.request('/issuer')).text()
      expect(issuer).toContain(active.publicKeyMultibase)
      expect(issuer).toContain(old.publicKeyMultibase)
      expect(issuer).toContain('ngừng cấp mới từ ngày')
    } finally {
      await s.close()
    }
  })

  it('`hocso certificates rotate-key` and `keys` work from the command line', async () => {
    // The command line opens the database of its environment: the one the tests above used. The
    // variables are put back afterwards: later test files may run in this same process.
    const names = [
      'HOCSO_DATABASE_URL',
      'HOCSO_DATABASE_SCHEMA',
      'HOCSO_DATA_DIR',
      'HOCSO_LOG_LEVEL',
      'HOCSO_PUBLIC_URL',
    ]
    const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]))
    if (TEST_PG_URL) {
      process.env.HOCSO_DATABASE_URL = TEST_PG_URL
      process.env.HOCSO_DATABASE_SCHEMA = pgSchema
    }
    const out: string[] = []
    const err: string[] = []
    const write = process.stdout.write.bind(process.stdout)
    const writeErr = process.stderr.write.bind(process.stderr)
    process.env.HOCSO_DATA_DIR = dataDir
    process.env.HOCSO_LOG_LEVEL = 'silent'
    process.env.HOCSO_PUBLIC_URL = 'https://hocso.example.vn'
    process.stdout.write = ((chunk: string) => {
      out.push(String(chunk))
      return true
    }) as typeof process.stdout.write
    process.stderr.write = ((chunk: string) => {
      err.push(String(chunk))
      return true
    }) as typeof process.stderr.write
    try {
      expect(await main(['certificates', 'rotate-key'])).toBe(0)
      expect(await main(['certificates', 'keys'])).toBe(0)
      expect(await main(['certificates', 'nonsense'])).toBe(64)
    } finally {
      process.stdout.write = write
      process.stderr.write = writeErr
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
    const text = out.join('')
    expect(text).toMatch(/new issuing key: did:key:z6Mk\w+#z6Mk\w+/)
    expect(text.match(/retired 20/g)).toHaveLength(2)
    const s = await start()
    try {
      expect(await readKeys(s.ctx)).toHaveLength(3)
    } finally {
      await s.close()
    }
    expect(err.join('')).toContain('hocso certificates <rotate-key | keys>')
  })
})

describe('did:web', () => {
  it('identifies the issuer as did:web when configured, and serves its DID document', async () => {
    const env = await certEnv()
    try {
      configureCertificates(env.ctx, { didWeb: 'hocso.example.vn' })
      const p = await learner(env)
      await completeCourse(env, p.id, 'vneid')
      const cred = JSON.parse((await certificatesOf(env, p.id))[0]!.credential)
      expect(cred.issuer.id).toBe('did:web:hocso.example.vn')
      expect(cred.proof.verificationMethod).toMatch(/^did:web:hocso\.example\.vn#z6Mk/)
      const stranger = new Client(env.app)
      expect((await (await stranger.request('/api/verify', { json: cred })).json()).verdict).toBe('valid')

      const didDoc = await (await stranger.request('/.well-known/did.json')).json()
      expect(didDoc.id).toBe('did:web:hocso.example.vn')
      expect(didDoc.assertionMethod).toEqual([cred.proof.verificationMethod])

      // An outside verifier resolves did:web by fetching /.well-known/did.json; here, from the app.
      const bundled = securityLoader({ fetchRemoteContexts: false }).build() as DocumentLoader
      const outside: DocumentLoader = async (url) => {
        const doc = (d: unknown) => ({ contextUrl: null, documentUrl: url, document: d })
        if (url === didDoc.id) return doc(didDoc)
        if (url.startsWith(`${didDoc.id}#`))
          return doc({
            '@context': 'https://w3id.org/security/multikey/v1',
            ...didDoc.verificationMethod.find((m: { id: string }) => m.id === url),
          })
        if (url.startsWith('https://hocso.example.vn/credentials/status/'))
          return doc(await (await env.app.request(new URL(url).pathname)).json())
        return bundled(url)
      }
      const r = await vc.verifyCredential({
        credential: cred,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader: outside,
        checkStatus,
      })
      expect(r.error).toBeUndefined()
      expect(r.verified).toBe(true)
    } finally {
      await env.close()
    }
  })

  it('refuses a value that is not a domain, naming the variable', () => {
    expect(() => readCertificatesEnv({ HOCSO_ISSUER_DID_WEB: 'https://hocso.example.vn/' })).toThrow(
      ConfigError,
    )
    expect(() => readCertificatesEnv({ HOCSO_ISSUER_DID_WEB: 'not a domain' })).toThrow(
      /HOCSO_ISSUER_DID_WEB: must be a domain name such as hocso.dienbien.gov.vn/,
    )
    expect(readCertificatesEnv({ HOCSO_ISSUER_DID_WEB: 'Hocso.Example.vn:8443' }).didWeb).toBe(
      'hocso.example.vn:8443',
    )
  })

  it('has no DID document without did:web', async () => {
    const env = await certEnv()
    try {
      expect((await env.app.request('/.well-known/did.json')).status).toBe(404)
    } finally {
      await env.close()
    }
  })
})

describe('the issuer profile and the status list', () => {
  let env: Awaited<ReturnType<typeof certEnv>>
  beforeAll(async () => {
    env = await certEnv()
  })
  afterAll(() => env.close())

  it('shows the programme in vi, fr and en, and serves an Open Badges Profile as JSON-LD', async () => {
    const c = new Client(env.app)
    const vi = await (await c.request('/issuer')).text()
    expect(vi).toContain('Phong trào Bình dân học vụ số tỉnh Điện Biên')
    expect(vi).toMatch(/did:key:z6Mk/)
    await c.request('/lang/fr')
    expect(await (await c.request('/issuer')).text()).toContain('Mouvement « Éducation numérique pour tous »')
    await c.request('/lang/en')
    expect(await (await c.request('/issuer')).text()).toContain(
      'Digital Education for All (Bình dân học vụ số)',
    )
    const res = await c.request('/issuer', { headers: { accept: 'application/ld+json' } })
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/)
    const profile = await res.json()
    expect(profile).toMatchObject({
      type: ['Profile'],
      name: 'Phong trào Bình dân học vụ số tỉnh Điện Biên',
      url: 'https://hocso.example.vn/issuer',
    })
    expect(profile.id).toMatch(/^did:key:z6Mk/)
  })

  it('serves a signed Bitstring Status List credential at a stable URL', async () => {
    await ensureIssuer(env.ctx)
    const res = await env.app.request('/credentials/status/1')
    expect(res.status).toBe(200)
    const list = await res.json()
    expect(list.id).toBe('https://hocso.example.vn/credentials/status/1')
    expect(list.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential'])
    expect(list.credentialSubject).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' })
    const r = await vc.verifyCredential({
      credential: list,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader: securityLoader({ fetchRemoteContexts: false }).build() as DocumentLoader,
    })
    expect(r.verified).toBe(true)
    expect((await env.app.request('/credentials/status/99')).status).toBe(404)
  })
})
