// @ts-check
/**
 * Quizzes through the outbox, with feedback even with no network. Loaded by offline.js on a page
 * with `<form data-offline-quiz="<course slug>">` (the learning domain's quiz form, whose fields
 * are `lesson_id`, `lang`, `q.<id>` and `q.<id>.<position>` for order questions).
 *
 * On submit the answers become a quiz_attempt fact in the outbox (after a lesson_completed one
 * when this device has none for the lesson, as the server route does). With a network the page
 * then opens the server's result page for that very fact; without one, the answers are scored
 * here against the course's answer key (downloaded with the course) and the feedback is shown in
 * place. The server scores every attempt again from the answers: a score is never sent.
 */
import { isRight as serverIsRight } from '../../domains/learning/quiz.ts'

;(() => {
  const g = /** @type {any} */ (self)
  const outbox = g.hocso?.outbox
  // Typed as present: the guard below returns at once when it is not.
  const form = /** @type {HTMLFormElement} */ (document.querySelector('form[data-offline-quiz]'))
  if (!outbox || !form) return
  const slug = form.dataset.offlineQuiz ?? ''
  const lessonId = /** @type {HTMLInputElement} */ (form.elements.namedItem('lesson_id')).value
  const lang = /** @type {HTMLInputElement} */ (form.elements.namedItem('lang')).value
  const uiLang = document.documentElement.lang || 'vi'

  /**
   * @typedef {{ id: string, text: string, correct?: boolean, explanation: string }} Choice
   * @typedef {{ id: string, type: 'single' | 'multiple', prompt: string, choices: Choice[] }
   *   | { id: string, type: 'truefalse', prompt: string, answer: boolean, explanation: string }
   *   | { id: string, type: 'order', prompt: string, steps: { id: string, text: string }[], explanation: string }} Question
   * @typedef {string | string[] | boolean} Answer
   */

  /** @type {Promise<any> | null} */
  let keyPromise = null
  const key = () => {
    keyPromise ??= fetch(
      `/offline/courses/${encodeURIComponent(slug)}/quizzes?lang=${encodeURIComponent(lang)}`,
      {
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      },
    ).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`)
      return r.json()
    })
    return keyPromise
  }

  /** @param {string} text @param {Record<string, string | number>} params */
  const fill = (text, params) =>
    text.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])))

  /** The server's own rule (src/domains/learning/quiz.ts), bundled in: one scorer for both. @param {Question} q @param {Answer | undefined} a */
  const isRight = (q, a) => serverIsRight(/** @type {any} */ (q), a)

  /** Reads the form as the server's readQuizForm does. @param {Question[]} questions */
  function readAnswers(questions) {
    const fd = new FormData(form)
    /** @type {Record<string, Answer>} */
    const answers = {}
    /** @type {string[]} */
    const missing = []
    for (const q of questions) {
      const field = `q.${q.id}`
      if (q.type === 'order') {
        const order = q.steps.map((_, i) => String(fd.get(`${field}.${i + 1}`) ?? ''))
        if (order.some((s) => !s) || new Set(order).size !== order.length) missing.push(field)
        else answers[q.id] = order
        continue
      }
      const v = fd.getAll(field).map(String).filter(Boolean)
      if (!v.length) missing.push(field)
      else if (q.type === 'truefalse') answers[q.id] = v[0] === 'true'
      else if (q.type === 'multiple') answers[q.id] = [...new Set(v)]
      else answers[q.id] = v[0]
    }
    return { answers, missing }
  }

  /** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node | string)[]} [kids] */
  const el = (tag, attrs = {}, kids = []) => {
    const e = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
    e.append(...kids)
    return e
  }

  /**
   * The picture or player of a quiz section as the form shows it (`data-media`, set by the
   * server's quiz page: the picture of the quiz's language or the Vietnamese one, the recording
   * in the language listened in only), copied into the result as the server's result page shows it.
   * @param {string} key
   * @returns {Node[]}
   */
  const media = (key) => {
    const n = form.querySelector(`[data-media="${CSS.escape(key)}"]`)
    return n ? [n.cloneNode(true)] : []
  }

  /** The result, as the server's result page shows it. @param {any} k @param {any} lesson @param {Record<string, Answer>} answers */
  function showResult(k, lesson, answers) {
    const T = /** @type {Record<string, string>} */ (k.texts)
    const questions = /** @type {Question[]} */ (lesson.questions)
    const correct = questions.filter((q) => isRight(q, answers[q.id])).length
    const total = questions.length
    const score = total ? Math.floor((correct * 100) / total) : 0
    const passed = score >= k.passMark
    const yesNo = (/** @type {boolean} */ b) => T[b ? 'learning.true' : 'learning.false']
    const blocks = questions.map((q) => {
      const a = answers[q.id]
      const ok = isRight(q, a)
      const head = el('h2', { class: 'lp-q' }, [
        `${q.prompt} `,
        el('span', { class: `badge ${ok ? 'good' : 'bad'}`, lang: uiLang }, [
          T[ok ? 'learning.right' : 'learning.wrong'],
        ]),
      ])
      // For a person who does not read: a large sign beside the question's picture and recording.
      const mark = el('div', { class: 'quiz-mark' }, [
        el('span', { class: `mark ${ok ? 'good' : 'bad'}`, 'aria-hidden': 'true' }, [ok ? '✓' : '✗']),
        ...media(`q:${q.id}:picture`),
        ...media(`q:${q.id}:prompt`),
      ])
      /** @type {Node[]} */
      let body
      if (q.type === 'single' || q.type === 'multiple') {
        body = [
          el(
            'ul',
            { class: 'plain' },
            q.choices.map((ch) => {
              const chosen = Array.isArray(a) ? a.includes(ch.id) : a === ch.id
              const note = chosen
                ? T[ch.correct ? 'learning.your_answer_right' : 'learning.your_answer_wrong']
                : ch.correct
                  ? T['learning.missed']
                  : ''
              return el('li', { class: `choice ${ch.correct ? 'right' : chosen ? 'wrong' : ''}` }, [
                ...media(`q:${q.id}:c:${ch.id}:picture`),
                el('div', {}, [
                  el('span', {}, [ch.text]),
                  ...(note ? [el('strong', { class: 'small', lang: uiLang }, [` · ${note}`])] : []),
                  ...media(`q:${q.id}:c:${ch.id}:text`),
                  ...(chosen || ch.correct ? [el('p', { class: 'explain' }, [ch.explanation])] : []),
                ]),
              ])
            }),
          ),
        ]
      } else if (q.type === 'truefalse') {
        body = [
          el('p', { lang: uiLang }, [
            `${fill(T['learning.you_said'], { answer: typeof a === 'boolean' ? yesNo(a) : '—' })} · ${fill(T['learning.correct_is'], { answer: yesNo(q.answer) })}`,
          ]),
          el('p', { class: 'explain' }, [q.explanation]),
        ]
      } else {
        const o = /** @type {Extract<Question, { type: 'order' }>} */ (q)
        body = [
          el('p', { class: 'small', lang: uiLang }, [T['learning.correct_order']]),
          el(
            'ol',
            { class: 'steps' },
            o.steps.map((s, i) =>
              el('li', { class: Array.isArray(a) && a[i] === s.id ? 'lp-ok' : 'lp-ko' }, [
                s.text,
                ...media(`q:${q.id}:s:${s.id}`),
              ]),
            ),
          ),
          el('p', { class: 'explain' }, [o.explanation]),
        ]
      }
      return el('section', { class: 'card' }, [head, mark, ...body])
    })
    const base = `/courses/${slug}`
    const actions = el('p', { class: 'actions' }, [])
    if (!passed) {
      const again = el('a', { class: 'button', href: location.pathname }, [T['learning.retry']])
      actions.append(again)
    } else if (lesson.next)
      actions.append(el('a', { class: 'button', href: lesson.next }, [T['learning.next']]))
    actions.append(
      el('a', { class: `button ${!passed || lesson.next ? 'secondary' : ''}`, href: base }, [
        T['learning.back_to_course'],
      ]),
    )
    if (!passed)
      actions.append(
        el('a', { class: 'button secondary', href: `${base}/${lesson.key}` }, [T['learning.reread']]),
      )
    const status = el('p', { class: passed ? 'flash' : 'notice', role: 'status' }, [
      fill(T[passed ? 'learning.passed' : 'learning.failed'], { score, correct, total, mark: k.passMark }),
    ])
    const result = el('div', { 'data-offline-result': passed ? 'passed' : 'failed', tabindex: '-1' }, [
      el('h1', {}, [T['learning.result_title']]),
      status,
      el('div', { lang: lesson.lang }, blocks),
      actions,
    ])
    document.querySelector('main h1')?.remove()
    form.replaceWith(result)
    result.focus({ preventScroll: true })
    result.scrollIntoView({ block: 'start' })
    return { score, correct, total, passed }
  }

  /** Says which questions still need an answer, as the server's form would. @param {any} k @param {string[]} missing */
  function showMissing(k, missing) {
    form.querySelector('[data-offline-missing]')?.remove()
    for (const fs of form.querySelectorAll('fieldset')) fs.removeAttribute('aria-invalid')
    const box = el('div', { class: 'error', role: 'alert', 'data-offline-missing': '' }, [
      el('p', {}, [k.texts['learning.quiz_incomplete']]),
    ])
    form.prepend(box)
    for (const f of missing) {
      const input = form.querySelector(`[name="${f}"], [name^="${f}."]`)
      input?.closest('fieldset')?.setAttribute('aria-invalid', 'true')
    }
    box.scrollIntoView()
  }

  /** @returns {Promise<boolean>} true when this device already holds a lesson_completed for the lesson */
  async function completedHere() {
    const all = await outbox.list()
    return all.some(
      (/** @type {any} */ e) =>
        e.kind === 'lesson_completed' && e.state !== 'rejected' && e.data?.lesson_id === lessonId,
    )
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    let k
    try {
      k = await key()
    } catch {
      k = null
    }
    const lesson = k?.lessons.find((/** @type {any} */ l) => l.lessonId === lessonId)
    // No key (course neither downloaded nor reachable): the plain form post is the only way left.
    if (!lesson) return form.submit()
    const { answers, missing } = readAnswers(lesson.questions)
    if (missing.length) return showMissing(k, missing)
    const button = form.querySelector('button[type=submit]')
    button?.setAttribute('disabled', '')
    if (!(await completedHere())) await outbox.add('lesson_completed', { lesson_id: lessonId, lang })
    const questions = /** @type {Question[]} */ (lesson.questions)
    const correct = questions.filter((q) => isRight(q, answers[q.id])).length
    const score = questions.length ? Math.floor((correct * 100) / questions.length) : 0
    const fact = await outbox.add(
      'quiz_attempt',
      { lesson_id: lessonId, lang, answers },
      { meta: { course: slug, lesson_key: lesson.key, score, passed: score >= k.passMark } },
    )
    if (navigator.onLine) {
      await Promise.race([outbox.flush(), new Promise((r) => setTimeout(r, 5000))])
      const sent = (await outbox.list()).some(
        (/** @type {any} */ e) => e.id === fact.id && e.state === 'sent',
      )
      if (sent) {
        location.assign(`/courses/${slug}/${lesson.key}/quiz/result/${fact.id}`)
        return
      }
    }
    showResult(k, lesson, answers)
  })

  // Fetch the key early, so a lost signal after the page opened does not matter.
  void key().catch(() => {})
})()
