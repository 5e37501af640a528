import { DataIntegrityProof } from '@digitalcredentials/data-integrity'
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite'
import { securityLoader } from '@digitalcredentials/security-document-loader'
import type { DocumentLoader } from '@digitalcredentials/vc'
import * as vc from '@digitalcredentials/vc'
import { checkStatus, decodeList } from '@digitalcredentials/vc-bitstring-status-list'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../../test/harness.ts'
import { emit } from '../../core/hooks.ts'
import { formatDate } from '../../core/i18n.ts'
import { inTransaction } from '../../core/transaction.ts'
import { auditFor } from '../system/audit.ts'
import {
  admin,
  type CertEnv,
  certEnv,
  certificatesOf,
  completeCourse,
  learner,
} from './certificates.fixtures.ts'

let env: CertEnv
beforeAll(async () => {
  env = await certEnv()
})
afterAll(() => env.close())

/**
 * A standard verifier outside hocso: the DCC libraries with their bundled contexts only (no
 * network), fetching the status list over HTTP from the server like any wallet would.
 */
function outsideLoader(): DocumentLoader {
  const bundled = securityLoader({ fetchRemoteContexts: false }).build() as DocumentLoader
  return async (url) => {
    if (url.startsWith('https://hocso.example.vn/credentials/status/')) {
      const res = await env.app.request(new URL(url).pathname)
      return { contextUrl: null, documentUrl: url, document: await res.json() }
    }
    return bundled(url)
  }
}

async function libraryVerify(credential: unknown) {
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: outsideLoader(),
    checkStatus,
  })
}

describe('issuing on course completion', () => {
  it('issues exactly one certificate per person and course, even when completion arrives twice', async () => {
    const p = await learner(env)
    await completeCourse(env, p.id, 'vneid')
    await completeCourse(env, p.id, 'vneid')
    await inTransaction(env.ctx, async (tx) => {
      const payload = {
        accountId: p.id,
        courseSlug: 'vneid',
        lang: 'vi',
        completedAt: '2026-11-21T00:00:00.000Z',
        factId: '0190a1b2-0000-7000-8000-000000000001',
      }
      await emit(tx, 'course.completed', payload)
      await emit(tx, 'course.completed', payload)
    })
    expect(await certificatesOf(env, p.id)).toHaveLength(1)
    await completeCourse(env, p.id, 'paying-without-cash')
    expect(await certificatesOf(env, p.id)).toHaveLength(2)
  })

  it('issues an Open Badges 3.0 credential signed with eddsa-rdfc-2022 that the library verifies', async () => {
    const p = await learner(env, 'Quàng Thị Hoa')
    await completeCourse(env, p.id, 'vneid', {
      courseTitle: 'Dùng VNeID',
      courseSummary: 'Cài, kích hoạt và dùng tài khoản định danh điện tử.',
      competency: 'Công dân số',
      level: 'Cơ bản',
    })
    const [row] = await certificatesOf(env, p.id)
    const cred = JSON.parse(row!.credential)
    expect(cred['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ])
    expect(cred.id).toBe(`urn:uuid:${row!.id}`)
    expect(cred.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential'])
    expect(cred.issuer.id).toMatch(/^did:key:z6Mk/)
    expect(cred.issuer.name).toBe('Phong trào Bình dân học vụ số tỉnh Điện Biên')
    expect(cred.issuer.url).toBe('https://hocso.example.vn/issuer')
    // Dated by the server that issued it, not by the completion time a phone reported (decision 0170).
    expect(cred.awardedDate).toBe(cred.validFrom)
    expect(cred.credentialSubject.type).toEqual(['AchievementSubject'])
    expect(cred.credentialSubject.name).toBe('Quàng Thị Hoa')
    expect(cred.credentialSubject.achievement).toMatchObject({
      id: 'https://hocso.example.vn/courses/vneid',
      type: ['Achievement'],
      achievementType: 'Course',
      name: 'Dùng VNeID',
      description: 'Cài, kích hoạt và dùng tài khoản định danh điện tử.',
      inLanguage: 'vi',
      fieldOfStudy: 'Công dân số',
      tag: ['Công dân số', 'Cơ bản'],
    })
    expect(cred.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: 'https://hocso.example.vn/credentials/status/1',
    })
    expect(cred.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
      verificationMethod: `${cred.issuer.id}#${cred.issuer.id.slice('did:key:'.length)}`,
    })
    const r = await libraryVerify(cred)
    expect(r.error).toBeUndefined()
    expect(r.verified).toBe(true)
  })

  it('names the course by its slug when the learning engine gives no title', async () => {
    const p = await learner(env)
    await completeCourse(env, p.id, 'safe-online')
    const cred = JSON.parse((await certificatesOf(env, p.id))[0]!.credential)
    expect(cred.credentialSubject.achievement.name).toBe('safe-online')
    expect(cred.credentialSubject.achievement.description).toBe(
      'Hoàn thành khoá học “safe-online” trên hocso.',
    )
  })

  it('writes the generated texts in the course language (French)', async () => {
    const p = await learner(env)
    await completeCourse(env, p.id, 'vneid', { lang: 'fr', courseTitle: 'Utiliser VNeID' })
    const cred = JSON.parse((await certificatesOf(env, p.id))[0]!.credential)
    expect(cred.credentialSubject.achievement.inLanguage).toBe('fr')
    expect(cred.credentialSubject.achievement.criteria.narrative).toBe(
      'Avoir suivi toutes les leçons et réussi les quiz du cours.',
    )
  })

  it('issues an attendance certificate once per person and event; none for an anonymous attendee', async () => {
    const p = await learner(env)
    const attended = {
      accountId: p.id,
      eventId: '0190a1b2-0000-7000-8000-00000000e001',
      registrationId: '0190a1b2-0000-7000-8000-00000000e002',
      attendedAt: '2026-11-22T02:00:00.000Z',
      eventTitle: 'Ngày hội AI Điện Biên',
    }
    for (let i = 0; i < 2; i++) await inTransaction(env.ctx, (tx) => emit(tx, 'event.attended', attended))
    const rows = await certificatesOf(env, p.id)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.kind).toBe('event')
    const cred = JSON.parse(rows[0]!.credential)
    expect(cred.credentialSubject.achievement).toMatchObject({
      achievementType: 'ext:Attendance',
      name: 'Ngày hội AI Điện Biên',
    })
    expect((await libraryVerify(cred)).verified).toBe(true)
    const before = await env.ctx.db.selectFrom('certificates').select('id').execute()
    await inTransaction(env.ctx, (tx) => emit(tx, 'event.attended', { ...attended, accountId: null }))
    expect(await env.ctx.db.selectFrom('certificates').select('id').execute()).toHaveLength(before.length)
  })

  it('gives every credential its own status entry', async () => {
    const rows = await env.ctx.db
      .selectFrom('certificates')
      .select(['status_list_id', 'status_index'])
      .execute()
    const keys = rows.map((r) => `${r.status_list_id}:${r.status_index}`)
    expect(new Set(keys).size).toBe(rows.length)
  })
})

