import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('..', import.meta.url).pathname
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The README is the front door (issue 18): short, and every page it points to exists. */
describe('README', () => {
  it('stays under 250 lines; the manual lives in docs/', () => {
    const lines = readme.endsWith('\n') ? readme.split('\n').length - 1 : readme.split('\n').length
    expect(lines).toBeLessThan(250)
  })

  it('links only to files that exist, here and in every docs page', () => {
    const missing: string[] = []
    for (const file of ['README.md', ...docsPages()]) {
      // Examples of the content format in code are not links of these pages.
      const text = readFileSync(join(ROOT, file), 'utf8')
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '')
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!
        if (/^[a-z]+:/.test(target)) continue
        if (!existsSync(join(ROOT, dirname(file), target))) missing.push(`${file} → ${target}`)
      }
    }
    expect(missing).toEqual([])
  })
})

function docsPages(): string[] {
  const list = readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/\]\((docs\/[a-z-]+\.md)\)/g)
  return [...new Set([...list].map((m) => m[1]!))]
}
