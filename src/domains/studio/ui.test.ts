import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, runCli } from '../../../test/cli.ts'
import { demoPeople } from '../../../test/factories.ts'
import { Client, type TestEnv, testEnv } from '../../../test/harness.ts'
import { installOverlay, sourceCatalogue, t } from '../../core/i18n.ts'
import { uuidv7 } from '../../core/ids.ts'
import { visibleText } from '../learning/learning.fixtures.ts'
import { ensureUnits } from '../places/places.service.ts'
import { parsePo } from './ui.po.ts'
import { refreshOverlay, uiCoverage } from './ui.service.ts'
import { putString } from './ui.store.ts'

// Fixture strings are marked "[hnj] …" / "[blt] …": never Hmong or Tai Dam words.
let env: TestEnv
let translator: Client
let editor: Client
let visitor: Client

const src = (key: string) => {
  const m = sourceCatalogue()[key]!
  return typeof m === 'string' ? m : m.other
}
const text = async (r: Response) => visibleText(await r.text())
const save = (c: Client, lang: string, key: string, value: string, g = key.split('.')[0]!) =>
  c.request(`/studio/interface/${lang}/save`, { form: { key, text: value, g } })
const review = (c: Client, lang: string, key: string, decision: string, reason = '') =>
  c.request(`/studio/interface/${lang}/review`, { form: { key, decision, reason } })
const counts = async (lang: 'hnj' | 'blt') => (await uiCoverage(env.ctx, [lang]))[0]!
const po = (lang: string, entries: string[]) =>
  ['msgid ""', 'msgstr ""', `"Language: ${lang}\\n"`, '', ...entries].join('\n')
const entry = (key: string, text: string, source = src(key)) =>
  `msgctxt "${key}"\nmsgid "${source}"\nmsgstr "${text}"\n`
const importFile = (c: Client, lang: string, body: string) =>
  c.request(`/studio/interface/${lang}/import`, {
    multipart: { po: new File([body], `x.${lang}.po`, { type: 'text/x-gettext-translation' }) },
  })

beforeAll(async () => {
  env = await testEnv()
  await demoPeople(env.ctx)
  translator = new Client(env.app)
  await translator.login('translator')
  editor = new Client(env.app)
  await editor.login('editor')
  visitor = new Client(env.app)
})
afterAll(async () => {
  installOverlay('hnj', {})
  installOverlay('blt', {})
  await env.close()
})

