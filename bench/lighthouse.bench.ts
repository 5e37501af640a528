/**
 * Lighthouse 12 on the pages a learner opens first, as outside reviewers run it: the default mobile
 * settings (a Moto G Power, simulated slow 4G and 4× CPU throttling computed from a real load),
 * against the built server on its demo data (SQLite in a temporary folder, a free port):
 *
 *   - the first lesson of a course, signed out;
 *   - the same lesson signed in as a learner (the session cookie passed in `extraHeaders`);
 *   - the home page and the course catalogue.
 *
 *   node bin/run-ts.js bench/lighthouse.bench.ts [runs=3]        (npm run bench:lighthouse -- 3)
 *
 * Debian's Chromium (HOCSO_CHROMIUM, default /usr/bin/chromium) is started by chrome-launcher for
 * each run with a fresh profile, headless, with everything that talks to the outside world turned
 * off, so every run is a first visit. Runs are interleaved page by page. Prints, per page, the median of each figure (and the range of
 * the score and of the total blocking time), the opportunities and diagnostics of the median run,
 * the accessibility, best-practices and SEO scores with what they found, and the load average and
 * Lighthouse's own CPU benchmark index: simulated throttling scales from the CPU it observes, so a
 * machine busy with other work lowers the score. Writes bench/out/lighthouse.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Flags, type Result } from 'lighthouse'
import { CHROMIUM, CHROMIUM_FLAGS } from '../e2e/support/browser.ts'
import { lessonsOf } from '../e2e/support/outbox.ts'
import { startServer } from '../e2e/support/server.ts'

const COURSE = process.env.HOCSO_E2E_COURSE ?? 'paying-without-cash'
const runs = Number(process.argv[2] ?? 3)
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`runs: expected a whole number of runs (1 or more), got ${process.argv[2]}\n`)
  process.exit(64)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')

/** The session cookie of `who`, signed in through the login API. */
async function sessionCookie(base: string, who: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ login: who, password: 'demo1234' }),
    redirect: 'manual',
  })
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!)
  if (!res.ok || cookies.length === 0) throw new Error(`login as ${who}: ${res.status} ${await res.text()}`)
  return cookies.join('; ')
}

type Page = { name: string; path: string; headers?: Record<string, string> }
type Run = {
  scores: Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number>
  metrics: Record<'fcp' | 'lcp' | 'tbt' | 'cls' | 'si', number>
  benchmarkIndex: number
  /** Performance audits that lost points: opportunities (savings) and diagnostics. */
  performance: { id: string; title: string; score: number | null; display: string }[]
  /** Accessibility, best-practices and SEO audits that failed. */
  failed: { category: string; id: string; title: string; display: string }[]
  /** Main-thread time by kind of work, and the long tasks (> 50 ms) with their script, as observed (not × 4). */
  mainThread: { work: string; ms: number }[]
  longTasks: { url: string; startMs: number; ms: number }[]
  load: string
  warnings: string[]
}

const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
} as const

/** The rows of an audit's table (empty when the audit has none). */
function items(lhr: Result, id: string): Record<string, unknown>[] {
  const d = lhr.audits[id]?.details as { items?: Record<string, unknown>[] } | undefined
  return d?.items ?? []
}

function summarize(lhr: Result): Run {
  const score = (id: string) => lhr.categories[id]?.score ?? Number.NaN
  const audit = (id: string) => lhr.audits[id]!
  const perfIds = new Set(lhr.categories.performance!.auditRefs.map((r) => r.id))
  const performance = Object.values(lhr.audits)
    .filter((a) => perfIds.has(a.id) || a.details?.type === 'opportunity')
    .filter((a) => !Object.values(METRICS).includes(a.id as never))
    .filter(
      (a) =>
        (a.scoreDisplayMode === 'numeric' ||
          a.scoreDisplayMode === 'binary' ||
          a.scoreDisplayMode === 'metricSavings') &&
        a.score !== null &&
        a.score < 0.9,
    )
    .sort((a, b) => (a.score ?? 1) - (b.score ?? 1))
    .map((a) => ({ id: a.id, title: a.title, score: a.score, display: a.displayValue ?? '' }))
  const failed = (['accessibility', 'best-practices', 'seo'] as const).flatMap((cat) =>
    lhr.categories[cat]!.auditRefs.filter((r) => r.weight > 0)
      .map((r) => audit(r.id))
      .filter((a) => a.score !== null && a.score < 1)
      .map((a) => ({ category: cat, id: a.id, title: a.title, display: a.displayValue ?? '' })),
  )
  return {
    scores: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    },
    metrics: Object.fromEntries(
      Object.entries(METRICS).map(([k, id]) => [k, audit(id).numericValue ?? Number.NaN]),
    ) as Run['metrics'],
    benchmarkIndex: lhr.environment.benchmarkIndex,
    mainThread: items(lhr, 'mainthread-work-breakdown').map((i) => ({
      work: String(i.groupLabel ?? i.group),
      ms: Math.round(Number(i.duration)),
    })),
    longTasks: items(lhr, 'long-tasks').map((i) => ({
      url: String(i.url)
        .replace(/^https?:\/\/[^/]+/, '')
        .replace(/\.[0-9a-f]{10}\.js$/, '.js'),
      startMs: Math.round(Number(i.startTime)),
      ms: Math.round(Number(i.duration)),
    })),
    performance,
    failed,
    load: load(),
    warnings: lhr.runWarnings,
  }
}

