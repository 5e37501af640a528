/**
 * What marking the Vietnamese texts of a Tai Dam or Hmong page costs (decision 0194): a page-like
 * tree (rows of a table, each cell a catalogue text) made and rendered to HTML with Hono's JSX
 * runtime, with hocso's (src/web/jsx/) on a Vietnamese request, and with hocso's on a Hmong request
 * where every text is still Vietnamese (each is noted by `t()` and wrapped in a span), and Hono's
 * on that Hmong request (the cost of noting alone). They run interleaved in one process, so the ratios hold on a loaded machine; prints medians and fastest runs, and their
 * ratios to Hono's runtime on a Vietnamese request.
 *
 *   node bin/run-ts.js bench/page-lang.bench.ts [rows=500] [rounds=40]
 */
import { loadavg } from 'node:os'
import { jsx as honoJsx } from 'hono/jsx/jsx-runtime'
import { installCatalogues, type MessageKey, noteFallbacks, sourceCatalogue, t } from '../src/core/i18n.ts'
import { catalogues } from '../src/i18n/catalogues.ts'
import { jsx as hocsoJsx } from '../src/web/jsx/jsx-runtime.ts'

const ROWS = Number(process.argv[2] ?? 500)
const ROUNDS = Number(process.argv[3] ?? 40)
installCatalogues(catalogues)
const keys = Object.keys(sourceCatalogue()).slice(0, 200) as MessageKey[]

type Jsx = (tag: string, props: Record<string, unknown>) => unknown
function page(jsx: Jsx, l: 'vi' | 'hnj'): string {
  const rows = []
  for (let i = 0; i < ROWS; i++) {
    const k = keys[i % keys.length]!
    rows.push(
      jsx('tr', {
        children: [
          jsx('th', { scope: 'row', children: t(l, k, { n: i, count: i }) }),
          jsx('td', {
            title: t(l, k),
            children: [t(l, k), ' ', jsx('a', { href: `/x/${i}`, children: t(l, k) })],
          }),
        ],
      }),
    )
  }
  return String(jsx('table', { children: jsx('tbody', { children: rows }) }))
}

const runs = {
  'hono runtime, vi': () => page(honoJsx as Jsx, 'vi'),
  'hocso runtime, vi': () => page(hocsoJsx as Jsx, 'vi'),
  'hono runtime, hnj (noted, unmarked)': () => noteFallbacks(() => page(honoJsx as Jsx, 'hnj')),
  'hocso runtime, hnj (all marked)': () => noteFallbacks(() => page(hocsoJsx as Jsx, 'hnj')),
}
const times: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]))
const sizes: Record<string, number> = {}
for (let r = 0; r < ROUNDS + 5; r++)
  for (const [name, run] of Object.entries(runs)) {
    const t0 = performance.now()
    sizes[name] = run().length
    if (r >= 5) times[name]!.push(performance.now() - t0) // the first rounds warm up
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const min = (xs: number[]) => Math.min(...xs)
const base = median(times['hono runtime, vi']!)
const baseMin = min(times['hono runtime, vi']!)
console.log(
  `${ROWS} rows (${ROWS * 4} elements, ${ROWS * 4} texts), ${ROUNDS} rounds; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
)
for (const [name, xs] of Object.entries(times))
  console.log(
    `${name.padEnd(37)} median ${median(xs).toFixed(2)} ms ×${(median(xs) / base).toFixed(2)}, fastest ${min(xs).toFixed(2)} ms ×${(min(xs) / baseMin).toFixed(2)}, ${sizes[name]} bytes`,
  )
