import http from 'node:http'
import https from 'node:https'
import { DataIntegrityProof } from '@digitalcredentials/data-integrity'
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey'
import { cryptosuite } from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalcredentials/vc'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Client } from '../../../test/harness.ts'
import {
  type CertEnv,
  certEnv,
  certificatesOf,
  completeCourse,
  learner,
  postMultipart,
} from './certificates.fixtures.ts'
import { activeKey, signCredential } from './issuer.ts'
import { signingLoader } from './loader.ts'

let env: CertEnv
let credential: Record<string, unknown>
let certificateId: string
/** A certificate from another hocso installation (its own data directory and key). */
let foreign: Record<string, unknown>

beforeAll(async () => {
  // One database at a time: the migrator on PostgreSQL mistakes another live test schema's tables for its own.
  const other = await certEnv()
  try {
    const q = await learner(other, 'Quàng Văn Dũng')
    await completeCourse(other, q.id, 'vneid', { courseTitle: 'Dùng VNeID' })
    foreign = JSON.parse((await certificatesOf(other, q.id))[0]!.credential)
    const own = await new Client(other.app).request('/api/verify', { json: foreign })
    expect((await own.json()).verdict).toBe('valid')
  } finally {
    await other.close()
  }
  env = await certEnv()
  const p = await learner(env, 'Quàng Văn Dũng')
  await completeCourse(env, p.id, 'vneid', { courseTitle: 'Dùng VNeID' })
  const [row] = await certificatesOf(env, p.id)
  credential = JSON.parse(row!.credential)
  certificateId = row!.id
})
afterAll(() => env.close())

/** POST /api/verify as a stranger (no sign-in). */
async function check(body: unknown) {
  const res = await new Client(env.app).request('/api/verify', {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
  })
  return { status: res.status, body: await res.json() }
}

/** The parts of a credential the tests change. */
type Cred = Record<string, unknown> & {
  '@context': unknown[]
  id: string
  issuer: { id: string; name: string }
  validFrom: string
  validUntil?: string
  awardedDate: string
  description?: string
  credentialSubject: {
    name: string
    grade?: string
    identifier: { identityHash: string }[]
    achievement: { id: string; name: string }
  }
  credentialStatus: { statusListIndex: string }
  proof?: unknown
}

const copy = () => structuredClone(credential) as Cred

