import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { checkContent } from './content.check.ts'
import { importContent } from './content.import.ts'
import { copyOfGood } from './learning.fixtures.ts'

// Issue 14, hole 5, and "content import on a folder with a directory symlink ends with EISDIR".
let env: TestEnv
let dir: string
let outside: string
beforeAll(async () => {
  env = await testEnv()
  dir = copyOfGood()
  outside = mkdtempSync(join(tmpdir(), 'hocso-outside-'))
  writeFileSync(join(outside, 'secret.png'), 'the machine’s private file')
})
afterAll(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

const course = (...p: string[]) => join(dir, '01-vneid-basics', ...p)

describe('symbolic links in a content folder', () => {
  it('serves no file through a link that leaves the content folder, even one made after the import', async () => {
    const r = await importContent(env.ctx, dir)
    expect(r.imported).toContain('01-vneid-basics')
    symlinkSync(join(outside, 'secret.png'), course('img', 'leak.png'))
    try {
      const res = await env.app.request('/media/vneid-basics/img/leak.png')
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('private file')
      // A real file of the course is still served.
      expect((await env.app.request('/media/vneid-basics/img/01-store.svg')).status).toBe(200)
    } finally {
      rmSync(course('img', 'leak.png'))
    }
  })

  it('content check names each refused link with file:line; import skips the course instead of failing', async () => {
    symlinkSync(join(outside, 'secret.png'), course('img', 'leak.png'))
    symlinkSync(course('img'), course('pictures'))
    try {
      const { problems } = checkContent(dir)
      const links = problems.filter((p) => p.message.startsWith('symbolic link'))
      expect(links.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
        `${course('img/leak.png')}:1: symbolic link leaves the content folder (→ ${join(outside, 'secret.png')}): not imported, not served`,
        `${course('pictures')}:1: symbolic link names a folder (copy the folder instead) (→ img): not imported, not served`,
      ])
      expect(links.every((p) => p.blocking)).toBe(true)
      writeFileSync(course('03-safety.vi.md'), `${'\n'}changed so the course is imported again\n`, {
        flag: 'a',
      })
      const r = await importContent(env.ctx, dir)
      expect(r.skipped).toEqual(['01-vneid-basics'])
      expect(r.problems.map((p) => `${p.file}:${p.line}`)).toContain(`${course('pictures')}:1`)
    } finally {
      rmSync(course('img', 'leak.png'))
      rmSync(course('pictures'))
    }
  })
})
