import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every file under src/domains, relative to the repository. */
function domainFiles(dir = 'src/domains'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? domainFiles(join(dir, e.name)) : [join(dir, e.name)],
  )
}

// One naming scheme for the files that serve or draw pages (README, "Architecture"): a Hono
// sub-app is `<topic>.routes.ts(x)`, JSX that only draws is `<topic>.views.tsx`.
describe('page files', () => {
  const files = domainFiles()

  it('draw JSX only in .routes.tsx or .views.tsx files', () => {
    const odd = files.filter((f) => f.endsWith('.tsx') && !/\.(routes|views|test)\.tsx$/.test(f))
    expect(odd).toEqual([])
  })

  it('create a Hono app only in .routes files', () => {
    const odd = files.filter(
      (f) =>
        /\.tsx?$/.test(f) && !/\.(routes|test)\.tsx?$/.test(f) && /new Hono\b/.test(readFileSync(f, 'utf8')),
    )
    expect(odd).toEqual([])
  })

  it('use none of the retired suffixes', () => {
    const odd = files.filter((f) => /\.(pages?|components|door|api)\.tsx?$/.test(f))
    expect(odd).toEqual([])
  })
})

// Hono's `c.var` copies every variable of the request into a new object at each read (`c.get`
// reads one); a signed-in lesson page read it a hundred times (decision 0207).
describe('request variables', () => {
  it('are read with c.get, never c.var', () => {
    const all = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? all(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
      )
    const odd = all('src').filter((f) => /\bc\.var\b/.test(readFileSync(f, 'utf8')))
    expect(odd).toEqual([])
  })
})
