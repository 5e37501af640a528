import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../../../test/harness.ts'
import {
  admin,
  type CertEnv,
  certEnv,
  certificatesOf,
  completeCourse,
  decodeQrFromHtml,
  learner,
} from './certificates.fixtures.ts'

let env: CertEnv
beforeAll(async () => {
  env = await certEnv()
})
afterAll(() => env.close())

describe('the QR code on the printed certificate', () => {
  it('decodes to the verify URL of the certificate, which says valid, then revoked once revoked', async () => {
    const p = await learner(env, 'Mùa A Chứ')
    await completeCourse(env, p.id, 'vneid', { courseTitle: 'Dùng VNeID' })
    const [row] = await certificatesOf(env, p.id)
    const html = await (await (await p.client()).request(`/certificates/${row!.id}`)).text()

    const scanned = decodeQrFromHtml(html)
    expect(scanned).toBe(`https://hocso.example.vn/verify?id=${row!.id}`)

    // The phone that scans it is nobody's: no session, its own language.
    const phone = new Client(env.app)
    const target = new URL(scanned!)
    const valid = await phone.request(`${target.pathname}${target.search}`)
    expect(valid.status).toBe(200)
    const validHtml = await valid.text()
    expect(validHtml).toContain('<section class="verdict valid"')
    expect(validHtml).toContain('Mùa A Chứ')
    expect(validHtml).toContain('Dùng VNeID')

    const a = await admin(env)
    await a.request(`/admin/certificates/${row!.id}/revoke`, { form: { reason: 'Thi hộ' } })
    const revoked = await (await phone.request(`${target.pathname}${target.search}`)).text()
    expect(revoked).toContain('<section class="verdict revoked"')
    expect(revoked).toContain('Lý do: Thi hộ')
  })

  it('is not decodable from a page without a certificate (the decoder is not fooled)', () => {
    expect(decodeQrFromHtml('<p>no code here</p>')).toBeNull()
  })
})
