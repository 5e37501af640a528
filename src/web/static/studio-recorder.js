// @ts-check
/**
 * Studio recorder: records the lesson with MediaRecorder, lets the translator listen back and
 * record again, then sends the take to the same endpoint as a file upload. Opus in WebM is asked
 * for first (small, plays on Android phones); where a browser cannot make it (Safari, iOS) it
 * records AAC in MP4, which those phones play. 24 kbit/s keeps a five-minute reading under 1 MB.
 */
;(() => {
  const box = /** @type {HTMLElement | null} */ (document.querySelector('[data-studio-recorder]'))
  if (!box) return
  const q = (/** @type {string} */ s) => /** @type {HTMLElement} */ (box.querySelector(s))
  const start = /** @type {HTMLButtonElement} */ (q('[data-rec-start]'))
  const stop = /** @type {HTMLButtonElement} */ (q('[data-rec-stop]'))
  const send = /** @type {HTMLButtonElement} */ (q('[data-rec-send]'))
  const info = q('[data-rec-info]')
  const audio = /** @type {HTMLAudioElement} */ (q('[data-rec-audio]'))
  box.hidden = false
  const types = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4']
  const mime =
    typeof MediaRecorder === 'undefined' ? null : (types.find((t) => MediaRecorder.isTypeSupported(t)) ?? '')
  if (mime === null || !navigator.mediaDevices?.getUserMedia) {
    start.disabled = true
    q('[data-rec-nomic]').hidden = false
    return
  }
  /** @type {MediaRecorder | null} */
  let rec = null
  /** @type {Blob | null} */
  let take = null
  let began = 0
  let tick = 0
  const fmt = (/** @type {number} */ ms) => {
    const s = Math.round(ms / 1000)
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
  }
  const kb = (/** @type {number} */ b) =>
    b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1024))} KB`

  start.addEventListener('click', async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true })
    /** @type {Blob[]} */
    const chunks = []
    rec = new MediaRecorder(stream, { ...(mime ? { mimeType: mime } : {}), audioBitsPerSecond: 24000 })
    rec.ondataavailable = (e) => e.data.size && chunks.push(e.data)
    rec.onstop = () => {
      for (const t of stream.getTracks()) t.stop()
      const ms = Date.now() - began
      take = new Blob(chunks, { type: rec?.mimeType || mime || 'audio/webm' })
      audio.src = URL.createObjectURL(take)
      audio.hidden = false
      send.hidden = false
      info.textContent = `${fmt(ms)} · ${kb(take.size)}`
      start.textContent = box.dataset.rerecord ?? start.textContent
      start.disabled = false
      stop.disabled = true
      clearInterval(tick)
    }
    began = Date.now()
    rec.start(1000)
    start.disabled = true
    stop.disabled = false
    send.hidden = true
    tick = Number(setInterval(() => (info.textContent = `● ${fmt(Date.now() - began)}`), 500))
  })
  stop.addEventListener('click', () => rec?.state === 'recording' && rec.stop())
  send.addEventListener('click', async () => {
    if (!take) return
    const fd = new FormData()
    const csrf = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="_csrf"]'))
    fd.append('_csrf', csrf?.value ?? '')
    const ext = take.type.includes('mp4') ? 'm4a' : take.type.includes('ogg') ? 'ogg' : 'webm'
    fd.append('audio', take, `recording.${ext}`)
    send.disabled = true
    const res = await fetch(/** @type {string} */ (box.dataset.studioRecorder), {
      method: 'POST',
      body: fd,
      headers: { accept: 'application/json' },
    })
    const body = await res.json().catch(() => ({}))
    if (res.ok) location.reload()
    else {
      info.textContent = body.error?.message ?? `${res.status}`
      send.disabled = false
    }
  })
})()
