import { describe, expect, it } from 'vitest'
import '../src/app.tsx'
import { catalogueKeys, formatNumber, formatPercent, negotiateLocale, t } from '../src/core/i18n.ts'

/** The `{name}` placeholders a message uses, in every plural form. */
function placeholders(locale: 'vi' | 'fr' | 'en', key: string): string[] {
  // Ask for a count that selects each form, and collect every {placeholder} left unfilled.
  const names = new Set<string>()
  for (const count of [0, 1, 2, 5, 21, 1.5]) {
    for (const m of t(locale, key, { count }).matchAll(/\{(\w+)\}/g)) names.add(m[1]!)
    void count
  }
  return [...names].sort()
}

describe('the message catalogue', () => {
  const keys = catalogueKeys()

  it('has every key in Vietnamese, French and English', () => {
    expect(keys.vi.length).toBeGreaterThan(100)
    const all = new Set([...keys.vi, ...keys.fr, ...keys.en])
    const missing = [...all].flatMap((k) =>
      (['vi', 'fr', 'en'] as const).filter((l) => !keys[l].includes(k)).map((l) => `${l}: ${k}`),
    )
    expect(missing).toEqual([])
  })

  it('uses the same placeholders in every language', () => {
    const differing = keys.vi.filter((k) => {
      const vi = placeholders('vi', k).join()
      return placeholders('fr', k).join() !== vi || placeholders('en', k).join() !== vi
    })
    expect(differing).toEqual([])
  })

  it('has no empty message', () => {
    const empty = (['vi', 'fr', 'en'] as const).flatMap((l) =>
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

  it('falls back to Vietnamese for a missing translation, and shows the key when nothing exists', () => {
    expect(t('fr', 'no.such.key')).toBe('no.such.key')
    expect(negotiateLocale('fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr')
    expect(negotiateLocale('de-DE,de;q=0.9')).toBeUndefined()
  })
})
