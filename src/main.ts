import { COMMAND_SUMMARIES } from './cli/manifest.ts'
import type { Command } from './cli/runtime.ts'

/**
 * The commands of the application as a whole, then each domain's (added in its register). Loaded
 * only to run a command: `hocso --help` prints the manifest and loads nothing else (the build
 * splits the code at these dynamic imports).
 */
export async function commands(): Promise<Command[]> {
  const [admin, serve, domains] = await Promise.all([
    import('./cli/admin.ts'),
    import('./cli/serve.ts'),
    import('./domains/index.ts'),
  ])
  return [
    serve.startCommand,
    serve.serveCommand,
    admin.migrateCommand,
    admin.seedCommand,
    admin.importCommand,
    admin.createAdminCommand,
    admin.backupCommand,
    admin.mediaCommand,
    ...domains.registerDomains().commands,
  ]
}

function help(): string {
  const width = Math.max(...COMMAND_SUMMARIES.map(([name]) => name.length))
  return `hocso: Digital Education for All, for a whole province

usage: hocso <command> [options]   (hocso <command> --help for details)

${COMMAND_SUMMARIES.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`).join('\n')}

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
  if (!COMMAND_SUMMARIES.some(([n]) => n === name)) {
    process.stderr.write(`hocso: unknown command ${JSON.stringify(name)}\n\n${help()}`)
    return 64
  }
  const cmd = (await commands()).find((c) => c.name === name)
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
    const { reportFailure } = await import('./cli/runtime.ts')
    return reportFailure(err)
  }
}
