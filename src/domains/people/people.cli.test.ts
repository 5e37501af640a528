import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type CliEnv, cliEnv, runCli } from '../../../test/cli.ts'
import { seedPlacesAndPeople } from '../../../test/factories.ts'
import { ensureUnits } from '../places/places.service.ts'
import { createAccount } from './people.service.ts'

// Real processes (node bin/hocso.js …); give them time on a busy machine.
const LONG = 240_000
let e: CliEnv
afterAll(() => e?.close(), LONG)

describe('hocso people', () => {
  it('exports a person to a file, erases them with a reason, and refuses bad input without writing', {
    timeout: LONG,
  }, async () => {
    e = cliEnv()
    const db = await e.open()
    let id: string
    try {
      await ensureUnits(db.ctx)
      await seedPlacesAndPeople(db.ctx)
      id = await createAccount(
        db.ctx,
        { displayName: 'Cà Văn Thắng', phone: '0977000123', password: 'mat-khau-123', placeCode: '3166-001' },
        [{ role: 'learner', scopeCode: '3166-001' }],
        { consent: true },
      )
    } finally {
      await db.close()
    }
    const help = await runCli(['people', '--help'], e.env)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^hocso people <export \| erase>/)

    const out = join(e.dataDir, 'person.json')
    const exported = await runCli(['people', 'export', '0977000123', '--out', out], e.env)
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8')).account).toMatchObject({ id, display_name: 'Cà Văn Thắng' })

    const noReason = await runCli(['people', 'erase', '0977000123'], e.env)
    expect(noReason.code).toBe(64)
    expect(noReason.stderr).toContain('--reason: required')
    const unknown = await runCli(['people', 'erase', 'nobody.here', '--reason', 'Đơn số 5'], e.env)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('person: no account "nobody.here"')
    const naming = await runCli(['people', 'erase', id, '--reason', 'Cà Văn Thắng xin xoá'], e.env)
    expect(naming.code).toBe(1)
    expect(naming.stderr).toContain("reason: must not contain the person's name")

    const erased = await runCli(['people', 'erase', id, '--reason', 'Đơn số 5'], e.env)
    expect(erased.stderr).toBe('')
    expect(erased.code).toBe(0)
    expect(erased.stdout).toContain(`erased: ${id}`)
    const twice = await runCli(['people', 'erase', id, '--reason', 'Đơn số 5'], e.env)
    expect(twice.code).toBe(1)
    expect(twice.stderr).toContain('was already erased')
    expect(existsSync(out)).toBe(true)

    const after = await e.open()
    try {
      const row = await after.ctx.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ display_name: '(đã xoá)', phone: null, password_hash: null })
      const audit = await after.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'account.erase')
        .execute()
      expect(audit).toHaveLength(1)
      expect(JSON.parse(audit[0]!.detail)).toMatchObject({ by: 'operator', reason: 'Đơn số 5' })
    } finally {
      await after.close()
    }
  })
})
