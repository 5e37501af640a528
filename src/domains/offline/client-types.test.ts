import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The client scripts are plain JavaScript (no build step) typed with JSDoc; the compiler checks
// them as it checks the server, so the outbox's typed API cannot drift from its code.
const CLIENT = ['outbox.js', 'offline.js', 'downloads.js', 'quiz-offline.js', 'sw.js', 'headcount.js'].map(
  (f) => resolve('src/web/static', f),
)

describe('client scripts', () => {
  it('pass the TypeScript checker with their JSDoc types', () => {
    const tsc = resolve('node_modules/typescript/bin/tsc')
    let out = ''
    try {
      execFileSync(
        process.execPath,
        [
          tsc,
          '--noEmit',
          '--allowJs',
          '--checkJs',
          '--strict',
          '--skipLibCheck',
          '--allowImportingTsExtensions',
          '--module',
          'preserve',
          '--target',
          'ES2022',
          '--lib',
          'ES2023,DOM,DOM.Iterable,WebWorker',
          ...CLIENT,
        ],
        { encoding: 'utf8' },
      )
    } catch (err) {
      out = String((err as { stdout?: string }).stdout ?? err)
    }
    expect(out).toBe('')
  }, 120_000)
})