describe('interface strings translated in the studio', () => {
  it('shows a translator the keys of a part with the Vietnamese, its placeholders and the French and English', async () => {
    const home = await text(await translator.request('/studio/interface'))
    expect(home).toContain('Hmoob')
    expect(home).toContain('Tai Dam')
    expect(home).toMatch(/0\/[\d.]+ đã duyệt/)
    // The public coverage page of the studio counts them too; a learner has no interface work.
    expect(await text(await visitor.request('/voice/coverage'))).toMatch(
      /Chữ giao diện.*Hmoob.*0\/[\d.]+ đã duyệt/,
    )
    const learner = new Client(env.app)
    await learner.login('learner')
    expect((await learner.request('/studio/interface')).status).toBe(403)
    const part = await translator.request('/studio/interface/hnj?g=studio')
    const html = await part.text()
    expect(html).toContain('<code>studio.saved</code>')
    expect(visibleText(html)).toContain('Đã lưu {n} đoạn.')
    expect(visibleText(html)).toContain('Giữ nguyên: {n}')
    expect(html).toContain('<p lang="en">{n} segment(s) saved.</p>')
    expect(html).toMatch(/<input id="k-studio-saved-text" type="text" name="text" lang="hnj"/)
  })

  it('refuses a translation whose placeholders differ from the Vietnamese, or with HTML, naming the key; nothing is stored', async () => {
    const missing = await save(translator, 'hnj', 'studio.saved', '[hnj] saved, count left out')
    expect(missing.status).toBe(400)
    const mh = await missing.text()
    const m = visibleText(mh)
    expect(m).toContain('studio.saved')
    expect(m).toContain('thiếu {n}: hãy giữ nguyên như trong bản tiếng Việt')
    expect(mh).toContain('value="[hnj] saved, count left out"') // what was typed is kept
    const extra = await text(await save(translator, 'hnj', 'studio.saved', '[hnj] {n} of {total}'))
    expect(extra).toContain('có {total} không có trong bản tiếng Việt')
    const html = await save(translator, 'hnj', 'studio.saved', '[hnj] <b>{n}</b>')
    expect(html.status).toBe(400)
    expect(await text(html)).toContain('không được chứa thẻ HTML')
    const long = await save(translator, 'hnj', 'nav.studio', `[hnj] ${'x'.repeat(300)}`)
    expect(long.status).toBe(400)
    expect(await text(long)).toContain('tối đa 200 ký tự')
    const api = await translator.request('/studio/interface/hnj/save', {
      form: { key: 'studio.saved', text: '[hnj] none' },
      headers: { accept: 'application/json' },
    })
    expect(api.status).toBe(400)
    expect((await api.json()).error.message).toContain('studio.saved: missing placeholder {n}')
    expect((await counts('hnj')).translated).toBe(0)
  })

  it('goes from translation to review: sent back with a reason, approved by another, seen on the page with its lang', async () => {
    expect((await save(translator, 'hnj', 'nav.studio', '[hnj] nav.studio')).status).toBe(303)
    expect((await save(translator, 'hnj', 'studio.saved', '[hnj] saved {n}')).status).toBe(303)
    expect(await counts('hnj')).toMatchObject({ translated: 2, inReview: 2, approved: 0 })
    // Not yet offered: nothing approved.
    expect((await visitor.request('/lang/hnj')).status).toBe(400)

    // The translator may not approve their own work, and sees no buttons for it.
    const own = await translator.request('/studio/interface/hnj?g=nav')
    expect(await own.text()).not.toContain('value="approve"')
    expect((await review(translator, 'hnj', 'nav.studio', 'approve')).status).toBe(403)

    const noReason = await editor.request('/studio/interface/hnj/review', {
      form: { key: 'studio.saved', decision: 'return', reason: '' },
      headers: { accept: 'application/json' },
    })
    expect(noReason.status).toBe(400)
    expect((await noReason.json()).error.message).toContain('reason: required when sending back')
    expect((await review(editor, 'hnj', 'studio.saved', 'return', 'fixture reason: word order')).status).toBe(
      303,
    )
    const back = await text(await translator.request('/studio/interface/hnj?g=studio'))
    expect(back).toContain('Lý do: fixture reason: word order')
    expect(back).toContain('Bị gửi lại')

    expect((await review(editor, 'hnj', 'nav.studio', 'approve')).status).toBe(303)
    expect((await review(editor, 'hnj', 'nav.studio', 'approve')).status).toBe(409)
    expect(await counts('hnj')).toMatchObject({ approved: 1, inReview: 0 })
    expect(await text(await visitor.request('/voice/coverage'))).toMatch(
      /Hmoob.*1\/[\d.]+ đã duyệt \(0,1%\), 0 chờ duyệt, 2 đã dịch/,
    )

    // The chooser offers Hmong now, with its coverage; Tai Dam, with nothing approved, is not offered.
    const home = await visitor.request('/')
    const homeHtml = await home.text()
    expect(homeHtml).toMatch(
      /<a href="\/lang\/hnj\?back=[^"]*" lang="hnj" hreflang="hnj" title="[^"]+">Hmoob 1%<\/a>/,
    )
    expect(homeHtml).not.toContain('/lang/blt')

    // The editor switches to Hmong: the approved string in the menu, Vietnamese for every other key.
    expect((await editor.request('/lang/hnj?back=/studio')).status).toBe(303)
    const page = await editor.request('/studio')
    const html = await page.text()
    expect(html).toContain('<html lang="hnj">')
    expect(visibleText(html)).toContain('[hnj] nav.studio')
    expect(visibleText(html)).toContain(src('studio.title')) // not approved: Vietnamese
    // The menu marks what is still Vietnamese; the approved entry takes the page's language.
    expect(html).toContain('<a href="/studio" aria-current="page">[hnj] nav.studio</a>')
    expect(html).toContain(`<a href="/courses" lang="vi">${src('nav.courses')}</a>`)
    expect(visibleText(html)).toContain('Hmoob: đã dịch 1% giao diện, phần còn lại bằng tiếng Việt.')
    await editor.request('/lang/vi')
  })

  it('translates a plural message once, filled for every number', async () => {
    const part = await text(await translator.request('/studio/interface/hnj?g=events'))
    expect(part).toContain('events.waiting')
    expect(part).toContain('Một cách viết cho mọi số lượng.')
    expect((await save(translator, 'hnj', 'events.waiting', '[hnj] waiting {count}')).status).toBe(303)
    expect((await review(editor, 'hnj', 'events.waiting', 'approve')).status).toBe(303)
    expect(t('hnj', 'events.waiting', { count: 1 })).toBe('[hnj] waiting 1')
    expect(t('hnj', 'events.waiting', { count: 1446 })).toBe('[hnj] waiting 1.446')
    expect(t('hnj', 'events.kind.training')).toBe(t('vi', 'events.kind.training')) // not translated
  })

  it('re-reads the approved strings when another process approved one, and keeps Vietnamese for an outdated one', async () => {
    const at = new Date().toISOString()
    const row = (key: string, text: string, source: string) => ({
      id: uuidv7(),
      lang: 'blt',
      key,
      text,
      source_text: source,
      status: 'approved',
      translated_by: 'someone',
      translated_at: at,
      reviewed_by: 'another',
      reviewed_at: at,
      review_reason: null,
      approved_text: text,
      approved_source: source,
      approved_at: at,
      updated_at: at,
    })
    // As another process would write them: this one's overlay does not know yet.
    await putString(env.ctx.db, row('nav.studio', '[blt] nav.studio', src('nav.studio')))
    await putString(env.ctx.db, row('studio.title', '[blt] outdated title', 'an older Vietnamese title'))
    await refreshOverlay(env.ctx, true)
    const c = new Client(env.app)
    await c.login('editor')
    expect((await c.request('/lang/blt?back=/studio')).status).toBe(303)
    const html = await (await c.request('/studio')).text()
    expect(html).toContain('<html lang="blt">')
    expect(html).toMatch(/taiviet\.\w+\.css/) // the Tai Viet font is served to Tai Dam pages
    expect(visibleText(html)).toContain('[blt] nav.studio')
    expect(visibleText(html)).not.toContain('[blt] outdated title')
    expect(visibleText(html)).toContain(src('studio.title'))
  })
})

