// @ts-check
// The door page of an event. Without JavaScript its forms post to the server. With it, the outbox
// (outbox.js) keeps each check-in on the phone and sends it when it can; this script answers at once
// from the list of codes embedded in the page (so a typo is caught before it is queued), and scans
// QR codes with the camera where the browser has BarcodeDetector.
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
      say(text('events.checkin.queued', { name: person[0], code }), 'flash')
    }
    input.focus()
  })
  walkin?.addEventListener('hocso:outbox-added', (ev) => {
    const fact = /** @type {CustomEvent} */ (ev).detail.fact
    data.attended++
    recount()
    say(text('events.checkin.walkin.queued', { name: String(fact.data.name) }), 'flash')
  })

  // ---- camera scanning -------------------------------------------------------------------------
  const button = /** @type {HTMLButtonElement | null} */ (document.getElementById('scan-qr'))
  const video = /** @type {HTMLVideoElement | null} */ (document.getElementById('scan-video'))
  const g = /** @type {any} */ (window)
  if (!button || !video || !('BarcodeDetector' in g) || !navigator.mediaDevices) return
  button.hidden = false
  const startLabel = button.textContent
  /** @type {MediaStream | null} */
  let stream = null
  let last = ''
  let lastAt = 0
  function stop() {
    for (const t of stream?.getTracks() ?? []) t.stop()
    stream = null
    if (video) video.hidden = true
    if (button) button.textContent = startLabel
  }
  button.addEventListener('click', async () => {
    if (stream) return stop()
    const detector = new g.BarcodeDetector({ formats: ['qr_code'] })
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
    video.srcObject = stream
    video.hidden = false
    button.textContent = button.dataset.stop || startLabel
    await video.play()
    const tick = async () => {
      if (!stream) return
      const codes = await detector.detect(video).catch(() => [])
      const raw = codes.length ? norm(String(codes[0].rawValue)) : ''
      // The same badge stays in front of the camera for a while: count it once, keep scanning the queue.
      if (raw && (raw !== last || Date.now() - lastAt > 4000)) {
        last = raw
        lastAt = Date.now()
        input.value = raw
        form.requestSubmit()
      }
      setTimeout(tick, 250)
    }
    tick()
  })
})()
