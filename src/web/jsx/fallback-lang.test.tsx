import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, type TestEnv } from '../../../test/harness.ts'
import { textsByLang } from '../../../test/lang-texts.ts'
import { parseCsv } from '../../core/csv.ts'
import { installOverlay, type MessageKey, noteFallbacks, sourceCatalogue, t } from '../../core/i18n.ts'
import { learningEnv } from '../../domains/learning/learning.fixtures.ts'
import { IssueList } from '../issues.tsx'

/**
 * A Tai Dam or Hmong page says which of its texts are still Vietnamese (decision 0194): the approved
 * strings take the page's `lang`, the Vietnamese ones are inside a `lang="vi"` element; attributes,
 * JSON, CSV and PO files stay plain. Fixture strings are marked "[hnj] …": never Hmong words.
 */
let env: TestEnv
let editor: Client
const APPROVED = ['nav.studio', 'studio.title', 'learning.search.title'] as const

const vi = (key: MessageKey, params?: Record<string, string | number>) => t('vi', key, params)
/** The language of each text of the page, by text. */
const langOf = (html: string) => {
  const m = new Map<string, Set<string | undefined>>()
  for (const x of textsByLang(html)) m.set(x.text, (m.get(x.text) ?? new Set()).add(x.lang))
  return (text: string) => [...(m.get(text) ?? [])]
}

beforeAll(async () => {
  env = await learningEnv()
  const translator = new Client(env.app)
  await translator.login('translator')
  editor = new Client(env.app)
  await editor.login('editor')
  // Approved through the studio as a translator and a reviewer would.
  for (const key of APPROVED) {
    const saved = await translator.request('/studio/interface/hnj/save', {
      form: { key, text: `[hnj] ${key}`, g: key.split('.')[0]! },
    })
    expect(saved.status).toBe(303)
    const approved = await editor.request('/studio/interface/hnj/review', {
      form: { key, decision: 'approve', reason: '' },
    })
    expect(approved.status).toBe(303)
  }
})
afterAll(async () => {
  installOverlay('hnj', {})
  await env.close()
})

