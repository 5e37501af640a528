/**
 * The interface in Vietnamese (the default and the source), French and English: one catalogue per
 * language, composed in `src/i18n/` from each domain's `<domain>.messages.vi.ts`, `.fr.ts` and `.en.ts`.
 * A message is a string with `{name}` placeholders, or plural forms chosen by Intl.PluralRules.
 * Keys are typed: `t()` accepts only keys of the Vietnamese catalogue (and the families declared
 * beside it, such as `market.step.${string}`), and French and English must have every key
 * (decision 0155). core knows no domain: the catalogues declare themselves through `Register`.
 */
export const UI_LOCALES = ['vi', 'fr', 'en'] as const
/** A language with a catalogue in the code: every key, checked by the compiler. */
export type CatalogueLocale = (typeof UI_LOCALES)[number]
/**
 * Tai Dam and Hmong: their interface strings come from native speakers through the studio, stored in
 * the database and installed here as an overlay; a key without an approved string is Vietnamese
 * (decision 0194). Never written in the code.
 */
export const COMMUNITY_LOCALES = ['blt', 'hnj'] as const
export type CommunityLocale = (typeof COMMUNITY_LOCALES)[number]
export type Locale = CatalogueLocale | CommunityLocale
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

const catalogues: Record<Locale, Catalogue> = { vi: {}, fr: {}, en: {}, blt: {}, hnj: {} }

/** Installs the catalogues (the app, the command line and the tests do it once, from `src/i18n/`). */
export function installCatalogues(c: Record<CatalogueLocale, Catalogue>): void {
  for (const l of UI_LOCALES) catalogues[l] = c[l]
}

/**
 * Installs the approved interface strings of a community language (the studio does, at start and
 * whenever one is approved); replaces what was there. Keys not in the Vietnamese catalogue are ignored.
 */
export function installOverlay(locale: CommunityLocale, strings: Catalogue): void {
  const next: Catalogue = {}
  for (const [k, v] of Object.entries(strings)) if (k in catalogues.vi) next[k] = v
  catalogues[locale] = next
}

/** Share of the Vietnamese catalogue a community language has approved, 0 to 1. */
export function overlayCoverage(locale: CommunityLocale): number {
  const total = Object.keys(catalogues.vi).length
  return total ? Object.keys(catalogues[locale]).length / total : 0
}

/** The community languages with at least one approved interface string, offered by the chooser. */
export function offeredCommunityLocales(): CommunityLocale[] {
  return COMMUNITY_LOCALES.filter((l) => Object.keys(catalogues[l]).length > 0)
}

/** Whether the interface can be shown in this language: always for a catalogue, once strings are approved for the others. */
export function isOffered(locale: Locale): boolean {
  return (UI_LOCALES as readonly string[]).includes(locale) || Object.keys(catalogues[locale]).length > 0
}

/** Whether a key has its own text in this language (otherwise it is shown in Vietnamese). */
export function hasOwnText(locale: Locale, key: MessageKey): boolean {
  return catalogues[locale][key] !== undefined
}

/** The raw message (placeholders unfilled, plural forms whole), for the client scripts. */
export function rawMessage(locale: Locale, key: MessageKey): Message | undefined {
  return catalogues[locale][key] ?? catalogues.vi[key]
}

export function isLocale(s: unknown): s is Locale {
  return (
    typeof s === 'string' &&
    ((UI_LOCALES as readonly string[]).includes(s) || (COMMUNITY_LOCALES as readonly string[]).includes(s))
  )
}

/** The Vietnamese catalogue, the source the studio's interface translations follow. */
export function sourceCatalogue(): Readonly<Catalogue> {
  return catalogues.vi
}

/**
 * Formatting conventions per language: Tai Dam and Hmong are written in Vietnam with Vietnamese
 * numbers and dates, and their plural rules (CLDR has none for them) are the Vietnamese: one form.
 */
export const BCP47: Record<Locale, string> = {
  vi: 'vi-VN',
  fr: 'fr-FR',
  en: 'en-GB',
  blt: 'vi-VN',
  hnj: 'vi-VN',
}
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

// Formatters are made once per locale and options: making one costs far more than using it (a
// hub's page views spent 5% of their time making number formatters), and ICU's memory with it.
const numberFormats = new Map<string, Intl.NumberFormat>()
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function numberFormat(locale: Locale, opts?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = opts ? `${locale} ${JSON.stringify(opts)}` : locale
  let f = numberFormats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(BCP47[locale], opts)
    // Options come from the code, not from requests, so the map stays small; bounded all the same.
    if (numberFormats.size >= 200) numberFormats.clear()
    numberFormats.set(key, f)
  }
  return f
}

/** 1446 → "1.446" in Vietnamese, "1 446" in French. */
export function formatNumber(locale: Locale, n: number, opts?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, opts).format(n)
}

/** A percentage with one decimal: 94.2 → "94,2 %" in French. */
export function formatPercent(locale: Locale, fraction: number): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction)
}

/** A calendar date in the locale's usual form. */
export function formatDate(
  locale: Locale,
  d: Date | string,
  opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const key = `${locale} ${JSON.stringify(opts)}`
  let f = dateFormats.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(BCP47[locale], { timeZone: 'Asia/Ho_Chi_Minh', ...opts })
    if (dateFormats.size >= 200) dateFormats.clear()
    dateFormats.set(key, f)
  }
  return f.format(new Date(d))
}

/** Picks the first supported language from an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]!.trim().slice(0, 2).toLowerCase()
    if ((UI_LOCALES as readonly string[]).includes(tag)) return tag as Locale
  }
  return undefined
}
