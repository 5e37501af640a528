import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { loadConfig } from '../core/config.ts'
import { openDatabase } from '../core/db.ts'
import { issueText } from '../core/errors.ts'
import { type Locale, t } from '../core/i18n.ts'
import { migrateToLatest } from '../core/migrations.ts'
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from '../domains/demo/demo.seed.ts'
import { WEAK_MESSAGES, weakness } from '../domains/people/password-strength.ts'
import { nameSchema, passwordSchema, phoneSchema, usernameSchema } from '../domains/people/people.schemas.ts'
import { createAdmin } from '../domains/people/people.service.ts'
import { ensureUnits, importVillagesCsv } from '../domains/places/places.service.ts'
import { upstreamNode } from '../domains/sync/sync.nodes.ts'
import { backupSqlite } from './backup.ts'
import { mediaBackupNote } from './media.ts'

export { mediaCommand } from './media.ts'

import { type Command, openContext } from './runtime.ts'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  usage:
    'hocso migrate\n\nApplies every pending migration (SQLite, or PostgreSQL when HOCSO_DATABASE_URL is set)\nand lists the ones it applied.',
  run: async () => {
    // Not openContext(): it migrates on open, and this command's job is to say what it applied.
    const config = loadConfig()
    const handle = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      pgSchema: config.databaseSchema,
    })
    try {
      const applied = await migrateToLatest(handle.db, handle.schema)
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is up to date\n')
      return 0
    } finally {
      await handle.close()
    }
  },
}