describe('Vietnamese texts on a Hmong page', () => {
  it('marks the Vietnamese texts lang="vi" and leaves the approved ones in the page language', async () => {
    expect((await editor.request('/lang/hnj?back=/studio')).status).toBe(303)
    const html = await (await editor.request('/studio')).text()
    expect(html).toContain('<html lang="hnj">')
    const lang = langOf(html)
    // Approved: plain text under the page's lang, no span of its own.
    expect(html).toContain('<h1>[hnj] studio.title</h1>')
    expect(lang('[hnj] studio.title')).toEqual(['hnj'])
    expect(lang('[hnj] nav.studio')).toEqual(['hnj'])
    // Not approved: Vietnamese, each inside an element that says so (the page's and the layout's).
    expect(html).toContain(`<span lang="vi">${vi('studio.lead')}</span>`)
    expect(lang(vi('studio.lead'))).toEqual(['vi'])
    expect(lang(vi('studio.progress'))).toEqual(['vi'])
    expect(lang(vi('nav.courses'))).toEqual(['vi'])
    expect(lang(vi('footer.about'))).toEqual(['vi'])
    // The layout's own marks are not doubled.
    expect(html).toContain(`<a href="/courses" lang="vi">${vi('nav.courses')}</a>`)
    expect(html).not.toMatch(/lang="vi"><span lang="vi">/)
    // Attributes have no language of their own: plain Vietnamese, no markup inside.
    expect(html).toContain(`<nav class="langs" aria-label="${vi('nav.language')}">`)
    expect(html).not.toContain('&lt;span')
    // The page's title is wholly Vietnamese-or-not: here it is the approved string.
    expect(html).toContain('<title>[hnj] studio.title · hocso</title>')
    const missing = await (await editor.request('/no-such-page')).text()
    expect(missing).toContain(`<title lang="vi">${vi('error.title')} · hocso</title>`)
  })

  it('escapes a Vietnamese text once, inside its span, and marks its plural and filled forms', async () => {
    expect((await editor.request('/lang/hnj?back=/search')).status).toBe(303)
    const html = await (await editor.request('/search?q=dang+ky')).text()
    expect(html).toContain('<html lang="hnj">')
    // `"dang ky"` in the tip: escaped by the page once, no raw quote and no &amp;quot;.
    const tip = vi('learning.search.tip').replaceAll('"', '&quot;')
    expect(html).toContain(`<p class="small muted"><span lang="vi">${tip}</span></p>`)
    expect(html).not.toContain('&amp;quot;')
    expect(langOf(html)(vi('learning.search.tip'))).toEqual(['vi'])
    expect(langOf(html)('[hnj] learning.search.title')).toEqual(['hnj'])
    // Each language's own name is in that language.
    const courses = await (await editor.request('/courses')).text()
    expect(courses).toContain('<option value="vi" lang="vi">Tiếng Việt</option>')
    expect(courses).toContain('<option value="fr" lang="fr">Français</option>')
  })

  it('marks a lesson shown in Vietnamese because it has no Hmong version', async () => {
    const c = new Client(env.app)
    expect((await c.request('/lang/hnj?back=/')).status).toBe(303)
    const html = await (await c.request('/courses/vneid-basics/03-safety')).text()
    expect(html).toContain('<html lang="hnj">')
    expect(html).toContain('<article class="lesson" lang="vi"><h1>Giữ tài khoản an toàn</h1>')
    expect(langOf(html)('Giữ tài khoản an toàn')).toContain('vi')
    // The notice that says so is itself still Vietnamese, and marked.
    const notice = vi('learning.fallback', { lang: vi('learning.lang.hnj') })
    expect(html).toContain(`<p class="notice" role="note"><span lang="vi">${notice}</span></p>`)
  })

  it('marks the problems of a form sent from a Hmong page', async () => {
    const c = new Client(env.app)
    expect((await c.request('/lang/hnj?back=/signup')).status).toBe(303)
    const res = await c.request('/signup', {
      form: { display_name: 'Lò Thị Mai', phone: '12', password: 'x' },
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<html lang="hnj">')
    const problems = textsByLang(html).filter(
      (x) => x.tag === 'span' && x.text.startsWith(`${vi('people.phone')}: `),
    )
    expect(problems.length).toBe(1)
    expect(problems[0]!.lang).toBe('vi')
    // What the person typed stays in the field, unmarked (an attribute).
    expect(html).toContain('value="Lò Thị Mai"')
  })

  it('puts no lang="vi" on a Vietnamese page, and none on a French one', async () => {
    for (const l of ['vi', 'fr'] as const) {
      expect((await editor.request(`/lang/${l}?back=/`)).status).toBe(303)
      for (const path of ['/search', '/my', '/studio/interface']) {
        const html = await (await editor.request(path)).text()
        expect(html).toContain(`<html lang="${l}">`)
        // Only the page itself (in Vietnamese) and the chooser's own "VI" say Vietnamese.
        const marks = [...html.matchAll(/<(\w+)[^>]*\slang="vi"/g)].map((m) => m[1])
        expect(marks).toEqual(l === 'vi' ? ['html', 'span'] : ['a'])
        expect(html).toMatch(/<(span|a)[^>]*\slang="vi"[^>]*>VI</)
      }
    }
  })

  it('keeps JSON errors, CSV exports and PO files plain on a Hmong request', async () => {
    const admin = new Client(env.app)
    await admin.login('admin')
    const asked = async (l: 'vi' | 'hnj') => {
      expect((await editor.request(`/lang/${l}?back=/`)).status).toBe(303)
      expect((await admin.request(`/lang/${l}?back=/`)).status).toBe(303)
      const api = await editor.request('/studio/interface/hnj/save', {
        form: { key: 'studio.saved', text: '[hnj] none' },
        headers: { accept: 'application/json' },
      })
      expect(api.status).toBe(400)
      expect(api.headers.get('content-type')).toMatch(/^application\/json/)
      const csv = await admin.request('/dashboard/communes?format=csv')
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      const po = await editor.request('/studio/interface/hnj/export.po')
      expect(po.status).toBe(200)
      return { json: await api.text(), csv: await csv.text(), po: await po.text() }
    }
    const inVi = await asked('vi')
    const inHnj = await asked('hnj')
    // The error says the problem in Vietnamese, as plain text, exactly as on a Vietnamese request.
    expect(JSON.parse(inHnj.json).error.text).toMatch(/\S/)
    expect(inHnj.json).toBe(inVi.json)
    expect(inHnj.json).not.toMatch(/<|lang=|\\u003c/)
    // The CSV's headings are the Vietnamese texts, bare.
    expect(parseCsv(inHnj.csv)[0]!.cells.slice(0, 2)).toEqual([vi('dash.col.code'), vi('dash.col.name')])
    expect(inHnj.csv).toBe(inVi.csv)
    expect(inHnj.csv).not.toMatch(/<|lang=/)
    // The same heading on the page, put together as "name (%)", is marked there and only there.
    const percent = parseCsv(inHnj.csv)[0]!.cells.find((h) => h.endsWith(' (%)'))!
    expect(percent).toBeDefined()
    const page = await (await admin.request('/dashboard/communes')).text()
    expect(page).toContain('<html lang="hnj">')
    expect(langOf(page)(percent)).toEqual(['vi'])
    expect(inHnj.po).toContain('msgctxt "studio.lead"')
    expect(inHnj.po).not.toMatch(/<span|lang="/)
  })

  it('gives the same plain text from t() inside and outside a Hmong request', () => {
    const outside = t('hnj', 'studio.lead')
    const inside = noteFallbacks(() => t('hnj', 'studio.lead'))
    expect(inside).toBe(outside)
    expect(inside).toBe(sourceCatalogue()['studio.lead'])
  })
})

describe('what is marked, element by element', () => {
  const lead = () => t('hnj', 'studio.lead')
  const own = () => t('hnj', 'studio.title')
  const render = (page: () => { toString(): unknown }) => noteFallbacks(() => String(page().toString()))

  it('wraps a Vietnamese child, leaves an approved one, and leaves attributes plain', () => {
    const html = render(() => (
      <p title={lead()}>
        {own()} {lead()}
      </p>
    ))
    expect(html).toBe(
      `<p title="${vi('studio.lead')}">[hnj] studio.title <span lang="vi">${vi('studio.lead')}</span></p>`,
    )
  })

  it('puts lang on an option or a title whose whole text is Vietnamese, and leaves a textarea alone', () => {
    const html = render(() => (
      <form>
        <select name="s">
          <option value="a">{lead()}</option>
          <option value="b">{own()}</option>
        </select>
        <textarea name="x">{lead()}</textarea>
      </form>
    ))
    expect(html).toContain(`<option value="a" lang="vi">${vi('studio.lead')}</option>`)
    expect(html).toContain('<option value="b">[hnj] studio.title</option>')
    expect(html).toContain(`<textarea name="x">${vi('studio.lead')}</textarea>`)
  })

  it('uses a tspan in SVG text, and no span inside an element already in Vietnamese', () => {
    expect(
      render(() => (
        <svg aria-hidden="true">
          <text x="0" y="10">
            {lead()}
          </text>
        </svg>
      )),
    ).toBe(
      `<svg aria-hidden="true"><text x="0" y="10"><tspan lang="vi">${vi('studio.lead')}</tspan></text></svg>`,
    )
    expect(render(() => <p lang="vi">{lead()}</p>)).toBe(`<p lang="vi">${vi('studio.lead')}</p>`)
  })

  it('marks a form problem put together from Vietnamese texts, and leaves its technical text in English', () => {
    const html = render(() => (
      <IssueList l="hnj" issues={[{ field: 'phone', message: 'required', key: 'error.issue.required' }]} />
    ))
    const line = `${vi('people.phone')}: ${vi('error.issue.required')}`
    expect(html).toBe(
      `<ul><li><span lang="vi">${line}</span> <small class="muted" lang="en">(phone: required)</small></li></ul>`,
    )
  })

  it('escapes once what a person wrote inside a Vietnamese text', () => {
    const html = render(() => <p>{t('hnj', 'learning.fallback', { lang: '<b>Mông & "Thái"</b>' })}</p>)
    const text = vi('learning.fallback', { lang: '&lt;b&gt;Mông &amp; &quot;Thái&quot;&lt;/b&gt;' })
    expect(html).toBe(`<p><span lang="vi">${text}</span></p>`)
  })

  it("leaves a child that is more than the text, a component's children prop, and anything outside a Hmong request", () => {
    const Labelled = ({ children }: { children?: unknown }) => (
      <button type="button" aria-label={String(children)}>
        x
      </button>
    )
    expect(render(() => <p>{`${lead()} · 5`}</p>)).toBe(`<p>${vi('studio.lead')} · 5</p>`)
    expect(render(() => <Labelled>{lead()}</Labelled>)).toBe(
      `<button type="button" aria-label="${vi('studio.lead')}">x</button>`,
    )
    expect(String((<p>{lead()}</p>).toString())).toBe(`<p>${vi('studio.lead')}</p>`)
  })
})
