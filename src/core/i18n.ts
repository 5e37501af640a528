/**
 * One message catalogue for the interface, in Vietnamese (the default), French and English.
 * Each domain contributes its own messages (`<domain>.messages.ts`) through `registerMessages`;
 * a message is a string with `{name}` placeholders, or plural forms chosen by Intl.PluralRules.
 */
export const UI_LOCALES = ['vi', 'fr', 'en'] as const
export type Locale = (typeof UI_LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'vi'

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
export type Message = string | Plural
export type Catalogue = Record<string, Message>
export type Messages = { vi: Catalogue; fr: Catalogue; en: Catalogue }

const catalogues: Record<Locale, Catalogue> = { vi: {}, fr: {}, en: {} }

/** Adds a domain's messages; every key must exist in all three languages (checked by a test). */
export function registerMessages(m: Messages): void {
  for (const l of UI_LOCALES) Object.assign(catalogues[l], m[l])
}

/** All registered keys per locale, for the completeness test. */
export function catalogueKeys(): Record<Locale, string[]> {
  return { vi: Object.keys(catalogues.vi), fr: Object.keys(catalogues.fr), en: Object.keys(catalogues.en) }
}

export function isLocale(s: unknown): s is Locale {
  return typeof s === 'string' && (UI_LOCALES as readonly string[]).includes(s)
}

const BCP47: Record<Locale, string> = { vi: 'vi-VN', fr: 'fr-FR', en: 'en-GB' }
const pluralRules = new Map<Locale, Intl.PluralRules>()

/** Translates a key; `{name}` placeholders are filled from params; numbers are formatted for the locale. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const msg = catalogues[locale][key] ?? catalogues.vi[key]
  if (msg === undefined) return key
  let text: string
  if (typeof msg === 'string') text = msg
  else {
    let rules = pluralRules.get(locale)
    if (!rules) {
      rules = new Intl.PluralRules(BCP47[locale])
      pluralRules.set(locale, rules)
    }
    const n = Number(params.count ?? 0)
    text = msg[rules.select(n)] ?? msg.other
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name]
    if (v === undefined) return `{${name}}`
    return typeof v === 'number' ? formatNumber(locale, v) : v
  })
}

/** 1446 → "1.446" in Vietnamese, "1 446" in French. */
export function formatNumber(locale: Locale, n: number, opts?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(BCP47[locale], opts).format(n)
}

/** A percentage with one decimal: 94.2 → "94,2 %" in French. */
export function formatPercent(locale: Locale, fraction: number): string {
  return new Intl.NumberFormat(BCP47[locale], { style: 'percent', maximumFractionDigits: 1 }).format(fraction)
}

/** A calendar date in the locale's usual form. */
export function formatDate(
  locale: Locale,
  d: Date | string,
  opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  return new Intl.DateTimeFormat(BCP47[locale], { timeZone: 'Asia/Ho_Chi_Minh', ...opts }).format(new Date(d))
}

/** Picks the first supported language from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase()
    if (isLocale(tag)) return tag
  }
  return undefined
}
