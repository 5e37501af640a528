import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { importContent } from './content.import.ts'
import { copyOfGood, visibleText } from './learning.fixtures.ts'

let env: TestEnv
let dir: string
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  // The French translation of lesson 1 is older than its Vietnamese original.
  dir = copyOfGood()
  const fr = join(dir, '01-vneid-basics', '01-install.fr.md')
  writeFileSync(fr, readFileSync(fr, 'utf8').replace('updated: 2026-11-01', 'updated: 2026-10-15'))
  await importContent(env.ctx, dir)
})
afterAll(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('translation status', () => {
  it('shows translators which translations exist, are missing or are older than Vietnamese', async () => {
    const c = new Client(env.app)
    await c.login('translator')
    const text = visibleText(await (await c.request('/translations')).text())
    expect(text).toContain('Tình trạng bản dịch')
    // Columns: Vietnamese, French, English, Tai Dam, Hmong.
    expect(text).toContain(
      'Cài ứng dụng VNeID Bản gốc 2026-11-01 Cần cập nhật 2026-10-15 Còn thiếu Đã có 2026-11-01 · chưa dịch bài kiểm tra Còn thiếu',
    )
    expect(text).toContain(
      'Đăng ký tài khoản mức 1 Bản gốc 2026-11-01 Còn thiếu Còn thiếu Còn thiếu Đã có 2026-11-01 · chưa dịch bài kiểm tra',
    )
    expect(text).toContain(
      'Cho khách quét mã QR Bản gốc 2026-11-02 Còn thiếu Đã có 2026-11-02 Còn thiếu Còn thiếu',
    )
  })

  it('is open to content editors and refused to learners', async () => {
    const editor = new Client(env.app)
    await editor.login('editor')
    expect((await editor.request('/translations')).status).toBe(200)
    const learner = new Client(env.app)
    await learner.login('learner')
    expect((await learner.request('/translations')).status).toBe(403)
  })
})
