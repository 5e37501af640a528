// @ts-check
/**
 * Course downloads for offline learning, and the "my downloads" page. Loaded by offline.js only on
 * pages that need it.
 *
 * A course is downloaded into its own cache (`hocso-course-<slug>`) from the list of URLs the
 * server gives (/api/offline/courses/<slug>?lang=…). It is marked downloaded (state "complete" in
 * IndexedDB) only after every URL of that list has been verified in the cache: an interrupted
 * download stays "partial", is resumed file by file (what is already cached is kept), and is never
 * shown as downloaded.
 */
;(() => {
  const g = /** @type {any} */ (self)
  const fmt = g.hocso.fmt
  const texts = g.hocso.texts
  const lang = document.documentElement.lang || 'vi'
  const PARALLEL = 3

  /**
   * @typedef {{ url: string, bytes?: number }} File
   * @typedef {{ course: string, lang: string, title: string, url: string, version: string,
   *   files: File[], bytes: number }} CourseManifest
   * @typedef {{ course: string, lang: string, title: string, url: string, version: string,
   *   state: 'partial' | 'complete', urls: string[], sizes: Record<string, number>,
   *   bytes: number, started_at: string, completed_at?: string }} Download
   */

  const supported = 'caches' in self && 'indexedDB' in self
  const cacheName = (/** @type {string} */ course) => `hocso-course-${course}`

  /** @type {Promise<IDBDatabase> | null} */
  let dbp = null
  function db() {
    dbp ??= new Promise((resolve, reject) => {
      const r = indexedDB.open('hocso-offline', 1)
      r.onupgradeneeded = () => r.result.createObjectStore('downloads', { keyPath: 'course' })
      r.onsuccess = () => resolve(r.result)
      r.onerror = () => reject(r.error)
    })
    return dbp
  }
  /**
   * @param {IDBTransactionMode} mode
   * @param {(s: IDBObjectStore) => IDBRequest | void} fn
   * @returns {Promise<any>}
   */
  async function store(mode, fn) {
    const d = await db()
    return new Promise((resolve, reject) => {
      const t = d.transaction('downloads', mode)
      const r = fn(t.objectStore('downloads'))
      t.oncomplete = () => resolve(r ? r.result : undefined)
      t.onerror = () => reject(t.error)
    })
  }
  /** @param {string} course @returns {Promise<Download | undefined>} */
  const getDownload = (course) => store('readonly', (s) => s.get(course))
  /** @returns {Promise<Download[]>} */
  const allDownloads = () => store('readonly', (s) => s.getAll())
  /** @param {Download} d */
  const putDownload = (d) => store('readwrite', (s) => s.put(d))

  /** @param {number} n bytes @returns {string} */
  function size(n) {
    const mb = n >= 1_000_000
    return new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: mb ? 'megabyte' : 'kilobyte',
      maximumFractionDigits: mb ? 1 : 0,
    }).format(mb ? n / 1_000_000 : Math.max(1, n / 1000))
  }

  /**
   * True only when every URL of the download is in its cache: the one test behind "downloaded".
   * @param {Download} d
   */
  async function verified(d) {
    if (!(await caches.has(cacheName(d.course)))) return false
    const cache = await caches.open(cacheName(d.course))
    for (const url of d.urls) if (!(await cache.match(url, { ignoreVary: true }))) return false
    return true
  }

  /** @param {string} course @param {string} courseLang @returns {Promise<CourseManifest>} */
  async function fetchManifest(course, courseLang) {
    const res = await fetch(
      `/api/offline/courses/${encodeURIComponent(course)}?lang=${encodeURIComponent(courseLang)}`,
      {
        cache: 'no-store',
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      },
    )
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return res.json()
  }

  /** @type {Map<string, Promise<Download>>} */
  const running = new Map()

  /**
   * Downloads (or resumes, or updates) a course; calls onProgress after each file. Rejects on the
   * first failure, leaving the download "partial" with everything fetched so far kept.
   * @param {string} course @param {string} courseLang
   * @param {(d: Download) => void} onProgress
   * @returns {Promise<Download>}
   */
  function download(course, courseLang, onProgress) {
    const current = running.get(course)
    if (current) return current
    const p = (async () => {
      const m = await fetchManifest(course, courseLang)
      const prior = await getDownload(course)
      const urls = m.files.map((f) => f.url)
      const same = !!prior && prior.version === m.version && prior.lang === m.lang
      // An update leaves the old complete copy marked and usable until the new one is whole; its
      // files are replaced one by one, each of them valid on its own.
      const keepOld = prior?.state === 'complete' && !same
      /** @type {Download} */
      const d = {
        course: m.course,
        lang: m.lang,
        title: m.title,
        url: m.url,
        version: m.version,
        state: same && prior.state === 'complete' ? 'complete' : 'partial',
        urls,
        sizes: same ? prior.sizes : {},
        bytes: 0,
        started_at: new Date().toISOString(),
      }
      const save = async () => {
        d.bytes = Object.values(d.sizes).reduce((a, b) => a + b, 0)
        if (!keepOld) await putDownload(d)
      }
      await save()
      const cache = await caches.open(cacheName(course))
      const todo = urls.filter((u) => !(u in d.sizes))
      onProgress(d)
      let next = 0
      let failed = false
      const worker = async () => {
        while (!failed && next < todo.length) {
          const url = todo[next++]
          // The header tells pages this is a download, not a visit (no "lesson opened" is recorded).
          const res = await fetch(url, {
            cache: 'reload',
            credentials: 'same-origin',
            headers: { 'x-hocso-offline-download': '1' },
          })
          if (!res.ok || res.redirected) throw new Error(`${url}: HTTP ${res.status}`)
          await cache.put(url, res.clone())
          d.sizes[url] = (await res.arrayBuffer()).byteLength
          await save()
          onProgress(d)
        }
      }
      // Every worker settles before the download does: a file still arriving when another fails
      // (the signal lost) must not report progress after the page has said "interrupted".
      const settled = await Promise.allSettled(
        Array.from({ length: Math.min(PARALLEL, todo.length) }, () =>
          worker().catch((err) => {
            failed = true
            throw err
          }),
        ),
      )
      const bad = settled.find((r) => r.status === 'rejected')
      if (bad) throw /** @type {PromiseRejectedResult} */ (bad).reason
      // Files no longer in the course (an update removed them) leave the cache.
      for (const req of await cache.keys()) {
        const u = new URL(req.url)
        if (!urls.includes(u.pathname + u.search)) await cache.delete(req)
      }
      if (Object.keys(d.sizes).length !== urls.length || !(await verified(d))) throw new Error('incomplete')
      d.state = 'complete'
      d.completed_at = new Date().toISOString()
      await putDownload(d)
      // Ask the browser not to evict what the learner chose to keep.
      void navigator.storage?.persist?.()
      onProgress(d)
      return d
    })()
    running.set(course, p)
    p.finally(() => running.delete(course)).catch(() => {})
    return p
  }

  /** Removes a download: the mark first, so a half-removed course is never shown as downloaded. @param {string} course */
  async function remove(course) {
    await store('readwrite', (s) => s.delete(course))
    await caches.delete(cacheName(course))
  }

  // ---- the button on a course page -------------------------------------------------------------
  /** @param {HTMLElement} box */
  async function setupButton(box) {
    const T = texts(box)
    const course = box.dataset.offlineCourse ?? ''
    const courseLang = box.dataset.offlineLang ?? lang
    const btn = /** @type {HTMLButtonElement} */ (box.querySelector('[data-action="download"]'))
    const rm = /** @type {HTMLButtonElement} */ (box.querySelector('[data-action="remove"]'))
    const status = /** @type {HTMLElement} */ (box.querySelector('[data-status]'))
    const bar = /** @type {HTMLProgressElement} */ (box.querySelector('[data-progress]'))
    if (!supported) {
      status.textContent = fmt(T['offline.download.unsupported'])
      return
    }
    /** @param {Download | undefined} d @param {boolean} busy */
    const show = (d, busy = false) => {
      const complete = d?.state === 'complete' && !busy
      box.classList.toggle('downloaded', complete)
      bar.hidden = !busy
      btn.hidden = busy || complete
      btn.disabled = busy
      rm.hidden = busy || !d
      if (busy && d) {
        bar.max = d.urls.length || 1
        bar.value = Object.keys(d.sizes).length
        status.textContent = fmt(T['offline.download.progress'], {
          done: Object.keys(d.sizes).length,
          total: d.urls.length,
          size: size(d.bytes),
        })
      } else if (complete)
        status.textContent = `✓ ${fmt(T['offline.download.done'], { size: size(d.bytes) })}`
      else if (d) {
        btn.textContent = fmt(T['offline.download.resume'])
        status.textContent = fmt(T['offline.download.interrupted'], {
          done: Object.keys(d.sizes).length,
          total: d.urls.length,
        })
      } else {
        btn.textContent = fmt(T['offline.download.button'])
        status.textContent = ''
      }
    }
    const start = async () => {
      try {
        await download(course, courseLang, (d) => show(d, true))
        show(await getDownload(course))
      } catch (err) {
        const d = await getDownload(course)
        show(d)
        if (!d)
          status.textContent = fmt(T['offline.download.failed'], {
            reason: String(/** @type {any} */ (err)?.message ?? err),
          })
      }
    }
    btn.addEventListener('click', () => void start())
    rm.addEventListener('click', async () => {
      await remove(course)
      show(undefined)
    })
    // A download cut by a lost signal goes on by itself when the signal returns.
    addEventListener('online', async () => {
      const d = await getDownload(course)
      if (d?.state === 'partial') void start()
    })
    let d = await getDownload(course)
    if (d?.state === 'complete' && !(await verified(d))) {
      // The browser evicted part of it: it is no longer downloaded, whatever the mark said.
      d = { ...d, state: 'partial', sizes: {} }
      await putDownload(d)
    }
    show(d)
    if (navigator.onLine && (!d || d.state === 'complete')) {
      fetchManifest(course, courseLang).then(
        (m) => {
          if (!bar.hidden) return
          if (!d) status.textContent = fmt(T['offline.download.size'], { size: size(m.bytes) })
          else if (m.version !== d.version || m.lang !== d.lang) {
            btn.textContent = fmt(T['offline.download.update'])
            btn.hidden = false
          }
        },
        () => {},
      )
    }
  }

  // ---- progress made on this device, shown on the course page -----------------------------------
  /**
   * A saved course page shows the progress of the day it was saved; the facts this device made
   * since (sent or not) are added to it, with the server's rule: a lesson is done when it is
   * completed and, if it has a quiz, the quiz passed. Lessons are `li[data-lesson-id]` carrying the
   * server's `data-completed`, `data-quiz-passed` and `data-has-quiz` (1 or 0).
   * @param {Record<string, any>} T
   */
  async function overlayProgress(T) {
    const items = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('li[data-lesson-id]')])
    if (!items.length || !g.hocso.outbox) return
    const local = (await g.hocso.outbox.list()).filter((/** @type {any} */ e) => e.state !== 'rejected')
    const has = (/** @type {string} */ kind, /** @type {string} */ id, passed = false) =>
      local.some(
        (/** @type {any} */ e) => e.kind === kind && e.data?.lesson_id === id && (!passed || e.meta?.passed),
      )
    let done = 0
    for (const li of items) {
      const id = li.dataset.lessonId ?? ''
      const completed = li.dataset.completed === '1' || has('lesson_completed', id)
      const passed = li.dataset.quizPassed === '1' || has('quiz_attempt', id, true)
      const isDone = completed && (li.dataset.hasQuiz !== '1' || passed)
      if (isDone) done++
      if (li.dataset.offlineShown === String(isDone) || (!isDone && !completed)) continue
      li.dataset.offlineShown = String(isDone)
      for (const b of li.querySelectorAll('.badge')) b.remove()
      const badge = document.createElement('span')
      badge.className = isDone ? 'badge good' : 'badge warn'
      badge.textContent = fmt(T[isDone ? 'learning.done' : 'learning.quiz_todo'])
      li.classList.toggle('done', isDone)
      li.append(' ', badge)
    }
    // A sequential course opens the lesson after the last one done here, as the server would.
    let blocked = false
    for (const li of items) {
      const first = li.firstElementChild
      if (!blocked && li.classList.contains('locked') && first?.tagName === 'SPAN') {
        const a = document.createElement('a')
        a.setAttribute('href', `${location.pathname.replace(/\/$/, '')}/${li.dataset.lessonKey ?? ''}`)
        a.append(...first.childNodes)
        first.replaceWith(a)
        li.classList.remove('locked')
        for (const b of li.querySelectorAll('.badge:not(.good):not(.warn)')) b.remove()
      }
      if (!li.classList.contains('done')) blocked = true
    }
    // "Start" or "go on" leads to the first lesson not done on this device, not the one of the day
    // the page was saved; with every lesson done there is nothing left to start.
    const resume = /** @type {HTMLAnchorElement | null} */ (document.querySelector('a[data-resume]'))
    const next = items.find((li) => !li.classList.contains('done'))
    const target = resume
      ? items.find((li) => resume.pathname.endsWith(`/${li.dataset.lessonKey}`))
      : undefined
    if (resume && target?.classList.contains('done')) {
      const link = next?.firstElementChild
      if (!next || link?.tagName !== 'A') resume.closest('p')?.setAttribute('hidden', '')
      else {
        resume.setAttribute('href', link.getAttribute('href') ?? '')
        resume.textContent = `${fmt(T['learning.resume'])}: ${link.textContent ?? ''}`
      }
    }
    const bar = /** @type {HTMLElement | null} */ (document.querySelector('.lp-progress [role=progressbar]'))
    if (bar) {
      const pct = Math.round((done * 100) / items.length)
      bar.setAttribute('aria-valuenow', String(pct))
      const label = fmt(T['learning.progress'], { done, total: items.length })
      bar.setAttribute('aria-label', label)
      const fill = /** @type {HTMLElement | null} */ (bar.querySelector('span'))
      if (fill) fill.style.width = `${pct}%`
      const text = bar.parentElement?.querySelector('span.small')
      if (text) text.textContent = label
    }
  }

  // ---- the "my downloads" page ---------------------------------------------------------------
  /** @param {HTMLElement} page */
  async function setupPage(page) {
    const T = texts(page)
    const list = /** @type {HTMLElement} */ (page.querySelector('[data-list]'))
    const storage = /** @type {HTMLElement} */ (page.querySelector('[data-storage]'))
    const summary = /** @type {HTMLElement} */ (page.querySelector('[data-outbox-summary]'))
    const refusedBox = /** @type {HTMLElement} */ (page.querySelector('[data-refused]'))
    const refusedList = /** @type {HTMLElement} */ (page.querySelector('[data-refused-list]'))
    /** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [kids] */
    const el = (tag, attrs = {}, kids = []) => {
      const e = document.createElement(tag)
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
      e.append(...kids)
      return e
    }

    async function renderStorage() {
      const est = await navigator.storage?.estimate?.()
      storage.textContent = est
        ? fmt(T['offline.downloads.storage'], { used: size(est.usage ?? 0), quota: size(est.quota ?? 0) })
        : ''
    }

    async function renderList() {
      if (!supported) {
        list.replaceChildren(el('li', { class: 'notice' }, [fmt(T['offline.download.unsupported'])]))
        return
      }
      const downloads = (await allDownloads()).sort((a, b) => a.title.localeCompare(b.title, lang))
      if (!downloads.length) {
        list.replaceChildren(el('li', { class: 'muted' }, [fmt(T['offline.downloads.empty'])]))
        return
      }
      const items = []
      for (const d of downloads) {
        const ok = d.state === 'complete' && (await verified(d))
        const remove_ = el('button', { type: 'button', class: 'secondary small', 'data-action': 'remove' }, [
          fmt(T['offline.download.remove']),
        ])
        remove_.addEventListener('click', async () => {
          await remove(d.course)
          await Promise.all([renderList(), renderStorage()])
        })
        const state = ok
          ? el('span', { class: 'badge good' }, [
              `✓ ${fmt(T['offline.download.done'], { size: size(d.bytes) })}`,
            ])
          : el('span', { class: 'badge warn' }, [
              fmt(T['offline.downloads.partial'], {
                done: Object.keys(d.sizes).length,
                total: d.urls.length,
              }),
            ])
        const actions = el('div', { class: 'actions' }, [])
        if (ok) actions.append(el('a', { class: 'button', href: d.url }, [fmt(T['offline.downloads.open'])]))
        else {
          const resume = el('button', { type: 'button' }, [fmt(T['offline.download.resume'])])
          resume.addEventListener('click', async () => {
            resume.setAttribute('disabled', '')
            await download(d.course, d.lang, () => {}).catch(() => {})
            await Promise.all([renderList(), renderStorage()])
          })
          actions.append(resume)
        }
        actions.append(remove_)
        items.push(
          el('li', { class: 'card', 'data-course': d.course, 'data-state': ok ? 'complete' : 'partial' }, [
            el('h2', {}, [d.title]),
            el('p', {}, [state]),
            actions,
          ]),
        )
      }
      list.replaceChildren(...items)
    }

    async function renderOutbox() {
      const outbox = g.hocso.outbox
      const c = await outbox.counts()
      summary.textContent = c.pending
        ? fmt(T['offline.pending'], { count: c.pending })
        : fmt(T['offline.outbox.sent'])
      const refused = (await outbox.list()).filter((/** @type {any} */ e) => e.state === 'rejected')
      refusedBox.hidden = !refused.length
      refusedList.replaceChildren(
        ...refused.map((/** @type {any} */ e) => {
          const retry = el('button', { type: 'button', class: 'small' }, [fmt(T['offline.outbox.retry'])])
          retry.addEventListener('click', () => void outbox.retry(e.id))
          const discard = el('button', { type: 'button', class: 'danger small' }, [
            fmt(T['offline.outbox.discard']),
          ])
          discard.addEventListener('click', () => {
            if (confirm(fmt(T['offline.outbox.discard.confirm']))) void outbox.discard(e.id)
          })
          return el('li', { class: 'card', 'data-fact': e.id }, [
            el('p', {}, [el('b', {}, [e.kind]), ` · ${new Date(e.occurred_at).toLocaleString(lang)}`]),
            el('p', { class: 'field-error' }, [`${e.rejection?.status ?? ''} ${e.rejection?.message ?? ''}`]),
            el('div', { class: 'actions' }, [retry, discard]),
          ])
        }),
      )
    }

    page.querySelector('[data-action="flush"]')?.addEventListener('click', () => void g.hocso.outbox.flush())
    g.hocso.outbox.subscribe(() => void renderOutbox())
    await Promise.all([renderList(), renderStorage()])
  }

  for (const box of document.querySelectorAll('[data-offline-course]')) {
    void setupButton(/** @type {HTMLElement} */ (box))
    void overlayProgress(texts(/** @type {HTMLElement} */ (box)))
  }
  const page = document.getElementById('downloads')
  if (page) void setupPage(page)
  g.hocso.downloads = { download, remove, verified, list: allDownloads }
})()
