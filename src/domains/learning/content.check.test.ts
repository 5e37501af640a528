import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../main.ts'
import { checkContent, formatProblems } from './content.check.ts'
import { pictureSize, renderLesson } from './content.markdown.ts'
import { BROKEN, GOOD } from './learning.fixtures.ts'

const at = (file: string) => join(BROKEN, file)

describe('hocso content check', () => {
  it('passes the good fixtures', () => {
    const r = checkContent(GOOD)
    expect(formatProblems(r.problems)).toEqual([])
    expect(r.courses.map((c) => [c.meta.slug, c.lessons.length, c.blocked])).toEqual([
      ['vneid-basics', 3, false],
      ['market-sales', 2, false],
    ])
  })

  it('reports every kind of problem in the broken fixtures, each at its file and line', () => {
    const lines = formatProblems(checkContent(BROKEN).problems)
    expect(lines).toEqual([
      // bad YAML (a key given twice), at the line of the second one
      `${at('01-bad-yaml/course.yaml')}:4: invalid YAML: Map keys must be unique`,
      // unknown language code in a file name
      `${at('02-broken/01-one.de.md')}:1: unknown language code "de" (use vi, fr, en, blt, hnj)`,
      // missing title, broken audio link, broken image link, raw HTML
      `${at('02-broken/01-one.vi.md')}:3: title: required`,
      `${at('02-broken/01-one.vi.md')}:4: broken audio link: audio/missing.mp3 (file not found)`,
      `${at('02-broken/01-one.vi.md')}:9: broken image link: img/missing.svg (file not found)`,
      `${at('02-broken/01-one.vi.md')}:11: raw HTML is not shown to learners: use Markdown only`,
      // translation older than its Vietnamese original
      `${at('02-broken/02-two.fr.md')}:4: older than the Vietnamese original (updated 2026-10-01, Vietnamese 2026-11-20): the translation needs updating`,
      // a translated quiz whose correct answer differs from the Vietnamese quiz
      `${at('02-broken/02-two.quiz.fr.yaml')}:2: q1: does not match the Vietnamese quiz (here: single, choices a,b, correct b; Vietnamese: single, choices a,b, correct a)`,
      // a quiz without a correct answer
      `${at('02-broken/04-four.quiz.vi.yaml')}:2: q1: no correct answer (mark a choice with "correct: true")`,
      // bad YAML syntax in a lesson's front matter, at its line in the file
      `${at('02-broken/05-five.vi.md')}:4: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      // unknown language code in course.yaml
      `${at('02-broken/course.yaml')}:4: title.xx: unknown language code "xx" (use vi, fr, en, blt, hnj)`,
      // a lesson missing in Vietnamese
      `${at('02-broken/course.yaml')}:14: lesson 03-three is missing in Vietnamese (03-three.vi.md)`,
    ])
  })

  it('blocks a course whose Vietnamese text is broken, not one with an outdated translation', () => {
    const r = checkContent(BROKEN)
    expect(r.courses.map((c) => [c.meta.slug, c.blocked])).toEqual([['broken', true]])
    const notBlocking = r.problems.filter((p) => !p.blocking).map((p) => p.message.slice(0, 30))
    expect(notBlocking).toEqual([
      'unknown language code "de" (us',
      'older than the Vietnamese orig',
      'q1: does not match the Vietnam',
    ])
  })

  describe('from the command line', () => {
    afterEach(() => vi.restoreAllMocks())
    const capture = () => {
      const out: string[] = []
      vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0)
      vi.spyOn(process.stderr, 'write').mockImplementation((s) => out.push(String(s)) > 0)
      return out
    }

    it('prints file:line: problem and exits non-zero on the broken fixtures', async () => {
      const out = capture()
      expect(await main(['content', 'check', BROKEN])).toBe(1)
      expect(out.join('')).toContain(`${at('02-broken/04-four.quiz.vi.yaml')}:2: q1: no correct answer`)
      expect(out.join('')).toMatch(/12 problem\(s\) in /)
    })

    it('exits 0 on the good fixtures and 64 on a wrong sub-command', async () => {
      const out = capture()
      expect(await main(['content', 'check', GOOD])).toBe(0)
      expect(out.join('')).toContain('content OK: 2 course(s), 5 lesson(s)')
      expect(await main(['content', 'frobnicate'])).toBe(64)
    })
  })
})

describe('lesson rendering', () => {
  it('never renders raw HTML, and serves pictures from the hashed media URL', () => {
    const html = renderLesson(
      'Hi <script>alert(1)</script>\n\n![A phone](img/a.svg)\n\n[site](https://example.org)',
      (src) => (src === 'img/a.svg' ? '/media/x/img/a.svg?v=1' : null),
    )
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<img src="/media/x/img/a.svg?v=1" alt="A phone" loading="lazy" decoding="async">')
    expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer">site</a>')
  })

  it('writes the size of a picture on it, from the SVG or PNG itself', () => {
    const svg = (attrs: string) =>
      Buffer.from(
        `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" ${attrs}><title>x</title></svg>`,
      )
    expect(pictureSize(svg('viewBox="0 0 360 240"'), 'a.svg')).toEqual({ width: 360, height: 240 })
    expect(pictureSize(svg('width="120px" height="80" viewBox="0 0 12 8"'), 'a.svg')).toEqual({
      width: 120,
      height: 80,
    })
    // A size in other units says nothing about CSS pixels: the viewBox is used.
    expect(pictureSize(svg('width="100%" height="10em" viewBox="0,0,36.4,24"'), 'a.svg')).toEqual({
      width: 36,
      height: 24,
    })
    expect(pictureSize(svg('role="img"'), 'a.svg')).toBeUndefined()
    const png = Buffer.alloc(33)
    png.write('\x89PNG\r\n\x1a\n', 0, 'latin1')
    png.writeUInt32BE(13, 8)
    png.write('IHDR', 12, 'latin1')
    png.writeUInt32BE(640, 16)
    png.writeUInt32BE(427, 20)
    expect(pictureSize(png, 'photo.PNG')).toEqual({ width: 640, height: 427 })
    expect(pictureSize(Buffer.from('not a picture'), 'photo.png')).toBeUndefined()
    expect(pictureSize(Buffer.from([0xff, 0xd8, 0xff]), 'photo.jpg')).toBeUndefined()

    const html = renderLesson('![A phone](img/a.svg)\n\n![Elsewhere](img/b.svg)', (src) =>
      src === 'img/a.svg' ? { url: '/media/x/img/a.svg?v=1', width: 360, height: 240 } : { url: '/m/b.svg' },
    )
    expect(html).toContain(
      '<img src="/media/x/img/a.svg?v=1" alt="A phone" width="360" height="240" loading="lazy" decoding="async">',
    )
    expect(html).toContain('<img src="/m/b.svg" alt="Elsewhere" loading="lazy" decoding="async">')
  })
})
