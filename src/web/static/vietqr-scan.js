// Scans a VietQR with the camera where the browser has BarcodeDetector; elsewhere the button stays
// hidden and the person pastes the code. Nothing leaves the phone: the text goes into the form.
;(() => {
  const button = document.getElementById('scan-qr')
  const video = document.getElementById('scan-video')
  const field = document.querySelector('textarea[name=payload]')
  if (!button || !video || !field || !('BarcodeDetector' in window) || !navigator.mediaDevices) return
  button.hidden = false
  button.addEventListener('click', async () => {
    const detector = new window.BarcodeDetector({ formats: ['qr_code'] })
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
    video.srcObject = stream
    video.hidden = false
    await video.play()
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => [])
      if (codes.length) {
        field.value = codes[0].rawValue
        for (const t of stream.getTracks()) t.stop()
        video.hidden = true
        field.form.requestSubmit()
        return
      }
      requestAnimationFrame(tick)
    }
    tick()
  })
})()
