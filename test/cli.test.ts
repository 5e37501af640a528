import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/core/db.ts'
import { uuidv7 } from '../src/core/ids.ts'
import { ensureUnits, seedDemoVillages } from '../src/domains/places/places.service.ts'
import { main } from '../src/main.ts'
import { type CliEnv, cliEnv, runCli, startServer } from './cli.ts'
import { fact, person, villages } from './factories.ts'
import { Client, TEST_PG_URL } from './harness.ts'

// Each test starts real processes (node bin/hocso.js …); give them time on a busy machine.
const LONG = 240_000

/** Runs main() in this process and captures what it prints (for the many --help texts). */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  const write = process.stdout.write.bind(process.stdout)
  let stdout = ''
  process.stdout.write = ((chunk: string) => {
    stdout += chunk
    return true
  }) as typeof process.stdout.write
  try {
    return { code: await main(args), stdout }
  } finally {
    process.stdout.write = write
  }
}

const envs: CliEnv[] = []
function fresh(opts: { sqliteOnly?: boolean } = {}): CliEnv {
  const e = cliEnv(opts)
  envs.push(e)
  return e
}
afterAll(async () => {
  for (const e of envs) await e.close()
}, LONG)

describe('hocso --help', () => {
  it('lists every command, and each command explains itself with --help', { timeout: LONG }, async () => {
    const e = fresh()
    const top = await runCli(['--help'], e.env)
    expect(top.code).toBe(0)
    const names = [...top.stdout.matchAll(/^ {2}([a-z-]+) {2,}\S/gm)].map((m) => m[1]!)
    expect(names).toEqual(
      expect.arrayContaining(['start', 'serve', 'migrate', 'seed', 'import', 'create-admin', 'backup']),
    )
    // One real process above; each command's help in-process, through the same main().
    for (const n of names) {
      const h = await inProcess([n, '--help'])
      expect(h.code, `${n} --help`).toBe(0)
      expect(h.stdout, `${n} --help`).toMatch(new RegExp(`^hocso ${n}\\b`))
      expect(h.stdout.split('\n').length, `${n} --help`).toBeGreaterThan(2)
    }
    const viaBin = await runCli(['import', '--help'], e.env)
    expect(viaBin.stdout).toContain('code,name,commune_code,has_4g,has_telecom,on_grid,population,households')
    // --help must not touch the database.
    expect(existsSync(join(e.dataDir, 'hocso.sqlite'))).toBe(false)
    const unknown = await runCli(['frobnicate'], e.env)
    expect(unknown.code).toBe(64)
    expect(unknown.stderr).toContain('unknown command "frobnicate"')
  })
})

describe('hocso migrate', () => {
  it('applies the migrations once and then says the schema is up to date', { timeout: LONG }, async () => {
    const e = fresh()
    const first = await runCli(['migrate'], e.env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^applied: 0001-system, 0002-places, 0003-people, 0004-facts/)
    const again = await runCli(['migrate'], e.env)
    expect(again.stdout).toBe('the schema is up to date\n')
  })
})

describe('configuration errors', () => {
  it('names the variable and the problem, and exits 78 before touching anything', {
    timeout: LONG,
  }, async () => {
    const e = fresh()
    const port = await runCli(['migrate'], { ...e.env, PORT: 'eighty' })
    expect(port.code).toBe(78)
    expect(port.stderr).toContain('PORT: must be a whole number (got "eighty")')
    const url = await runCli(['migrate'], { ...e.env, HOCSO_DATABASE_URL: 'mysql://root@localhost/hocso' })
    expect(url.code).toBe(78)
    expect(url.stderr).toContain('HOCSO_DATABASE_URL: must start with postgres://')
    const down = await runCli(['migrate'], {
      ...e.env,
      HOCSO_DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/x',
    })
    expect(down.code).toBe(78)
    expect(down.stderr).toContain('HOCSO_DATABASE_URL: cannot connect to PostgreSQL at 127.0.0.1:1/x')
    expect(down.stderr).not.toContain('secret')
    expect(existsSync(join(e.dataDir, 'hocso.sqlite'))).toBe(false)
  })
})

