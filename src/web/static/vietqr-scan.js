// @ts-check
// The VietQR checker: a code read by the camera (qr-camera.js) goes into the form, which is checked
// at once. Nothing leaves the phone but the text of the code, as if it had been pasted.
;(() => {
  const button = document.getElementById('scan-qr')
  const field = /** @type {HTMLTextAreaElement | null} */ (document.querySelector('textarea[name=payload]'))
  if (!button || !field) return
  button.addEventListener('hocso:qr', (ev) => {
    field.value = /** @type {CustomEvent} */ (ev).detail.text
    button.dispatchEvent(new Event('hocso:qr-stop'))
    field.form?.requestSubmit()
  })
})()
