// @ts-check
/**
 * The headcount page of a festival (decision 0196). Without JavaScript its forms post to the
 * server. With it, the outbox (outbox.js) keeps each count and each correction on the phone, with
 * an id of its own, and sends it when it can; this script shows it at once in the list and in the
 * totals, marked as waiting until the server has it, also after a reload or on a saved copy
 * opened offline. Texts come from the list's `data-text`, in the page's language.
 */
;(() => {
  const g = /** @type {any} */ (self)
  const outbox = g.hocso?.outbox
  const list = /** @type {HTMLElement | null} */ (document.querySelector('[data-headcounts]'))
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById('headcount-form'))
  if (!outbox || !list) return
  const eventId = list.dataset.event
  /** @type {Record<string, any>} */
  const T = JSON.parse(list.dataset.text || '{}')
  /** @param {string} key @param {Record<string, string | number>} [params] */
  const text = (key, params) => (g.hocso.fmt ? g.hocso.fmt(T[key], params) : String(T[key] ?? key))
  const lang = document.documentElement.lang || 'vi'

  // Each count the outbox keeps gets an id of its own, made when it is kept: the id the server put
  // in a form is for a plain post (sent twice, stored once), and a page kept offline would give
  // every count typed on it the same one.
  const ids = document.querySelectorAll('form[data-outbox-kind="festival_headcount"] input[name="id"]')
  for (const el of ids) if (el instanceof HTMLInputElement) el.disabled = true

  const stat = (/** @type {string} */ name) => document.querySelector(`[data-headcount-${name}]`)
  const num = (/** @type {Element | null} */ el) => Number(el?.textContent?.replace(/\D/g, '') || 0)
  /** Adds `n` visitors to the counted and total tiles. @param {number} n */
  function addToTotals(n) {
    for (const name of ['counted', 'total']) {
      const el = stat(name)
      if (el) el.textContent = String(num(el) + n)
    }
  }

  /** "150 khách", or "0 khách · đã bỏ vì nhập nhầm". @param {number} visitors */
  const countText = (visitors) => {
    const n = text('events.headcount.row', { count: visitors })
    return visitors === 0 ? `${n} · ${text('events.headcount.withdrawn')}` : n
  }

  /** The badge of a record: waiting, refused, or hidden once the server has it. @param {Element} li @param {string} state */
  function mark(li, state) {
    const badge = /** @type {HTMLElement | null} */ (li.querySelector('[data-outbox-state]'))
    if (!badge) return
    badge.hidden = state === 'sent'
    // `.badge` sets display, which would override the hidden attribute.
    badge.style.display = state === 'sent' ? 'none' : ''
    badge.className = state === 'rejected' ? 'badge bad' : 'badge warn'
    badge.textContent = text(state === 'rejected' ? 'events.headcount.refused' : 'events.headcount.waiting')
  }

  /** @typedef {{ id: string, kind: string, occurred_at: string, corrects?: string, state?: string, data: { event_id: string, visitors: number, booth?: string, note?: string } }} Fact */

  const template = /** @type {HTMLTemplateElement | null} */ (document.getElementById('headcount-item'))

  /**
   * A count's row: from the page's template, with its forms, so a count kept on the phone can be
   * corrected before it is even sent (the outbox sends the count first, then its correction).
   * @param {Fact} f
   * @returns {HTMLElement}
   */
  function rowFor(f) {
    const made = /** @type {HTMLElement | undefined} */ (template?.content.firstElementChild?.cloneNode(true))
    const li = made ?? document.createElement('li')
    if (!made) {
      li.className = 'card'
      const b = document.createElement('b')
      b.dataset.headcountNumber = ''
      const badge = document.createElement('span')
      badge.dataset.outboxState = ''
      li.append(b, ' ', badge, document.createElement('div'))
    }
    li.id = `hc-${f.id}`
    li.dataset.headcount = f.id
    li.dataset.visitors = String(f.data.visitors)
    const b = li.querySelector('[data-headcount-number]')
    if (b) b.textContent = countText(f.data.visitors)
    const when = new Date(f.occurred_at).toLocaleTimeString(lang, {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
    })
    const meta = li.querySelector('div')
    if (meta) {
      meta.className = 'muted small'
      meta.textContent = [f.data.booth, when].filter(Boolean).join(' · ')
    }
    if (f.data.note) {
      const note = document.createElement('div')
      note.className = 'muted small'
      note.textContent = f.data.note
      meta?.after(note)
    }
    for (const el of li.querySelectorAll('form')) {
      const fm = /** @type {HTMLFormElement} */ (el)
      fm.dataset.outboxCorrects = f.id
      fm.action = fm.action.replace(/\/headcount\/[^/]*\/correct$/, `/headcount/${f.id}/correct`)
      for (const input of fm.querySelectorAll('input')) {
        if (input.name === 'id') input.disabled = true
        if (input.name === 'booth') input.value = f.data.booth ?? ''
        if (input.name === 'visitors' && input.type !== 'hidden') input.value = String(f.data.visitors)
      }
      const note = fm.querySelector('textarea[name="note"]')
      if (note instanceof HTMLTextAreaElement) note.value = f.data.note ?? ''
    }
    return li
  }

  /** A new count, at the end of the list. @param {Fact} f */
  function showCount(f) {
    if (document.getElementById(`hc-${f.id}`)) return
    const li = rowFor(f)
    mark(li, f.state ?? 'pending')
    list?.append(li)
    document.getElementById('headcount-none')?.setAttribute('hidden', '')
    addToTotals(f.data.visitors)
  }

  /**
   * A correction: the row of the count it corrects takes the new number, and from now on stands
   * for the correction (its forms correct the correction, should it be wrong too).
   * @param {Fact} f
   */
  function showCorrection(f) {
    if (document.getElementById(`hc-${f.id}`) || !f.corrects) return
    const li = document.getElementById(`hc-${f.corrects}`)
    if (!li) return
    addToTotals(f.data.visitors - Number(li.dataset.visitors || 0))
    li.id = `hc-${f.id}`
    li.dataset.headcount = f.id
    li.dataset.visitors = String(f.data.visitors)
    const b = li.querySelector('[data-headcount-number]')
    if (b) b.textContent = countText(f.data.visitors)
    for (const el of li.querySelectorAll('form')) {
      const fm = /** @type {HTMLFormElement} */ (el)
      fm.dataset.outboxCorrects = f.id
      fm.action = fm.action.replace(f.corrects, f.id)
      // A withdrawn count has nothing left to withdraw.
      if (f.data.visitors === 0 && fm.querySelector('input[name="visitors"][type="hidden"]')) fm.hidden = true
    }
    const details = li.querySelector('details')
    if (details) details.open = false
    mark(li, f.state ?? 'pending')
  }

  /** @param {Fact} f */
  const show = (f) => (f.corrects ? showCorrection(f) : showCount(f))

  /** Says the count is kept: sent already when online, else kept on the phone. @param {string} factId */
  function tell(factId) {
    const flash = /** @type {HTMLElement | null} */ (document.querySelector('[data-headcount-flash]'))
    if (!flash) return
    const say = (/** @type {string} */ key) => {
      flash.textContent = text(key)
      flash.hidden = false
    }
    const kept = () => say('events.headcount.saved.device')
    if (!navigator.onLine) return kept()
    ;(async () => {
      // A run already under way may have started before this record: a second one takes it.
      await outbox.flush()
      const stateOf = async () =>
        /** @type {{ id: string, state: string }[]} */ (await outbox.list()).find((e) => e.id === factId)
          ?.state
      if ((await stateOf()) === 'pending') await outbox.flush()
      if ((await stateOf()) === 'sent') say('events.headcount.saved')
      else kept()
    })().catch(kept)
  }

  document.addEventListener('hocso:outbox-added', (ev) => {
    const target = /** @type {HTMLFormElement} */ (ev.target)
    if (target.dataset?.outboxKind !== 'festival_headcount') return
    const fact = /** @type {CustomEvent} */ (ev).detail.fact
    show(fact)
    tell(fact.id)
    if (target === form)
      /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="visitors"]'))?.focus()
  })

  // What is still on this phone (waiting, or refused and kept aside) shows after a reload; the
  // badges follow the outbox as it sends.
  let first = true
  outbox.subscribe(() =>
    outbox.list().then(
      (/** @type {Fact[]} */ all) => {
        const mine = all.filter((x) => x.kind === 'festival_headcount' && x.data?.event_id === eventId)
        for (const f of mine.reverse()) {
          if (first && f.state !== 'sent') show(f)
          const li = document.getElementById(`hc-${f.id}`)
          if (li) mark(li, f.state ?? 'pending')
        }
        first = false
      },
      () => {},
    ),
  )
})()
