/**
 * The interface strings of a language as a gettext PO file (decision 0194): what Poedit, Weblate,
 * Lokalize, OmegaT and Virtaal open. Each entry's context (`msgctxt`) is the catalogue key, `msgid`
 * the Vietnamese text, `msgstr` the translation; the French and English are comments for help.
 */

export type PoEntry = {
  key: string
  source: string
  text: string
  /** Lines of help shown to the translator (`#.` comments). */
  notes: string[]
  /** Marked fuzzy: translated for an older Vietnamese text; a translation tool shows it as needing work. */
  fuzzy?: boolean
}

const poEscape = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')

const quoted = (s: string) => `"${poEscape(s)}"`

/** Writes a PO file of one language. */
export function writePo(lang: string, entries: PoEntry[], at: string): string {
  const head = [
    '# hocso interface strings. msgctxt is the key, msgid the Vietnamese, msgstr the translation.',
    '# Keep every {placeholder} of the Vietnamese exactly as it is; no HTML.',
    'msgid ""',
    'msgstr ""',
    quoted('Content-Type: text/plain; charset=UTF-8\n'),
    quoted('Content-Transfer-Encoding: 8bit\n'),
    quoted(`Language: ${lang}\n`),
    quoted('Plural-Forms: nplurals=1; plural=0;\n'),
    quoted(`PO-Revision-Date: ${at}\n`),
    quoted('X-Source-Language: vi\n'),
    '',
  ]
  const body = entries.flatMap((e) => [
    ...e.notes.map((n) => `#. ${n.replace(/\n/g, ' ')}`),
    ...(e.fuzzy ? ['#, fuzzy'] : []),
    `msgctxt ${quoted(e.key)}`,
    `msgid ${quoted(e.source)}`,
    `msgstr ${quoted(e.text)}`,
    '',
  ])
  return [...head, ...body].join('\n')
}

export type ParsedPo = {
  language: string | null
  entries: { key: string; source: string; text: string; fuzzy: boolean; line: number }[]
  /** Problems with the file's form, by line: any one refuses the whole file. */
  errors: { line: number; message: string }[]
}

const UNESCAPE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' }

/** Reads a PO file; entries without a context or without a translation are left out. */
export function parsePo(text: string): ParsedPo {
  const errors: ParsedPo['errors'] = []
  const entries: ParsedPo['entries'] = []
  let language: string | null = null
  type Cur = { line: number; fuzzy: boolean; fields: Record<string, string>; last: string | null }
  let cur: Cur | null = null
  let fuzzyNext = false
  const seen = new Map<string, number>()

  const str = (s: string, line: number): string | null => {
    const m = /^"((?:[^"\\]|\\.)*)"\s*$/.exec(s)
    if (!m) {
      errors.push({ line, message: 'expected a text in double quotes' })
      return null
    }
    let bad = false
    const out = m[1]!.replace(/\\(.)/g, (_, c: string) => {
      if (UNESCAPE[c] === undefined) bad = true
      return UNESCAPE[c] ?? c
    })
    if (bad) errors.push({ line, message: 'unknown escape (use \\n, \\t, \\" or \\\\)' })
    return out
  }
  const finish = () => {
    if (!cur) return
    const f = cur.fields
    if (f.msgid === undefined) errors.push({ line: cur.line, message: 'entry without msgid' })
    else if (f.msgctxt === undefined) {
      if (f.msgid === '') language = /^Language:\s*(\S+)/m.exec(f.msgstr ?? '')?.[1] ?? null
    } else {
      const translation = f.msgstr ?? f['msgstr[0]'] ?? ''
      const first = seen.get(f.msgctxt)
      if (first !== undefined)
        errors.push({ line: cur.line, message: `${f.msgctxt} appears twice (first at line ${first})` })
      else seen.set(f.msgctxt, cur.line)
      if (translation !== '')
        entries.push({ key: f.msgctxt, source: f.msgid, text: translation, fuzzy: cur.fuzzy, line: cur.line })
    }
    cur = null
  }

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    const line = i + 1
    const s = raw.trim()
    if (s === '') {
      finish()
      continue
    }
    if (s.startsWith('#~')) continue // obsolete entries: kept by tools, never read
    if (s.startsWith('#')) {
      if (cur && cur.fields.msgid !== undefined) finish()
      if (/^#,.*\bfuzzy\b/.test(s)) fuzzyNext = true
      continue
    }
    if (s.startsWith('"')) {
      if (!cur?.last) {
        errors.push({ line, message: 'a continued text without a keyword before it' })
        continue
      }
      const v = str(s, line)
      if (v !== null) cur.fields[cur.last] += v
      continue
    }
    const m = /^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$/.exec(s)
    if (!m) {
      errors.push({ line, message: `not a PO line: ${s.slice(0, 40)}` })
      continue
    }
    const kw = m[1]!
    if (cur && (kw === 'msgctxt' || (kw === 'msgid' && cur.fields.msgid !== undefined))) finish()
    if (!cur) {
      cur = { line, fuzzy: fuzzyNext, fields: {}, last: null }
      fuzzyNext = false
    }
    const v = str(m[2]!, line)
    cur.fields[kw] = v ?? ''
    cur.last = kw
  }
  finish()
  return { language, entries, errors }
}
