// @ts-check
/**
 * The field pages with JavaScript (help log, Digital family). The outbox (outbox.js) captures their
 * forms as facts; this script says so (`[data-outbox-flash]`) and, on the help page, puts each
 * record kept on the device at the top of "help I logged" at once, marked as waiting, so the
 * ambassador sees it even offline or after reloading a saved copy. Labels come from the form's own
 * tiles, so the list speaks the page's language. Without JavaScript the forms post as usual.
 */
;(() => {
  document.addEventListener('hocso:outbox-added', () => {
    const flash = /** @type {HTMLElement | null} */ (document.querySelector('[data-outbox-flash]'))
    if (flash) flash.hidden = false
  })
  const form = /** @type {HTMLFormElement | null} */ (
    document.querySelector('form[data-outbox-kind="help_given"]')
  )
  const list = document.querySelector('[data-outbox-list="help_given"]')
  const outbox = /** @type {any} */ (self).hocso?.outbox
  if (!form || !list || !outbox) return

  /** @param {string} name @param {unknown} value */
  const labelOf = (name, value) => {
    const input = form.querySelector(`input[name="${name}"][value="${CSS.escape(String(value))}"]`)
    return input?.nextElementSibling?.textContent ?? String(value ?? '')
  }
  /** @param {string} code */
  const villageName = (code) =>
    form.querySelector(`select[name="village"] option[value="${CSS.escape(String(code))}"]`)?.textContent ??
    form.querySelector('[data-village-name]')?.textContent ??
    code

  /** Shows a record's state on its badge: waiting, refused, or nothing once the server has it. @param {HTMLElement} badge @param {string} state */
  function mark(badge, state) {
    // `.badge` sets display, which would override the hidden attribute.
    badge.style.display = state === 'sent' ? 'none' : ''
    badge.className = state === 'rejected' ? 'badge bad' : 'badge warn'
    badge.textContent =
      list?.getAttribute(state === 'rejected' ? 'data-rejected-text' : 'data-pending-text') ?? ''
  }

  /** @param {{ id: string, occurred_at: string, data: Record<string, any>, state?: string }} f */
  function show(f) {
    if (document.getElementById(`h-${f.id}`)) return
    const d = f.data
    const li = document.createElement('li')
    li.className = 'card help-item'
    li.id = `h-${f.id}`
    const what = document.createElement('b')
    what.textContent = labelOf('what', d.what) + (d.note ? ` – ${d.note}` : '')
    const badge = document.createElement('span')
    badge.dataset.outboxState = ''
    mark(badge, f.state ?? 'pending')
    const who =
      d.whom === 'anonymous'
        ? [labelOf('sex', d.sex), labelOf('age_band', d.age_band)].join(', ')
        : (d.display_name ?? labelOf('whom', d.whom))
    const meta = document.createElement('span')
    meta.className = 'muted small'
    meta.textContent = `${who} · ${villageName(d.village)} · ${new Date(d.at ?? f.occurred_at).toLocaleString(document.documentElement.lang, { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' })}`
    li.append(what, ' ', badge, document.createElement('br'), meta)
    list?.prepend(li)
    document.getElementById('help-none')?.remove()
  }

  // Help for someone without a name needs their sex and age band (the server refuses it otherwise):
  // ask for them before the record is kept, not after it has been refused.
  const syncRequired = () => {
    const anonymous = /** @type {HTMLInputElement | null} */ (
      form.querySelector('input[name="whom"][value="anonymous"]')
    )?.checked
    /** @type {HTMLInputElement} */ for (const r of form.querySelectorAll(
      'input[name="sex"], input[name="age_band"]',
    ))
      r.required = !!anonymous
  }
  form.addEventListener('change', syncRequired)
  form.addEventListener('reset', () => setTimeout(syncRequired))
  syncRequired()

  form.addEventListener('hocso:outbox-added', (ev) => {
    show(/** @type {CustomEvent} */ (ev).detail.fact)
    // The confirmation goes just above "help I logged", and that is what the phone shows now: the
    // saying "saved" and the record marked as waiting, instead of the top of a reset form.
    const flash = /** @type {HTMLElement | null} */ (document.querySelector('[data-outbox-flash]'))
    const heading = list.previousElementSibling
    if (flash && heading) {
      flash.hidden = false
      heading.before(flash)
      flash.scrollIntoView({ block: 'start' })
    }
  })

  // Records still on this device (waiting, or refused and kept aside) after a reload; the badges
  // follow the outbox as it sends.
  let first = true
  outbox.subscribe(() =>
    outbox.list().then(
      (/** @type {any[]} */ all) => {
        for (const f of all.filter((x) => x.kind === 'help_given').reverse()) {
          if (first && f.state !== 'sent') show(f)
          const badge = document.querySelector(`[id="h-${f.id}"] [data-outbox-state]`)
          if (badge instanceof HTMLElement) mark(badge, f.state)
        }
        first = false
      },
      () => {},
    ),
  )
})()