describe('interface strings as a PO file', () => {
  it('exports every key with the Vietnamese, the help and the translation so far, in a form PO tools read', async () => {
    const r = await translator.request('/studio/interface/hnj/export.po')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toContain('hocso-interface.hnj.po')
    const body = await r.text()
    expect(body).toContain('"Language: hnj\\n"')
    expect(body).toContain('msgctxt "nav.studio"\nmsgid "Phòng dịch"\nmsgstr "[hnj] nav.studio"')
    expect(body).toContain('#. placeholders: {n}\nmsgctxt "studio.saved"')
    const parsed = parsePo(body)
    expect(parsed.errors).toEqual([])
    expect(parsed.language).toBe('hnj')
    expect(parsed.entries.map((e) => e.key)).toContain('nav.studio')
    // A visitor does not get it.
    expect((await visitor.request('/studio/interface/hnj/export.po')).status).toBe(401)
  })

  it('refuses a whole bad file with every problem and its line, storing nothing', async () => {
    const before = await counts('hnj')
    const bad = po('hnj', [
      entry('studio.title', '[hnj] studio.title'), // fine on its own
      entry('studio.saved', '[hnj] saved, no count'), // placeholder missing
      entry('studio.lead', '[hnj] {who} lead'), // extra placeholder
      entry('no.such.key', '[hnj] x', 'x'),
      entry('studio.empty', '[hnj] empty', 'an older Vietnamese text'),
      'msgctxt "studio.back"\nmsgid "x"\nmsgstr "[hnj] unterminated\n',
    ])
    const r = await importFile(translator, 'hnj', bad)
    expect(r.status).toBe(400)
    const t = await text(r)
    expect(t).toContain('Tệp bị từ chối, không có gì được lưu.')
    expect(t).toMatch(/Dòng 27 · .*tệp sai định dạng PO/)
    expect(await counts('hnj')).toEqual(before)
    // The form error fixed, the placeholders are checked next, each at its line.
    const r2 = await importFile(translator, 'hnj', bad.slice(0, bad.lastIndexOf('msgctxt "studio.back"')))
    const t2 = await text(r2)
    expect(t2).toMatch(/Dòng 9 · studio.saved.*thiếu \{n\}/)
    expect(t2).toMatch(/Dòng 13 · studio.lead.*có \{who\} không có/)
    expect(t2).toMatch(/Dòng 17 · no.such.key.*không có chuỗi này/)
    expect(t2).toMatch(/Dòng 21 · studio.empty.*bản tiếng Việt đã thay đổi/)
    expect(await counts('hnj')).toEqual(before)
    // A file for the other language, a duplicate key, a stray line.
    const other = await importFile(translator, 'hnj', po('blt', [entry('studio.title', '[blt] title')]))
    expect(await text(other)).toContain('tệp này dành cho blt, không phải hnj')
    const dup = await importFile(
      translator,
      'hnj',
      po('hnj', [entry('studio.title', '[hnj] a'), entry('studio.title', '[hnj] b'), 'garbage here']),
    )
    const td = await text(dup)
    expect(td).toContain('studio.title appears twice (first at line 5)')
    expect(td).toContain('not a PO line: garbage here')
    expect(await counts('hnj')).toEqual(before)
    const none = await translator.request('/studio/interface/hnj/import', { multipart: {} })
    expect(none.status).toBe(400)
  })

  it('takes a good file (multi-line strings, escapes, fuzzy entries left out) into review in one go', async () => {
    const good = po('hnj', [
      entry('studio.title', '[hnj] studio \\"title\\"'),
      `msgctxt "studio.lead"\nmsgid ""\n"${src('studio.lead')}"\nmsgstr ""\n"[hnj] lead, "\n"continued"\n`,
      `#, fuzzy\n${entry('studio.empty', '[hnj] needs work')}`,
      entry('studio.back', ''), // untranslated: left as it is
    ])
    const r = await importFile(translator, 'hnj', good)
    expect(r.status).toBe(200)
    expect(await text(r)).toContain('Đã đọc 2 chuỗi, 2 chuỗi gửi duyệt.')
    const part = await (await editor.request('/studio/interface/hnj?g=studio')).text()
    expect(part).toContain('value="[hnj] studio &quot;title&quot;"')
    expect(part).toContain('value="[hnj] lead, continued"')
    expect(part).not.toContain('[hnj] needs work')
    expect(await counts('hnj')).toMatchObject({ inReview: 2 })
    // The same file again changes nothing.
    expect(await text(await importFile(translator, 'hnj', good))).toContain('2 chuỗi, 0 chuỗi gửi duyệt')
  })
})

