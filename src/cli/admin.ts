import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { migrateToLatest } from '../core/migrations.ts'
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from '../domains/demo/demo.seed.ts'
import { nameSchema, passwordSchema } from '../domains/people/people.schemas.ts'
import { createAdmin } from '../domains/people/people.service.ts'
import { ensureUnits, upsertVillages } from '../domains/places/places.service.ts'
import { parseVillageCsv } from '../domains/places/village-csv.ts'
import { backupSqlite } from './backup.ts'
import { type Command, openContext } from './runtime.ts'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database schema up to date',
  usage:
    'hocso migrate\n\nApplies every pending migration (SQLite, or PostgreSQL when HOCSO_DATABASE_URL is set).',
  run: async () => {
    const ctx = await openContext()
    try {
      const applied = await migrateToLatest(ctx.db)
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'the schema is up to date\n')
      return 0
    } finally {
      await ctx.handle.close()
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

export const importCommand: Command = {
  name: 'import',
  summary: 'import reference data: `hocso import villages <file.csv>`',
  usage: `hocso import villages <file.csv>

Adds or updates villages from a CSV file with the header
  code,name,commune_code,has_4g,has_telecom,on_grid,population,households
Villages are matched by code. Every bad row is reported by line and field, and
nothing is written when any row is bad.`,
  run: async (args) => {
    const [what, file] = args
    if (what !== 'villages' || !file) {
      process.stderr.write('usage: hocso import villages <file.csv>\n')
      return 64
    }
    const text = readFileSync(file, 'utf8')
    const ctx = await openContext()
    try {
      await ensureUnits(ctx)
      const communes = new Set(
        (
          await ctx.db.selectFrom('places').select('code').where('kind', 'in', ['commune', 'ward']).execute()
        ).map((r) => r.code),
      )
      const { villages, issues } = parseVillageCsv(text, communes)
      if (issues.length) {
        for (const i of issues) process.stderr.write(`${file}:${i.line}: ${i.field}: ${i.message}\n`)
        process.stderr.write(`${issues.length} problem(s); nothing was imported\n`)
        return 1
      }
      const bar = new cliProgress.SingleBar(
        { format: '  villages [{bar}] {value}/{total}' },
        cliProgress.Presets.shades_classic,
      )
      bar.start(villages.length, 0)
      const r = await upsertVillages(ctx, villages, (n) => bar.update(n))
      bar.update(villages.length)
      bar.stop()
      process.stdout.write(`${r.inserted} village(s) added, ${r.updated} updated\n`)
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}

export const createAdminCommand: Command = {
  name: 'create-admin',
  summary: 'create a province administrator',
  usage: `hocso create-admin --login <username-or-phone> --name <full name> [--password <password>]

Creates a province_admin account. Without --password, the password is read from
the HOCSO_ADMIN_PASSWORD environment variable (so it stays out of shell history).`,
  run: async (args) => {
    const { values } = parseArgs({
      args,
      options: { login: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
    })
    const password = values.password ?? process.env.HOCSO_ADMIN_PASSWORD
    const problems: string[] = []
    if (!values.login) problems.push('--login: required')
    const name = nameSchema.safeParse(values.name ?? '')
    if (!name.success) problems.push(`--name: ${name.error.issues[0]!.message}`)
    const pw = passwordSchema.safeParse(password ?? '')
    if (!pw.success)
      problems.push(
        `--password: ${password ? pw.error.issues[0]!.message : 'required (or set HOCSO_ADMIN_PASSWORD)'}`,
      )
    if (problems.length) {
      process.stderr.write(`${problems.join('\n')}\n`)
      return 64
    }
    const ctx = await openContext()
    try {
      await ensureUnits(ctx)
      const id = await createAdmin(ctx, {
        login: values.login!,
        displayName: name.data!,
        password: password!,
      })
      process.stdout.write(`province admin created: ${values.login} (${id})\n`)
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
copy is consistent even while the server is writing. On PostgreSQL use pg_dump.`,
  run: async (args) => {
    const file = args[0]
    if (!file) {
      process.stderr.write('usage: hocso backup <file>\n')
      return 64
    }
    const ctx = await openContext()
    try {
      if (!ctx.handle.sqlite) {
        process.stderr.write('hocso backup: this database is PostgreSQL; use pg_dump\n')
        return 1
      }
      const bytes = await backupSqlite(ctx.handle.sqlite, file, true)
      process.stdout.write(`backup written to ${file} (${bytes} bytes)\n`)
      return 0
    } finally {
      await ctx.handle.close()
    }
  },
}
