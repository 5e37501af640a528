// @ts-nocheck
/**
 * The community voice's recorder: one lesson, section by section, on a phone that is often
 * offline. Each take is recorded with MediaRecorder (Opus in WebM at 24 kbit/s where the phone can;
 * AAC in MP4 otherwise), with a level meter, listen back and record again. "Keep" puts the take in
 * this phone's own queue (IndexedDB, the recording and what it is of, under an id made here), and
 * the queue is sent whenever there is a network: in parts of 64 kB, each a PUT with its
 * Content-Range, resuming from what the server says it holds, so a take arrives once and whole
 * however often the signal drops. Written in ES2017 for older phones.
 */
;(() => {
  const list = document.querySelector('[data-voice-recorder]')
  const statusLine = document.querySelector('[data-voice-status]')
  const PART = 64 * 1024
  const DB_NAME = 'hocso-voice'
  const STORE = 'takes'

  function uuidv7() {
    const b = new Uint8Array(16)
    crypto.getRandomValues(b)
    let ms = Date.now()
    for (let i = 5; i >= 0; i--) {
      b[i] = ms % 256
      ms = Math.floor(ms / 256)
    }
    b[6] = (b[6] & 0x0f) | 0x70
    b[8] = (b[8] & 0x3f) | 0x80
    const h = Array.prototype.map.call(b, (x) => (x < 16 ? '0' : '') + x.toString(16))
    return [
      h.slice(0, 4).join(''),
      h.slice(4, 6).join(''),
      h.slice(6, 8).join(''),
      h.slice(8, 10).join(''),
      h.slice(10).join(''),
    ].join('-')
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1)
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE, { keyPath: 'id' })
      }
      req.onsuccess = () => {
        resolve(req.result)
      }
      req.onerror = () => {
        reject(req.error)
      }
    })
  }
  function withStore(mode, fn) {
    return openDb().then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode)
          const out = fn(tx.objectStore(STORE))
          tx.oncomplete = () => {
            resolve(out && 'result' in out ? out.result : out)
          }
          tx.onerror = () => {
            reject(tx.error)
          }
        }),
    )
  }
  // The offline banner counts the takes waiting: it is told when the queue changes, and the mark
  // in localStorage tells it this phone has a queue to count.
  function changed(out) {
    try {
      localStorage.setItem('hocso-voice', '1')
    } catch (_) {
      // Private mode: the banner then counts nothing, the queue still works.
    }
    document.dispatchEvent(new Event('hocso-voice-queue'))
    return out
  }
  const queue = {
    put: (take) =>
      withStore('readwrite', (s) => {
        s.put(take)
      }).then(changed),
    all: () => withStore('readonly', (s) => s.getAll()),
    remove: (id) =>
      withStore('readwrite', (s) => {
        s.delete(id)
      }).then(changed),
  }

  const T = list ? list.dataset : {}
  function fill(s, params) {
    return String(s || '').replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? '' : params[k]))
  }
  function say(text) {
    if (!statusLine) return
    statusLine.hidden = !text
    statusLine.textContent = text || ''
  }
  function el(tag, attrs, text) {
    const e = document.createElement(tag)
    Object.keys(attrs || {}).forEach((k) => {
      e.setAttribute(k, attrs[k])
    })
    if (text) e.textContent = text
    return e
  }

  // ---- sending ----
  let sending = false
  function csrfToken() {
    const input = document.querySelector('input[name="_csrf"]')
    return input ? input.value : ''
  }
  function sendTake(take, onProgress) {
    const q = new URLSearchParams({
      course: take.course,
      lesson: take.lesson,
      lang: take.lang,
      section: take.section,
      recorded_at: take.recordedAt,
    })
    const url = `/api/voice/clips/${take.id}`
    const total = take.blob.size
    return fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { received: 0 }))
      .then((state) => {
        let at = state.status === 'stored' ? total : state.received || 0
        function next() {
          if (at >= total) return Promise.resolve({ status: 'stored' })
          const end = Math.min(total, at + PART) - 1
          return fetch(`${url}?${q.toString()}`, {
            method: 'PUT',
            credentials: 'same-origin',
            headers: {
              'content-type': 'application/octet-stream',
              'content-range': `bytes ${at}-${end}/${total}`,
              'x-csrf-token': csrfToken(),
              accept: 'application/json',
            },
            body: take.blob.slice(at, end + 1),
          }).then((r) =>
            r.json().then((body) => {
              if (!r.ok) {
                const e = new Error(
                  (body.error && (body.error.text || body.error.message)) || String(r.status),
                )
                e.refused = r.status >= 400 && r.status < 500 && r.status !== 401 && r.status !== 429
                throw e
              }
              at = body.status === 'stored' ? total : body.received
              onProgress(Math.round((at * 100) / total))
              return body.status === 'stored' ? body : next()
            }),
          )
        }
        return next()
      })
  }

  function flush() {
    if (sending || !navigator.onLine) return Promise.resolve()
    sending = true
    return queue
      .all()
      .then((takes) => {
        const waiting = takes.filter((t) => !t.refused)
        return waiting.reduce(
          (p, take) =>
            p.then(() => {
              const row = rowOf(take)
              return sendTake(take, (pct) => {
                if (row) row.state.textContent = fill(T.tSending, { percent: pct })
              })
                .then(() => {
                  if (row) row.state.textContent = T.tSent
                  return queue.remove(take.id)
                })
                .catch((err) => {
                  if (err.refused) {
                    take.refused = err.message
                    if (row) row.state.textContent = fill(T.tRefused, { reason: err.message })
                    return queue.put(take)
                  }
                  if (row) row.state.textContent = T.tWaiting
                })
            }),
          Promise.resolve(),
        )
      })
      .then(
        () => {
          sending = false
        },
        () => {
          sending = false
        },
      )
  }

  // ---- recording, one section at a time ----
  const rows = {}
  function rowOf(take) {
    return list && take.course === T.course && take.lesson === T.lesson && take.lang === T.lang
      ? rows[take.section]
      : null
  }
  const types = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4']
  const canRecord =
    typeof MediaRecorder !== 'undefined' && navigator.mediaDevices && navigator.mediaDevices.getUserMedia
  const mime = canRecord ? types.filter((t) => MediaRecorder.isTypeSupported(t))[0] || '' : null

  function wire(li) {
    const section = li.dataset.section
    const box = li.querySelector('[data-controls]')
    if (!box) return
    const rec = el('button', { type: 'button' }, T.tRecord)
    const stop = el('button', { type: 'button', class: 'secondary', disabled: '' }, T.tStop)
    const keep = el('button', { type: 'button', hidden: '' }, T.tKeep)
    const meter = el('meter', { min: '0', max: '1', value: '0', hidden: '' })
    const audio = el('audio', { controls: '', hidden: '' })
    const state = el('p', { class: 'small', role: 'status' })
    box.appendChild(rec)
    box.appendChild(stop)
    box.appendChild(meter)
    box.appendChild(audio)
    box.appendChild(keep)
    box.appendChild(state)
    box.hidden = false
    const nojs = li.querySelector('[data-nojs]')
    if (nojs) nojs.hidden = true
    rows[section] = { state: state }

    let recorder = null
    let take = null
    let peak = 0
    let began = 0
    let ctx = null
    let raf = 0

    rec.addEventListener('click', () => {
      // Opening the microphone can take seconds on a slow phone: a second tap meanwhile would
      // start a second recorder on a second stream that nothing ever stops.
      if (rec.disabled) return
      rec.disabled = true
      state.textContent = '…'
      navigator.mediaDevices.getUserMedia({ audio: true }).then(
        (stream) => {
          const chunks = []
          peak = 0
          recorder = new MediaRecorder(
            stream,
            Object.assign(mime ? { mimeType: mime } : {}, { audioBitsPerSecond: 24000 }),
          )
          const Ctx = window.AudioContext || window.webkitAudioContext
          if (Ctx) {
            ctx = new Ctx()
            const analyser = ctx.createAnalyser()
            analyser.fftSize = 512
            ctx.createMediaStreamSource(stream).connect(analyser)
            const buf = new Uint8Array(analyser.fftSize)
            const tick = () => {
              analyser.getByteTimeDomainData(buf)
              let m = 0
              for (let i = 0; i < buf.length; i++) m = Math.max(m, Math.abs(buf[i] - 128) / 128)
              peak = Math.max(peak, m)
              meter.value = m
              raf = requestAnimationFrame(tick)
            }
            tick()
          } else peak = 1
          recorder.ondataavailable = (e) => {
            if (e.data.size) chunks.push(e.data)
          }
          recorder.onstop = () => {
            stream.getTracks().forEach((t) => {
              t.stop()
            })
            cancelAnimationFrame(raf)
            if (ctx) ctx.close()
            meter.hidden = true
            take = new Blob(chunks, { type: recorder.mimeType || mime || 'audio/webm' })
            audio.src = URL.createObjectURL(take)
            audio.hidden = false
            rec.textContent = T.tAgain
            rec.disabled = false
            stop.disabled = true
            if (peak < 0.02) {
              state.textContent = T.tSilent
              keep.hidden = true
            } else {
              state.textContent = `${Math.max(1, Math.round((Date.now() - began) / 1000))} s · ${Math.max(1, Math.round(take.size / 1024))} kB`
              keep.hidden = false
            }
          }
          began = Date.now()
          recorder.start(1000)
          rec.disabled = true
          stop.disabled = false
          keep.hidden = true
          audio.hidden = true
          meter.hidden = false
          state.textContent = '●'
        },
        () => {
          rec.disabled = false
          state.textContent = T.tNomic
          if (nojs) nojs.hidden = false
        },
      )
    })
    stop.addEventListener('click', () => {
      if (recorder && recorder.state === 'recording') recorder.stop()
    })
    keep.addEventListener('click', () => {
      if (!take) return
      const item = {
        id: uuidv7(),
        course: T.course,
        lesson: T.lesson,
        lang: T.lang,
        section: section,
        recordedAt: new Date().toISOString(),
        blob: take,
      }
      keep.hidden = true
      queue.put(item).then(() => {
        state.textContent = T.tWaiting
        flush()
      })
    })
  }

  if (list) {
    if (mime === null) say(T.tNomic)
    else Array.prototype.forEach.call(list.querySelectorAll('[data-section]'), wire)
    queue.all().then((takes) => {
      takes.forEach((t) => {
        const row = rowOf(t)
        if (row) row.state.textContent = t.refused ? fill(T.tRefused, { reason: t.refused }) : T.tWaiting
      })
    })
  }
  window.addEventListener('online', flush)
  flush()
})()
