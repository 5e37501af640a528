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
  const plural = new Intl.PluralRules(lang)
  const num = new Intl.NumberFormat(lang)

  /**
   * Fills a raw message (string or plural forms) with params, as the server's t() does.
   * @param {any} msg @param {Record<string, string | number>} [params]
   * @returns {string}
   */
  function fmt(msg, params = {}) {
    let text =
      typeof msg === 'string' ? msg : (msg?.[plural.select(Number(params.count ?? 0))] ?? msg?.other ?? '')
    text = text.replace(/\{(\w+)\}/g, (/** @type {string} */ m, /** @type {string} */ k) => {
      const v = params[k]
      return v === undefined ? m : typeof v === 'number' ? num.format(v) : v
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
  if (outbox && banner) {
    const count = /** @type {HTMLElement | null} */ (banner.querySelector('[data-outbox-count]'))
    const refused = /** @type {HTMLAnchorElement | null} */ (banner.querySelector('[data-outbox-refused]'))
    outbox.subscribe((/** @type {{ pending: number, rejected: number }} */ c) => {
      if (count)
        count.textContent = c.pending
          ? fmt(T['offline.pending'], { count: c.pending })
          : fmt(T['offline.pending.none'])
      if (refused) {
        refused.hidden = !c.rejected
        if (c.rejected) refused.textContent = fmt(T['offline.refused'], { count: c.rejected })
      }
      root.classList.toggle('outbox-refused', c.rejected > 0)
    })
  }

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
  const who = banner?.dataset.account ?? ''
  if (!saved && navigator.onLine && navigator.serviceWorker?.controller) {
    if (localStorage.getItem('hocso-signed') !== who) {
      localStorage.setItem('hocso-signed', who)
      navigator.serviceWorker.controller.postMessage('refresh-pages')
    }
  } else if (!saved && !localStorage.getItem('hocso-signed')) {
    // The worker about to install stores those pages as this person sees them now.
    localStorage.setItem('hocso-signed', who)
  }

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
