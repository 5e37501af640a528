// @ts-check
/**
 * hocso outbox: every record made in the browser (a lesson read, a quiz attempt, help given, a
 * check-in) is written to IndexedDB first, with a UUIDv7 id made here, and only then sent in
 * batches to the one idempotent endpoint POST /api/facts. Only the ids the server says it stored
 * leave the outbox; a 5xx, a timeout, a lost signal or a closed tab never loses a record; a record
 * the server refuses (4xx) is kept aside and shown, never silently deleted.
 *
 * One classic script, no imports: it runs in pages (`<script defer>`) and in the service worker
 * (`importScripts`, for Background Sync). The API is `self.hocso.outbox`:
 *
 *   await hocso.outbox.add('lesson_completed', { lesson_id, lang })   // → the fact, once on disk
 *   await hocso.outbox.add(kind, data, { id, occurredAt, corrects, meta })  // meta stays local
 *   await hocso.outbox.flush()     // send now (also done on load, on `online`, by Background Sync)
 *   await hocso.outbox.counts()    // { pending, rejected }
 *   await hocso.outbox.list()      // every record kept on this device, newest first
 *   await hocso.outbox.retry(id) / discard(id)   // a refused record: again, or away (asked for)
 *   hocso.outbox.subscribe(fn)     // fn(counts) after any change, in every tab
 *
 * Forms, with no other code:
 *   <form data-outbox-kind="help_given">   on submit its fields become the fact's data and the form
 *       is not posted (without JavaScript it posts normally, so its route records the same kind);
 *       field rules in captureForm below. The form then gets `hocso:outbox-added` ({ fact }) or
 *       `hocso:outbox-error` ({ error }).
 *   data-outbox-corrects="<id>"  the fact corrects that fact (a correction form of a record);
 *   data-outbox-reset           empty the form after saving;
 *   data-outbox-next="/url"     go there after saving (online, once the server has it, up to 3 s);
 *   data-outbox-on-view="kind"  (offline.js) record that kind, with the form's fields, when the
 *       page is a saved copy shown offline: the server counts views only of pages it rendered.
 *
 * A record remembers who was signed in when it was made (the page's `data-account`) and is sent
 * only under that person's session, so a shared phone never moves records between people.
 */
