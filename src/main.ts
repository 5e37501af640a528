import { backupCommand, createAdminCommand, importCommand, migrateCommand, seedCommand } from './cli/admin.ts'
import { type Command, reportFailure } from './cli/runtime.ts'
import { serveCommand, startCommand } from './cli/serve.ts'
import { registerDomains } from './domains/index.ts'

/** The commands of the application as a whole; each domain adds its own in its register. */
const APP_COMMANDS: Command[] = [
  startCommand,
  serveCommand,
  migrateCommand,
  seedCommand,
  importCommand,
  createAdminCommand,
  backupCommand,
]

/** Every command of `hocso`, in the order `hocso --help` lists them (registers the domains). */
function commands(): Command[] {
  return [...APP_COMMANDS, ...registerDomains().commands]
}

function help(): string {
  const COMMANDS = commands()
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return `hocso: Digital Education for All, for a whole province

usage: hocso <command> [options]   (hocso <command> --help for details)

${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Configuration comes from the environment; see README.md.
`
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help())
    return name ? 0 : 64
  }
  const cmd = commands().find((c) => c.name === name)
  if (!cmd) {
    process.stderr.write(`hocso: unknown command ${JSON.stringify(name)}\n\n${help()}`)
    return 64
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${cmd.usage}\n`)
    return 0
  }
  try {
    return await cmd.run(args)
  } catch (err) {
    return reportFailure(err)
  }
}
