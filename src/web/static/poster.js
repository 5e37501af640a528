// @ts-check
/**
 * The stall poster's buttons: "print" opens the browser's print dialog (the page's A5 print CSS
 * fits the poster on one sheet), and "save as a picture" draws the poster's SVG on a canvas and
 * downloads it as a PNG, the kind of picture Zalo shows and forwards. Both stay hidden where they
 * cannot work (no script, no canvas); the SVG download link works everywhere.
 */
;(() => {
  const print = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-poster-print]'))
  const png = /** @type {HTMLButtonElement | null} */ (document.querySelector('[data-poster-png]'))
  const failed = /** @type {HTMLElement | null} */ (document.querySelector('[data-poster-error]'))
  if (print && typeof window.print === 'function') {
    print.hidden = false
    print.addEventListener('click', () => window.print())
  }
  if (!png || typeof HTMLCanvasElement === 'undefined' || !HTMLCanvasElement.prototype.toBlob) return
  png.hidden = false

  /** @param {string} url @returns {Promise<HTMLImageElement>} */
  const image = (url) =>
    new Promise((resolve, reject) => {
      const img = new Image()
      img.onload = () => resolve(img)
      img.onerror = () => reject(new Error('the poster picture did not load'))
      img.src = url
    })

  png.addEventListener('click', async () => {
    png.disabled = true
    if (failed) failed.hidden = true
    try {
      const res = await fetch(png.dataset.posterPng ?? '', { credentials: 'same-origin' })
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
      const a = document.createElement('a')
      a.href = URL.createObjectURL(/** @type {Blob} */ (blob))
      a.download = png.dataset.file ?? 'vietqr.png'
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000)
    } catch {
      if (failed) failed.hidden = false
    } finally {
      png.disabled = false
    }
  })
})()
