import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  formatNumber,
  formatPercent,
  type Message,
  type MessageKey,
  negotiateLocale,
  type Translation,
  t,
} from '../src/core/i18n.ts'
import { INDICATORS } from '../src/domains/campaign/indicators.ts'
import { registerDomains } from '../src/domains/index.ts'
import { catalogues, MESSAGE_FAMILIES } from '../src/i18n/catalogues.ts'
import type { vi as viCatalogue } from '../src/i18n/vi.ts'

// The catalogues are installed when the domains are registered, as the app and the CLI do.
registerDomains()

const LOCALES = ['vi', 'fr', 'en'] as const
const keys = {
  vi: Object.keys(catalogues.vi) as MessageKey[],
  fr: Object.keys(catalogues.fr) as MessageKey[],
  en: Object.keys(catalogues.en) as MessageKey[],
}

/** The `{name}` placeholders a message uses, in every plural form. */
function placeholders(locale: 'vi' | 'fr' | 'en', key: MessageKey): string[] {
  // Ask for a count that selects each form, and collect every {placeholder} left unfilled.
  const names = new Set<string>()
  for (const count of [0, 1, 2, 5, 21, 1.5]) {
    for (const m of t(locale, key, { count }).matchAll(/\{(\w+)\}/g)) names.add(m[1]!)
  }
  return [...names].sort()
}

/** Every source file that may name a key: the server code and the client scripts, not the catalogues. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'vendor' || path === join('src', 'i18n') ? [] : sources(path)
    if (/\.messages\.\w+\.ts$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return []
    return /\.(ts|tsx|js)$/.test(e.name) ? [readFileSync(path, 'utf8')] : []
  })
}

describe('the message catalogue', () => {
  it('has every key in Vietnamese, French and English, and no other', () => {
    expect(keys.vi.length).toBeGreaterThan(800)
    expect([...keys.fr].sort()).toEqual([...keys.vi].sort())
    expect([...keys.en].sort()).toEqual([...keys.vi].sort())
  })

  it('is typed: French and English must have every Vietnamese key, t() takes only known keys', () => {
    expectTypeOf(catalogues.fr).toExtend<Record<keyof typeof viCatalogue, Message>>()
    expectTypeOf(catalogues.en).toExtend<Record<keyof typeof viCatalogue, Message>>()
    // A translation that lacks a key does not compile (tsc checks this file).
    // @ts-expect-error: 'nav.courses' is missing
    const partial: Translation<{ 'nav.home': string; 'nav.courses': string }> = { 'nav.home': 'Accueil' }
    expect(partial['nav.home']).toBe('Accueil')
    // @ts-expect-error: a key that is in no catalogue
    expect(t('fr', 'no.such.key')).toBe('no.such.key')
  })

  it('has no unused key: each is named in the code or built there from a prefix', () => {
    const code = sources('src').join('\n')
    const named = new Set([...code.matchAll(/['"`]([a-z][\w-]*(?:\.[\w-]+)+)['"`]/g)].map((m) => m[1]!))
    // `certificates.verify.reason.${o.reason}` (a typed code, checked by the compiler) or a family.
    const prefixes = [...new Set([...code.matchAll(/`([a-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((m) => m[1]!))]
    const unused = keys.vi.filter((k) => !named.has(k) && !prefixes.some((p) => k.startsWith(p)))
    expect(unused).toEqual([])
  })

  it('has keys in every family, and every family is built somewhere in the code', () => {
    const code = sources('src').join('\n')
    for (const f of MESSAGE_FAMILIES) {
      expect(
        keys.vi.some((k) => k.startsWith(f)),
        f,
      ).toBe(true)
      expect(code.includes(`\`${f}\${`) || code.includes(`'${f.slice(0, -1)}'`), f).toBe(true)
    }
  })

  it('names and explains every indicator of the dashboards, in every language', () => {
    const missing = INDICATORS.flatMap((i) => [`ind.${i.id}`, `ind.${i.id}.how`]).filter(
      (k) => !(k in catalogues.vi) || !(k in catalogues.fr) || !(k in catalogues.en),
    )
    expect(missing).toEqual([])
    expect(t('vi', `ind.help_given`)).toBe('Lượt hỗ trợ người dân')
  })

  it('names every topic keyword of the shipped courses', () => {
    const topics = readdirSync('content', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => {
        const yaml = readFileSync(join('content', d.name, 'course.yaml'), 'utf8')
        return (/^topics: \[(.*)\]$/m.exec(yaml)?.[1] ?? '').split(',').map((x) => x.trim())
      })
      .filter(Boolean)
    expect(topics.length).toBeGreaterThan(20)
    expect(topics.filter((x) => !(`learning.topic.${x}` in catalogues.vi))).toEqual([])
  })

  it('uses the same placeholders in every language', () => {
    const differing = keys.vi.filter((k) => {
      const vi = placeholders('vi', k).join()
      return placeholders('fr', k).join() !== vi || placeholders('en', k).join() !== vi
    })
    expect(differing).toEqual([])
  })

  it('has no empty message', () => {
    const empty = LOCALES.flatMap((l) =>
      keys[l].filter((k) => t(l, k, { count: 1 }).trim() === '').map((k) => `${l}: ${k}`),
    )
    expect(empty).toEqual([])
  })
})

describe('plural rules and numbers', () => {
  it('chooses the plural form by Intl.PluralRules for each language', () => {
    // Vietnamese has one form; French counts 0 and 1 as singular; English only 1.
    expect(t('vi', 'places.count.villages', { count: 1 })).toBe('1 thôn, bản')
    expect(t('vi', 'places.count.villages', { count: 1446 })).toBe('1.446 thôn, bản')
    expect(t('fr', 'places.count.villages', { count: 0 })).toBe('0 village')
    expect(t('fr', 'places.count.villages', { count: 1 })).toBe('1 village')
    expect(t('fr', 'places.count.villages', { count: 2 })).toBe('2 villages')
    expect(t('fr', 'places.count.villages', { count: 1446 })).toBe('1\u202f446 villages')
    expect(t('en', 'places.count.villages', { count: 0 })).toBe('0 villages')
    expect(t('en', 'places.count.villages', { count: 1 })).toBe('1 village')
    expect(t('en', 'places.count.villages', { count: 1446 })).toBe('1,446 villages')
  })

  it('formats numbers and percentages the way each language writes them', () => {
    expect(formatNumber('vi', 1446)).toBe('1.446')
    expect(formatNumber('fr', 1446)).toBe('1\u202f446')
    expect(formatNumber('en', 1446)).toBe('1,446')
    expect(formatPercent('vi', 1362 / 1446)).toBe('94,2%')
    expect(formatPercent('fr', 1362 / 1446)).toBe('94,2\u00a0%')
    expect(formatPercent('en', 1362 / 1446)).toBe('94.2%')
  })

  it('picks the language from Accept-Language', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr')
    expect(negotiateLocale('de-DE,de;q=0.9')).toBeUndefined()
  })
})