export const seedCommand: Command = {
  name: 'seed',
  summary: 'create the demo data (villages, accounts, activity) in an empty database',
  usage: 'hocso seed\n\nCreates the demo data. Refuses when the database already holds villages or accounts.',
  run: async () => {
    const ctx = await openContext()
    try {
      await ensureUnits(ctx)
      if (!(await isEmpty(ctx))) {
        process.stderr.write('hocso seed: the database is not empty; nothing was created\n')
        return 1
      }
      await seedDemo(ctx, { progress: true })
      process.stdout.write(
        `demo data created; accounts: ${DEMO_ACCOUNTS.map((a) => a.login).join(', ')} (password demo1234)\n`,
      )
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}

/** The operator's language for messages, from the environment (LC_ALL, LC_MESSAGES, LANG). */
function operatorLocale(): Locale {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || ''
  return lang.startsWith('vi') ? 'vi' : lang.startsWith('fr') ? 'fr' : 'en'
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import reference data: `hocso import villages <file.csv>`',
  usage: `hocso import villages [--move-villages] <file.csv>

Adds or updates villages from a CSV file (UTF-8) with the header
  code,name,commune_code,has_4g,has_telecom,on_grid,population,households
Villages are matched by code; commune_code is the official code of one of the
45 communes and wards (e.g. 3166). Flags are 1/0, true/false or yes/no.
Every bad row is reported by line and field, and nothing is written when any
row is bad. A row whose code belongs to a village of another commune is refused
(the village would move, with its figures) unless --move-villages is given;
every move is listed as file:line: code: from → to. Messages follow LANG
(vi, fr, else English). Exit codes: 0 imported, 1 bad rows (nothing written),
64 bad usage, 66 no such file.`,
  run: async (args) => {
    const allowMoves = args.includes('--move-villages')
    const [what, file, ...rest] = args.filter((a) => a !== '--move-villages')
    if (what !== 'villages' || !file || rest.length) {
      process.stderr.write('usage: hocso import villages [--move-villages] <file.csv>\n')
      return 64
    }
    if (!existsSync(file)) {
      process.stderr.write(`hocso import: ${file}: no such file\n`)
      return 66
    }
    const text = readFileSync(file, 'utf8')
    const ctx = await openContext()
    const bar = new cliProgress.SingleBar(
      { format: '  villages [{bar}] {value}/{total}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    try {
      const r = await importVillagesCsv(ctx, text, {
        allowMoves,
        onStart: (total) => bar.start(total, 0),
        onProgress: (n) => bar.update(n),
      })
      const l = operatorLocale()
      if (!r.ok) {
        for (const i of r.issues) process.stderr.write(`${file}:${i.line}: ${i.field}: ${issueText(l, i)}\n`)
        process.stderr.write(`${t(l, 'places.import.failed', { count: r.issues.length })}\n`)
        return 1
      }
      bar.update(r.total)
      bar.stop()
      for (const m of r.moves) process.stdout.write(`${file}:${m.line}: ${t(l, 'places.import.move', m)}\n`)
      process.stdout.write(`${t(l, 'places.import.done', { inserted: r.inserted, updated: r.updated })}\n`)
      return 0
    } finally {
      bar.stop()
      await ctx.handle.close()
    }
  },
}

export const createAdminCommand: Command = {
  name: 'create-admin',
  summary: 'create a province administrator (the first account of a real deployment)',
  usage: `hocso create-admin --login <username-or-phone> --name <full name> [--password <password>]

Creates a province_admin account. --login is a username (3 to 32 letters a-z,
digits, . - _) or a Vietnamese mobile number (0xxxxxxxxx or +84xxxxxxxxx).
Without --password, the password is read from the HOCSO_ADMIN_PASSWORD
environment variable (so it stays out of shell history). At least 8 characters.`,
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: { login: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    })
    const password = values.password ?? process.env.HOCSO_ADMIN_PASSWORD
    const problems: string[] = []
    const login = /^[+\d]/.test(values.login ?? '')
      ? phoneSchema.safeParse(values.login)
      : usernameSchema.safeParse(values.login ?? '')
    if (!values.login) problems.push('--login: required')
    else if (!login.success) problems.push(`--login: ${login.error.issues[0]!.message}`)
    const name = nameSchema.safeParse(values.name ?? '')
    if (!values.name) problems.push('--name: required')
    else if (!name.success) problems.push(`--name: ${name.error.issues[0]!.message}`)
    const pw = passwordSchema.safeParse(password ?? '')
    if (!pw.success)
      problems.push(
        `--password: ${password ? pw.error.issues[0]!.message : 'required (or set HOCSO_ADMIN_PASSWORD)'}`,
      )
    else {
      const weak = await weakness(password!, [values.login, values.name])
      if (weak) problems.push(`--password: ${WEAK_MESSAGES[weak]}`)
    }
    if (problems.length) {
      process.stderr.write(`${problems.join('\n')}\n`)
      return 64
    }
    const ctx = await openContext()
    try {
      // A hub's people and roles come from the province (decision 0110, docs/hubs.md): a
      // province administrator made on a village laptop would reach the province without its
      // role, and anyone holding the laptop could make one.
      const up = await upstreamNode(ctx)
      if (up) {
        process.stderr.write(
          `create-admin: this node is a hub (scope ${up.scope_code ?? 'not set yet'}) of the province node ${up.node_id}; ` +
            'administrators are made on the province. Run create-admin there, or have a province ' +
            `officer grant a role at ${up.scope_code ?? "the hub's commune"} to an account on /admin/people: ` +
            'it reaches this hub at its next sync or bundle. Nothing was created.\n',
        )
        return 69
      }
      await ensureUnits(ctx)
      const id = await createAdmin(ctx, {
        login: login.data!,
        displayName: name.data!,
        password: password!,
      })
      process.stdout.write(`province admin created: ${login.data} (${id})\n`)
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write a consistent copy of the SQLite database while hocso runs',
  usage: `hocso backup <file>

Copies the embedded SQLite database to <file> with SQLite's online backup, so the
copy is consistent even while the server is writing. <file> must not exist yet.
Restore by stopping hocso and putting the copy in place of
HOCSO_DATA_DIR/hocso.sqlite. On PostgreSQL use pg_dump instead.
With HOCSO_MEDIA_STORE=s3://bucket the copy holds the media's records, not the
objects: back the bucket up with the store's own tools (docs/scale.md).`,
  run: async (args) => {
    const [file, ...rest] = args
    if (!file || rest.length) {
      process.stderr.write('usage: hocso backup <file>\n')
      return 64
    }
    if (existsSync(file)) {
      process.stderr.write(`hocso backup: ${file} already exists; choose a new file name\n`)
      return 73
    }
    const ctx = await openContext()
    try {
      if (!ctx.handle.sqlite || !ctx.handle.file) {
        process.stderr.write(
          `hocso backup: this database is PostgreSQL; use pg_dump\n${mediaBackupNote(ctx.config)}`,
        )
        return 1
      }
      if (resolve(file) === resolve(ctx.handle.file)) {
        process.stderr.write('hocso backup: the copy cannot replace the database itself\n')
        return 64
      }
      const bytes = await backupSqlite(ctx.handle.sqlite, file, true)
      process.stdout.write(`backup written to ${file} (${bytes} bytes)\n${mediaBackupNote(ctx.config)}`)
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}
