import type { Context } from 'hono'
import { raw } from 'hono/html'
import { t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import { CsrfField } from '../../web/layout.tsx'
import { LANG_NAMES } from '../learning/learning.views.tsx'
import { audioLimit, type EditorView, MAX_AUDIO_MS } from './studio.service.ts'

/** Pieces of the studio pages. */
type C = Context<AppEnv>

/** "1 min 05 s" */
export function formatLength(ms: number): string {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
}

/** "312 KB" */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`
}

function segmentLabel(c: C, key: string): string {
  const l = c.get('locale')
  if (key === 'title') return t(l, 'studio.segment.title')
  if (key.startsWith('p:')) return t(l, 'studio.segment.paragraph', { n: key.slice(2) })
  // q:<question>:prompt | q:<q>:c:<choice>:text | q:<q>:c:<choice>:explanation | q:<q>:s:<step> | q:<q>:explanation
  const [, q, ...rest] = key.split(':')
  const part = rest
    .map((p, i) =>
      p === 'c' || p === 's'
        ? `${t(l, `studio.part.${p}`)} ${rest[i + 1]}`
        : i > 0 && (rest[i - 1] === 'c' || rest[i - 1] === 's')
          ? null
          : t(l, `studio.part.${p}`),
    )
    .filter((p) => p && p !== '-')
  return [`${t(l, 'studio.segment.quiz')} ${q}`, ...part].join(' · ')
}

/** The side-by-side editor: each row the Vietnamese segment and its translation. */
export function EditorForm({ c, v, base }: { c: C; v: EditorView; base: string }) {
  const l = c.get('locale')
  return (
    <form
      method="post"
      action={`${base}/save`}
      class="st-editor"
      data-studio-course={v.source.courseSlug}
      data-studio-lesson={v.source.lessonKey}
      data-studio-lang={v.lang}
    >
      <CsrfField c={c} />
      <p class="small muted" data-studio-status>
        {t(l, 'studio.autosave')}
      </p>
      {v.segments.map((s) => (
        <div class={`st-row${s.outdated ? ' st-outdated' : ''}`} id={`seg-${s.key.replaceAll(':', '-')}`}>
          <div class="st-src" lang="vi">
            <span class="small muted">{segmentLabel(c, s.key)}</span>
            <p>{s.source}</p>
            {s.diff ? (
              <p class="st-diff small">
                {t(l, 'studio.outdated')}{' '}
                {s.diff.map((d) =>
                  d.op === 'same' ? d.text : d.op === 'added' ? <ins>{d.text}</ins> : <del>{d.text}</del>,
                )}
              </p>
            ) : null}
          </div>
          <label class="st-dst">
            <span class="sr-only">
              {t(l, 'studio.translation')} · {segmentLabel(c, s.key)}
            </span>
            <textarea
              name={`s.${s.key}`}
              lang={v.lang}
              rows={s.kind === 'paragraph' ? 4 : 2}
              data-segment={s.key}
              data-source={s.source}
              readonly={!v.mayTranslate}
            >
              {s.text}
            </textarea>
          </label>
        </div>
      ))}
      {v.mayTranslate ? (
        <p class="actions">
          <button type="submit">{t(l, 'studio.save')}</button>
        </p>
      ) : null}
    </form>
  )
}

/** Recording: record, listen, record again, send; or upload a file. Without JS only the upload works. */
export function AudioPanel({ c, v, base }: { c: C; v: EditorView; base: string }) {
  const l = c.get('locale')
  const limit = audioLimit(c.get('ctx'))
  return (
    <section class="st-audio" aria-labelledby="st-audio-h">
      <h2 id="st-audio-h">{t(l, 'studio.audio')}</h2>
      {v.audio ? (
        <figure>
          {/* biome-ignore lint/a11y/useMediaCaption: the lesson text is the transcript */}
          <audio controls preload="metadata" src={`/studio/audio/${v.audio.id}`} />
          <figcaption class="small" data-studio-audio-info>
            {t(l, 'studio.audio.info', {
              len: formatLength(v.audio.duration_ms),
              size: formatSize(v.audio.bytes),
            })}
          </figcaption>
        </figure>
      ) : (
        <p class="muted">{t(l, 'studio.audio.none')}</p>
      )}
      {v.mayTranslate ? (
        <>
          <div
            class="st-recorder"
            data-studio-recorder={`${base}/audio`}
            data-rerecord={t(l, 'studio.audio.rerecord')}
            hidden
          >
            <p class="actions">
              <button type="button" data-rec-start>
                {t(l, 'studio.audio.record')}
              </button>
              <button type="button" data-rec-stop disabled>
                {t(l, 'studio.audio.stop')}
              </button>
            </p>
            <p class="small" data-rec-info aria-live="polite" />
            {/* biome-ignore lint/a11y/useMediaCaption: a translator's own take, listened back */}
            <audio controls data-rec-audio hidden />
            <p class="actions">
              <button type="button" data-rec-send hidden>
                {t(l, 'studio.audio.keep')}
              </button>
            </p>
            <p class="small muted" data-rec-nomic hidden>
              {t(l, 'studio.audio.nomic')}
            </p>
          </div>
          <form method="post" action={`${base}/audio`} enctype="multipart/form-data" class="st-upload">
            <CsrfField c={c} />
            <label>
              {t(l, 'studio.audio.upload')}
              <input type="file" name="audio" accept="audio/*" required />
            </label>
            <p class="small muted">
              {t(l, 'studio.audio.limits', { size: formatSize(limit), min: MAX_AUDIO_MS / 60000 })}
            </p>
            <button type="submit" class="secondary">
              {t(l, 'studio.audio.upload_button')}
            </button>
          </form>
        </>
      ) : null}
    </section>
  )
}

/** The glossary of the language, beside the text, with a form to add a term. */
export function GlossaryPanel({ c, v }: { c: C; v: EditorView }) {
  const l = c.get('locale')
  return (
    <aside class="st-glossary" aria-labelledby="st-gl-h">
      <h2 id="st-gl-h">
        {t(l, 'studio.glossary')} · {LANG_NAMES[v.lang]}
      </h2>
      {v.glossary.length ? (
        <dl>
          {v.glossary.map((g) => (
            <>
              <dt lang="vi">{g.term}</dt>
              <dd lang={v.lang}>
                {g.translation}
                {g.note ? <span class="small muted"> — {g.note}</span> : null}
              </dd>
            </>
          ))}
        </dl>
      ) : (
        <p class="muted small">{t(l, 'studio.glossary.empty')}</p>
      )}
      <details>
        <summary>{t(l, 'studio.glossary.add')}</summary>
        <form method="post" action={`/studio/glossary/${v.lang}`}>
          <CsrfField c={c} />
          <input type="hidden" name="back" value={c.req.path} />
          <label>
            {t(l, 'studio.glossary.term')}
            <input name="term" required maxlength={80} lang="vi" />
          </label>
          <label>
            {t(l, 'studio.glossary.translation')}
            <input name="translation" required maxlength={200} lang={v.lang} />
          </label>
          <label>
            {t(l, 'studio.glossary.note')}
            <input name="note" maxlength={300} />
          </label>
          <button type="submit" class="secondary">
            {t(l, 'studio.glossary.add')}
          </button>
        </form>
      </details>
    </aside>
  )
}

/** Review: approve, comments per paragraph. */
export function ReviewPanel({ c, v, base }: { c: C; v: EditorView; base: string }) {
  const l = c.get('locale')
  return (
    <section aria-labelledby="st-rev-h">
      <h2 id="st-rev-h">{t(l, 'studio.review')}</h2>
      <p>
        <strong>
          {t(l, `studio.state.${v.translation ? (v.outdated ? 'outdated' : v.translation.status) : 'none'}`)}
        </strong>
        {v.translation?.approved_at
          ? ` ${t(l, 'studio.approved_by', { at: v.translation.approved_at.slice(0, 16).replace('T', ' ') })}`
          : null}
      </p>
      {v.missing.length ? <p class="small muted">{t(l, 'studio.missing', { n: v.missing.length })}</p> : null}
      {v.mayReview ? (
        <form method="post" action={`${base}/approve`}>
          <CsrfField c={c} />
          <button type="submit">{t(l, 'studio.approve')}</button>
        </form>
      ) : null}
      <h3>{t(l, 'studio.comments')}</h3>
      <ul class="st-comments">
        {v.comments.map((m) => (
          <li>
            <span class="small muted">
              {segmentLabel(c, m.segment)} · {m.author} · {m.created_at.slice(0, 16).replace('T', ' ')}
            </span>
            <br />
            {m.body}
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/comments`}>
        <CsrfField c={c} />
        <label>
          {t(l, 'studio.comment.segment')}
          <select name="segment">
            {v.segments.map((s) => (
              <option value={s.key}>{segmentLabel(c, s.key)}</option>
            ))}
          </select>
        </label>
        <label>
          {t(l, 'studio.comment.body')}
          <textarea name="body" rows={2} required maxlength={2000} />
        </label>
        <button type="submit" class="secondary">
          {t(l, 'studio.comment.add')}
        </button>
      </form>
    </section>
  )
}

/** The preview, rendered by learning's renderer. */
export function Preview({ c, v }: { c: C; v: EditorView }) {
  return (
    <details class="st-preview">
      <summary>{t(c.get('locale'), 'studio.preview')}</summary>
      <article class="lesson" lang={v.lang}>
        <h1>{v.previewTitle}</h1>
        {raw(v.previewHtml)}
      </article>
    </details>
  )
}
