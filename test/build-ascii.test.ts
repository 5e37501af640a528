import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain JavaScript module of bin/, without type declarations
import { asciiComments, notAscii } from '../bin/build.js'

const DIST = new URL('../dist/', import.meta.url).pathname

/** dist/main.js and every chunk it imports, statically or not, as the server loads them. */
function builtServer(): Map<string, string> {
  const out = new Map<string, string>()
  const todo = ['main.js']
  while (todo.length) {
    const name = todo.pop()!
    if (out.has(name)) continue
    const text = readFileSync(join(DIST, name), 'utf8')
    out.set(name, text)
    for (const m of text.matchAll(/(?:from |import\()"\.\/(chunk-[A-Z0-9]+\.js)"/g)) todo.push(m[1]!)
  }
  return out
}

/** V8 keeps loaded source text one byte a character only when all of it fits (decision 0201). */
describe('the built server is ASCII', () => {
  it('has no character outside ASCII in main.js or any chunk it loads', () => {
    const files = builtServer()
    expect(files.size).toBeGreaterThan(5)
    const found = [...files].flatMap(([name, text]) =>
      (notAscii(text) as number[]).map((l) => `${name}:${l}`),
    )
    expect(found).toEqual([])
  })

  it('escapes comment lines only, and the code does the same', () => {
    const code = [
      '// nothing is a multiple of zero — the number branch',
      '/**',
      ' * Counts (or uncounts, with sign −1) one effect',
      ' */',
      'const r = /^(Xã|Phường) /;',
      '/* @__PURE__ → */ const s = "Mường Chà".replace(r, "");',
      'const t = String.raw`Đ`;',
      '[s, t, "Xã Nà Hỳ".replace(r, "")]',
    ].join('\n')
    const ascii = asciiComments(code) as string
    expect(ascii.split('\n').slice(0, 4)).toEqual([
      '// nothing is a multiple of zero \\u2014 the number branch',
      '/**',
      ' * Counts (or uncounts, with sign \\u22121) one effect',
      ' */',
    ])
    // Code lines, and a line where a comment closes before code, stay as written.
    expect(ascii.split('\n').slice(4)).toEqual(code.split('\n').slice(4))
    expect(notAscii(ascii)).toEqual([5, 6, 7, 8])
    expect(runInNewContext(ascii)).toEqual(runInNewContext(code))
    expect(runInNewContext(ascii)).toEqual(['Mường Chà', 'Đ', 'Nà Hỳ'])
  })
})