describe('hocso serve', () => {
  it('without --demo starts empty: the 45 units, no villages, no accounts; /healthz answers', {
    timeout: LONG,
  }, async () => {
    const e = fresh()
    const server = await startServer(['serve'], e.env)
    try {
      expect(server.output()).not.toContain('Demo accounts')
      const health = await fetch(`${server.url}/healthz`)
      expect(health.status).toBe(200)
      expect(await health.json()).toEqual({ status: 'ok' })
      const login = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'demo1234' }),
      })
      expect(login.status).toBe(401)
    } finally {
      expect(await server.stop()).toBe(0)
    }
    const db = await e.open()
    try {
      const kinds = await db.ctx.db
        .selectFrom('places')
        .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
        .groupBy('kind')
        .execute()
      expect(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)]))).toEqual({
        province: 1,
        commune: 42,
        ward: 3,
      })
      const accounts = await db.ctx.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(accounts.n)).toBe(0)
    } finally {
      await db.close()
    }
  })
})

describe('hocso start', () => {
  it('on an empty database makes the demo data, then begins again in place and serves it', {
    timeout: LONG,
  }, async () => {
    const e = fresh()
    // The course files of the repository, as `npm start` has them.
    const { HOCSO_CONTENT_DIR: _own, ...env } = e.env
    const server = await startServer(['start'], env)
    try {
      const out = server.output()
      expect(out.match(/creating the demo data/g)).toHaveLength(1)
      expect(out.match(/hocso is running at/g)).toHaveLength(1)
      // The process that serves is the one started, begun again once the data was made, so that
      // nothing the making held stays in it.
      expect(readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0')).toContain(
        'HOCSO_STARTED_AFRESH=1',
      )
      const login = await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'admin', password: 'demo1234' }),
      })
      expect(login.status).toBe(200)
      const courses = await (await fetch(`${server.url}/courses`)).text()
      expect(courses).toContain('href="/courses/')
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })
})

describe('the memory settings of a server (decision 0201)', () => {
  /** What the system says a process runs with: its environment and its command line. */
  const seen = (pid: number) => ({
    env: readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'),
    args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'),
  })
  const HUB = ['serve', '--hub', '--upstream', 'http://127.0.0.1:9', '--sync-every', '3600']

  // /proc and process.execve are Linux's; elsewhere the server runs with Node's defaults.
  it.runIf(process.platform === 'linux')(
    'a hub runs with one malloc arena and 2 MiB semi-spaces, another server with two arenas and V8 defaults; a value given is kept',
    { timeout: LONG },
    async () => {
      const e = fresh({ sqliteOnly: true })
      const hub = await startServer(HUB, e.env)
      try {
        const p = seen(hub.pid)
        expect(p.env).toContain('MALLOC_ARENA_MAX=1')
        expect(p.env).toContain('MALLOC_MMAP_THRESHOLD_=1048576')
        expect(p.env).toContain('MALLOC_TRIM_THRESHOLD_=1048576')
        expect(p.args).toEqual(
          expect.arrayContaining(['--max-semi-space-size=2', '--heap-growing-percent=30']),
        )
      } finally {
        expect(await hub.stop()).toBe(0)
      }
      const server = await startServer(['serve'], e.env)
      try {
        const p = seen(server.pid)
        expect(p.env).toContain('MALLOC_ARENA_MAX=2')
        expect(p.args.filter((a) => a.startsWith('--max-semi-space-size'))).toEqual([])
      } finally {
        expect(await server.stop()).toBe(0)
      }
      const given = await startServer(HUB, {
        ...e.env,
        MALLOC_ARENA_MAX: '4',
        NODE_OPTIONS: '--max-semi-space-size=8',
      })
      try {
        const p = seen(given.pid)
        expect(p.env).toContain('MALLOC_ARENA_MAX=4')
        expect(p.args.filter((a) => a.startsWith('--max-semi-space-size'))).toEqual([])
      } finally {
        expect(await given.stop()).toBe(0)
      }
    },
  )
})

