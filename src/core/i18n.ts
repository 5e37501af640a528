/**
 * The interface in Vietnamese (the default and the source), French and English: one catalogue per
 * language, composed in `src/i18n/` from each domain's `<domain>.messages.vi.ts`, `.fr.ts` and `.en.ts`.
 * A message is a string with `{name}` placeholders, or plural forms chosen by Intl.PluralRules.
 * Keys are typed: `t()` accepts only keys of the Vietnamese catalogue (and the families declared
 * beside it, such as `market.step.${string}`), and French and English must have every key
 * (decision 0155). core knows no domain: the catalogues declare themselves through `Register`.
 */
import { AsyncLocalStorage } from 'node:async_hooks'

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

let overlays = 0

/**
 * Installs the approved interface strings of a community language (the studio does, at start and
 * whenever one is approved); replaces what was there. Keys not in the Vietnamese catalogue are ignored.
 */
export function installOverlay(locale: CommunityLocale, strings: Catalogue): void {
  const next: Catalogue = {}
  for (const [k, v] of Object.entries(strings)) if (k in catalogues.vi) next[k] = v
  catalogues[locale] = next
  overlays++
}

/** Changes whenever an overlay is installed: pages kept rendered are kept under it (decision 0195). */
export function overlayGeneration(): number {
  return overlays
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

/** Tai Dam or Hmong: a language whose interface strings come from the studio, over the Vietnamese. */
export function isCommunityLocale(l: Locale): l is CommunityLocale {
  return (COMMUNITY_LOCALES as readonly string[]).includes(l)
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

/**
 * The texts `t()` gave in Vietnamese for a Tai Dam or Hmong key without an approved string, noted
 * while a request in that language runs (`noteFallbacks`), so that the page can say their language
 * (`lang="vi"`, decision 0194). `t()` itself always returns plain text: it also fills attributes,
 * JSON, CSV, PO files, SMS and the command line, where no mark may appear. A text also given as a
 * language's own approved string in the same request is `mixed` and is not marked.
 */
const fallbacks = new AsyncLocalStorage<Map<string, 'vi' | 'own' | 'mixed'>>()

/** Runs `fn` (a request's handling) noting the texts `t()` gives in Vietnamese in place of a community language. */
export function noteFallbacks<T>(fn: () => T): T {
  return fallbacks.run(new Map(), fn)
}

/** Whether anything is being noted here (false outside a Tai Dam or Hmong request: nothing to mark). */
export function notingFallbacks(): boolean {
  return (fallbacks.getStore()?.size ?? 0) > 0
}

/** Whether this exact text was given by `t()` in Vietnamese in place of a community language, in this request. */
export function isVietnameseFallback(text: string): boolean {
  return fallbacks.getStore()?.get(text) === 'vi'
}

/**
 * A text put together from `t()` texts with names, numbers or punctuation between them ("Số điện
 * thoại: bắt buộc"): noted as Vietnamese, as they are, when every one of them was given in
 * Vietnamese. Returns the text unchanged.
 */
export function composedText(text: string, ...parts: string[]): string {
  const noted = fallbacks.getStore()
  if (noted && parts.length && parts.every((p) => noted.get(p) === 'vi')) {
    const was = noted.get(text)
    noted.set(text, was === undefined || was === 'vi' ? 'vi' : 'mixed')
  }
  return text
}

/** Translates a key; `{name}` placeholders are filled from params; numbers are formatted for the locale. */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const own = catalogues[locale][key]
  const msg = own ?? catalogues.vi[key]
  if (msg === undefined) return key
  const text = fill(locale, msg, params)
  const noted = isCommunityLocale(locale) ? fallbacks.getStore() : undefined
  if (noted) {
    const kind = own === undefined ? 'vi' : 'own'
    const was = noted.get(text)
    noted.set(text, was === undefined || was === kind ? kind : 'mixed')
  }
  return text
}

function fill(locale: Locale, msg: Message, params: Record<string, string | number>): string {
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

/**
 * Formatters made once per locale and options: making an Intl formatter costs far more than using
 * it (a twentieth of a signed-in lesson view's CPU went to `new Intl.NumberFormat`). The options
 * come from the code, so the keys are few; the map is emptied should it ever grow past 500.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined
  if (!f) {
    if (formatters.size >= 500) formatters.clear()
    f = make()
    formatters.set(key, f)
  }
  return f
}

/** 1446 → "1.446" in Vietnamese, "1 446" in French. */
export function formatNumber(locale: Locale, n: number, opts?: Intl.NumberFormatOptions): string {
  const key = opts ? `n:${locale}:${JSON.stringify(opts)}` : `n:${locale}`
  return formatter(key, () => new Intl.NumberFormat(BCP47[locale], opts)).format(n)
}

/** A percentage with one decimal: 94.2 → "94,2 %" in French. */
export function formatPercent(locale: Locale, fraction: number): string {
  return formatNumber(locale, fraction, { style: 'percent', maximumFractionDigits: 1 })
}

/** A calendar date in the locale's usual form. */
export function formatDate(
  locale: Locale,
  d: Date | string,
  opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  return formatter(
    `d:${locale}:${JSON.stringify(opts)}`,
    () => new Intl.DateTimeFormat(BCP47[locale], { timeZone: 'Asia/Ho_Chi_Minh', ...opts }),
  ).format(new Date(d))
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