/**
 * One Lighthouse run in a fresh Chromium (a new temporary profile, as the Lighthouse command line
 * does: Lighthouse itself clears the cache and the service worker but keeps IndexedDB and
 * localStorage, which the outbox fills).
 */
async function audit(url: string, headers?: Record<string, string>): Promise<Result> {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROMIUM_FLAGS,
    logLevel: 'silent',
  })
  try {
    const flags: Flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      ...(headers ? { extraHeaders: headers } : {}),
    }
    const result = await lighthouse(url, flags)
    if (!result) throw new Error(`lighthouse returned nothing for ${url}`)
    const lhr = result.lhr
    if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    if (lhr.categories.performance?.score == null)
      throw new Error(`no performance score (${lhr.runWarnings.join('; ') || 'no warning given'})`)
    return lhr
  } finally {
    chrome.kill()
  }
}

const server = await startServer()
const startLoad = load()
const byPage = new Map<string, Run[]>()
let pages: Page[] = []
let version = ''
const lhrs = new Map<Run, Result>()
/** Runs Lighthouse could not finish (a metric it could not compute on a starved CPU, say): reported, left out of the medians. */
const failures: { page: string; run: number; error: string }[] = []
try {
  const lesson = `/courses/${COURSE}/${lessonsOf(server, COURSE)[0]!.key}`
  const cookie = await sessionCookie(server.url, 'learner')
  pages = [
    { name: 'lesson, signed out', path: lesson },
    { name: 'lesson, learner', path: lesson, headers: { Cookie: cookie } },
    { name: 'home', path: '/' },
    { name: 'catalogue', path: '/courses' },
  ]
  for (let i = 0; i < runs; i++) {
    for (const page of pages) {
      let lhr: Result
      try {
        lhr = await audit(`${server.url}${page.path}`, page.headers)
      } catch (err) {
        failures.push({
          page: page.name,
          run: i + 1,
          error: err instanceof Error ? err.message : String(err),
        })
        process.stderr.write(`  run ${i + 1}/${runs} ${page.name}: failed: ${failures.at(-1)!.error}\n`)
        continue
      }
      version = lhr.lighthouseVersion
      const run = summarize(lhr)
      lhrs.set(run, lhr)
      byPage.set(page.name, [...(byPage.get(page.name) ?? []), run])
      process.stderr.write(
        `  run ${i + 1}/${runs} ${page.name}: performance ${run.scores.performance}, TBT ${Math.round(run.metrics.tbt)} ms (load ${run.load})\n`,
      )
    }
  }
} finally {
  await server.stop()
}

