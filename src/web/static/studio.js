// @ts-check
/**
 * Studio editor autosave: every change of a translation textarea becomes a
 * `translation_draft_saved` fact in the outbox (IndexedDB first, sent when there is a signal), so
 * a translator in a village without coverage loses nothing. The server keeps the latest typing per
 * paragraph (by the time it was typed), whatever order the saves arrive in. Without JavaScript the
 * form posts to /studio/.../save instead.
 */
;(() => {
  const form = /** @type {HTMLFormElement | null} */ (document.querySelector('form[data-studio-course]'))
  if (!form) return
  const status = form.querySelector('[data-studio-status]')
  const { studioCourse: course, studioLesson: lesson, studioLang: lang } = form.dataset
  /** @type {Map<HTMLTextAreaElement, string>} */
  const last = new Map()
  /** @type {Map<HTMLTextAreaElement, number>} */
  const timers = new Map()
  const areas = /** @type {HTMLTextAreaElement[]} */ ([...form.querySelectorAll('textarea[data-segment]')])
  for (const a of areas) last.set(a, a.value)

  /** @param {HTMLTextAreaElement} a */
  async function save(a) {
    const g = /** @type {any} */ (self)
    if (!g.hocso?.outbox || last.get(a) === a.value) return
    last.set(a, a.value)
    await g.hocso.outbox.add('translation_draft_saved', {
      course,
      lesson,
      lang,
      segment: a.dataset.segment,
      text: a.value,
      source: a.dataset.source,
    })
    const c = await g.hocso.outbox.counts()
    if (status) {
      status.textContent = `${new Date().toLocaleTimeString()} ✓ ${c.pending ? `(${c.pending} …)` : ''}`
      status.setAttribute('data-studio-pending', String(c.pending))
    }
  }

  form.addEventListener('input', (e) => {
    const a = /** @type {HTMLTextAreaElement} */ (e.target)
    if (!a.dataset?.segment) return
    clearTimeout(timers.get(a))
    timers.set(a, Number(setTimeout(() => void save(a), 600)))
  })
  form.addEventListener('focusout', (e) => {
    const a = /** @type {HTMLTextAreaElement} */ (e.target)
    if (a.dataset?.segment) void save(a)
  })
  form.addEventListener('submit', (e) => {
    const g = /** @type {any} */ (self)
    if (!g.hocso?.outbox) return
    e.preventDefault()
    void Promise.all(areas.map(save))
  })
})()
