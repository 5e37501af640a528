// @ts-check
// The door page of an event. Without JavaScript its forms post to the server. With it, the outbox
// (outbox.js) keeps each check-in on the phone and sends it when it can; this script answers at once
// from the list of codes embedded in the page (so a typo is caught before it is queued), and takes
// the codes the camera reads (qr-camera.js).
;(() => {
  const form = /** @type {HTMLFormElement | null} */ (document.getElementById('checkin-form'))
  const walkin = /** @type {HTMLFormElement | null} */ (document.getElementById('walkin-form'))
  const dataEl = document.getElementById('checkin-data')
  const out = document.getElementById('checkin-result')
  const countEl = document.querySelector('[data-checkin-count]')
  if (!form || !dataEl || !out) return
  /** @type {{ people: Record<string, [string, number]>, texts: Record<string, string>, attended: number, registered: number }} */
  const data = JSON.parse(dataEl.textContent || '{}')
  const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('code'))
  const countText = countEl?.textContent || ''

  /** @param {string} key @param {Record<string, string>} params */
  const text = (key, params) => (data.texts[key] || key).replace(/\{(\w+)\}/g, (_, k) => params[k] ?? '')
  /** @param {string} msg @param {string} cls */
  function say(msg, cls) {
    const p = document.createElement('p')
    p.className = cls
    p.textContent = msg
    out?.replaceChildren(p)
  }
  function recount() {
    if (countEl && countText) countEl.textContent = countText.replace(/^[^/]+/, String(data.attended))
  }
  const norm = (/** @type {string} */ s) => s.toUpperCase().replace(/[\s-]/g, '')

  /**
   * Says what became of a check-in: online, the outbox sends it at once and the person is "present";
   * only when it stays on the phone (no signal, server unreachable) does the page say it will be sent.
   * @param {string} factId @param {string} sentKey @param {string} queuedKey @param {Record<string, string>} params
   */
  function tell(factId, sentKey, queuedKey, params) {
    const outbox = /** @type {any} */ (self).hocso?.outbox
    const queued = () => say(text(queuedKey, params), 'flash')
    if (!navigator.onLine || !outbox) return queued()
    const stateOf = async () =>
      /** @type {{ id: string, state: string }[]} */ (await outbox.list()).find((e) => e.id === factId)?.state
    ;(async () => {
      // A run already under way may have started before this record: a second one takes it.
      await outbox.flush()
      if ((await stateOf()) === 'pending') await outbox.flush()
      if ((await stateOf()) === 'sent') say(text(sentKey, params).replace(' ()', ''), 'flash')
      else queued()
    })().catch(queued)
  }

  // Runs before the outbox's own submit listener (on document), so an unknown code never gets queued.
  form.addEventListener('submit', (ev) => {
    const code = norm(input.value)
    input.value = code
    if (!(/** @type {any} */ (self).hocso?.outbox)) return
    const person = data.people[code]
    if (!person) {
      ev.preventDefault()
      ev.stopPropagation()
      say(text('events.checkin.unknown', { code }), 'error')
      input.select()
      return
    }
    if (person[1]) {
      say(text('events.checkin.dup', { name: person[0], code }), 'notice')
    }
  })
  form.addEventListener('hocso:outbox-added', (ev) => {
    const fact = /** @type {CustomEvent} */ (ev).detail.fact
    const code = String(fact.data.code)
    const person = data.people[code]
    if (!person) return
    if (!person[1]) {
      person[1] = 1
      data.attended++
      recount()
      tell(fact.id, 'events.checkin.ok', 'events.checkin.queued', { name: person[0], code })
    }
    input.focus()
  })
  walkin?.addEventListener('hocso:outbox-added', (ev) => {
    const fact = /** @type {CustomEvent} */ (ev).detail.fact
    data.attended++
    recount()
    tell(fact.id, 'events.checkin.ok', 'events.checkin.walkin.queued', {
      name: String(fact.data.name),
      code: '',
    })
  })

  // ---- camera scanning (qr-camera.js reads the codes) ------------------------------------------
  const button = document.getElementById('scan-qr')
  let last = ''
  let lastAt = 0
  button?.addEventListener('hocso:qr', (ev) => {
    const raw = norm(String(/** @type {CustomEvent} */ (ev).detail.text))
    // The same badge stays in front of the camera for a while: count it once, keep scanning the queue.
    if (!raw || (raw === last && Date.now() - lastAt <= 4000)) return
    last = raw
    lastAt = Date.now()
    input.value = raw
    form.requestSubmit()
  })
})()
