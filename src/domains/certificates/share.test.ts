import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client } from '../../../test/harness.ts'
import { type CertEnv, certEnv, certificatesOf, completeCourse, learner } from './certificates.fixtures.ts'

/**
 * Where a person passes a link on (a certificate's check, the verification page, a training to
 * register for), the page carries the link in a field that works without script, and the share
 * and copy buttons start hidden: share.js shows the one the browser can run (e2e/share.e2e.ts).
 */
let env: CertEnv
beforeAll(async () => {
  env = await certEnv()
  await demoPeople(env.ctx)
})
afterAll(() => env.close())

/** The share box of a page: its link, and whether both buttons start hidden. */
function shareBox(html: string) {
  const box = /<div class="share" data-share="([^"]+)"[^>]*>(.*?)<p class="small" role="status"/s.exec(html)
  if (!box) return null
  return {
    url: box[1],
    field: /<input type="url" readonly="" value="([^"]+)"/.exec(box[2]!)?.[1],
    hidden: [...box[2]!.matchAll(/<button type="button"([^>]*)>/g)].map((m) => /\bhidden=""/.test(m[1]!)),
    script: /<script src="\/static\/share\.[0-9a-f]+\.js"/.test(html),
  }
}

describe('share links', () => {
  it('a certificate’s page offers its check to pass on, to the public address', async () => {
    const p = await learner(env)
    await completeCourse(env, p.id, 'vneid')
    const [cert] = await certificatesOf(env, p.id)
    const c = await p.client()
    const html = await (await c.request(`/certificates/${cert!.id}`)).text()
    const url = `https://hocso.example.vn/verify?id=${cert!.id}`
    expect(shareBox(html)).toEqual({ url, field: url, hidden: [true, true], script: true })
    expect(html).toContain('Gửi đường dẫn kiểm tra chứng chỉ')
    // The check itself, while it says "valid", passes on the same address; the empty page, itself.
    const verify = await (await new Client(env.app).request(`/verify?id=${cert!.id}`)).text()
    expect(shareBox(verify)?.url).toBe(url)
    const page = await (await new Client(env.app).request('/verify')).text()
    expect(shareBox(page)?.url).toBe('https://hocso.example.vn/verify')
  })

  it('a training not yet over invites others to register, by its public address', async () => {
    const c = new Client(env.app)
    await c.login('officer')
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)
    const res = await c.request('/events', {
      form: {
        title: 'Tập huấn kỹ năng số',
        kind: 'training',
        topic: 'digital_skills',
        audience: 'Người dân',
        place_code: '3166',
        starts_at: `${day}T08:00`,
        ends_at: `${day}T11:00`,
        capacity: '30',
        trainers: 'Giảng viên (demo)',
      },
    })
    const id = res.headers.get('location')!.split('/').pop()!
    const learnerClient = new Client(env.app)
    await learnerClient.login('learner')
    const html = await (await learnerClient.request(`/events/${id}`)).text()
    expect(shareBox(html)).toEqual({
      url: `https://hocso.example.vn/events/${id}`,
      field: `https://hocso.example.vn/events/${id}`,
      hidden: [true, true],
      script: true,
    })
    expect(html).toContain('Mời người khác đăng ký')
  })
})