describe('hocso interface', () => {
  it('exports a PO file, refuses a bad one whole with file:line, takes a good one into review', {
    timeout: 240_000,
  }, async () => {
    const e = cliEnv()
    try {
      const db = await e.open()
      await ensureUnits(db.ctx)
      await demoPeople(db.ctx)
      await db.close()
      const file = join(e.dataDir, 'hmong.po')
      const out = await runCli(['interface', 'export', 'hnj', '--out', file], e.env)
      expect(out.code).toBe(0)
      expect(out.stdout).toMatch(/\d+ string\(s\), 0 translated, written to /)
      const exported = readFileSync(file, 'utf8')
      const fill = (key: string, text: string) =>
        exported.replace(
          `msgctxt "${key}"\nmsgid "${src(key)}"\nmsgstr ""`,
          `msgctxt "${key}"\nmsgid "${src(key)}"\nmsgstr "${text}"`,
        )
      writeFileSync(file, fill('studio.saved', '[hnj] saved, count left out'))
      const bad = await runCli(
        ['interface', 'import', 'hnj', file, '--as', 'translator', '--lang', 'en'],
        e.env,
      )
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(
        new RegExp(`${file}:\\d+: studio.saved: \\{n\\} is missing: keep it as in the Vietnamese`),
      )
      expect(bad.stderr).toContain('nothing was stored')
      writeFileSync(file, fill('studio.saved', '[hnj] saved {n}'))
      const good = await runCli(['interface', 'import', 'hnj', file, '--as', 'translator'], e.env)
      expect(good.stderr).toBe('')
      expect(good.stdout).toContain('1 string(s) read, 1 sent for review')
      expect((await runCli(['interface', 'import', 'hnj', file], e.env)).code).toBe(64)
      const check = await e.open()
      expect((await uiCoverage(check.ctx, ['hnj']))[0]).toMatchObject({ inReview: 1, approved: 0 })
      await check.close()
    } finally {
      await e.close()
    }
  })
})
