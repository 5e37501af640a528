import type { Context } from 'hono'
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import {
  type CommunityLocale,
  hasOwnText,
  isOffered,
  isVietnameseFallback,
  type Locale,
  type MessageKey,
  offeredCommunityLocales,
  overlayCoverage,
  t,
  UI_LOCALES,
} from '../core/i18n.ts'
import { assetUrl } from './assets.ts'
import type { AppEnv } from './env.ts'
import { barFor, type NavItem } from './nav.ts'
import { OfflineBanner, OfflineHead, OfflineScripts } from './offline.tsx'

type LayoutProps = {
  c: Context<AppEnv>
  title: string
  children?: Child
  /** Set on pages that show Tai Viet text: only they load the Tai Viet font. */
  taiViet?: boolean
  /** Extra client scripts (names of files under src/web/static). */
  scripts?: string[]
  /** Language of the main content when it differs from the interface. */
  contentLang?: string
  /** What the page is about, for search results and shared links (the site's lead by default). */
  description?: string
}

/** Keeps the browser in standards mode: without it a page is laid out in quirks mode. */
export const DOCTYPE = raw('<!doctype html>')

const LANG_LABEL: Record<Locale, string> = { vi: 'VI', fr: 'FR', en: 'EN', blt: 'Tai Dam', hnj: 'Hmoob' }

/** "12%": how much of the interface a community language has approved (the rest is in Vietnamese). */
const coverage = (l: CommunityLocale) => {
  const share = overlayCoverage(l)
  return `${share > 0 ? Math.max(1, Math.floor(share * 100)) : 0}%`
}
const isCommunity = (l: Locale): l is CommunityLocale => !(UI_LOCALES as readonly string[]).includes(l)

/** `vi` where a Tai Dam or Hmong page shows a key still in Vietnamese, so the menu says its language. */
const fallbackLang = (l: Locale, key: MessageKey) =>
  isCommunity(l) && !hasOwnText(l, key) ? 'vi' : undefined

/** The one page layout: header with menu and language switch, main content, footer. */
export function Layout({ c, title, children, taiViet, scripts = [], contentLang, description }: LayoutProps) {
  const locale = c.get('locale') ?? 'vi'
  const user = c.get('user')
  const path = c.req.path
  const here = c.req.url.slice(c.req.url.indexOf(path))
  // Tai Dam and Hmong are offered once the studio has approved strings in them (decision 0194).
  const choices: Locale[] = [...UI_LOCALES, ...offeredCommunityLocales()]
  const partial = isCommunity(locale) && isOffered(locale)
  const tai = taiViet || locale === 'blt' || choices.includes('blt')
  // The doctype keeps the browser in standards mode: without it every page was laid out in quirks mode.
  return (
    <>
      {DOCTYPE}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* A title given by t() in Vietnamese on a Tai Dam or Hmong page says so (web/jsx/fallback-lang.ts). */}
          <title lang={isVietnameseFallback(title) ? 'vi' : undefined}>{`${title} · hocso`}</title>
          <meta name="description" content={description ?? t(locale, 'home.lead')} />
          <meta name="theme-color" content="#0b6e4f" />
          <link rel="stylesheet" href={assetUrl('app.css')} />
          {tai ? <link rel="stylesheet" href={assetUrl('taiviet.css')} /> : null}
          <link rel="icon" href={assetUrl('icon.svg')} type="image/svg+xml" />
          <OfflineHead />
        </head>
        <body class={(taiViet && contentLang === 'blt') || locale === 'blt' ? 'taiviet' : undefined}>
          <a class="skip" href="#main" lang={fallbackLang(locale, 'nav.skip')}>
            {t(locale, 'nav.skip')}
          </a>
          <OfflineBanner locale={locale} account={user?.id} />
          <header class="top">
            <div class="bar">
              <a class="brand" href="/">
                hocso
              </a>
              <nav class="langs" aria-label={t(locale, 'nav.language')}>
                {choices.map((l) => {
                  const label = isCommunity(l) ? `${LANG_LABEL[l]} ${coverage(l)}` : LANG_LABEL[l]
                  const title = isCommunity(l)
                    ? t(locale, 'nav.lang.partial', { lang: LANG_LABEL[l], pct: coverage(l) })
                    : undefined
                  return l === locale ? (
                    <span aria-current="true" lang={l} title={title}>
                      {label}
                    </span>
                  ) : (
                    <a
                      href={`/lang/${l}?back=${encodeURIComponent(here)}`}
                      lang={l}
                      hreflang={l}
                      title={title}
                    >
                      {label}
                    </a>
                  )
                })}
              </nav>
              {user ? (
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={c.get('csrf')} />
                  <button
                    type="submit"
                    class="secondary small"
                    style="min-height:36px;padding:.2rem .6rem"
                    lang={fallbackLang(locale, 'nav.logout')}
                  >
                    {t(locale, 'nav.logout')}
                  </button>
                </form>
              ) : (
                <a href="/login" lang={fallbackLang(locale, 'nav.login')}>
                  {t(locale, 'nav.login')}
                </a>
              )}
            </div>
            <Menu c={c} />
            {partial ? (
              <p class="lang-partial small" lang={fallbackLang(locale, 'nav.lang.partial')}>
                {t(locale, 'nav.lang.partial', { lang: LANG_LABEL[locale], pct: coverage(locale) })}
              </p>
            ) : null}
          </header>
          <main id="main" lang={contentLang && contentLang !== locale ? contentLang : undefined}>
            {children}
          </main>
          <footer class="bottom">
            <p>
              <span lang={fallbackLang(locale, 'footer.about')}>{t(locale, 'footer.about')}</span>
              {user ? ` · ${user.displayName}` : ''}
            </p>
          </footer>
          <OfflineScripts />
          {scripts.map((s) => (
            <script src={assetUrl(s)} defer />
          ))}
        </body>
      </html>
    </>
  )
}

/**
 * The menu: on a phone the person's home and a few more destinations in one row that fits the
 * screen, the rest one tap further under "more" (a disclosure, so it works without JavaScript).
 */
function Menu({ c }: { c: Context<AppEnv> }) {
  const locale = c.get('locale') ?? 'vi'
  const path = c.req.path
  const { bar, more } = barFor(c.get('user'))
  // The entry for this page is the longest href the path starts with (/events/mine, not /events).
  const current = [...bar, ...more]
    .filter((i) => path === i.href || path.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]
  const link = (item: NavItem) => (
    <a
      href={item.href}
      aria-current={item === current ? 'page' : undefined}
      lang={fallbackLang(locale, item.key)}
    >
      {t(locale, item.key)}
    </a>
  )
  return (
    <nav class="menu" aria-label={t(locale, 'nav.menu')}>
      {bar.map(link)}
      {more.length ? (
        <details class="more">
          <summary lang={fallbackLang(locale, 'nav.more')}>{t(locale, 'nav.more')}</summary>
          <div class="more-list">{more.map(link)}</div>
        </details>
      ) : null}
    </nav>
  )
}

/** The hidden CSRF field every form carries. */
export function CsrfField({ c }: { c: Context<AppEnv> }) {
  return <input type="hidden" name="_csrf" value={c.get('csrf')} />
}
