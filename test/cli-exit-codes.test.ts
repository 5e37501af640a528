import { afterAll, describe, expect, it } from 'vitest'
import { type CliEnv, cliEnv, runCli } from './cli.ts'

// Issue 14, "data written wrongly": `bundle import` of a missing file exited 1 (an unhandled
// ENOENT) where the README promises 66, "no such file".
let e: CliEnv | undefined
afterAll(() => e?.close())

describe('hocso bundle import of a file that is not there', () => {
  it('exits 66 naming the file, like every other command', { timeout: 180_000 }, async () => {
    e = cliEnv({ sqliteOnly: true })
    const r = await runCli(['bundle', 'import', '/nonexistent/hub.hocso'], e.env)
    expect(r.code).toBe(66)
    expect(r.stderr).toContain('hocso bundle import: /nonexistent/hub.hocso: no such file')
  })
})