;(() => {
  const g = /** @type {any} */ (self)
  if (g.hocso?.outbox) return

  const DB_NAME = 'hocso-outbox'
  const STORE = 'facts'
  const META = 'meta'
  const ENDPOINT = '/api/facts'
  const BATCH = 100
  const TIMEOUT_MS = 20_000
  const BACKOFF_MIN_MS = 2_000
  const BACKOFF_MAX_MS = 5 * 60_000
  /** Sent records are kept a while so pages can show progress made offline until they reload it. */
  const KEEP_SENT_MS = 30 * 86_400_000
  const SYNC_TAG = 'hocso-outbox'

  /**
   * @typedef {{ id: string, kind: string, occurred_at: string, data: Record<string, unknown>, corrects?: string }} Fact
   * @typedef {'pending' | 'sent' | 'rejected'} State
   * @typedef {{ status: number, code: string, message: string }} Rejection
   * @typedef {Fact & { state: State, attempts: number, queued_at: string, sent_at?: string,
   *   last_error?: string, rejection?: Rejection, meta?: Record<string, unknown>,
   *   account?: string }} Entry
   * @typedef {{ pending: number, rejected: number }} Counts
   * @typedef {{ stored: number, rejected: number, pending: number, error?: string }} FlushResult
   */

  /** @returns {string} a lowercase RFC 9562 UUIDv7: 48 bits of milliseconds, then random bits. */
  function uuidv7() {
    const b = new Uint8Array(16)
    crypto.getRandomValues(b)
    const now = Date.now()
    b[0] = Math.floor(now / 2 ** 40) & 0xff
    b[1] = Math.floor(now / 2 ** 32) & 0xff
    b[2] = (now >>> 24) & 0xff
    b[3] = (now >>> 16) & 0xff
    b[4] = (now >>> 8) & 0xff
    b[5] = now & 0xff
    b[6] = (b[6] & 0x0f) | 0x70
    b[8] = (b[8] & 0x3f) | 0x80
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }

  /** @type {Promise<IDBDatabase> | null} */
  let dbPromise = null
  /**
   * Opens the outbox database at whatever version it has (a page left open across an update must
   * not fail on a newer database) and adds any missing store with a one-step upgrade.
   * @returns {Promise<IDBDatabase>}
   */
  function db() {
    /** @param {number} [version] @returns {Promise<IDBDatabase>} */
    const open = (version) =>
      new Promise((resolve, reject) => {
        const req = version ? indexedDB.open(DB_NAME, version) : indexedDB.open(DB_NAME)
        req.onupgradeneeded = () => {
          const d = req.result
          if (!d.objectStoreNames.contains(STORE))
            d.createObjectStore(STORE, { keyPath: 'id' }).createIndex('state', 'state')
          if (!d.objectStoreNames.contains(META)) d.createObjectStore(META, { keyPath: 'key' })
        }
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
    dbPromise ??= (async () => {
      let d = await open()
      if (!d.objectStoreNames.contains(STORE) || !d.objectStoreNames.contains(META)) {
        const next = d.version + 1
        d.close()
        d = await open(next)
      }
      // Another tab upgrading the schema must not be blocked by this one.
      d.onversionchange = () => {
        d.close()
        dbPromise = null
      }
      return d
    })().catch((err) => {
      dbPromise = null
      throw err
    })
    return dbPromise
  }

  /**
   * Runs fn in one transaction and resolves when it has committed (not merely when fn returned),
   * so a caller never believes a record is kept before it is on disk.
   * @template T
   * @param {IDBTransactionMode} mode
   * @param {(s: IDBObjectStore) => T} fn
   * @param {string} [name] the object store, the facts by default
   * @returns {Promise<T>}
   */
  async function tx(mode, fn, name = STORE) {
    const d = await db()
    return new Promise((resolve, reject) => {
      const t = d.transaction(name, mode, { durability: 'strict' })
      const out = fn(t.objectStore(name))
      t.oncomplete = () => resolve(out)
      t.onerror = () => reject(t.error)
      t.onabort = () => reject(t.error ?? new Error('outbox transaction aborted'))
    })
  }

  /** @param {State} state @param {number} [limit] @returns {Promise<Entry[]>} */
  async function byState(state, limit) {
    /** @type {IDBRequest<Entry[]> | undefined} */
    let r
    await tx('readonly', (s) => {
      r = s.index('state').getAll(state, limit)
    })
    // Ids are UUIDv7, so sorting by id sends the oldest records first.
    return /** @type {Entry[]} */ (/** @type {IDBRequest<Entry[]>} */ (r).result).sort((a, b) =>
      a.id < b.id ? -1 : 1,
    )
  }

  // ---- change notification, across tabs and the service worker -------------------------------
  /** @type {Set<(c: Counts) => void>} */
  const listeners = new Set()
  /** @type {BroadcastChannel | null | undefined} */
  let channel
  /** The channel to the other tabs and the worker, opened on first use (not on every page load). */
  function bus() {
    if (channel === undefined) {
      channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('hocso-outbox') : null
      if (channel) channel.onmessage = () => void changed(false)
    }
    return channel
  }
  async function changed(local = true) {
    const c = await counts()
    for (const fn of listeners) fn(c)
    if (local) bus()?.postMessage('changed')
  }

  // ---- whose records: a shared phone must never send one person's records as another's -------
  /**
   * The account signed in on this live page ('' when nobody is), or undefined where that is not
   * known: in the service worker, and on a saved copy shown offline (it shows who was signed in
   * when it was saved, not now).
   * @returns {string | undefined}
   */
  function pageAccount() {
    if (typeof document === 'undefined' || document.documentElement.hasAttribute('data-saved-copy'))
      return undefined
    return document.getElementById('offline-banner')?.dataset.account
  }

  /** @returns {Promise<string | undefined>} the account of the last live page, which holds the session cookie */
  async function sessionAccount() {
    const here = pageAccount()
    if (here !== undefined) return here
    /** @type {IDBRequest<{ key: string, value: string } | undefined> | undefined} */
    let r
    await tx(
      'readonly',
      (s) => {
        r = s.get('account')
      },
      META,
    )
    return r?.result?.value
  }

  /** Remembers who is signed in, for the worker and for saved copies. @param {string} account */
  async function rememberAccount(account) {
    await tx('readwrite', (s) => s.put({ key: 'account', value: account }), META)
  }

  /** @returns {Promise<Counts>} how many records wait to be sent, and how many were refused. */
  async function counts() {
    /** @type {IDBRequest<number>[]} */
    const r = []
    await tx('readonly', (s) => {
      r.push(s.index('state').count('pending'), s.index('state').count('rejected'))
    })
    return { pending: r[0].result, rejected: r[1].result }
  }

  /**
   * Keeps a new fact on this device and schedules its sending. Resolves once it is stored in
   * IndexedDB: from then on it survives a closed tab, a restart and any failure of the network.
   * @param {string} kind
   * @param {Record<string, unknown>} data
   * `meta` stays on this device, never sent: what a page needs to show the record offline (a quiz
   * score computed in the browser, say).
   * @param {{ id?: string, occurredAt?: string, corrects?: string, meta?: Record<string, unknown> }} [opts]
   * @returns {Promise<Fact>}
   */
  async function add(kind, data, opts = {}) {
    /** @type {Entry} */
    const entry = {
      id: opts.id ?? uuidv7(),
      kind,
      occurred_at: opts.occurredAt ?? new Date().toISOString(),
      data,
      ...(opts.corrects ? { corrects: opts.corrects } : {}),
      ...(opts.meta ? { meta: opts.meta } : {}),
      state: 'pending',
      attempts: 0,
      queued_at: new Date().toISOString(),
      account: (await sessionAccount()) ?? '',
    }
    // `add`, not `put`: an id is never reused, so a second add of the same id is a bug to surface.
    await tx('readwrite', (s) => s.add(entry))
    void changed()
    void requestSync()
    void flush()
    return wire(entry)
  }

  /** @param {Entry} e @returns {Fact} the fact as the endpoint expects it */
  function wire(e) {
    /** @type {Fact} */
    const f = { id: e.id, kind: e.kind, occurred_at: e.occurred_at, data: e.data }
    if (e.corrects) f.corrects = e.corrects
    return f
  }

  // ---- sending -------------------------------------------------------------------------------
  let failures = 0
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer
  /** @type {Promise<FlushResult> | null} */
  let running = null
  let again = false

  /** @param {number} n @returns {number} 2 s, 4 s, 8 s… up to 5 min, with jitter so phones do not retry in step */
  function backoff(n) {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, n - 1))
    return Math.round(base * (0.75 + Math.random() * 0.5))
  }

  function scheduleRetry() {
    failures++
    if (typeof setTimeout !== 'function' || g.ServiceWorkerGlobalScope) return
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => void flush(), backoff(failures))
  }

  async function requestSync() {
    try {
      const reg = g.registration ?? (await navigator.serviceWorker?.getRegistration())
      await reg?.sync?.register(SYNC_TAG)
    } catch {
      // Background Sync is missing or refused (Firefox, Safari): `online` and load still flush.
    }
  }

  /**
   * Sends every pending record, in batches, oldest first. Never throws: failures are kept for a
   * retry with backoff. Concurrent calls share one run; tabs share one run through a Web Lock.
   * @returns {Promise<FlushResult>}
   */
  function flush() {
    if (running) {
      // A record added while a run is finishing must not wait for the next trigger.
      again = true
      return running
    }
    running = (async () => {
      try {
        const locks = /** @type {any} */ (navigator).locks
        if (locks) return await locks.request('hocso-outbox-flush', sendAll)
        return await sendAll()
      } finally {
        running = null
        if (again) {
          again = false
          void flush()
        }
      }
    })()
    return running
  }

  /** @returns {Promise<FlushResult>} */
  async function sendAll() {
    /** @type {FlushResult} */
    const out = { stored: 0, rejected: 0, pending: 0 }
    let size = BATCH
    try {
      await prune()
      const who = await sessionAccount()
      for (;;) {
        // Records of someone else wait until that person is signed in again; records made while
        // nobody was signed in go with whoever signs in (the server refuses them otherwise).
        const batch = (await byState('pending'))
          .filter((e) => !e.account || (who !== undefined && e.account === who))
          .slice(0, size)
        if (!batch.length) break
        const r = await sendBatch(batch)
        if (r.retry === 'smaller' && size > 1) {
          size = Math.max(1, Math.floor(size / 2))
          continue
        }
        out.stored += r.stored
        out.rejected += r.rejected
        if (r.error) {
          out.error = r.error
          break
        }
        if (r.stored + r.rejected === 0) break
        size = BATCH
      }
      out.pending = (await counts()).pending
    } catch (err) {
      out.error = String(err)
      out.pending = (await counts().catch(() => ({ pending: -1 }))).pending
    }
    if (out.error && out.pending > 0) {
      scheduleRetry()
      void requestSync()
    } else if (!out.error) {
      failures = 0
      clearTimeout(retryTimer)
    }
    if (out.stored || out.rejected) void changed()
    return out
  }

  /**
   * One POST. The server's answer decides each record's fate; anything it does not name stays.
   * @param {Entry[]} batch
   * @returns {Promise<{ stored: number, rejected: number, error?: string, retry?: 'smaller' }>}
   */
  async function sendBatch(batch) {
    /** @type {Response} */
    let res
    const ctl = new AbortController()
    const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS)
    try {
      res = await fetch(ENDPOINT, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ facts: batch.map(wire) }),
        signal: ctl.signal,
        cache: 'no-store',
      })
    } catch (err) {
      await note(batch, ctl.signal.aborted ? 'timeout' : 'network')
      return { stored: 0, rejected: 0, error: ctl.signal.aborted ? 'timeout' : String(err) }
    } finally {
      clearTimeout(timer)
    }
    /** @type {any} */
    let body = null
    try {
      body = await res.json()
    } catch {
      // A proxy's HTML error page or a cut connection: treated like a server error below.
    }
    const ok = res.status === 200 && body && Array.isArray(body.stored) && Array.isArray(body.rejected)
    if (!ok) {
      const why = `HTTP ${res.status}${body?.error?.message ? `: ${body.error.message}` : ''}`
      if (res.status === 413) return { stored: 0, rejected: 0, retry: 'smaller' }
      // A whole batch refused as malformed: find the bad record by sending one at a time.
      if (res.status === 400 && batch.length > 1) return { stored: 0, rejected: 0, retry: 'smaller' }
      if (res.status === 400) {
        await settle(new Set(), new Map([[batch[0].id, { status: 400, code: 'validation', message: why }]]))
        return { stored: 0, rejected: 1 }
      }
      await note(batch, why)
      return { stored: 0, rejected: 0, error: why }
    }
    const stored = new Set(/** @type {string[]} */ (body.stored))
    /** @type {Map<string, Rejection>} */
    const refused = new Map()
    let waiting = ''
    for (const r of /** @type {(Rejection & { id: string | null })[]} */ (body.rejected)) {
      if (!r.id) continue
      // Signed out, or the server failed on this one record: it stays and is sent again later.
      if (r.status === 401 || r.status === 429 || r.status >= 500) waiting = `${r.status}: ${r.message}`
      else refused.set(r.id, { status: r.status, code: r.code, message: r.message })
    }
    await settle(stored, refused)
    const left = batch.filter((e) => !stored.has(e.id) && !refused.has(e.id))
    if (left.length) await note(left, waiting || 'not acknowledged by the server')
    return {
      stored: stored.size,
      rejected: refused.size,
      ...(left.length ? { error: waiting || 'not acknowledged' } : {}),
    }
  }

  /** Marks stored and refused records in one transaction. @param {Set<string>} stored @param {Map<string, Rejection>} refused */
  async function settle(stored, refused) {
    const now = new Date().toISOString()
    await tx('readwrite', (s) => {
      for (const id of [...stored, ...refused.keys()]) {
        const r = s.get(id)
        r.onsuccess = () => {
          /** @type {Entry | undefined} */
          const e = r.result
          if (!e || e.state !== 'pending') return
          if (stored.has(id)) {
            e.state = 'sent'
            e.sent_at = now
            delete e.last_error
          } else {
            e.state = 'rejected'
            e.rejection = refused.get(id)
          }
          s.put(e)
        }
      }
    })
  }

  /** Counts a failed attempt on records that stay pending. @param {Entry[]} batch @param {string} why */
  async function note(batch, why) {
    await tx('readwrite', (s) => {
      for (const e of batch) {
        const r = s.get(e.id)
        r.onsuccess = () => {
          if (r.result?.state !== 'pending') return
          r.result.attempts++
          r.result.last_error = why
          s.put(r.result)
        }
      }
    })
  }

  /** Forgets sent records older than KEEP_SENT_MS; pending and refused ones are never pruned. */
  async function prune() {
    const cutoff = new Date(Date.now() - KEEP_SENT_MS).toISOString()
    await tx('readwrite', (s) => {
      const c = s.index('state').openCursor('sent')
      c.onsuccess = () => {
        const cur = c.result
        if (!cur) return
        /** @type {Entry} */
        const e = cur.value
        if ((e.sent_at ?? '') < cutoff) cur.delete()
        cur.continue()
      }
    })
  }

  /** @returns {Promise<Entry[]>} every record kept on this device (pending, refused, recently sent), newest first */
  async function list() {
    /** @type {IDBRequest<Entry[]> | undefined} */
    let r
    await tx('readonly', (s) => {
      r = s.getAll()
    })
    return /** @type {Entry[]} */ (/** @type {IDBRequest<Entry[]>} */ (r).result).reverse()
  }

  /**
   * Puts a refused record back in the queue (after the person fixed what was wrong, e.g. signed in).
   * @param {string} id
   */
  async function retry(id) {
    await tx('readwrite', (s) => {
      const r = s.get(id)
      r.onsuccess = () => {
        if (r.result?.state !== 'rejected') return
        r.result.state = 'pending'
        delete r.result.rejection
        s.put(r.result)
      }
    })
    void changed()
    return flush()
  }

  /**
   * Deletes a refused record, only ever at the person's explicit request.
   * @param {string} id
   */
  async function discard(id) {
    await tx('readwrite', (s) => {
      const r = s.get(id)
      r.onsuccess = () => {
        if (r.result?.state === 'rejected') s.delete(id)
      }
    })
    void changed()
  }

  /** @param {(c: Counts) => void} fn @returns {() => void} unsubscribe */
  function subscribe(fn) {
    listeners.add(fn)
    bus()
    void counts().then(fn, () => {})
    return () => listeners.delete(fn)
  }

  // ---- forms ---------------------------------------------------------------------------------
  /**
   * Turns a form into a fact's data: `_csrf` and `id` are left out; several fields with one name
   * become an array (or always, with `data-outbox-array` on the field); number and range inputs
   * become numbers; a checkbox whose value is "on" becomes true; a field with `data-outbox-json`
   * is parsed as JSON; empty fields are left out; a dotted name (`answers.q1`) builds a nested
   * object. A field named `id` (a UUIDv7 rendered by the server for the no-JavaScript path)
   * becomes the fact id, so both paths never count it twice.
   * @param {HTMLFormElement} form
   * @returns {{ id?: string, data: Record<string, unknown> }}
   */
  function captureForm(form) {
    /** @type {Record<string, unknown>} */
    const data = {}
    let id
    for (const el of /** @type {any[]} */ (Array.from(form.elements))) {
      const name = el.name
      if (!name || el.disabled || name === '_csrf' || el.type === 'submit' || el.type === 'button') continue
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue
      if (el.value === '') continue
      if (name === 'id') {
        id = el.value
        continue
      }
      /** @type {unknown} */
      let v = el.value
      // A JSON body's numbers are JSON numbers (decision 0172): a number field, or a text field
      // marked data-outbox-number (a year typed on a phone keypad), goes as a number when it reads as one.
      if (el.type === 'number' || el.type === 'range') v = Number(v)
      else if (el.dataset?.outboxNumber !== undefined && /^\s*-?\d{1,15}(\.\d{1,6})?\s*$/.test(String(v)))
        v = Number(v)
      else if (el.type === 'checkbox' && v === 'on') v = true
      else if (el.dataset?.outboxJson !== undefined) v = JSON.parse(String(v))
      const path = name.split('.')
      const last = /** @type {string} */ (path.pop())
      /** @type {Record<string, unknown>} */
      let into = data
      for (const k of path) into = /** @type {Record<string, unknown>} */ ((into[k] ??= {}))
      if (last in into || el.dataset?.outboxArray !== undefined) {
        const prev = into[last]
        into[last] = prev === undefined ? [v] : Array.isArray(prev) ? [...prev, v] : [prev, v]
      } else into[last] = v
    }
    return { ...(id ? { id } : {}), data }
  }

  /** Whether two captures of a form hold the same values. @param {unknown} a @param {unknown} b */
  const sameData = (a, b) => JSON.stringify(a) === JSON.stringify(b)

  /** Captures `form[data-outbox-kind]` submits; the form then gets `hocso:outbox-added` with the fact. */
  function watchForms() {
    document.addEventListener('submit', async (ev) => {
      const form = /** @type {HTMLFormElement} */ (ev.target)
      const kind = form?.dataset?.outboxKind
      if (!kind) return
      ev.preventDefault()
      try {
        const { id, data } = captureForm(form)
        const corrects = form.dataset.outboxCorrects
        const fact = await add(kind, data, { ...(id ? { id } : {}), ...(corrects ? { corrects } : {}) })
        form.dispatchEvent(new CustomEvent('hocso:outbox-added', { bubbles: true, detail: { fact } }))
        // Emptied for the next record, unless someone already started typing it (a door's next
        // code typed while this one was being kept): that stays.
        if (form.dataset.outboxReset !== undefined && sameData(captureForm(form).data, data)) form.reset()
        const next = form.dataset.outboxNext
        if (next) {
          // Online, give the server a moment to hear it, so the next page already counts it.
          if (navigator.onLine) await Promise.race([flush(), new Promise((r) => setTimeout(r, 3000))])
          location.assign(next)
        }
      } catch (err) {
        form.dispatchEvent(new CustomEvent('hocso:outbox-error', { bubbles: true, detail: { error: err } }))
      }
    })
  }

  g.hocso = g.hocso || {}
  g.hocso.outbox = { add, flush, counts, list, retry, discard, subscribe, uuidv7, captureForm, SYNC_TAG }

  if (typeof document !== 'undefined') {
    watchForms()
    addEventListener('online', () => void flush())
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void flush()
    })
    // Opening IndexedDB, remembering who is signed in and the first send wait until the page has
    // loaded and is idle (at the latest 2 s after): none of it is urgent, and a slow phone spends
    // its first seconds drawing the page. A form sent before then is kept and sent at once anyway.
    const start = () => {
      const run = () => {
        const here = pageAccount()
        if (here !== undefined) void rememberAccount(here).catch(() => {})
        void flush()
      }
      if (typeof g.requestIdleCallback === 'function') g.requestIdleCallback(run, { timeout: 2000 })
      else setTimeout(run, 200)
    }
    if (document.readyState === 'complete') start()
    else addEventListener('load', start)
  }
})()
