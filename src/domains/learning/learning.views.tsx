import type { Context } from 'hono'
import { formatNumber, type Locale, t } from '../../core/i18n.ts'
import type { AppEnv } from '../../web/env.ts'
import type { Picked } from './content-lang.ts'
import { CONTENT_LANGS } from './learning.types.ts'
import type { VoiceCoverageLine } from './studio.bridge.ts'

/** Language names in their own language, so a reader finds theirs whatever the interface says. */
export const LANG_NAMES: Record<string, string> = {
  vi: 'Tiếng Việt',
  fr: 'Français',
  en: 'English',
  blt: 'Tai Dam',
  hnj: 'Hmoob',
}

/** A text in its own language (lang attribute), so screen readers and fonts follow it. */
export function Txt({ p, c }: { p: Picked; c: Context<AppEnv> }) {
  return <span lang={p.lang !== c.get('locale') ? p.lang : undefined}>{p.text}</span>
}

/** "Not yet in Hmong: showing the Vietnamese version", in the interface language. */
export function FallbackNotice({ c, want }: { c: Context<AppEnv>; want: string }) {
  const l = c.get('locale')
  return (
    <p class="notice" role="note">
      {t(l, 'learning.fallback', { lang: t(l, `learning.lang.${want}`) })}
    </p>
  )
}

/** A progress bar with its figures in words (the bar alone says nothing to a screen reader). */
export function ProgressBar({ c, done, total }: { c: Context<AppEnv>; done: number; total: number }) {
  const pct = total ? Math.round((done * 100) / total) : 0
  const label = t(c.get('locale'), 'learning.progress', { done, total })
  return (
    <div class="lp-progress">
      <div
        class="progress"
        role="progressbar"
        aria-valuenow={pct}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-label={label}
      >
        <span style={`width:${pct}%`} />
      </div>
      <span class="small muted">{label}</span>
    </div>
  )
}

/** Links to read the page in another content language. */
export function LangPicker({
  c,
  langs,
  current,
  path,
}: {
  c: Context<AppEnv>
  langs: string[]
  current: string
  path: string
}) {
  const shown = CONTENT_LANGS.filter((l) => langs.includes(l))
  if (shown.length < 2) return null
  return (
    <nav class="lp-langs" aria-label={t(c.get('locale'), 'learning.read_in')}>
      <span class="small muted">{t(c.get('locale'), 'learning.read_in')}:</span>
      {shown.map((l) =>
        l === current ? (
          <span aria-current="true" lang={l}>
            {LANG_NAMES[l]}
          </span>
        ) : (
          <a href={`${path}?lang=${l}`} lang={l} hreflang={l}>
            {LANG_NAMES[l]}
          </a>
        ),
      )}
    </nav>
  )
}

/** Breadcrumbs back to the catalogue and the course. */
export function Crumbs({ c, course }: { c: Context<AppEnv>; course?: { slug: string; title: Picked } }) {
  return (
    <p class="crumbs">
      <a href="/courses">{t(c.get('locale'), 'nav.courses')}</a>
      {course ? (
        <>
          {' › '}
          <a href={`/courses/${course.slug}`}>
            <Txt c={c} p={course.title} />
          </a>
        </>
      ) : null}
    </p>
  )
}

/** "12 min" in the interface language. */
export function minutes(c: Context<AppEnv>, n: number | null): string {
  return n ? t(c.get('locale'), 'learning.minutes', { n: formatNumber(c.get('locale'), n) }) : ''
}

/** One large play button for a section, in the language it is spoken in. */
export function PlaySection({
  c,
  url,
  lang,
  small,
  section,
}: {
  c: Context<AppEnv>
  url: string
  lang: string
  /** Beside a quiz choice: a player without the caption, so the choice stays on one line. */
  small?: boolean
  /** The section it plays (`q:<id>:prompt`…), for the quiz's offline result, which shows it again. */
  section?: string
}) {
  const l = c.get('locale')
  return (
    <figure class={small ? 'listen-play small' : 'listen-play'} lang={lang} data-media={section}>
      <figcaption class={small ? 'sr-only' : undefined}>{t(l, 'voice.listen.play')}</figcaption>
      {/* biome-ignore lint/a11y/useMediaCaption: the section's Vietnamese text beside it is what it says */}
      <audio controls preload="none" src={url}>
        <a href={url}>{t(l, 'voice.listen.play')}</a>
      </audio>
    </figure>
  )
}

/** Community recordings per course and language: sections recorded, in review, approved. */
export function CoverageTable({ l, lines }: { l: Locale; lines: VoiceCoverageLine[] }) {
  return (
    <div class="table-wrap" tabindex={0}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(l, 'voice.coverage.course')}</th>
            <th scope="col">{t(l, 'voice.coverage.lang')}</th>
            <th scope="col">{t(l, 'voice.coverage.recorded')}</th>
            <th scope="col">{t(l, 'voice.coverage.in_review')}</th>
            <th scope="col">{t(l, 'voice.coverage.approved')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((x) => (
            <tr>
              <th scope="row" lang="vi">
                {x.courseTitle}
              </th>
              <td lang={x.lang}>{LANG_NAMES[x.lang] ?? x.lang}</td>
              <td>{`${x.recorded}/${x.sections}`}</td>
              <td>{x.inReview}</td>
              <td>{`${x.approved}/${x.sections}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