const endLoad = load()
const missing = pages.filter((p) => !byPage.get(p.name)?.length)
if (missing.length) {
  process.stderr.write(`no run finished for ${missing.map((p) => p.name).join(', ')}\n`)
  process.exit(1)
}
const rows = pages.map((p) => {
  const rs = byPage.get(p.name)!
  const m = (f: (r: Run) => number) => median(rs.map(f))
  // The run whose performance score is the median: its opportunities and diagnostics are shown.
  const mid = [...rs].sort((a, b) => a.scores.performance - b.scores.performance)[Math.floor(rs.length / 2)]!
  return {
    page: p.name,
    path: p.path,
    signedIn: !!p.headers,
    performance: m((r) => r.scores.performance),
    performanceRange: [
      Math.min(...rs.map((r) => r.scores.performance)),
      Math.max(...rs.map((r) => r.scores.performance)),
    ],
    fcpMs: Math.round(m((r) => r.metrics.fcp)),
    lcpMs: Math.round(m((r) => r.metrics.lcp)),
    tbtMs: Math.round(m((r) => r.metrics.tbt)),
    tbtRange: [
      Math.round(Math.min(...rs.map((r) => r.metrics.tbt))),
      Math.round(Math.max(...rs.map((r) => r.metrics.tbt))),
    ],
    cls: Number(m((r) => r.metrics.cls).toFixed(3)),
    speedIndexMs: Math.round(m((r) => r.metrics.si)),
    accessibility: m((r) => r.scores.accessibility),
    bestPractices: m((r) => r.scores['best-practices']),
    seo: m((r) => r.scores.seo),
    benchmarkIndex: Math.round(m((r) => r.benchmarkIndex)),
    performanceAudits: mid.performance,
    failed: mid.failed,
    warnings: [...new Set(rs.flatMap((r) => r.warnings))],
    mainThread: mid.mainThread,
    longTasks: mid.longTasks,
    runs: rs,
    lhr: lhrs.get(mid)!,
  }
})
mkdirSync('bench/out', { recursive: true })
// The full report of each page's median run, to open in the Lighthouse viewer or read.
for (const r of rows)
  writeFileSync(`bench/out/lighthouse-${r.page.replace(/\W+/g, '-')}.json`, JSON.stringify(r.lhr))
writeFileSync(
  'bench/out/lighthouse.json',
  `${JSON.stringify(
    {
      lighthouse: version,
      runs,
      course: COURSE,
      load: { start: startLoad, end: endLoad },
      failures,
      pages: rows.map(({ lhr: _, ...r }) => r),
    },
    null,
    2,
  )}\n`,
)

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const head = [
  'page',
  'perf',
  '(range)',
  'FCP',
  'LCP',
  'TBT',
  '(range)',
  'CLS',
  'SI',
  'a11y',
  'b-p',
  'SEO',
  'CPU idx',
]
const table = rows.map((r) => [
  r.page,
  r.performance.toFixed(2),
  `${r.performanceRange[0]!.toFixed(2)}–${r.performanceRange[1]!.toFixed(2)}`,
  s(r.fcpMs),
  s(r.lcpMs),
  `${r.tbtMs} ms`,
  `${r.tbtRange[0]}–${r.tbtRange[1]}`,
  r.cls.toFixed(3),
  s(r.speedIndexMs),
  r.accessibility.toFixed(2),
  r.bestPractices.toFixed(2),
  r.seo.toFixed(2),
  String(r.benchmarkIndex),
])
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)))
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
let out = `Lighthouse ${version} mobile (simulated throttling, Moto G Power), median of ${runs} runs per page${failures.length ? ` (${failures.length} failed, left out)` : ''}, ${server.url.replace(/:\d+$/, '')}
load average ${startLoad} at start, ${endLoad} at end (2 CPUs shared; simulated throttling scales from the CPU observed,
so a busy machine lowers the score; "CPU idx" is Lighthouse's own CPU benchmark, higher is faster)

${line(head)}
${table.map(line).join('\n')}
`
for (const r of rows) {
  out += `\n${r.page} (${r.path}), median run:\n`
  out += r.performanceAudits.length
    ? r.performanceAudits.map((a) => `  perf  ${a.title}${a.display ? `: ${a.display}` : ''}`).join('\n')
    : '  perf  no opportunity or diagnostic below 0.9'
  out += `\n  main thread (observed, before the 4× slowdown): ${r.mainThread.map((w) => `${w.work} ${w.ms} ms`).join(', ')}\n`
  out += `  long tasks (simulated): ${r.longTasks.map((t) => `${t.url || 'browser'} ${t.ms} ms at ${t.startMs}`).join(', ') || 'none'}\n`
  if (r.failed.length)
    out += `${r.failed.map((a) => `  ${a.category.padEnd(14)} ${a.title}${a.display ? `: ${a.display}` : ''}`).join('\n')}\n`
  if (r.warnings.length) out += `${r.warnings.map((w) => `  warning: ${w}`).join('\n')}\n`
}
if (failures.length)
  out += `\nfailed runs (left out of the medians):\n${failures.map((f) => `  ${f.page}, run ${f.run}: ${f.error}`).join('\n')}\n`
process.stdout.write(out)