describe('the learner side', () => {
  it('lists my certificates, prints one in my language and downloads its JSON', async () => {
    const p = await learner(env, 'Lò Thị Mai', 'fr')
    await completeCourse(env, p.id, 'vneid', { courseTitle: 'Dùng VNeID' })
    const [row] = await certificatesOf(env, p.id)
    const c = await p.client()
    const list = await (await c.request('/my/certificates')).text()
    expect(list).toContain('Mes certificats')
    expect(list).toContain('Dùng VNeID')
    expect(list).toContain(`/certificates/${row!.id}/credential.json`)

    const page = await c.request(`/certificates/${row!.id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Ce certificat atteste que')
    expect(html).toContain('Lò Thị Mai')
    expect(html).toContain(`Le ${formatDate('fr', row!.issued_at, { dateStyle: 'long' })}`)
    expect(html).toContain('Mouvement « Éducation numérique pour tous »')
    expect(html).toContain(`https://hocso.example.vn/verify?id=${row!.id}`)
    expect(html).toMatch(/<div class="cert-qr" role="img" aria-label="[^"]+"><svg/)

    const dl = await c.request(`/certificates/${row!.id}/credential.json`)
    expect(dl.headers.get('content-disposition')).toBe(
      `attachment; filename="hocso-certificate-${row!.id}.json"`,
    )
    expect(await dl.json()).toEqual(JSON.parse(row!.credential))
  })

  it('keeps a certificate away from other people, and asks strangers to sign in', async () => {
    const owner = await learner(env)
    await completeCourse(env, owner.id, 'vneid')
    const [row] = await certificatesOf(env, owner.id)
    const other = await (await learner(env)).client()
    expect((await other.request(`/certificates/${row!.id}`)).status).toBe(404)
    expect((await other.request(`/certificates/${row!.id}/credential.json`)).status).toBe(404)
    const stranger = new Client(env.app)
    const res = await stranger.request(`/certificates/${row!.id}`)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/login?back=${encodeURIComponent(`/certificates/${row!.id}`)}`)
  })
})

describe('revocation', () => {
  it('a province admin revokes with a reason: audit record, status list bit, "revoked" everywhere', async () => {
    const p = await learner(env, 'Lường Văn Tú')
    await completeCourse(env, p.id, 'vneid', { courseTitle: 'Dùng VNeID' })
    const [row] = await certificatesOf(env, p.id)
    const cred = JSON.parse(row!.credential)
    expect((await libraryVerify(cred)).verified).toBe(true)

    const a = await admin(env)
    const page = await (await a.request('/admin/certificates')).text()
    expect(page).toContain('Lường Văn Tú')
    const res = await a.request(`/admin/certificates/${row!.id}/revoke`, {
      form: { reason: 'Cấp nhầm người' },
    })
    expect(res.status).toBe(303)
    expect(await (await a.request(res.headers.get('location')!)).text()).toContain('Đã thu hồi chứng chỉ.')

    const audit = await auditFor(env.ctx.db, 'certificate', row!.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]!.action).toBe('certificates.revoke')
    expect(JSON.parse(audit[0]!.detail).reason).toBe('Cấp nhầm người')

    const list = await (await env.app.request('/credentials/status/1')).json()
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList })
    expect(bits.getStatus(row!.status_index)).toBe(true)

    const lib = await libraryVerify(cred)
    expect(lib.verified).toBe(false)
    expect(lib.log).toContainEqual({ id: 'revocation_status', valid: false })

    const stranger = new Client(env.app)
    const html = await (await stranger.request(`/verify?id=${row!.id}`)).text()
    expect(html).toContain('Đã bị thu hồi')
    expect(html).toContain('Lý do: Cấp nhầm người')
    const api = await (await stranger.request('/api/verify', { json: cred })).json()
    expect(api.verdict).toBe('revoked')
    expect(api.revocation.reason).toBe('Cấp nhầm người')
    expect(await (await (await p.client()).request('/my/certificates')).text()).toContain('Đã thu hồi')

    const again = await a.request(`/admin/certificates/${row!.id}/revoke`, { json: { reason: 'Lần nữa' } })
    expect(again.status).toBe(409)
    expect((await again.json()).error.message).toMatch(/already revoked/)
  })

  it('two admins revoking at once: one revocation, the other told it is already revoked', async () => {
    const p = await learner(env)
    await completeCourse(env, p.id, 'vneid')
    const [row] = await certificatesOf(env, p.id)
    const [a, b] = [await admin(env), await admin(env)]
    const results = await Promise.all(
      [a, b].map((c) =>
        c.request(`/admin/certificates/${row!.id}/revoke`, { json: { reason: 'Trùng lặp' } }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    const revocations = await env.ctx.db
      .selectFrom('certificate_revocations')
      .selectAll()
      .where('certificate_id', '=', row!.id)
      .execute()
    expect(revocations).toHaveLength(1)
    expect(await auditFor(env.ctx.db, 'certificate', row!.id)).toHaveLength(1)
  })

  it('refuses revocation without a reason, and by anyone but a province admin; nothing is written', async () => {
    const p = await learner(env)
    await completeCourse(env, p.id, 'vneid')
    const [row] = await certificatesOf(env, p.id)
    const a = await admin(env)
    const noReason = await a.request(`/admin/certificates/${row!.id}/revoke`, { json: { reason: ' ' } })
    expect(noReason.status).toBe(400)
    expect((await noReason.json()).error.message).toBe('reason: must say why (at least 3 characters)')
    const missing = await a.request(`/admin/certificates/${row!.id}/revoke`, { json: {} })
    expect((await missing.json()).error.issues[0].field).toBe('reason')
    const holder = await p.client()
    const self = await holder.request(`/admin/certificates/${row!.id}/revoke`, {
      json: { reason: 'tự thu hồi' },
    })
    expect(self.status).toBe(403)
    expect((await holder.request('/admin/certificates')).status).toBe(403)
    const anonymous = await new Client(env.app).request(`/admin/certificates/${row!.id}/revoke`, {
      json: { reason: 'không đăng nhập' },
    })
    expect(anonymous.status).toBe(401)
    const revocations = await env.ctx.db
      .selectFrom('certificate_revocations')
      .selectAll()
      .where('certificate_id', '=', row!.id)
      .execute()
    expect(revocations).toHaveLength(0)
    expect(await auditFor(env.ctx.db, 'certificate', row!.id)).toHaveLength(0)
  })
})
