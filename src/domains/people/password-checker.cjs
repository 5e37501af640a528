'use strict'
// The password checker's own process (password-strength.ts; decisions 0201, 0209): zxcvbn-ts with
// its word lists kept compact. Plain CommonJS, run as `node password-checker.cjs` from the sources
// and from the built server alike, and required by the build to write the lists once.
//
// zxcvbn keeps each list as an object from word to rank: 316,000 words took 40 MB of heap, and
// reading them from the packages left 25 MB more of garbage behind. Here each list is one string of
// its words in sorted order, where each starts and its rank (5 MB for all), searched by halving;
// zxcvbn reads a rank as `list[word]` and nothing else (the Levenshtein option, which lists a
// dictionary's words, is off), so it is given an object that answers that. The ranks are those
// zxcvbn gives (from 1 in the list's order, a repeated word keeping its last), so every password
// scores as it did: the tests compare the two on some 480 passwords.
const { readFileSync, renameSync, writeFileSync } = require('node:fs')
const { dirname, join } = require('node:path')

const LANGUAGES = ['common', 'en', 'fr']

/** The packages' versions, which a list file must have been written from. */
function versionsOf(packages) {
  return LANGUAGES.map((l) => {
    const pkg = JSON.parse(readFileSync(join(dirname(packages[l]), '..', 'package.json'), 'utf8'))
    return `${pkg.name}@${pkg.version}`
  }).join(' ')
}

/** Every list of the packages, in zxcvbn's order, as `{ name: { words, ranks, maxLength } }`. */
function compactLists(packages) {
  const lists = {}
  for (const l of LANGUAGES) Object.assign(lists, require(packages[l]).dictionary)
  const out = {}
  for (const [name, list] of Object.entries(lists)) out[name] = compactList(list)
  return out
}

// Kept apart from `lookup` so that nothing of the word objects outlives the building.
function compactList(list) {
  const rankOf = new Map()
  for (let i = 0; i < list.length; i++) rankOf.set(String(list[i]), i + 1)
  // zxcvbn's object cannot hold it (it sets the prototype); it reads as the object's prototype.
  rankOf.delete('__proto__')
  const words = [...rankOf.keys()].sort()
  let maxLength = 0
  for (const w of list) maxLength = Math.max(maxLength, String(w).length)
  // Words never hold a line break: each ends with one.
  return { words: `${words.join('\n')}\n`, ranks: words.map((w) => rankOf.get(w)), maxLength }
}

/** A list as zxcvbn reads it: `dict[word]` is the word's rank, or what a plain object holds. */
function lookup({ words: text, ranks: rankList }) {
  const ranks = Uint32Array.from(rankList)
  const starts = new Uint32Array(ranks.length + 1)
  for (let k = 0, at = 0; k < ranks.length; k++) {
    at = text.indexOf('\n', at) + 1
    starts[k + 1] = at
  }
  const plain = {}
  const find = (key) => {
    let lo = 0
    let hi = ranks.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const from = starts[mid]
      const length = starts[mid + 1] - 1 - from
      const n = Math.min(length, key.length)
      let d = 0
      for (let i = 0; i < n && d === 0; i++) d = key.charCodeAt(i) - text.charCodeAt(from + i)
      if (d === 0) d = key.length - length
      if (d === 0) return ranks[mid]
      if (d < 0) hi = mid - 1
      else lo = mid + 1
    }
    return plain[key]
  }
  return new Proxy(plain, { get: (_, key) => (typeof key === 'string' ? find(key) : undefined) })
}

/**
 * A zxcvbn checking against the packages' lists, read from `setup.lists` (written by the build)
 * when it was written from the installed packages, else from the packages themselves; plus the
 * `setup.vi` words, as zxcvbn keeps them (a few).
 */
function makeChecker(setup, packages = packagesOf()) {
  const { ZxcvbnFactory } = require(packages.core)
  let lists
  try {
    const file = JSON.parse(readFileSync(setup.lists, 'utf8'))
    if (file.versions === versionsOf(packages)) lists = file.lists
  } catch {
    // No file (sources never built), or from other packages: built from the packages below.
  }
  lists ??= compactLists(packages)
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { vi: setup.vi },
    graphs: require(packages.graphs),
    translations: require(packages.translations),
  })
  const o = zxcvbn.options
  const ranked = {}
  const maxWordSize = {}
  for (const [name, list] of Object.entries(lists)) {
    ranked[name] = lookup(list)
    maxWordSize[name] = list.maxLength
  }
  o.rankedDictionaries = { ...ranked, vi: o.rankedDictionaries.vi }
  o.rankedDictionariesMaxWordSize = { ...maxWordSize, vi: o.rankedDictionariesMaxWordSize.vi }
  return zxcvbn
}

/** Writes the compact lists of the installed packages to `path` (the build). */
function writeLists(packages, path) {
  const tmp = `${path}.${process.pid}`
  writeFileSync(tmp, JSON.stringify({ versions: versionsOf(packages), lists: compactLists(packages) }))
  renameSync(tmp, path)
}

/** The package files the checker reads, resolved from here. */
function packagesOf() {
  return {
    core: require.resolve('@zxcvbn-ts/core'),
    common: require.resolve('@zxcvbn-ts/language-common'),
    en: require.resolve('@zxcvbn-ts/language-en'),
    fr: require.resolve('@zxcvbn-ts/language-fr'),
    graphs: require.resolve('@zxcvbn-ts/language-common/dist/adjacencyGraphs.json.cjs'),
    translations: require.resolve('@zxcvbn-ts/language-en/dist/translations.cjs'),
  }
}

module.exports = { makeChecker, writeLists, packagesOf }

if (require.main === module) {
  const zxcvbn = makeChecker(JSON.parse(process.env.HOCSO_STRENGTH_SETUP))
  // Reading the lists leaves about 25 MB of garbage (the file as text, then parsed), which V8 would
  // otherwise keep until the checks' own garbage has it collected.
  globalThis.gc?.()
  process.on('message', ({ id, password, inputs }) => {
    try {
      const r = zxcvbn.check(password, inputs)
      const sequence = r.sequence.map((m) => ({ pattern: m.pattern, dictionaryName: m.dictionaryName }))
      process.send({ id, result: { score: r.score, sequence } })
    } catch (err) {
      process.send({ id, error: String(err?.message || err) })
    }
  })
}
