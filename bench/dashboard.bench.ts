/**
 * How fast the campaign dashboards answer on a province-sized database (made by
 * bench/generate-province.ts): the overview, the commune table and a commune page, each requested
 * in-process (app.request, signed in as the province admin) after a warm-up; median and p95, and
 * the ratio against a plain SELECT of one rollup row measured in the same run.
 *
 *   HOCSO_DATA_DIR=/tmp/hocso-bench npm run bench:dashboard -- [--runs 50]
 *   HOCSO_DATABASE_URL=postgres://… HOCSO_DATABASE_SCHEMA=bench npm run bench:dashboard
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createApp } from '../src/app.tsx'
import { openContext } from '../src/cli/runtime.ts'
import { registerDomains } from '../src/domains/index.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' } } })
const RUNS = Number(values.runs)
const WARM_UP = 5

registerDomains()
const ctx = await openContext({ logLevel: 'warn' })
const app = createApp(ctx)
const facts = Number(
  (
    await ctx.db
      .selectFrom('facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)
const people = Number(
  (
    await ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)
const rollupRows = Number(
  (
    await ctx.db
      .selectFrom('campaign_rollups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
)
if (!facts) {
  process.stderr.write('no facts here: run bench/generate-province.ts first\n')
  process.exit(1)
}

// Sign in through the real form, as a browser would.
const cookies = new Map<string, string>()
const keep = (res: Response) => {
  for (const sc of res.headers.getSetCookie()) {
    const [pair] = sc.split(';')
    const [k, v] = pair!.split('=')
    cookies.set(k!, v!)
  }
}
const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
const loginPage = await app.request('/login')
keep(loginPage)
// The form token is the page's hidden field (bound to the visitor's session, decision 0175).
const csrf = /name="_csrf" value="([^"]*)"/.exec(await loginPage.text())?.[1] ?? ''
const login = await app.request('/login', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
  body: new URLSearchParams({
    _csrf: csrf,
    login: 'admin',
    password: 'bench-Điện-Biên-tỉnh-2026',
  }).toString(),
})
if (login.status !== 303) throw new Error(`sign-in failed: ${login.status}`)
keep(login)

// The commune with the most villages: the heaviest commune page.
const biggest = await ctx.db
  .selectFrom('places')
  .select(['commune_code', (eb) => eb.fn.countAll<number>().as('n')])
  .where('kind', '=', 'village')
  .groupBy('commune_code')
  .orderBy('n', 'desc')
  .executeTakeFirstOrThrow()

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!
}

async function measure(fn: () => Promise<unknown>) {
  for (let i = 0; i < WARM_UP; i++) await fn()
  const ms: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    await fn()
    ms.push(performance.now() - t0)
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) }
}

async function page(path: string) {
  const res = await app.request(path, { headers: { cookie: cookieHeader() } })
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
  return res.text()
}

const baseline = await measure(() =>
  ctx.db
    .selectFrom('campaign_rollups')
    .select('value')
    .where('indicator', '=', 'learners')
    .where('place_code', '=', '11')
    .where('period', '=', 'all')
    .executeTakeFirst(),
)
const views: [string, string][] = [
  ['overview', '/dashboard'],
  ['commune table', '/dashboard/communes'],
  [`commune page (${biggest.n} villages)`, `/dashboard/communes/${biggest.commune_code}`],
  ['village page', `/dashboard/villages/${biggest.commune_code}-001`],
  ['reach planner', '/dashboard/reach?scope=11'],
]
const results: { view: string; path: string; p50: number; p95: number; bytes: number }[] = []
for (const [view, path] of views) {
  const bytes = (await page(path)).length
  results.push({ view, path, bytes, ...(await measure(() => page(path))) })
}

const f = (n: number) => n.toFixed(1).padStart(7)
const lines = [
  `dashboard benchmark: ${ctx.dialect}, ${people} people, ${facts} facts, ${rollupRows} rollup rows; ${RUNS} runs after ${WARM_UP} warm-up`,
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
  '',
  `${'view'.padEnd(32)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'× SELECT'.padStart(9)}`,
  `${'plain SELECT of one rollup row'.padEnd(32)} ${f(baseline.p50)} ${f(baseline.p95)} ${'1'.padStart(9)}`,
  ...results.map(
    (r) =>
      `${r.view.padEnd(32)} ${f(r.p50)} ${f(r.p95)} ${Math.round(r.p50 / baseline.p50)
        .toString()
        .padStart(9)}`,
  ),
]
process.stdout.write(`${lines.join('\n')}\n`)
mkdirSync('bench/out', { recursive: true })
writeFileSync(
  `bench/out/dashboard-${ctx.dialect}.json`,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      dialect: ctx.dialect,
      people,
      facts,
      rollupRows,
      runs: RUNS,
      baseline,
      results,
      loadavg: loadavg(),
    },
    null,
    2,
  ),
)
await ctx.handle.close()
