// @ts-check
/**
 * The stall poster's buttons: "share" hands the poster, as a PNG picture, to the phone's share
 * sheet (Web Share with files: Zalo, Messenger…), "print" opens the browser's print dialog (the
 * page's A5 print CSS fits the poster on one sheet), and "save as a picture" draws the poster's SVG
 * on a canvas and downloads it as a PNG, the kind of picture Zalo shows and forwards. Each stays
 * hidden where it cannot work (no script, no canvas, no sharing of files); the SVG download link
 * works everywhere.
 */
;(() => {
  const share = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-poster-share]'))
  const print = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-poster-print]'))
  const png = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-poster-png]'))
  const failed = /** @type {HTMLElement | null} */ (document.querySelector('[data-poster-error]'))
  if (print && typeof window.print === 'function') {
    print.hidden = false
    print.addEventListener('click', () => window.print())
  }
  if (typeof HTMLCanvasElement === 'undefined' || !HTMLCanvasElement.prototype.toBlob) return

  /** @param {string} url @returns {Promise<HTMLImageElement>} */
  const image = (url) =>
    new Promise((resolve, reject) => {
      const img = new Image()
      img.onload = () => resolve(img)
      img.onerror = () => reject(new Error('the poster picture did not load'))
      img.src = url
    })

  /** The poster's SVG drawn as a PNG. @param {string} svgUrl @returns {Promise<Blob>} */
  async function posterPng(svgUrl) {
    const res = await fetch(svgUrl, { credentials: 'same-origin' })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const src = URL.createObjectURL(new Blob([await res.text()], { type: 'image/svg+xml' }))
    const img = await image(src).finally(() => setTimeout(() => URL.revokeObjectURL(src), 1000))
    const canvas = document.createElement('canvas')
    canvas.width = img.naturalWidth || 1480
    canvas.height = img.naturalHeight || 2100
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'))
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'))
    if (!blob) throw new Error('no picture')
    return /** @type {Blob} */ (blob)
  }

  /** Runs a button's work, saying so if it fails. @param {HTMLButtonElement} b @param {() => Promise<void>} work */
  async function run(b, work) {
    b.disabled = true
    if (failed) failed.hidden = true
    try {
      await work()
    } catch (err) {
      // Closing the share sheet is the person's choice, not a failure.
      if (!err || /** @type {Error} */ (err).name !== 'AbortError') if (failed) failed.hidden = false
    } finally {
      b.disabled = false
    }
  }

  const canShareFiles = () => {
    try {
      const probe = new File([''], 'poster.png', { type: 'image/png' })
      return (
        typeof navigator.share === 'function' &&
        typeof navigator.canShare === 'function' &&
        navigator.canShare({ files: [probe] })
      )
    } catch (_err) {
      return false
    }
  }
  if (share && canShareFiles()) {
    share.hidden = false
    share.addEventListener('click', () =>
      run(share, async () => {
        const blob = await posterPng(share.dataset.posterShare ?? '')
        const file = new File([blob], share.dataset.file ?? 'vietqr.png', { type: 'image/png' })
        await navigator.share({ files: [file], title: share.dataset.title ?? document.title })
      }),
    )
  }

  if (!png) return
  png.hidden = false
  png.addEventListener('click', () =>
    run(png, async () => {
      const blob = await posterPng(png.dataset.posterPng ?? '')
      const a = document.createElement('a')
      a.href = URL.createObjectURL(blob)
      a.download = png.dataset.file ?? 'vietqr.png'
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000)
    }),
  )
})()
