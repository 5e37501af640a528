import { BCP47, type Locale } from '../../core/i18n.ts'

/**
 * Number and date formatting for the dashboards, with each Intl formatter made once: a table of a
 * thousand villages formats thousands of cells, and building an Intl formatter costs far more
 * than using one. Same output as core/i18n (same locales, same time zone).
 */
const numbers = new Map<string, Intl.NumberFormat>()
const dates = new Map<string, Intl.DateTimeFormat>()

/** 1446 → "1.446" in Vietnamese, "1 446" in French. */
export function fmtNum(l: Locale, n: number, opts?: Intl.NumberFormatOptions): string {
  const k = opts ? `${l}|${JSON.stringify(opts)}` : l
  let f = numbers.get(k)
  if (!f) {
    f = new Intl.NumberFormat(BCP47[l], opts)
    numbers.set(k, f)
  }
  return f.format(n)
}

/** A fraction as a percentage with one decimal: 0.942 → "94,2%". */
export function fmtPct(l: Locale, fraction: number): string {
  return fmtNum(l, fraction, { style: 'percent', maximumFractionDigits: 1 })
}

/** A date (or date and time) in the province's time zone, in the locale's usual form. */
export function fmtDate(
  l: Locale,
  d: Date | string,
  opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const k = `${l}|${JSON.stringify(opts)}`
  let f = dates.get(k)
  if (!f) {
    f = new Intl.DateTimeFormat(BCP47[l], { timeZone: 'Asia/Ho_Chi_Minh', ...opts })
    dates.set(k, f)
  }
  return f.format(new Date(d))
}