describe('verification without sign-in', () => {
  it('says valid for an untouched credential (JSON, the QR link and a pasted form), with its claims', async () => {
    const api = await check(credential)
    expect(api.status).toBe(200)
    expect(api.body.verdict).toBe('valid')
    expect(api.body.certificateId).toBe(certificateId)
    expect(api.body.claims).toMatchObject({
      learner: 'Quàng Văn Dũng',
      achievement: 'Dùng VNeID',
      issuerName: 'Phong trào Bình dân học vụ số tỉnh Điện Biên',
    })
    // Dated by the server that issued it (decision 0170), not by the time the phone reported.
    expect(Math.abs(Date.parse(api.body.claims.awardedAt) - Date.now())).toBeLessThan(10 * 60_000)
    expect(api.body.message).toBe(
      'This certificate was issued by Phong trào Bình dân học vụ số tỉnh Điện Biên and has not been changed.',
    )
    const stranger = new Client(env.app)
    const page = await stranger.request(`/verify?id=${certificateId}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<section class="verdict valid"')
    expect(html).toContain('Hợp lệ')
    expect(html).toContain('Quàng Văn Dũng')
    const byUrn = await stranger.request(`/verify?id=urn:uuid:${certificateId}`)
    expect(await byUrn.text()).toContain('Hợp lệ')
    const pasted = await stranger.request('/verify', { form: { credential: JSON.stringify(credential) } })
    expect(pasted.status).toBe(200)
    expect(await pasted.text()).toContain('<section class="verdict valid"')
    const uploaded = await postMultipart(env, stranger, '/verify', {
      file: new File([JSON.stringify(credential, null, 2)], 'hocso-certificate.json', {
        type: 'application/json',
      }),
    })
    expect(await uploaded.text()).toContain('<section class="verdict valid"')
    const json = await stranger.request(`/api/verify?id=${certificateId}`)
    expect((await json.json()).verdict).toBe('valid')
  })

  it('says not found, in plain words, for an id this server never issued', async () => {
    const res = await new Client(env.app).request('/verify?id=0190a1b2-0000-7000-8000-0000000000ff')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain(
      'Máy chủ này không có chứng chỉ mang mã 0190a1b2-0000-7000-8000-0000000000ff',
    )
  })
})

describe('not authentic', () => {
  const tamperings: [string, (c: Cred) => void][] = [
    ['the name', (c) => (c.credentialSubject.name = 'Quàng Văn Dung')],
    ['the identifier name', (c) => (c.credentialSubject.identifier[0].identityHash = 'Người khác')],
    ['the achievement', (c) => (c.credentialSubject.achievement.name = 'Thạc sĩ trí tuệ nhân tạo')],
    ['the course id', (c) => (c.credentialSubject.achievement.id = 'https://hocso.example.vn/courses/ai')],
    ['the award date', (c) => (c.awardedDate = '2025-01-01T00:00:00Z')],
    ['the issue date', (c) => (c.validFrom = '2026-01-01T00:00:00Z')],
    ['the issuer name', (c) => (c.issuer.name = 'Bộ Giáo dục và Đào tạo')],
    ['the status entry', (c) => (c.credentialStatus.statusListIndex = '99')],
  ]
  for (const [what, change] of tamperings)
    it(`when ${what} is changed`, async () => {
      const c = copy()
      change(c)
      const { status, body } = await check(c)
      expect(status).toBe(200)
      expect(body.verdict).toBe('not_authentic')
      expect(body.reason).toBe('bad_signature')
      expect(body.message).toBe(
        'The content was changed after it was signed (name, course, date or issuer), or the signature is damaged.',
      )
    })

  it('says so in Vietnamese on the page, the library’s exact words only under the technical detail', async () => {
    const c = copy()
    c.credentialSubject.name = 'Quàng Văn Dung'
    const html = await (
      await new Client(env.app).request('/verify', { form: { credential: JSON.stringify(c) } })
    ).text()
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('Không xác thực')
    expect(text).toContain(
      'Nội dung đã bị sửa sau khi ký (tên, khoá học, ngày hoặc đơn vị cấp), hoặc chữ ký bị hỏng.',
    )
    const detail = /<details>\s*<summary>([^<]*)<\/summary>\s*<p class="small" lang="en">([^<]*)<\/p>/.exec(
      html,
    )
    expect(text).toContain('Ngôn ngữ tiếng Việt')
    expect(text).not.toContain('Ngôn ngữ vi ')
    expect(detail?.[1]).toBe('Chi tiết kỹ thuật')
    expect(detail?.[2]).toMatch(/signature/i)
    // Outside the detail, no English sentence of the verifier reaches the page.
    expect(html.replace(detail![0], '')).not.toMatch(/Invalid signature|signature is invalid/i)
  })

  it('when the issuer is replaced by another DID', async () => {
    const c = copy()
    c.issuer.id = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
    const { body } = await check(c)
    expect(body.verdict).toBe('not_authentic')
  })

  it('when a field is added that the vocabulary does not define', async () => {
    const c = copy()
    c.credentialSubject.grade = 'A+'
    const { body } = await check(c)
    expect(body.verdict).toBe('not_authentic')
    expect(body.reason).toBe('bad_signature')
  })

  it('when the credential was signed with another key, even a valid signature', async () => {
    const pair = await Ed25519Multikey.generate()
    const did = `did:key:${pair.publicKeyMultibase}`
    const signer = await Ed25519Multikey.from({
      ...(await pair.export({ publicKey: true, secretKey: true, includeContext: true })),
      id: `${did}#${pair.publicKeyMultibase}`,
      controller: did,
    } as never)
    const { proof, ...unsigned } = copy()
    void proof
    unsigned.id = 'urn:uuid:0190a1b2-0000-7000-8000-00000000abcd'
    unsigned.issuer = { ...unsigned.issuer, id: did }
    const forged = await vc.issue({
      credential: unsigned,
      suite: new DataIntegrityProof({ signer: signer.signer(), cryptosuite }),
      documentLoader: signingLoader,
    })
    const { body } = await check(forged)
    expect(body.verdict).toBe('not_authentic')
    expect(body.reason).toBe('unknown_key')
    expect(body.message).toBe(
      'The signature is not Digital Education for All (Bình dân học vụ số), Điện Biên province’s: the file was signed with another key.',
    )
  })

  it('when it comes from another hocso installation (another data directory, another key)', async () => {
    const { body } = await check(foreign)
    expect(body.verdict).toBe('not_authentic')
    expect(body.reason).toBe('unknown_key')
    const html = await (
      await new Client(env.app).request('/verify', { form: { credential: JSON.stringify(foreign) } })
    ).text()
    expect(html).toContain('Không xác thực')
    expect(html).toContain('tệp được ký bằng một khóa khác')
    expect(html).toContain('Đừng tin các thông tin dưới đây')
  })

  it('when the proof is missing', async () => {
    const { proof, ...unsigned } = copy()
    void proof
    const { body } = await check(unsigned)
    expect(body.verdict).toBe('not_authentic')
    expect(body.reason).toBe('no_proof')
  })
})

