// @ts-check
/**
 * Share buttons (src/web/share.tsx): where the browser has the Web Share API, "share" opens the
 * phone's share sheet with the link; where it has not, "copy the link" puts it on the clipboard
 * (the Clipboard API, or the field's selection where the page is not served over HTTPS). A button
 * is shown only when what it calls exists; the link field works without any of it.
 */
;(() => {
  for (const box of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-share]'))) {
    const url = box.dataset.share || ''
    const native = /** @type {HTMLButtonElement | null} */ (box.querySelector('[data-share-native]'))
    const copy = /** @type {HTMLButtonElement | null} */ (box.querySelector('[data-share-copy]'))
    const field = /** @type {HTMLInputElement | null} */ (box.querySelector('[data-share-field]'))
    const said = /** @type {HTMLElement | null} */ (box.querySelector('[data-share-said]'))
    /** @param {string | undefined} text */
    const say = (text) => {
      if (said) said.textContent = text || ''
    }
    /** @type {ShareData} */
    const data = { title: box.dataset.shareTitle || document.title, url }
    if (box.dataset.shareText) data.text = box.dataset.shareText
    const canShare =
      typeof navigator.share === 'function' &&
      (typeof navigator.canShare !== 'function' || navigator.canShare(data))
    if (native && canShare) {
      native.hidden = false
      native.addEventListener('click', () => {
        say('')
        navigator.share(data).catch((err) => {
          // Closing the share sheet is the person's choice, not a failure.
          if (!err || err.name !== 'AbortError') say(box.dataset.saidFailed)
        })
      })
      continue
    }
    const clipboard = !!(navigator.clipboard && typeof navigator.clipboard.writeText === 'function')
    const selection =
      !!field &&
      typeof document.queryCommandSupported === 'function' &&
      document.queryCommandSupported('copy')
    if (!copy || (!clipboard && !selection)) continue
    copy.hidden = false
    copy.addEventListener('click', async () => {
      let done = false
      if (clipboard)
        try {
          await navigator.clipboard.writeText(url)
          done = true
        } catch (_err) {
          // Refused (no permission, page not focused): the selection below may still work.
        }
      if (!done && field && selection) {
        field.focus()
        field.select()
        try {
          done = document.execCommand('copy')
        } catch (_err) {
          done = false
        }
      }
      say(done ? box.dataset.saidCopied : box.dataset.saidFailed)
    })
  }
})()
