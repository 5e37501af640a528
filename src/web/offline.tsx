import type { Context } from 'hono'
import { type Locale, type Message, type MessageKey, rawMessage, t } from '../core/i18n.ts'
import { assetUrl } from './assets.ts'
import type { AppEnv } from './env.ts'

/**
 * The pieces of the offline app that other pages carry: the manifest link, the banner that says a
 * page is offline and how many records wait, the two scripts, and the download button of a course.
 * They live in web/, beside the layout that puts them on every page: the course pages show the
 * download button without the learning domain depending on the offline domain, which depends on it.
 * Client scripts get their texts from `data-text` (raw messages with `{name}` placeholders and
 * plural forms), so every string still comes from the catalogue.
 */

/** Raw messages for the client scripts, in the page's language. */
export function clientText(locale: Locale, keys: MessageKey[]): string {
  const out: Record<string, Message> = {}
  for (const k of keys) out[k] = rawMessage(locale, k) ?? k
  return JSON.stringify(out)
}

/** `<head>` part: the web app manifest. */
export function OfflineHead() {
  return <link rel="manifest" href="/manifest.webmanifest" />
}

/**
 * The status line at the top of every page: offline, saved copy, records waiting or refused, and
 * the community voice's recordings waiting on this phone (decision 0190). It
 * also tells the outbox who is signed in (`data-account`), so a record made by one person is never
 * sent under another's session on a shared phone.
 */
export function OfflineBanner({ locale, account }: { locale: Locale; account?: string | undefined }) {
  return (
    <div
      class="offline-banner"
      role="status"
      aria-live="polite"
      id="offline-banner"
      data-account={account ?? ''}
      data-text={clientText(locale, [
        'offline.pending',
        'offline.pending.none',
        'offline.refused',
        'offline.voice_pending',
      ])}
    >
      <span class="offline-only">{t(locale, 'offline.banner')} </span>
      <span data-outbox-count /> <span data-voice-count hidden />
      <a href="/downloads#outbox" data-outbox-refused hidden>
        {t(locale, 'nav.downloads')}
      </a>
    </div>
  )
}

/** The scripts every page loads (deferred, after the text): the outbox first, then the offline glue. */
export function OfflineScripts() {
  return (
    <>
      <script src={assetUrl('outbox.js')} defer />
      <script
        src={assetUrl('offline.js')}
        defer
        data-downloads={assetUrl('downloads.js')}
        data-quiz={assetUrl('quiz-offline.js')}
        data-voice={assetUrl('voice-recorder.js')}
      />
    </>
  )
}

const DOWNLOAD_KEYS: MessageKey[] = [
  'offline.download.button',
  'offline.download.resume',
  'offline.download.update',
  'offline.download.remove',
  'offline.download.progress',
  'offline.download.done',
  'offline.download.size',
  'offline.download.interrupted',
  'offline.download.failed',
  'offline.download.unsupported',
]

/** The learning domain's progress texts the course page's offline overlay needs (placeholders kept). */
const PROGRESS_KEYS: MessageKey[] = [
  'learning.done',
  'learning.quiz_todo',
  'learning.progress',
  'learning.resume',
]

function downloadText(l: Locale): string {
  const own = JSON.parse(clientText(l, DOWNLOAD_KEYS)) as Record<string, Message>
  for (const k of PROGRESS_KEYS) own[k] = t(l, k)
  return JSON.stringify(own)
}

/**
 * The "download for offline" control of a course page. The course page renders it where the
 * button belongs; downloads.js brings it to life (it needs the Cache API, so it is inert and says
 * so without JavaScript).
 */
export function OfflineDownload({ c, course, lang }: { c: Context<AppEnv>; course: string; lang: string }) {
  const l = c.get('locale')
  return (
    <div
      class="offline-download card"
      data-offline-course={course}
      data-offline-lang={lang}
      data-text={downloadText(l)}
    >
      <noscript>
        <p class="muted small">{t(l, 'offline.download.nojs')}</p>
      </noscript>
      <button type="button" data-action="download" hidden>
        {t(l, 'offline.download.button')}
      </button>
      <p class="small" data-status aria-live="polite" />
      <progress data-progress max="1" value="0" hidden aria-label={t(l, 'offline.download.button')} />
      <button type="button" class="secondary small" data-action="remove" hidden>
        {t(l, 'offline.download.remove')}
      </button>
    </div>
  )
}

export { DOWNLOAD_KEYS }

/** The header downloads.js sends with every file of a course download. */
export const OFFLINE_DOWNLOAD_HEADER = 'x-hocso-offline-download'

/**
 * True for a request made to store a page for offline use, not to show it: a page that records
 * a view (a lesson opened) must not record one then; the browser records it when the saved copy
 * is actually opened.
 */
export function isOfflineDownload(c: Context<AppEnv>): boolean {
  return c.req.header(OFFLINE_DOWNLOAD_HEADER) === '1'
}
