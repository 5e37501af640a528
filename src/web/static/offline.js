// @ts-check
/**
 * The offline glue every page loads after outbox.js: registers the service worker, says when the
 * page is offline or a saved copy and how many records wait, clears saved pages at sign-out, and
 * loads downloads.js on pages that have a download button or the "my downloads" list.
 */
;(() => {
  const root = document.documentElement
  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript)
  const outbox = /** @type {any} */ (self).hocso?.outbox
  const lang = root.lang || 'vi'
  // Intl objects are made when first needed: on a slow phone `new Intl.NumberFormat` alone blocks
  // the page for most of a second (it loads the locale's data), and a small whole number, which is
  // all a page load shows, reads the same without it.
  /** @type {Intl.PluralRules | undefined} */
  let plural
  /** @type {Intl.NumberFormat | undefined} */
  let num
  /** @param {number} v */
  const formatNumber = (v) => {
    if (Number.isInteger(v) && Math.abs(v) < 1000) return String(v)
    num ??= new Intl.NumberFormat(lang)
    return num.format(v)
  }
  /** @param {number} n */
  const pluralOf = (n) => {
    plural ??= new Intl.PluralRules(lang)
    return plural.select(n)
  }

  /**
   * Runs fn when the page is idle (at the latest after 2 s): what follows the first paint and is not
   * urgent (counting the outbox, remembering who is signed in) must not hold up a slow phone.
   * @param {() => void} fn
   */
  const later = (fn) => {
    const w = /** @type {any} */ (self)
    if (typeof w.requestIdleCallback === 'function') w.requestIdleCallback(fn, { timeout: 2000 })
    else setTimeout(fn, 200)
  }

  /**
   * Fills a raw message (string or plural forms) with params, as the server's t() does.
   * @param {any} msg @param {Record<string, string | number>} [params]
   * @returns {string}
   */
  function fmt(msg, params = {}) {
    let text =
      typeof msg === 'string' ? msg : (msg?.[pluralOf(Number(params.count ?? 0))] ?? msg?.other ?? '')
    text = text.replace(/\{(\w+)\}/g, (/** @type {string} */ m, /** @type {string} */ k) => {
      const v = params[k]
      return v === undefined ? m : typeof v === 'number' ? formatNumber(v) : v
    })
    return text
  }

  /** @param {HTMLElement | null} el @returns {Record<string, any>} */
  function texts(el) {
    try {
      return JSON.parse(el?.dataset.text ?? '{}')
    } catch {
      return {}
    }
  }

  const saved = root.hasAttribute('data-saved-copy')
  let onlineSeen = false
  function setOnline() {
    root.classList.toggle('offline', !navigator.onLine || (saved && !onlineSeen))
  }
  addEventListener('online', () => {
    onlineSeen = true
    setOnline()
  })
  addEventListener('offline', setOnline)
  setOnline()

  const banner = document.getElementById('offline-banner')
  const T = texts(banner)
  /** What waits: records in the outbox, and recordings in the voice's queue (-1: not counted yet). */
  const waiting = { records: -1, recordings: 0 }
  function showWaiting() {
    if (!banner) return
    const count = /** @type {HTMLElement | null} */ (banner.querySelector('[data-outbox-count]'))
    const voices = /** @type {HTMLElement | null} */ (banner.querySelector('[data-voice-count]'))
    if (count && waiting.records >= 0)
      count.textContent = waiting.records
        ? fmt(T['offline.pending'], { count: waiting.records })
        : waiting.recordings
          ? ''
          : fmt(T['offline.pending.none'])
    if (voices) {
      voices.hidden = !waiting.recordings
      voices.textContent = waiting.recordings
        ? fmt(T['offline.voice_pending'], { count: waiting.recordings })
        : ''
    }
  }
  if (outbox && banner) {
    const refused = /** @type {HTMLAnchorElement | null} */ (banner.querySelector('[data-outbox-refused]'))
    later(() =>
      outbox.subscribe((/** @type {{ pending: number, rejected: number }} */ c) => {
        waiting.records = c.pending
        showWaiting()
        if (refused) {
          refused.hidden = !c.rejected
          if (c.rejected) refused.textContent = fmt(T['offline.refused'], { count: c.rejected })
        }
        root.classList.toggle('outbox-refused', c.rejected > 0)
      }),
    )
  }

  /**
   * The community voice's recordings waiting on this phone (voice-recorder.js's own queue, decision
   * 0190). Only a phone that has kept a recording has the queue (the recorder leaves a mark in
   * localStorage), so nobody else opens it; opening never creates it. When some wait and the
   * network is there, the recorder's script is loaded to send them from whatever page is open.
   */
  let voiceLoaded = !!document.querySelector('[data-voice-recorder]')
  function countRecordings() {
    if (!banner || !('indexedDB' in self) || !localStorage.getItem('hocso-voice')) return
    const req = indexedDB.open('hocso-voice')
    req.onupgradeneeded = () => {
      // No queue on this phone yet: do not create one.
      req.transaction?.abort()
    }
    req.onerror = () => {}
    req.onsuccess = () => {
      const db = req.result
      if (!db.objectStoreNames.contains('takes')) return db.close()
      const all = db.transaction('takes').objectStore('takes').getAll()
      all.onsuccess = () => {
        db.close()
        waiting.recordings = all.result.filter((/** @type {{ refused?: string }} */ x) => !x.refused).length
        showWaiting()
        if (waiting.recordings && navigator.onLine && !voiceLoaded) {
          voiceLoaded = true
          load(script?.dataset.voice)
        }
      }
    }
  }
  later(countRecordings)
  document.addEventListener('hocso-voice-queue', countRecordings)
  addEventListener('online', () => later(countRecordings))

  // A page the server rendered counted its own view (a lesson opened); a saved copy shown offline
  // did not reach the server, so the view is recorded here: `<form data-outbox-on-view="kind">`
  // gives the kind, its fields the data.
  if (saved && outbox) {
    for (const form of document.querySelectorAll('form[data-outbox-on-view]')) {
      const f = /** @type {HTMLFormElement} */ (form)
      void outbox.add(f.dataset.outboxOnView, outbox.captureForm(f).data)
    }
  }

  // Signing out clears the pages saved on this device: the next person must not see them.
  document.addEventListener('submit', (ev) => {
    const form = /** @type {HTMLFormElement} */ (ev.target)
    if (form.getAttribute('action') === '/logout' && 'caches' in self) {
      void caches.delete('hocso-pages')
      void caches.delete('hocso-media')
    }
  })

  // The precached pages (offline page, my downloads) carry the menu of whoever was signed in when
  // they were stored: when another person signs in (or out), the worker stores them again.
  // (Later: the first use of localStorage reads it from disk, which a slow phone feels.)
  const who = banner?.dataset.account ?? ''
  later(() => {
    const controller = navigator.serviceWorker?.controller
    if (!saved && navigator.onLine && controller) {
      if (localStorage.getItem('hocso-signed') !== who) {
        localStorage.setItem('hocso-signed', who)
        controller.postMessage('refresh-pages')
      }
    } else if (!saved && !localStorage.getItem('hocso-signed')) {
      // The worker about to install stores those pages as this person sees them now.
      localStorage.setItem('hocso-signed', who)
    }
  })

  // Registered after the page has loaded, so installing the shell never slows the first visit.
  if ('serviceWorker' in navigator) {
    const register = () =>
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
        // No service worker (private mode, old browser): the site still works online.
      })
    if (document.readyState === 'complete') void register()
    else addEventListener('load', () => void register())
  }

  /** @param {string | undefined} src */
  const load = (src) => {
    if (!src) return
    const s = document.createElement('script')
    s.src = src
    document.body.append(s)
  }
  if (document.querySelector('[data-offline-course], #downloads')) load(script?.dataset.downloads)
  if (document.querySelector('form[data-offline-quiz]')) load(script?.dataset.quiz)

  const g = /** @type {any} */ (self)
  g.hocso = g.hocso || {}
  g.hocso.fmt = fmt
  g.hocso.texts = texts
})()
