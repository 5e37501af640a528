// @ts-check
/**
 * Scanning a QR code with the phone's camera, for the door check-in and the VietQR checker.
 *
 * A `[data-qr-scan]` button stays hidden unless the phone has a camera the page may use (a secure
 * page, `getUserMedia`, and a video input listed), so nobody sees a button that cannot work. A tap
 * opens the camera into the `<video>` named by `data-qr-video`, and every code read is announced on
 * the button as `hocso:qr` ({ text }). The browser's own BarcodeDetector reads the frames where it
 * exists; elsewhere the jsQR decoder (`data-decoder`, about 33 KB compressed) is fetched at the
 * first tap, never with the page. A second tap, or `hocso:qr-stop` on the button, closes the camera.
 */
;(() => {
  const g = /** @type {any} */ (self)

  /** @returns {Promise<boolean>} */
  async function hasCamera() {
    if (!navigator.mediaDevices?.getUserMedia || !navigator.mediaDevices.enumerateDevices) return false
    const devices = await navigator.mediaDevices.enumerateDevices().catch(() => [])
    return devices.some((d) => d.kind === 'videoinput')
  }

  /** @type {Promise<any> | null} */
  let jsqr = null
  /** @param {string} url */
  function loadJsQR(url) {
    jsqr ??= new Promise((resolve, reject) => {
      const s = document.createElement('script')
      s.src = url
      s.onload = () => (g.jsQR ? resolve(g.jsQR) : reject(new Error('jsQR did not load')))
      s.onerror = () => {
        jsqr = null
        reject(new Error(`could not load ${url}`))
      }
      document.head.append(s)
    })
    return jsqr
  }

  /**
   * A function reading one frame of the video: the browser's detector, or jsQR on a small canvas.
   * @param {HTMLVideoElement} video @param {string} decoderUrl
   * @returns {Promise<() => Promise<string>>}
   */
  async function reader(video, decoderUrl) {
    if ('BarcodeDetector' in g) {
      const detector = new g.BarcodeDetector({ formats: ['qr_code'] })
      return async () => {
        const codes = await detector.detect(video).catch(() => [])
        return codes.length ? String(codes[0].rawValue) : ''
      }
    }
    const decode = await loadJsQR(decoderUrl)
    const canvas = document.createElement('canvas')
    const ctx = /** @type {CanvasRenderingContext2D} */ (
      canvas.getContext('2d', { willReadFrequently: true })
    )
    return async () => {
      const w = video.videoWidth
      const h = video.videoHeight
      if (!w || !h) return ''
      // A QR code on a badge or a stall poster reads well at 480 px; larger frames only cost time.
      const scale = Math.min(1, 480 / Math.max(w, h))
      canvas.width = Math.round(w * scale)
      canvas.height = Math.round(h * scale)
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
      return decode(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })?.data ?? ''
    }
  }

  /** @param {HTMLButtonElement} button */
  function wire(button) {
    const video = /** @type {HTMLVideoElement | null} */ (
      document.getElementById(button.dataset.qrVideo ?? '')
    )
    if (!video) return
    const startLabel = button.textContent
    /** @type {MediaStream | null} */
    let stream = null
    function stop() {
      for (const t of stream?.getTracks() ?? []) t.stop()
      stream = null
      if (video) video.hidden = true
      button.textContent = startLabel
    }
    button.addEventListener('hocso:qr-stop', stop)
    button.addEventListener('click', async () => {
      if (stream) return stop()
      try {
        const read = await reader(video, button.dataset.decoder ?? '')
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
        video.srcObject = stream
        video.hidden = false
        button.textContent = button.dataset.stop || startLabel
        await video.play()
        const tick = async () => {
          if (!stream) return
          const text = await read().catch(() => '')
          if (text) button.dispatchEvent(new CustomEvent('hocso:qr', { detail: { text } }))
          setTimeout(tick, 200)
        }
        void tick()
      } catch (err) {
        stop()
        // Permission refused or the camera busy: say so where the button is, the typed code still works.
        const note = document.getElementById(button.dataset.qrError ?? '')
        if (note) {
          note.hidden = false
          note.textContent = `${note.dataset.text ?? ''} (${/** @type {Error} */ (err).message})`
        }
      }
    })
  }

  async function start() {
    const buttons = /** @type {HTMLButtonElement[]} */ ([
      ...document.querySelectorAll('button[data-qr-scan]'),
    ])
    if (!buttons.length || !(await hasCamera())) return
    for (const b of buttons) {
      wire(b)
      b.hidden = false
    }
  }
  if (document.readyState === 'loading') addEventListener('DOMContentLoaded', () => void start())
  else void start()
})()
