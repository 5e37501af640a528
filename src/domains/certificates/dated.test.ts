import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CertEnv, certEnv, certificatesOf, completeCourse, learner } from './certificates.fixtures.ts'
import { xsdDate } from './credential.ts'

// Issue 14, hole 3 (decision 0170): a certificate is dated by the server that issues it, never by
// the completion time a phone reported.
let env: CertEnv
beforeAll(async () => {
  env = await certEnv()
})
afterAll(() => env.close())

describe('the date on a certificate', () => {
  it('is the server’s, whatever time the completion carries (1999, 2099)', async () => {
    for (const completedAt of ['1999-01-01T00:00:00.000Z', '2099-12-31T00:00:00.000Z']) {
      const p = await learner(env)
      await completeCourse(env, p.id, 'vneid-basics', { completedAt })
      const [cert] = await certificatesOf(env, p.id)
      const credential = JSON.parse(cert!.credential)
      const today = xsdDate(env.ctx.now().toISOString()).slice(0, 10)
      expect([completedAt, credential.awardedDate.slice(0, 10)]).toEqual([completedAt, today])
      expect(credential.awardedDate).toBe(credential.validFrom)
      expect(credential.awardedDate).toBe(xsdDate(cert!.issued_at))
    }
  })
})