describe('the password hashing of a hub (decision 0209, amended)', () => {
  const HUB = ['serve', '--hub', '--upstream', 'http://127.0.0.1:9', '--sync-every', '3600']
  /** Signs someone up on the server and gives the hash it stored: `scrypt$N$r$p$…`. */
  async function signUpOn(url: string, e: CliEnv, phone: string): Promise<string> {
    const res = await fetch(`${url}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        display_name: 'Lò Thị Hoa',
        phone,
        password: 'ruong-bac-thang-2026',
        place_code: '3166',
        consent: true,
      }),
    })
    expect(res.status).toBe(201)
    const db = new SQLite(join(e.dataDir, 'hocso.sqlite'), { readonly: true })
    try {
      return (
        db.prepare('select password_hash from accounts where phone = ?').get(phone) as {
          password_hash: string
        }
      ).password_hash
    } finally {
      db.close()
    }
  }

  it('hashes at 2^13 with p=10 (8 MiB) on a hub and at 2^14 with p=5 (16 MiB) elsewhere, unless a cost is set', {
    timeout: LONG,
  }, async () => {
    const e = fresh({ sqliteOnly: true })
    const { HOCSO_SCRYPT_LOG2_N: _set, ...unset } = e.env
    const hub = await startServer(HUB, unset)
    try {
      expect(await signUpOn(hub.url, e, '0912000201')).toMatch(/^scrypt\$8192\$8\$10\$/)
    } finally {
      expect(await hub.stop()).toBe(0)
    }
    const server = await startServer(['serve'], unset)
    try {
      expect(await signUpOn(server.url, e, '0912000202')).toMatch(/^scrypt\$16384\$8\$5\$/)
    } finally {
      expect(await server.stop()).toBe(0)
    }
    const given = await startServer(HUB, { ...unset, HOCSO_SCRYPT_LOG2_N: '15' })
    try {
      expect(await signUpOn(given.url, e, '0912000203')).toMatch(/^scrypt\$32768\$8\$3\$/)
    } finally {
      expect(await given.stop()).toBe(0)
    }
  })
})

describe('hocso create-admin', () => {
  it('creates a province admin who can sign in and open the whole province', { timeout: LONG }, async () => {
    const e = fresh()
    const r = await runCli(['create-admin', '--login', 'tinh.admin', '--name', 'Lò Thị Hoa'], {
      ...e.env,
      HOCSO_ADMIN_PASSWORD: 'mat-khau-tinh-2026',
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^province admin created: tinh\.admin \([0-9a-f-]{36}\)/)
    const db = await e.open()
    try {
      const c = new Client(db.app)
      await c.login('tinh.admin', 'mat-khau-tinh-2026')
      const places = await c.request('/api/places/communes')
      expect(places.status).toBe(200)
      expect(await places.json()).toHaveLength(45)
      const roles = await db.ctx.db
        .selectFrom('role_assignments')
        .innerJoin('accounts', 'accounts.id', 'role_assignments.account_id')
        .select(['role', 'scope_code', 'accounts.display_name', 'accounts.password_hash'])
        .execute()
      expect(roles).toHaveLength(1)
      expect(roles[0]).toMatchObject({ role: 'province_admin', scope_code: '11', display_name: 'Lò Thị Hoa' })
      expect(roles[0]!.password_hash).toMatch(/^scrypt\$/)
      const audit = await db.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'account.create')
        .execute()
      expect(audit).toHaveLength(1)
    } finally {
      await db.close()
    }
    const again = await runCli(['create-admin', '--login', 'tinh.admin', '--name', 'Người Khác'], {
      ...e.env,
      HOCSO_ADMIN_PASSWORD: 'mat-khau-khac-2026',
    })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('username: tinh.admin is taken')
  })

  it('reports every bad flag at once and writes nothing', { timeout: LONG }, async () => {
    const e = fresh()
    const r = await runCli(
      ['create-admin', '--login', "x'; DROP TABLE accounts; --", '--name', '\u200b\u200b'],
      {
        ...e.env,
        HOCSO_ADMIN_PASSWORD: 'short',
      },
    )
    expect(r.code).toBe(64)
    expect(r.stderr).toContain('--login: must be 3 to 32 letters a-z')
    expect(r.stderr).toContain('--name: must contain visible characters, not only invisible ones')
    expect(r.stderr).toContain('--password: must be at least 8 characters')
    const none = await runCli(['create-admin'], e.env)
    expect(none.code).toBe(64)
    expect(none.stderr).toContain('--login: required')
    expect(none.stderr).toContain('--name: required')
    expect(none.stderr).toContain('--password: required (or set HOCSO_ADMIN_PASSWORD)')
    const phone = await runCli(['create-admin', '--login', '0912 345', '--name', 'Lò Văn Páo'], {
      ...e.env,
      HOCSO_ADMIN_PASSWORD: 'mat-khau-tinh-2026',
    })
    expect(phone.code).toBe(64)
    expect(phone.stderr).toContain('--login: must be 10 digits starting with 0')
    expect(existsSync(join(e.dataDir, 'hocso.sqlite'))).toBe(false)
  })
})

describe('hocso rollups rebuild', () => {
  it('recomputes the dashboards from the facts: what was kept live, and a rollup changed by hand put back', {
    timeout: LONG,
  }, async () => {
    const e = fresh()
    const rollups = async (db: Awaited<ReturnType<CliEnv['open']>>) =>
      (
        await db.ctx.db
          .selectFrom('campaign_rollups')
          .select(['indicator', 'place_code', 'period', 'value'])
          .where('value', '!=', 0)
          .execute()
      )
        .map((r) => `${r.indicator} ${r.place_code} ${r.period} ${Number(r.value)}`)
        .sort()
    const db = await e.open()
    let live: string[]
    try {
      await ensureUnits(db.ctx)
      const [village] = await villages(db.ctx)
      const ambassador = await (await person(db.ctx, { role: 'ambassador', place: village! })).user()
      for (const [label, smartphone] of [
        ['H1', true],
        ['H2', false],
        ['H3', true],
      ] as const)
        await fact(db.ctx, ambassador, 'household_checked', {
          village,
          household: label,
          smartphone,
          internet: true,
          vneid_all_adults: false,
          payment_account: smartphone,
          online_public_services: false,
          course_completed: false,
        })
      live = await rollups(db)
      expect(live.length).toBeGreaterThan(0)
      // A count gone wrong (a bug, a hand edit): the rebuild computes it again from the facts.
      await db.ctx.db.updateTable('campaign_rollups').set({ value: 99 }).execute()
    } finally {
      await db.close()
    }
    const r = await runCli(['rollups', 'rebuild'], e.env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^rollups rebuilt from 3 facts: \d+ rollup rows, \d+ markers in \d+\.\d s\n$/)
    const after = await e.open()
    try {
      expect(await rollups(after)).toEqual(live)
    } finally {
      await after.close()
    }
    const usage = await runCli(['rollups'], e.env)
    expect(usage.code).toBe(64)
    expect(usage.stderr).toBe('usage: hocso rollups rebuild\n')
  })
})

describe('hocso backup', () => {
  it('writes a consistent copy of the SQLite database while another process keeps writing', {
    timeout: LONG,
  }, async () => {
    // Backup is a feature of the embedded SQLite database, so this test always uses SQLite.
    const e = fresh({ sqliteOnly: true })
    expect((await runCli(['migrate'], e.env)).code).toBe(0)
    const live = await openDatabase({ dataDir: e.dataDir })
    const { ctx, close } = await e.open()
    await seedDemoVillages(ctx)
    await close()
    // The writer adds audit records ten at a time, each ten in one transaction: a consistent copy
    // holds a multiple of ten, whatever moment it was taken at.
    let writing = true
    let written = 0
    const insert = live.sqlite!.prepare(
      "insert into audit_log (id, origin_node, at, action, target_type, target_id) values (?, 'n', ?, 'test.write', 't', ?)",
    )
    const batch = live.sqlite!.transaction(() => {
      for (let i = 0; i < 10; i++) insert.run(uuidv7(), new Date().toISOString(), String(written + i))
      written += 10
    })
    const writer = (async () => {
      while (writing) {
        batch()
        await new Promise((r) => setTimeout(r, 2))
      }
    })()
    const file = join(e.dataDir, 'copy.sqlite')
    const r = await runCli(['backup', file], e.env)
    writing = false
    await writer
    await live.close()
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/backup written to .*copy\.sqlite \(\d+ bytes\)/)
    expect(written).toBeGreaterThan(0)
    const copy = new SQLite(file, { readonly: true })
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      const n = (
        copy.prepare("select count(*) as n from audit_log where action = 'test.write'").get() as {
          n: number
        }
      ).n
      expect(n % 10).toBe(0)
      expect(n).toBeLessThanOrEqual(written)
      const villages = copy.prepare("select count(*) as n from places where kind = 'village'").get() as {
        n: number
      }
      expect(villages.n).toBe(1446)
    } finally {
      copy.close()
    }
    const twice = await runCli(['backup', file], e.env)
    expect(twice.code).toBe(73)
    expect(twice.stderr).toContain('already exists')
    const usage = await runCli(['backup'], e.env)
    expect(usage.code).toBe(64)
    expect(usage.stderr).toContain('usage: hocso backup <file>')
  })

  it('on PostgreSQL points to pg_dump (when the suite runs on PostgreSQL) and never writes a file', {
    timeout: LONG,
  }, async () => {
    const e = fresh()
    const file = join(e.dataDir, 'copy.sqlite')
    const r = await runCli(['backup', file], e.env)
    if (TEST_PG_URL) {
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('this database is PostgreSQL; use pg_dump')
      expect(existsSync(file)).toBe(false)
    } else {
      expect(r.code).toBe(0)
      expect(existsSync(file)).toBe(true)
    }
  })
})
