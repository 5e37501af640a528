/**
 * The interface in Vietnamese (the default and the source), French and English: one catalogue per
 * language, composed in `src/i18n/` from each domain's `<domain>.messages.vi.ts`, `.fr.ts` and `.en.ts`.
 * A message is a string with `{name}` placeholders, or plural forms chosen by Intl.PluralRules.
 * Keys are typed: `t()` accepts only keys of the Vietnamese catalogue (and the families declared
 * beside it, such as `market.step.${string}`), and French and English must have every key
 * (decision 0155). core knows no domain: the catalogues declare themselves through `Register`.
 */
export const UI_LOCALES = ['vi', 'fr', 'en'] as const
export type Locale = (typeof UI_LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'vi'

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
export type Message = string | Plural
export type Catalogue = Record<string, Message>
/** A translation of a source catalogue: every key of it, no other (a missing key fails type-checking). */
export type Translation<Source> = Record<keyof Source, Message>

/**
 * Filled in by `src/i18n/catalogues.ts` (declaration merging): `catalogue` is the Vietnamese catalogue,
 * `families` the keys built at run time from a code (`market.step.${string}`).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface Register {}
type Registered<K extends string, Fallback> = Register extends Record<K, infer V> ? V : Fallback
/** A key of the interface catalogue. */
export type MessageKey = (keyof Registered<'catalogue', Catalogue> & string) | Registered<'families', never>

const catalogues: Record<Locale, Catalogue> = { vi: {}, fr: {}, en: {} }

/** Installs the catalogues (the app, the command line and the tests do it once, from `src/i18n/`). */
export function installCatalogues(c: Record<Locale, Catalogue>): void {
  for (const l of UI_LOCALES) catalogues[l] = c[l]
}

/** The raw message (placeholders unfilled, plural forms whole), for the client scripts. */
export function rawMessage(locale: Locale, key: MessageKey): Message | undefined {
  return catalogues[locale][key] ?? catalogues.vi[key]
}

export function isLocale(s: unknown): s is Locale {
  return typeof s === 'string' && (UI_LOCALES as readonly string[]).includes(s)
}

const BCP47: Record<Locale, string> = { vi: 'vi-VN', fr: 'fr-FR', en: 'en-GB' }
const pluralRules = new Map<Locale, Intl.PluralRules>()

/** Translates a key; `{name}` placeholders are filled from params; numbers are formatted for the locale. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
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
