import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import * as fr from '@zxcvbn-ts/language-fr'
import { afterAll, describe, expect, it } from 'vitest'
import { VIETNAMESE } from './password-strength.ts'

type Checker = Pick<ZxcvbnFactory, 'check'>
const { makeChecker, packagesOf, writeLists } = createRequire(import.meta.url)('./password-checker.cjs') as {
  makeChecker: (setup: { lists: string; vi: string[] }) => Checker
  packagesOf: () => Record<string, string>
  writeLists: (packages: Record<string, string>, path: string) => void
}

// zxcvbn as the packages give it, with every list as an object of word → rank.
const stock = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary, vi: VIETNAMESE },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
})

/** Passwords of every kind: listed words and their variants, names, phrases, random text. */
function passwords(): string[] {
  const lists = { ...common.dictionary, ...en.dictionary, ...fr.dictionary }
  const words = Object.values(lists).flatMap((list) => list.filter((_, i) => i % 4000 === 0).map(String))
  const variants = words.flatMap((w) => [
    w,
    `${w[0]!.toUpperCase()}${w.slice(1)}2024`,
    [...w].reverse().join(''),
    w.replace(/a/g, '4').replace(/e/g, '3').replace(/o/g, '0').replace(/s/g, '$'),
  ])
  return [
    ...variants,
    ...VIETNAMESE,
    ...['12345678', 'aaaaaaaaaa', 'qwertyuiop', 'password1', 'iloveyou', 'motdepasse', 'soleil123'],
    ...['suoi-nam-rom-mua-xuan', 'hoc-3f9a1c2e', 'Ruộng-bậc-thang-2026', 'éléphant-bleu', 'minh2024'],
    // Words that a plain object holds through its prototype.
    ...['constructor', 'tostring', '__proto__', 'hasownproperty', 'valueof'],
  ]
}

const INPUTS = ['0912000444', 'Lò Văn Minh', 'Lò', 'Văn', 'Minh']
const work = mkdtempSync(join(tmpdir(), 'hocso-lists-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the password checker with its compact word lists', () => {
  it('scores every password as zxcvbn does, from the built lists and from the packages', () => {
    const file = join(work, 'lists.json')
    writeLists(packagesOf(), file)
    const checkers = {
      built: makeChecker({ lists: file, vi: VIETNAMESE }),
      packages: makeChecker({ lists: join(work, 'none.json'), vi: VIETNAMESE }),
    }
    const all = passwords()
    expect(all.length).toBeGreaterThan(300)
    const seen = (z: Checker, p: string) => {
      const r = z.check(p, INPUTS)
      return {
        score: r.score,
        guesses: r.guesses,
        sequence: r.sequence.map((m) => [m.pattern, m.dictionaryName, m.rank]),
      }
    }
    let refused = 0
    for (const p of all) {
      const want = seen(stock, p)
      if (want.score < 2) refused++
      expect(seen(checkers.built, p), p).toEqual(want)
      expect(seen(checkers.packages, p), p).toEqual(want)
    }
    // The corpus holds both guessable passwords and strong ones.
    expect(refused).toBeGreaterThan(100)
    expect(all.length - refused).toBeGreaterThan(20)
  }, 120_000)
})
