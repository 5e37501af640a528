import { existsSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type Command, openContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { erasePerson, exportPerson } from './privacy.service.ts'

const USAGE = `hocso people <export | erase> <username-or-phone-or-id> [options]

  export <person> [--out <file>]
               write everything hocso holds about the person as JSON: to <file>
               (which must not exist yet) or to standard output.
  erase <person> --reason <text>
               erase the person's personal data on request (Decree 13/2023): the
               account, trader records and event registrations are blanked, their
               certificates revoked, sessions and roles removed. The facts stay, so
               every count stays. The reason goes to the audit record: a request
               number, never the person's name or phone. Cannot be undone.

Run by the operator of this server; the audit record names no officer.
Exit codes: 0 done, 1 refused (unknown person, already erased, bad reason), 64 bad usage.`

/** `hocso people …`: export and erasure of one person's data from the command line. */
export const peopleCommand: Command = {
  name: 'people',
  summary: "export or erase one person's data on request: `hocso people export | erase <person>`",
  usage: USAGE,
  run: async (args) => {
    const [sub, ...rest] = args
    let parsed: ReturnType<typeof parse>
    try {
      parsed = parse(rest)
    } catch (err) {
      process.stderr.write(`hocso people: ${(err as Error).message}\n`)
      return 64
    }
    const { values, positionals } = parsed
    const [ref, ...extra] = positionals
    const problems: string[] = []
    if (sub !== 'export' && sub !== 'erase') problems.push('<command>: must be export or erase')
    if (!ref) problems.push('<person>: required (a username, a phone number or an account id)')
    if (extra.length) problems.push(`unexpected argument ${JSON.stringify(extra[0])}`)
    if (sub === 'erase' && !values.reason?.trim())
      problems.push('--reason: required (e.g. the request number)')
    if (sub === 'erase' && values.out) problems.push('--out: only for export')
    if (sub === 'export' && values.reason) problems.push('--reason: only for erase')
    if (values.out && existsSync(values.out))
      problems.push(`--out: ${values.out} already exists; choose a new file name`)
    if (problems.length) {
      process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`)
      return 64
    }
    const ctx = await openContext()
    try {
      if (sub === 'export') {
        const text = `${JSON.stringify(await exportPerson(ctx, { operator: true }, ref!), null, 2)}\n`
        if (values.out) {
          writeFileSync(values.out, text, { mode: 0o600 })
          process.stdout.write(`written to ${values.out}\n`)
        } else process.stdout.write(text)
        return 0
      }
      const done = await erasePerson(ctx, { operator: true }, ref!, { reason: values.reason })
      process.stdout.write(`erased: ${done.id} at ${done.erasedAt}\n`)
      return 0
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      process.stderr.write(`hocso people ${sub}: ${err.message}\n`)
      return 1
    } finally {
      await ctx.handle.close()
    }
  },
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { reason: { type: 'string' }, out: { type: 'string' } },
  })
}