describe('offline', () => {
  it('never goes to the network, not even for a did:web issuer or an unknown context', async () => {
    const calls: string[] = []
    const realFetch = globalThis.fetch
    globalThis.fetch = (async (url: unknown) => {
      calls.push(String(url))
      throw new Error('no network in this test')
    }) as typeof fetch
    const spies = [http, https].map((m) =>
      vi.spyOn(m, 'request').mockImplementation(((url: unknown) => {
        calls.push(String(url))
        throw new Error('no network in this test')
      }) as never),
    )
    try {
      expect((await check(credential)).body.verdict).toBe('valid')
      const pair = await Ed25519Multikey.generate()
      const did = 'did:web:issuer.example.org'
      const signer = await Ed25519Multikey.from({
        ...(await pair.export({ publicKey: true, secretKey: true, includeContext: true })),
        id: `${did}#${pair.publicKeyMultibase}`,
        controller: did,
      } as never)
      const { proof, ...unsigned } = copy()
      void proof
      const elsewhere = await vc.issue({
        credential: { ...unsigned, issuer: { ...unsigned.issuer, id: did } },
        suite: new DataIntegrityProof({ signer: signer.signer(), cryptosuite }),
        documentLoader: signingLoader,
      })
      const r = await check(elsewhere)
      expect(r.body.verdict).toBe('not_authentic')
      expect(r.body.reason).toBe('unknown_key')
      const c = copy()
      c['@context'] = [...c['@context'], 'https://example.com/unknown-context/v1']
      expect((await check(c)).status).toBe(400)
    } finally {
      globalThis.fetch = realFetch
      for (const s of spies) s.mockRestore()
    }
    expect(calls).toEqual([])
  })
})

describe('expired', () => {
  it('says expired, with the date, for a credential past its validUntil', async () => {
    const { proof, ...unsigned } = copy()
    void proof
    unsigned.id = 'urn:uuid:0190a1b2-0000-7000-8000-00000000e7e7'
    unsigned.validFrom = '2026-01-01T00:00:00Z'
    unsigned.validUntil = '2026-06-30T00:00:00Z'
    const signed = await signCredential(env.ctx, await activeKey(env.ctx), unsigned)
    const { body } = await check(signed)
    expect(body.verdict).toBe('expired')
    expect(body.expiredAt).toBe('2026-06-30T00:00:00Z')
    const html = await (
      await new Client(env.app).request('/verify', {
        form: { credential: JSON.stringify(signed) },
        headers: { 'accept-language': 'fr' },
      })
    ).text()
    expect(html).toContain('Expiré')
    expect(html).toContain('Ce certificat n’est plus valable depuis le 30 juin 2026.')
  })
})

describe('bad input gets a clear message, never a stack trace', () => {
  it('malformed JSON', async () => {
    const { status, body } = await check('{"@context": [')
    expect(status).toBe(400)
    expect(body.error.code).toBe('malformed_json')
    expect(body.error.message).toMatch(
      /^credential: is not valid JSON \(.+\); paste the whole file, from \{ to \}$/,
    )
    const page = await new Client(env.app).request('/verify', { form: { credential: '{"name": "thiếu dấu' } })
    expect(page.status).toBe(400)
    const html = await page.text()
    expect(html).toContain('Đây không phải nội dung JSON hợp lệ.')
    expect(html).not.toMatch(/at \w+ \(|SyntaxError/)
  })

  it('JSON that is not a credential, and an empty form', async () => {
    const arr = await check([1, 2])
    expect(arr.status).toBe(400)
    expect(arr.body.error.message).toBe('credential: must be a JSON object with @context, type and proof')
    const noType = await check({ '@context': ['https://www.w3.org/ns/credentials/v2'], name: 'x' })
    expect(noType.body.error.message).toMatch(/its "type" must include VerifiableCredential/)
    const empty = await new Client(env.app).request('/verify', { form: { credential: '   ' } })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain('Chưa có gì để kiểm tra')
  })

  it('a huge upload, by JSON, by pasting and by file', async () => {
    const huge = copy()
    huge.description = 'x'.repeat(200_000)
    const api = await check(huge)
    expect(api.status).toBe(413)
    expect(api.body.error.message).toBe(
      'credential: larger than 64 KB; a hocso certificate is about 3 KB, so this is not one',
    )
    const stranger = new Client(env.app)
    const file = await postMultipart(env, stranger, '/verify', {
      file: new File([JSON.stringify(huge)], 'big.json', { type: 'application/json' }),
    })
    expect(file.status).toBe(413)
    expect(await file.text()).toContain('Tệp quá lớn (hơn 64 KB).')
    const smallish = 'x'.repeat(70_000)
    const pasted = await stranger.request('/verify', { form: { credential: smallish } })
    expect(pasted.status).toBe(413)
    expect(await pasted.text()).toContain('Tệp quá lớn')
    const beyondServer = await check('x'.repeat(2_000_000))
    expect(beyondServer.status).toBe(413)
    expect(beyondServer.body.error.code).toBe('payload_too_large')
  })

  it('a credential with a context this server does not know', async () => {
    const c = copy()
    c['@context'] = [...c['@context'], 'https://example.com/unknown-context/v1']
    const { status, body } = await check(c)
    expect(status).toBe(400)
    expect(body.error.code).toBe('validation')
    expect(body.error.message).toBe(
      'credential: uses a vocabulary this server does not know (@context https://example.com/unknown-context/v1); hocso reads only the W3C credentials and Open Badges 3.0 contexts',
    )
    const inline = copy()
    inline['@context'] = [...inline['@context'], { grade: 'https://example.com/grade' }]
    expect((await check(inline)).body.error.message).toMatch(/an embedded context object/)
    const html = await (
      await new Client(env.app).request('/verify', { form: { credential: JSON.stringify(c) } })
    ).text()
    expect(html).toContain('mà máy chủ không biết: https://example.com/unknown-context/v1')
  })
})
