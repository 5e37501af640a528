import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPeople } from '../../../test/factories.ts'
import { type TestEnv, testEnv } from '../../../test/harness.ts'
import { uuidv7 } from '../../core/ids.ts'
import { importContent } from './content.import.ts'
import { BROKEN, copyOfGood, newLearner, visibleText } from './learning.fixtures.ts'

let env: TestEnv
let dir: string
beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  dir = copyOfGood()
})
afterAll(async () => {
  await env.close()
  rmSync(dir, { recursive: true, force: true })
})

const versions = (key: string) =>
  env.ctx.db
    .selectFrom('lessons')
    .select(['id', 'version', 'current'])
    .where('lesson_key', '=', key)
    .orderBy('version')
    .execute()

describe('hocso content import', () => {
  it('imports once; a second run changes nothing', async () => {
    const first = await importContent(env.ctx, dir)
    expect(first).toMatchObject({
      imported: ['01-vneid-basics', '02-market-sales'],
      newVersions: 5,
      skipped: [],
    })
    const second = await importContent(env.ctx, dir)
    expect(second).toMatchObject({
      imported: [],
      unchanged: ['01-vneid-basics', '02-market-sales'],
      newVersions: 0,
    })
    expect(await versions('01-install')).toHaveLength(1)
    const docs = await env.ctx.db.selectFrom('learning_search').select('id').execute()
    expect(docs.length).toBe(14)
  })

  it('makes a changed lesson a new version and keeps the progress made on the old one', async () => {
    const { c } = await newLearner(env)
    const [old] = await versions('03-safety')
    const f = {
      id: uuidv7(),
      kind: 'lesson_completed',
      occurred_at: new Date().toISOString(),
      data: { lesson_id: old!.id, lang: 'vi' },
    }
    expect((await (await c.request('/api/facts', { json: { facts: [f] } })).json()).stored).toEqual([f.id])

    const file = join(dir, '01-vneid-basics', '03-safety.vi.md')
    writeFileSync(
      file,
      '---\ntitle: Giữ tài khoản an toàn\nupdated: 2026-11-30\n---\n\nBật xác thực hai lớp.\n',
    )
    const r = await importContent(env.ctx, dir)
    expect(r).toMatchObject({ imported: ['01-vneid-basics'], unchanged: ['02-market-sales'], newVersions: 1 })
    const vs = await versions('03-safety')
    expect(vs.map((v) => [v.version, v.current])).toEqual([
      [1, 0],
      [2, 1],
    ])
    expect(vs[0]!.id).toBe(old!.id)
    // Other lessons of the course keep their version.
    expect(await versions('01-install')).toHaveLength(1)
    const page = visibleText(await (await c.request('/courses/vneid-basics')).text())
    expect(page).toContain('Giữ tài khoản an toàn Đã xong')
    expect(visibleText(await (await c.request('/courses/vneid-basics/03-safety')).text())).toContain(
      'Bật xác thực hai lớp.',
    )
    // A fact sent later by an offline phone about the old version still counts.
    const late = { ...f, id: uuidv7(), kind: 'lesson_opened' }
    expect((await (await c.request('/api/facts', { json: { facts: [late] } })).json()).stored).toEqual([
      late.id,
    ])
  })

  it('retires a course whose folder disappeared, and brings it back when it returns', async () => {
    renameSync(join(dir, '02-market-sales'), join(dir, '.02-market-sales'))
    expect((await importContent(env.ctx, dir)).retired).toEqual(['market-sales'])
    const res = await env.app.request('/courses/market-sales')
    expect(res.status).toBe(404)
    renameSync(join(dir, '.02-market-sales'), join(dir, '02-market-sales'))
    expect((await importContent(env.ctx, dir)).imported).toEqual(['02-market-sales'])
    expect((await env.app.request('/courses/market-sales')).status).toBe(200)
  })

  it('does not import a course with blocking problems and reports them', async () => {
    const r = await importContent(env.ctx, BROKEN)
    expect(r.imported).toEqual([])
    expect(r.skipped).toEqual(['01-bad-yaml', '02-broken'])
    expect(r.problems.length).toBe(12)
    expect(
      await env.ctx.db.selectFrom('courses').select('slug').where('slug', '=', 'broken').execute(),
    ).toEqual([])
  })
})
