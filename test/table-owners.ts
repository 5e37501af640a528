import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

/**
 * Which domain owns which table, and which tables each file queries: read with the TypeScript
 * compiler from the source (no regular expressions over code). A domain's tables are the keys of
 * the `<Name>Tables` type in its `<domain>.tables.ts`; a query is a Kysely call naming a table in
 * a string literal (`selectFrom`, `insertInto`, `updateTable`, `deleteFrom`, `replaceInto`,
 * `mergeInto` and the joins), with `as alias` removed, or a raw `sql` template naming it after
 * `from`, `join`, `into`, `update` or `table` (only the template's SQL text is read).
 */
const ROOT = new URL('..', import.meta.url).pathname
const DOMAINS = join(ROOT, 'src/domains')
const QUERY_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'crossJoin',
  'innerJoinLateral',
  'leftJoinLateral',
])

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node)
  node.forEachChild((c) => walk(c, visit))
}

/** The tables of every domain, by domain folder name. */
export function tablesByDomain(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const d of readdirSync(DOMAINS, { withFileTypes: true })) {
    if (!d.isDirectory()) continue
    const file = join(DOMAINS, d.name, `${d.name}.tables.ts`)
    let sf: ts.SourceFile
    try {
      sf = parse(file)
    } catch {
      continue
    }
    const names = new Set<string>()
    walk(sf, (n) => {
      if (ts.isTypeAliasDeclaration(n) && /Tables$/.test(n.name.text) && ts.isTypeLiteralNode(n.type))
        for (const m of n.type.members)
          if (ts.isPropertySignature(m) && m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)))
            names.add(m.name.text)
    })
    out.set(d.name, names)
  }
  return out
}

/** Every application file of the domains (tests and their fixtures excluded), by domain. */
export function domainFiles(): { domain: string; file: string }[] {
  const out: { domain: string; file: string }[] = []
  const visit = (dir: string, domain: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) {
        if (e.name !== 'fixtures') visit(p, domain)
      } else if (
        /\.tsx?$/.test(e.name) &&
        !/\.(test|fixtures)\.tsx?$/.test(e.name) &&
        !e.name.endsWith('.d.ts')
      )
        out.push({ domain, file: p })
    }
  }
  for (const d of readdirSync(DOMAINS, { withFileTypes: true }))
    if (d.isDirectory()) visit(join(DOMAINS, d.name), d.name)
  return out
}

const SQL_TABLE = /\b(?:from|join|into|update|table)\s+"?([a-z_][a-z0-9_]*)"?/gi

/** The SQL text of a `sql` tagged template, its substitutions replaced by `?`. */
function sqlText(n: ts.TaggedTemplateExpression): string | null {
  if (!ts.isIdentifier(n.tag) || n.tag.text !== 'sql') return null
  const t = n.template
  if (ts.isNoSubstitutionTemplateLiteral(t)) return t.text
  return t.head.text + t.templateSpans.map((s) => ` ? ${s.literal.text}`).join('')
}

/** The tables a file names in Kysely query calls and raw SQL, with how often. */
export function tablesQueried(file: string, known?: Set<string>): Map<string, number> {
  const out = new Map<string, number>()
  walk(parse(file), (n) => {
    if (ts.isTaggedTemplateExpression(n)) {
      const text = sqlText(n)
      if (text)
        for (const m of text.matchAll(SQL_TABLE)) {
          const table = m[1]!.toLowerCase()
          if (!known || known.has(table)) out.set(table, (out.get(table) ?? 0) + 1)
        }
      return
    }
    if (!ts.isCallExpression(n) || !ts.isPropertyAccessExpression(n.expression)) return
    if (!QUERY_METHODS.has(n.expression.name.text)) return
    const arg = n.arguments[0]
    const literals: string[] = []
    if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) literals.push(arg.text)
    else if (arg && ts.isArrayLiteralExpression(arg))
      for (const el of arg.elements) if (ts.isStringLiteral(el)) literals.push(el.text)
    for (const l of literals) {
      const table = l.split(/\s+as\s+/)[0]!.trim()
      out.set(table, (out.get(table) ?? 0) + 1)
    }
  })
  return out
}

export type ForeignQuery = { file: string; domain: string; table: string; owner: string; count: number }

/** Every query of a domain's file on a table another domain owns. */
export function foreignQueries(): ForeignQuery[] {
  const tables = tablesByDomain()
  const owner = new Map<string, string>()
  for (const [d, names] of tables) for (const t of names) owner.set(t, d)
  const known = new Set(owner.keys())
  const out: ForeignQuery[] = []
  for (const { domain, file } of domainFiles())
    for (const [table, count] of tablesQueried(file, known)) {
      const o = owner.get(table)
      if (o && o !== domain) out.push({ file: relative(ROOT, file), domain, table, owner: o, count })
    }
  return out
}

// `node bin/run-ts.js test/table-owners.ts` prints the count and where the queries are.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/test\//, '/test/'))) {
  const f = foreignQueries()
  const byFile = new Map<string, ForeignQuery[]>()
  for (const q of f) byFile.set(q.file, [...(byFile.get(q.file) ?? []), q])
  const total = f.reduce((a, q) => a + q.count, 0)
  process.stdout.write(`${total} queries on another domain's tables, in ${byFile.size} files\n`)
  for (const [file, qs] of byFile)
    process.stdout.write(`  ${file}: ${qs.map((q) => `${q.table} (${q.owner}) ×${q.count}`).join(', ')}\n`)
}
