import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { type Command, openContext } from '../../cli/runtime.ts'
import { AppError, issueText } from '../../core/errors.ts'
import { type Locale, UI_LOCALES } from '../../core/i18n.ts'
import { currentUserByLogin } from '../people/people.service.ts'
import { exportPo, importPo, type LineIssue } from './ui.exchange.ts'
import { loadOverlay } from './ui.service.ts'

const USAGE = `hocso interface export <blt|hnj> [--out <file.po>]
hocso interface import <blt|hnj> <file.po> --as <login> [--lang vi|fr|en]

export  writes the interface strings of Tai Dam (blt) or Hmong (hnj) as a gettext PO file
        (stdout, or --out): the key as msgctxt, the Vietnamese as msgid, the translation so
        far as msgstr, French and English as comments. Poedit, Weblate, Lokalize or OmegaT
        open it; a native speaker translates offline.
import  reads such a file back as translations by the translator --as (whose grant covers the
        language); they go to review in the studio. Every line is checked first (placeholders,
        HTML, length, the Vietnamese unchanged): one problem refuses the whole file, each
        reported as file:line: key: problem, and nothing is stored.

Exit codes: 0 done, 1 problems in the file (nothing stored), 64 bad usage, 66 no such file.`

const bar = (what: string) =>
  new cliProgress.SingleBar(
    { format: `  ${what} [{bar}] {value}/{total}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  )

/** Progress shown only for a file long enough to wait for, and only on a terminal. */
function progress(b: cliProgress.SingleBar) {
  let started = false
  return {
    update: (done: number, total: number) => {
      if (!process.stderr.isTTY || total < 100) return
      if (!started) {
        b.start(total, 0)
        started = true
      }
      b.update(done)
    },
    stop: () => started && b.stop(),
  }
}

/** `hocso interface`: the Tai Dam and Hmong interface strings as PO files, out and back in. */
export const interfaceCommand: Command = {
  name: 'interface',
  summary: 'Tai Dam and Hmong interface strings as PO files: `hocso interface export|import <lang>`',
  usage: USAGE,
  run: async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, as: { type: 'string' }, lang: { type: 'string' } },
    })
    const [what, lang, file, ...rest] = positionals
    const l: Locale = (UI_LOCALES as readonly string[]).includes(values.lang ?? '')
      ? (values.lang as Locale)
      : 'vi'
    if (rest.length || !lang || (what === 'export' && file) || (what === 'import' && (!file || !values.as))) {
      process.stderr.write(`${USAGE}\n`)
      return 64
    }
    if (what !== 'export' && what !== 'import') {
      process.stderr.write(`${USAGE}\n`)
      return 64
    }
    if (what === 'import' && !existsSync(file!)) {
      process.stderr.write(`hocso interface: ${file}: no such file\n`)
      return 66
    }
    const ctx = await openContext()
    const p = progress(bar(what === 'export' ? 'strings' : 'checked'))
    try {
      if (what === 'export') {
        const r = await exportPo(ctx, lang, p.update)
        p.stop()
        if (!values.out) process.stdout.write(r.text)
        else {
          writeFileSync(values.out, r.text)
          process.stdout.write(`${r.count} string(s), ${r.translated} translated, written to ${values.out}\n`)
        }
        return 0
      }
      const user = await currentUserByLogin(ctx, values.as!)
      if (!user) {
        process.stderr.write(`hocso interface: --as ${values.as}: no such account\n`)
        return 64
      }
      const r = await importPo(ctx, user, lang, readFileSync(file!, 'utf8'), p.update)
      p.stop()
      await loadOverlay(ctx)
      process.stdout.write(
        `${r.read} string(s) read, ${r.changed} sent for review, ${r.fuzzy} marked fuzzy left out\n`,
      )
      return 0
    } catch (e) {
      p.stop()
      if (!(e instanceof AppError)) throw e
      if (e.code !== 'validation') {
        process.stderr.write(`hocso interface: ${e.message}\n`)
        return e.code === 'not_found' ? 64 : 1
      }
      for (const i of e.issues as LineIssue[])
        process.stderr.write(`${file}:${i.line ?? 1}: ${i.field}: ${issueText(l, i)}\n`)
      process.stderr.write(`${e.issues.length} problem(s); nothing was stored\n`)
      return 1
    } finally {
      await ctx.handle.close()
    }
  },
}
